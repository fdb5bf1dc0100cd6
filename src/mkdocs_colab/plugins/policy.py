"""The ``colab/policy`` plugin: the Content-Security-Policy of ``mkdocs_colab.policy``."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page

from ..policy import with_policy


class PolicyConfig(base.Config):
    """Options of the ``colab/policy`` plugin. Each is documented in the plugin reference."""

    enabled = c.Type(bool, default=True)
    """Turn the policy off."""

    script_hosts = c.ListOfItems(
        c.Type(str), default=["https://unpkg.com", "https://cdnjs.cloudflare.com"]
    )
    """Hosts pages may load scripts from: Material loads Mermaid from unpkg, and
    mkdocs-jupyter loads it from cdnjs, only on pages that have a diagram."""


class PolicyPlugin(BasePlugin[PolicyConfig]):
    supports_multiple_instances = False

    # Last: the policy must hash the final HTML, after every other plugin has changed it.
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        return with_policy(output, self.config.script_hosts) if self.config.enabled else None
