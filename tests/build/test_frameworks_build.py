"""The guide's own per-framework lesson, built by MkDocs: one copy per tab label, each of which
runs in an empty folder, and a launch bar with one Colab link per copy. A page with nothing to
run costs only its own copy."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from selectolax.lexbor import LexborHTMLParser

from tests.conftest import BuiltSite, write_site_at
from tests.unit.test_frameworks import assert_renders_alone

COPIES = ["basics-pytorch.ipynb", "basics-scikit-learn.ipynb"]


def test_the_basics_lesson_has_one_copy_per_framework(guide: BuiltSite):
    folder = guide.dir / "colab/using-colab"
    assert sorted(path.name for path in folder.glob("basics*.ipynb")) == COPIES


@pytest.mark.parametrize("name", COPIES)
def test_each_framework_copy_runs_in_an_empty_folder(guide: BuiltSite, name, tmp_path):
    notebook = nbformat.read(guide.dir / "colab/using-colab" / name, as_version=4)
    NotebookClient(notebook, timeout=180, resources={"metadata": {"path": str(tmp_path)}}).execute()
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    other = "sklearn" if "pytorch" in name else "torch"
    assert f"import {other}" not in code


def test_the_launch_bar_offers_one_colab_link_per_framework(guide: BuiltSite):
    html = (guide.dir / "using-colab/basics/index.html").read_text(encoding="utf-8")
    bar = LexborHTMLParser(html).css_first("nav.colab-launch")
    colab = [
        (link.attributes["data-framework"], link.attributes["href"].rsplit("/", 1)[1])
        for link in bar.css("a[data-launch=colab]")
    ]
    assert colab == [("PyTorch", COPIES[0]), ("scikit-learn", COPIES[1])]
    assert [link.text(strip=True) for link in bar.css(".colab-launch__framework")] == [
        "PyTorch",
        "scikit-learn",
    ]


def test_every_markdown_cell_of_every_guide_copy_renders_alone(guide: BuiltSite):
    copies = sorted((guide.dir / "colab").rglob("*.ipynb"))
    assert len(copies) > 10
    for copy in copies:
        notebook = nbformat.read(copy, as_version=4)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "markdown":
                assert_renders_alone(cell.source, f"{copy.relative_to(guide.dir)}, cell {index}")


def test_a_page_with_nothing_to_run_is_a_warning_and_the_site_builds(tmp_path):
    lesson = "---\ncolab: true\n---\n\n# Runs\n\n```python\nprint(1)\n```\n"
    prose = "---\ncolab: true\n---\n\n# Only prose\n\n```bash\nls\n```\n"
    root = write_site_at(tmp_path, {"docs/runs.md": lesson, "docs/prose.md": prose})
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    warning = "WARNING -  mkdocs_colab: docs/prose.md:1: has no runnable Python code block"
    assert f"{warning}, so it gets no Colab copy" in result.stderr
    assert (tmp_path / "site/colab/runs.ipynb").is_file()
    assert not (tmp_path / "site/colab/prose.ipynb").exists()
    assert (tmp_path / "site/prose/index.html").is_file()
