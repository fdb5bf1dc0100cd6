"""The plugin reference page documents every option of each plugin and every lesson option."""

from __future__ import annotations

import dataclasses
import re

import pytest

from mkdocs_colab.options import LessonOptions
from mkdocs_colab.plugins.colab import ColabConfig
from mkdocs_colab.plugins.pages import PagesConfig
from mkdocs_colab.plugins.policy import PolicyConfig
from tests.conftest import ROOT

REFERENCE = (ROOT / "docs/plugin.md").read_text(encoding="utf-8")
PLUGINS = {"colab": ColabConfig, "colab/pages": PagesConfig, "colab/policy": PolicyConfig}


def section(plugin: str) -> str:
    """The reference's options section of one plugin: from its heading to the next."""
    match = re.search(rf"^### `{re.escape(plugin)}`\n(.*?)(?=^#)", REFERENCE, re.M | re.S)
    assert match, f"the reference has no '### `{plugin}`' section"
    return match.group(1)


OPTIONS = [(plugin, name) for plugin, config in PLUGINS.items() for name, _ in config._schema]


@pytest.mark.parametrize(("plugin", "option"), OPTIONS)
def test_every_plugin_option_has_a_row_in_its_plugins_section(plugin, option):
    assert f"| `{option}` |" in section(plugin)


@pytest.mark.parametrize(("plugin", "option"), OPTIONS)
def test_defaults_in_the_table_are_the_real_defaults(plugin, option):
    default = dict(PLUGINS[plugin]._schema)[option].default
    if isinstance(default, str) and default:
        assert f"| `{option}` | `{default}` |" in section(plugin)


@pytest.mark.parametrize("option", [f.name for f in dataclasses.fields(LessonOptions)])
def test_every_lesson_option_has_a_row(option):
    assert f"| `{option}` |" in REFERENCE


@pytest.mark.parametrize("plugin", PLUGINS)
def test_each_plugin_is_an_entry_point_of_the_package(plugin):
    from importlib.metadata import entry_points

    (found,) = entry_points(group="mkdocs.plugins", name=plugin)
    assert found.load().__module__.startswith("mkdocs_colab.plugins.")
