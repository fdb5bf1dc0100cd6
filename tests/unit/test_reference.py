"""The plugin reference page documents every plugin option and every lesson option."""

from __future__ import annotations

import dataclasses

import pytest

from mkdocs_colab.config import ColabConfig, LessonOptions
from tests.conftest import ROOT

REFERENCE = (ROOT / "docs/plugin.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("option", [name for name, _ in ColabConfig._schema])
def test_every_plugin_option_has_a_row(option):
    assert f"| `{option}` |" in REFERENCE


@pytest.mark.parametrize("option", [f.name for f in dataclasses.fields(LessonOptions)])
def test_every_lesson_option_has_a_row(option):
    assert f"| `{option}` |" in REFERENCE


def test_defaults_in_the_table_are_the_real_defaults():
    for name, option in ColabConfig._schema:
        default = option.default
        if isinstance(default, str) and default:
            assert f"| `{name}` | `{default}` |" in REFERENCE, name
