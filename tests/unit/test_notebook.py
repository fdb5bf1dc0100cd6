"""Reading notebooks: bad files get a message naming the line or the cell."""

from __future__ import annotations

import json

import pytest

from mkdocs_colab.errors import ColabError
from mkdocs_colab.notebook import ensure_cell_ids, parse_notebook, read_notebook, write_notebook
from tests.conftest import make_notebook

GOOD = make_notebook(("markdown", "# Title"), ("code", "x = 1\ny = 2"))


def conflicted() -> str:
    lines = GOOD.splitlines()
    return "\n".join([*lines[:3], "<<<<<<< HEAD", *lines[3:5], "=======", ">>>>>>> b", *lines[5:]])


def broken_cell() -> str:
    notebook = json.loads(GOOD)
    notebook["cells"][1]["outputs"] = "none"
    return json.dumps(notebook)


BAD = [
    ("not json", "x.ipynb:1: is not valid JSON: Expecting value (column 1)."),
    ('{"cells": [}', "x.ipynb:1: is not valid JSON: Expecting value (column 12)."),
    (conflicted(), "x.ipynb:4: contains a git merge-conflict marker '<<<<<<<'."),
    ('{"nbformat": 3, "worksheets": []}', "x.ipynb: is not an nbformat 4 notebook (nbformat is 3)"),
    ("[1, 2]", "x.ipynb: is not an nbformat 4 notebook (nbformat is 'list')"),
    (broken_cell(), "x.ipynb, cell 1 (id cell-1): fails nbformat validation at outputs:"),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=lambda v: v[:24])
def test_bad_notebook_names_where(text, message):
    with pytest.raises(ColabError) as caught:
        parse_notebook(text, shown_as="x.ipynb")
    assert caught.value.message.startswith(message)
    assert "How to fix: " in caught.value.message


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin.ipynb"
    path.write_bytes('{"x": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(ColabError, match="is not UTF-8 text"):
        read_notebook(path)


def test_multiline_sources_are_joined():
    notebook = parse_notebook(GOOD, shown_as="x.ipynb")
    assert notebook.cells[1].source == "x = 1\ny = 2"


def test_missing_ids_are_added_deterministically():
    raw = json.loads(GOOD)
    raw["nbformat_minor"] = 4
    for cell in raw["cells"]:
        del cell["id"]
    first = ensure_cell_ids(parse_notebook(json.dumps(raw), shown_as="a"), seed="a")
    again = ensure_cell_ids(parse_notebook(json.dumps(raw), shown_as="a"), seed="a")
    assert [c.id for c in first.cells] == [c.id for c in again.cells]
    assert len({c.id for c in first.cells}) == 2
    assert first.nbformat_minor == 5


def test_write_is_deterministic():
    notebook = parse_notebook(GOOD, shown_as="x.ipynb")
    assert write_notebook(notebook) == write_notebook(parse_notebook(GOOD, shown_as="x.ipynb"))
    assert write_notebook(notebook).endswith("}\n")
