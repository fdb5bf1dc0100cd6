"""Writes are atomic: a failure part-way leaves the old file whole and no temporary behind."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mkdocs_colab import cli
from mkdocs_colab.files import write_atomic
from mkdocs_colab.lessons.cache import CopyCache
from mkdocs_colab.lessons.copies import Copy


def test_write_atomic_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "lesson.ipynb"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["lesson.ipynb"]


def test_a_failed_replace_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "lesson.ipynb"
    target.write_text("old", encoding="utf-8")

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["lesson.ipynb"]


def test_an_interrupted_fix_leaves_the_notebook_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = tmp_path / "lesson.ipynb"
    # Outputs are what check --fix strips, so this notebook would be rewritten.
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "id": "a1",
        "metadata": {},
        "outputs": [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}],
        "source": ["print('hi')"],
    }
    original = json.dumps(
        {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1
    )
    notebook.write_text(original, encoding="utf-8")
    real_replace = os.replace

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    monkeypatch.setattr(cli.checks, "check_notebook", _always_fixable)
    with pytest.raises(KeyboardInterrupt):
        cli._fix({"lesson.ipynb": notebook}, tmp_path)
    monkeypatch.setattr(os, "replace", real_replace)
    assert notebook.read_text(encoding="utf-8") == original
    assert [p.name for p in tmp_path.iterdir()] == ["lesson.ipynb"]


def _always_fixable(text: str, shown: str) -> list[object]:
    class Fixable:
        fixable = True

    return [Fixable()]


@pytest.mark.parametrize(
    "entry",
    [
        [],
        {"text": "x"},
        {"text": 1, "warnings": [], "files": {}},
        {"text": "x", "warnings": "w", "files": {}},
        {"text": "x", "warnings": [], "files": []},
        {"text": "x", "warnings": [3], "files": {}},
    ],
    ids=[
        "a list",
        "keys missing",
        "text not a string",
        "warnings not a list",
        "files not a dict",
        "a warning not a string",
    ],
)
def test_a_cache_entry_in_the_wrong_shape_is_a_miss(tmp_path: Path, entry: object) -> None:
    cache = CopyCache(tmp_path)
    cache.put("k", Copy(text="x", warnings=(), depends_on=()))
    (tmp_path / "k.json").write_text(json.dumps(entry), encoding="utf-8")
    assert cache.get("k") is None


def test_a_cache_entry_is_written_whole(tmp_path: Path) -> None:
    cache = CopyCache(tmp_path)
    cache.put("k", Copy(text="x", warnings=("w",), depends_on=()))
    assert cache.get("k") == Copy(text="x", warnings=("w",), depends_on=())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.json"]


def test_an_interrupted_format_leaves_the_notebook_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing for the check to strip; only ruff has something to change (x=1 -> x = 1), and
    # ruff's own in-place write would be the unprotected one.
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "id": "a1",
        "metadata": {},
        "outputs": [],
        "source": ["x=1"],
    }
    notebook = tmp_path / "lesson.ipynb"
    original = json.dumps(
        {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1
    )
    notebook.write_text(original, encoding="utf-8")

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cli._fix({"lesson.ipynb": notebook}, tmp_path)
    monkeypatch.undo()
    assert notebook.read_text(encoding="utf-8") == original
    assert [p.name for p in tmp_path.iterdir()] == ["lesson.ipynb"]
    cli._fix({"lesson.ipynb": notebook}, tmp_path)
    assert '"x = 1"' in notebook.read_text(encoding="utf-8")
