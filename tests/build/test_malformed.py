"""A notebook nothing can read is a message naming the file and what to do, in `check` and in
the build alike; never a traceback, never a silent success."""

from __future__ import annotations

import json

import pytest

from tests.conftest import cli, make_notebook, mkdocs_build, write_site_at

GOOD = make_notebook(("code", "print(1)"))

MALFORMED = {
    # name: (file content, what both say)
    "utf16": (GOOD.encode("utf-16"), "is UTF-16 encoded."),
    "latin1": (
        make_notebook(("markdown", "caf\u00e9")).encode("latin-1"),
        "is not UTF-8 (byte 0xe9 on line",
    ),
    "bom": ("\ufeff" + GOOD, "starts with a byte-order mark"),
    "cells-a-dict": (
        json.dumps({**json.loads(GOOD), "cells": {"a": 1}}),
        "has 'cells' that is not a list of cells (it is a dict).",
    ),
    "deep": ("[" * 100_000 + "]" * 100_000, "nests JSON too deeply to be a notebook."),
    "surrogate": (GOOD.replace("print(1)", "print('\\ud800')"), "contains a lone surrogate"),
    "not-json": (GOOD[:-20], "is not valid JSON"),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_notebook_is_a_message_in_check_and_build(tmp_path, name):
    content, said = MALFORMED[name]
    root = write_site_at(tmp_path, {f"notebooks/{name}.ipynb": content})
    shown = f"notebooks/{name}.ipynb"
    checked = cli(root, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert f"{shown}" in checked.stderr and said in checked.stderr
    assert "is not formatted by ruff" not in checked.stderr  # one message, not two
    built = mkdocs_build(root)
    assert built.returncode != 0 and "Traceback" not in built.stderr
    assert shown in built.stderr and said in built.stderr


FENCE = "```python\nprint(1)\n```\n"
BROKEN_FRONT_MATTER = {
    # name: (front matter, what both say)
    "colon-in-value": (
        "title: Train: a model\ncolab: true",
        "docs/lesson.md:2: its front matter is not valid YAML (mapping values are not allowed",
    ),
    "tab-indent": ("colab:\n\tgpu: T4", "its front matter is not valid YAML (while scanning"),
    "unclosed-list": (
        "colab:\n  data: [a.csv",
        "its front matter is not valid YAML (while parsing",
    ),
}


@pytest.mark.parametrize("name", BROKEN_FRONT_MATTER)
def test_lesson_front_matter_that_does_not_parse_is_an_error_not_a_silent_page(tmp_path, name):
    front, said = BROKEN_FRONT_MATTER[name]
    root = write_site_at(tmp_path, {"docs/lesson.md": f"---\n{front}\n---\n# Lesson\n\n{FENCE}"})
    checked = cli(root, "check")
    assert checked.returncode == 1 and said in checked.stderr, checked.stderr
    built = mkdocs_build(root)
    assert built.returncode != 0 and said in built.stderr and "Traceback" not in built.stderr


def test_a_page_without_colab_keeps_mkdocs_reading_of_its_broken_front_matter(tmp_path):
    root = write_site_at(tmp_path, {"docs/page.md": "---\ntitle: Train: a model\n---\n# Page\n"})
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr


def test_a_megabyte_value_is_shown_cut_short(tmp_path):
    huge = "x" * 3_800_000
    lesson = f"---\ncolab:\n  gpu: {huge}\n---\n# Lesson\n\n{FENCE}"
    root = write_site_at(tmp_path, {"docs/lesson.md": lesson})
    for result in (cli(root, "check"), mkdocs_build(root)):
        assert result.returncode != 0 and "'colab.gpu' is 'xxx" in result.stderr
        assert "(3,800,002 characters)" in result.stderr
        assert max(map(len, result.stderr.splitlines())) < 300


def test_a_config_that_is_not_yaml_is_one_line_naming_the_place(tmp_path):
    root = write_site_at(tmp_path, {})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  note: [" + "x" * 100_000 + "\n")
    checked = cli(root, "check")
    assert checked.returncode == 2 and "Traceback" not in checked.stderr
    assert "mkdocs.yml is not valid YAML (line" in checked.stderr
    assert max(map(len, checked.stderr.splitlines())) < 400
