"""The caches are keyed by the plugin's code, not its version number."""

from __future__ import annotations

import shutil
from pathlib import Path

import mkdocs_colab
from mkdocs_colab.lessons import CopyCache, cache, code_hash


def copy_of_the_plugin(tmp_path: Path) -> Path:
    package = tmp_path / "mkdocs_colab"
    shutil.copytree(Path(mkdocs_colab.__file__).parent, package)
    return package


def test_editing_any_file_of_the_plugin_changes_its_code_hash(tmp_path):
    package = copy_of_the_plugin(tmp_path)
    before = code_hash(package)
    assert code_hash(package) == before
    css = package / "pages" / "css.py"
    css.write_text(css.read_text() + "\n# an edit\n")
    assert code_hash(package) != before


def test_renaming_a_file_changes_the_code_hash(tmp_path):
    package = copy_of_the_plugin(tmp_path)
    before = code_hash(package)
    (package / "pages" / "css.py").rename(package / "pages" / "styles.py")
    assert code_hash(package) != before


def test_bytecode_is_not_code(tmp_path):
    package = copy_of_the_plugin(tmp_path)
    before = code_hash(package)
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "css.cpython-311.pyc").write_bytes(b"\x00compiled")
    assert code_hash(package) == before


def test_every_cache_key_covers_the_code(monkeypatch):
    before = CopyCache.key("a lesson", settings={"gpu": True})
    monkeypatch.setattr(cache, "own_code_hash", lambda: "the next version of the code")
    assert CopyCache.key("a lesson", settings={"gpu": True}) != before


def test_the_caches_are_keyed_by_the_whole_package():
    assert cache.own_code_hash() == code_hash(Path(mkdocs_colab.__file__).parent)
