"""The ``colab/policy`` plugin: nothing a page's content carries can run script.

Two layers. The allow-list of ``mkdocs_colab.safety`` is applied to every page's content as a
browser parses it, as the page's source made it: whatever it does not allow is refused (an
error naming the page and the cell) or, where the site says so, removed. Then every
page, the 404 page too, gets the Content-Security-Policy of ``mkdocs_colab.policy``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..active import untrusted_active_files
from ..policy import MERMAID, VIDEO_FRAMES, Sources, with_policy
from ..safety import Unsafe, sanitized, unsafe_markup
from .memo import Memo, content_key, digest

log = get_plugin_logger(__name__)

# Between the rebuilds of ``mkdocs serve``: the scripts and URLs of content the allow-list let
# through whole, and each final page with its policy, by a hash of what they were made from.
_ALLOWED: Memo[frozenset[str]] = Memo()
_WITH_POLICY: Memo[str] = Memo()

_ROOT = "colab-policy-root"
_FIX = (
    "Remove it from the page or the cell (a notebook's output: clear it, or show a static image "
    "or a table instead). To embed a frame, add its origin to the policy's frame_sources."
)


class PolicyConfig(base.Config):
    """Options of the ``colab/policy`` plugin. Each is documented in the plugin reference."""

    enabled = c.Type(bool, default=True)
    """Turn the allow-list and the policy off."""

    unsafe_content = c.Choice(("refuse", "sanitize"), default="refuse")
    """What happens to content the allow-list does not allow: ``refuse`` fails the build
    naming the page and the cell; ``sanitize`` removes it, with a warning."""

    script_sources = c.ListOfItems(c.Type(str), default=list(MERMAID))
    """Scripts that the site's own scripts load later, by exact URL (a folder URL ending in
    ``/`` allows the files below it)."""

    style_sources = c.ListOfItems(c.Type(str), default=[])
    """More stylesheet sources, beyond those the pages link."""

    font_sources = c.ListOfItems(c.Type(str), default=[])
    """Font sources, beyond the site's own (and Google Fonts' when the theme links them)."""

    frame_sources = c.ListOfItems(c.Type(str), default=list(VIDEO_FRAMES))
    """Origins whose pages content may embed in an ``<iframe>``."""

    connect_sources = c.ListOfItems(c.Type(str), default=["https://api.github.com"])
    """Origins scripts may fetch from (Material reads the repository's facts from GitHub)."""

    trusted_files = c.ListOfItems(c.Type(str), default=[])
    """Files of ``docs/`` that a browser runs when opened (HTML, JavaScript, SVG with script)
    and that the site publishes on purpose, as glob patterns (``verify/*.html``). Scripts
    listed in ``extra_javascript`` are trusted already; any other such file stops the build."""


class PolicyPlugin(BasePlugin[PolicyConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # Per build (made anew in on_config): the inline scripts, and the script and stylesheet
        # URLs, each page's content held. The allow-list refuses or removes them; should one
        # ever pass, the policy allows none of them either.
        self._from_content: dict[str, frozenset[str]] = {}

    def on_config(self, config: MkDocsConfig) -> None:
        self._from_content = {}
        _ALLOWED.new_build()
        _WITH_POLICY.new_build()

    @property
    def sources(self) -> Sources:
        return Sources(
            scripts=tuple(self.config.script_sources),
            styles=tuple(self.config.style_sources),
            fonts=tuple(self.config.font_sources),
            frames=tuple(self.config.frame_sources),
            connect=tuple(self.config.connect_sources),
        )

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> None:
        """Refuse active files in ``docs/`` that the site does not name: a pull request's
        ``.html`` or scripted ``.svg`` would run on the site's origin, under no policy."""
        if not self.config.enabled:
            return
        docs = Path(config.docs_dir).resolve()
        sources = {
            file.src_uri: Path(file.abs_src_path)
            for file in files
            if file.abs_src_path is not None
            and file.generated_by is None
            and Path(file.abs_src_path).resolve().is_relative_to(docs)
        }
        root = Path(config.config_file_path).parent
        scripts = [str(script) for script in config.extra_javascript]
        trusted = self.config.trusted_files
        if found := untrusted_active_files(sources, root, trusted=trusted, scripts=scripts):
            raise PluginError("\n".join(f"[colab/policy] {error.message}" for error in found))

    # Every page is rendered by now and no template has run: nav items print titles too.
    @event_priority(-100)
    def on_env(self, env, /, *, config: MkDocsConfig, files: Files) -> None:
        """Titles and descriptions are text, which themes print unescaped (Material's
        ``<title>{{ page.meta.title }}``, its header's ``{{ page.title }}``): escape them, so
        that they show as written and nothing in them is read as markup."""
        if not self.config.enabled:
            return
        for file in files.documentation_pages():
            if (page := file.page) is None:
                continue
            for key in ("title", "description"):
                if isinstance(value := page.meta.get(key), str):
                    page.meta[key] = _as_text(value)
            if "title" not in page.meta and isinstance(page.title, str):
                page.title = _as_text(page.title)  # a heading's text, entities kept: unchanged

    def _report(self, where: str, what: str) -> None:
        if self.config.unsafe_content == "refuse":
            log.error(
                f"{where}: has {what}, which could run script on the site.\n  How to fix: {_FIX}"
            )
        else:
            log.warning(f"{where}: has {what}; it is removed from the page.")

    # First: the allow-list judges the content as the page's source made it, before another
    # plugin parses and re-serializes it (which can hide what the source held: a stray
    # <body onload=...> loses its attributes in a re-serialized fragment).
    @event_priority(100)
    def on_page_content(self, content: str, /, *, page: Page, config, files) -> str | None:
        if not self.config.enabled:
            return None
        options = repr((self.config.frame_sources, self.config.script_sources))
        key = digest(options, content_key(page.file.src_uri, content))
        if (allowed := _ALLOWED.get(key)) is not None:
            self._from_content[page.file.src_uri] = allowed
            return None
        root = _parse(content)
        checked = _content_of(root)
        self._from_content[page.file.src_uri] = _scripts_and_urls(checked)
        found = unsafe_markup(checked, frame_hosts=self.config.frame_sources)
        if checked is not root:  # mkdocs-jupyter's own markup: only the scripts it is told to load
            found += self._unlisted_scripts(root)
        if not found:  # what is refused or removed is judged again: its messages must show
            _ALLOWED.put(key, self._from_content[page.file.src_uri])
            return None
        cells = _cell_indexes(page)
        for unsafe in found:
            self._report(_where(page, unsafe, cells), str(unsafe))
        if self.config.unsafe_content == "refuse":
            return None  # the build fails; what is published does not matter
        return _sanitize_inside(root, checked, found, self.config.frame_sources)

    def _unlisted_scripts(self, root: LexborNode) -> list[Unsafe]:
        """Scripts mkdocs-jupyter's template loads from elsewhere because of what a notebook
        holds (widget state loads a widget manager from a CDN, then what the state names)."""
        listed = tuple(self.config.script_sources)
        return [
            Unsafe(f"widget state or other content that loads the script {src!r}", node)
            for node in root.iter()
            if node.tag == "script"
            and (src := node.attributes.get("src") or "").startswith(("http:", "https:", "//"))
            and not src.startswith(listed)
        ]

    # Last: the policy must hash the final HTML, after every other plugin has changed it.
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        from_content = self._from_content.get(page.file.src_uri, frozenset())
        key = digest(repr(self.sources), repr(sorted(from_content)), output)
        if (cached := _WITH_POLICY.get(key)) is not None:
            return cached
        return _WITH_POLICY.put(key, with_policy(output, self.sources, from_content=from_content))

    @event_priority(-100)
    def on_post_template(self, output: str, /, *, template_name: str, config) -> str | None:
        if self.config.enabled and template_name == "404.html":
            return with_policy(output, self.sources)
        return None


def _as_text(value: str) -> str:
    """``value`` escaped for HTML; what was escaped already is not escaped twice."""
    return html.escape(html.unescape(value), quote=True)


def _scripts_and_urls(node: LexborNode) -> frozenset[str]:
    """The inline scripts, and the URLs of scripts and stylesheets, that ``node`` holds."""
    found = set()
    for element in node.css("script, link[href]"):
        url = element.attributes.get("src" if element.tag == "script" else "href")
        found.add(element.text(deep=True) if element.tag == "script" and url is None else url or "")
    return frozenset(found)


def _parse(content: str) -> LexborNode:
    root = LexborHTMLParser(f'<div id="{_ROOT}">{content}</div>').css_first(f"div#{_ROOT}")
    assert root is not None
    return root


def _content_of(root: LexborNode) -> LexborNode:
    """What of the page came from its source: on a notebook page, mkdocs-jupyter's wrapper
    (its own styles and scripts beside the wrapper come from its templates); else all of it."""
    for node in root.iter():
        if node.tag == "div" and "jupyter-wrapper" in (node.attributes.get("class") or "").split():
            return node
    return root


def _cell_indexes(page: Page) -> dict[str, int]:
    """The index of each cell of a notebook page's source, by id."""
    if not page.file.src_uri.endswith(".ipynb"):
        return {}
    try:
        cells = json.loads(page.file.content_string).get("cells", [])
    except (ValueError, AttributeError):
        return {}
    return {
        cell["id"]: index
        for index, cell in enumerate(cells)
        if isinstance(cell, dict) and isinstance(cell.get("id"), str)
    }


def _where(page: Page, unsafe: Unsafe, cells: dict[str, int]) -> str:
    """The page, and on a notebook page the cell (index and id) the element is in."""
    node: LexborNode | None = unsafe.element
    while node is not None:
        anchor = (node.attributes.get("id") or "") if node.tag == "div" else ""
        if anchor.startswith("cell-id="):
            cell_id = anchor.removeprefix("cell-id=")
            return f"{page.file.src_uri}, cell {cells.get(cell_id, '?')} (id {cell_id})"
        node = node.parent
    return page.file.src_uri


def _sanitize_inside(root: LexborNode, checked: LexborNode, unsafe: list[Unsafe], hosts) -> str:
    """The content with ``checked``'s inside sanitized, and unlisted scripts beside it gone."""
    clean = sanitized(checked.inner_html or "", frame_hosts=hosts)
    if checked is root:
        return clean
    for found in unsafe:
        if found.element.tag == "script" and found.element.parent is root:
            found.element.decompose()
    attributes = "".join(f' {k}="{html.escape(v or "")}"' for k, v in checked.attributes.items())
    replacement = LexborHTMLParser(f"<div{attributes}>{clean}</div>").css_first("body > div")
    assert replacement is not None
    checked.replace_with(replacement)
    return root.inner_html or ""
