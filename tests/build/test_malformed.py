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
