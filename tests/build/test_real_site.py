"""The guide itself builds strictly, and every navigation entry becomes a page."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from mkdocs.config import load_config

from mkdocs_colab.lessons import page_path
from tests.conftest import ROOT, mkdocs_build

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real-site")
    result = mkdocs_build(ROOT, "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


def nav_files(items) -> list[str]:
    files = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        files += nav_files(value) if isinstance(value, list) else [value]
    return files


def test_every_nav_entry_renders_to_a_page(real_site):
    config = load_config(str(ROOT / "mkdocs.yml"))
    entries = [f for f in nav_files(config["nav"]) if "://" not in f]
    assert "index.md" in entries
    for entry in entries:
        page = real_site / page_path(entry, config["use_directory_urls"]) / "index.html"
        assert page.is_file(), f"nav entry {entry} has no page at {page}"
        assert "<h1" in page.read_text(encoding="utf-8")


def test_every_notebook_has_a_colab_copy(real_site):
    notebooks = sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb")
    )
    for notebook in notebooks:
        assert (real_site / "colab" / notebook).is_file()


RAW_MARKUP = ("!!!", "???", "===", "--8<--", "{ .", "{: ", ":material-", ":fontawesome-")


def test_no_mkdocs_markup_survives_in_any_copy(real_site):
    copies = sorted((real_site / "colab").rglob("*.ipynb"))
    assert copies
    for copy in copies:
        notebook = nbformat.read(copy, as_version=4)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "markdown":
                found = [raw for raw in RAW_MARKUP if raw in cell.source]
                assert not found, f"{copy.name} cell {index} shows raw {found}"
