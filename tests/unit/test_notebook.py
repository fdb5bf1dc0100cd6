"""Reading notebooks: bad files get a message naming the line or the cell."""

from __future__ import annotations

import json

import nbformat
import pytest
import tomllib
import yaml

from mkdocs_colab.errors import ColabError
from mkdocs_colab.notebook import (
    PRIVATE_CELL_KEYS,
    PRIVATE_COLAB_KEYS,
    PRIVATE_NOTEBOOK_KEYS,
    ensure_cell_ids,
    for_renderer,
    parse_notebook,
    strip_private_metadata,
    write_notebook,
)
from tests.conftest import ROOT, make_notebook

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


def test_cell_ids_in_a_notebook_that_says_4_4_are_read_as_4_5_and_kept():
    """Tools that write cell ids and keep the minor version they read make this shape (the
    Python Data Science Handbook's notebooks); nbformat's 4.4 schema refuses the ids."""
    raw = json.loads(GOOD)
    raw["nbformat_minor"] = 4
    notebook = parse_notebook(json.dumps(raw), shown_as="x.ipynb")
    assert notebook.nbformat_minor == 5
    assert [c.id for c in notebook.cells] == [c["id"] for c in raw["cells"]]


def test_a_cell_without_an_id_gets_the_same_id_every_time():
    """nbformat's validation gives such a cell a random id; the copy's must not change."""
    raw = json.loads(GOOD)
    del raw["cells"][1]["id"]
    for minor in (5, 4):  # 4: a notebook that says 4.4 and has ids on its other cells
        raw["nbformat_minor"] = minor
        ids = {
            tuple(
                c.id
                for c in ensure_cell_ids(parse_notebook(json.dumps(raw), shown_as="a"), "a").cells
            )
            for _ in range(3)
        }
        assert len(ids) == 1, minor


def test_write_is_deterministic():
    notebook = parse_notebook(GOOD, shown_as="x.ipynb")
    assert write_notebook(notebook) == write_notebook(parse_notebook(GOOD, shown_as="x.ipynb"))
    assert write_notebook(notebook).endswith("}\n")


def test_private_metadata_is_stripped_and_nothing_else():
    notebook = nbformat.v4.new_notebook(
        metadata={"widgets": {}, "colab": {"provenance": [], "name": "x"}, "authors": []}
    )
    cell = nbformat.v4.new_code_cell("1", id="a")
    cell.metadata.update(executionInfo={"user": {"displayName": "Ada"}}, outputId="o", tags=["t"])
    notebook.cells.append(cell)
    strip_private_metadata(notebook)
    assert notebook.metadata == {"colab": {"name": "x"}, "authors": []}
    assert notebook.cells[0].metadata == {"tags": ["t"]}


def test_the_pre_commit_hook_strips_the_same_keys():
    """nbstripout's configuration in .pre-commit-config.yaml cannot import the package: it is
    held to the package's list here."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "nbstripout"]
    [extra] = [a for a in hook["args"] if a.startswith("--extra-keys=")]
    expected = {
        *(f"cell.metadata.{key}" for key in PRIVATE_CELL_KEYS),
        *(f"metadata.{key}" for key in PRIVATE_NOTEBOOK_KEYS),
        *(f"metadata.colab.{key}" for key in PRIVATE_COLAB_KEYS),
    }
    assert set(extra.removeprefix("--extra-keys=").split()) == expected


def test_pre_commit_runs_the_ruff_that_lint_and_check_run():
    """One ruff for ``make lint``, ``make check`` and the pre-commit hook: a formatting rule that
    changes between versions cannot pass in one and fail in another."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [rev] = [r["rev"] for r in config["repos"] if r["repo"].endswith("/ruff-pre-commit")]
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert groups["dependency-groups"]["check"] == [f"ruff=={rev.removeprefix('v')}"]


WIDGETS = "application/vnd.jupyter.widget-state+json"
MODEL = {"model_name": "FloatProgressModel", "state": {"value": 3}}
FOR_RENDERER = [
    # (notebook metadata, whether the renderer gets a cleaned copy)
    ({"widgets": {WIDGETS: {"3f1c": MODEL}}}, True),  # as Colab writes it: no "state" mapping
    ({"widgets": {WIDGETS: {"state": {"3f1c": MODEL}, "version_major": 2}}}, False),
    ({"widgets": {"state": {"3f1c": {"views": [{"cell_index": 9}]}}, "version": "1.2.0"}}, True),
    ({"widgets": {"other/mime": {}}}, True),  # nbconvert looks for the state all the same
    ({"widgets": {WIDGETS: {"state": "not a mapping"}}}, True),
    ({"widgets": None}, False),
    ({}, False),
]


@pytest.mark.parametrize(("metadata", "cleaned"), FOR_RENDERER)
def test_the_renderer_gets_no_widget_state_it_cannot_read(metadata, cleaned):
    text = json.dumps({"cells": [], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5})
    result = for_renderer(text)
    assert (result is not None) == cleaned
    if cleaned:
        assert "widgets" not in json.loads(result)["metadata"]
