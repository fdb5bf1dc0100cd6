"""Run every Colab copy the way Colab would: alone, in an empty folder, fetching from the site.

The site is built with ``site_url`` pointing at a local HTTP server of that very build, so data
files come over real HTTP. Each copy runs in a real Jupyter kernel with nothing of the project
beside it, and a stand-in ``google.colab`` package on its path.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from mkdocs_colab.transforms.links import find_targets
from tests.build.test_plugin_build import FILES, NAV
from tests.conftest import BuiltSite, build_and_serve, make_notebook, write_site_at

pytestmark = pytest.mark.slow

COLAB_STUB = Path(__file__).resolve().parent.parent / "colab_stub"
READ_TABLE = """\
import csv

rows = list(csv.reader(open("data/table.csv")))
assert rows == [["a", "b"], ["1", "2"]]
"""
LESSON_WITH_DATA = make_notebook(
    ("markdown", "# Data lesson"),
    ("code", READ_TABLE),
    mkdocs_colab={"data": ["data/table.csv"]},
)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The fixture site with a data lesson, built for a local address and served there."""
    files = {
        **FILES,
        "notebooks/data-lesson.ipynb": LESSON_WITH_DATA,
        "notebooks/data/table.csv": "a,b\n1,2\n",
    }
    nav = NAV + "  - notebooks/data-lesson.ipynb\n"
    root = write_site_at(tmp_path_factory.mktemp("fixture"), files, extra=nav)
    yield from build_and_serve(root, root / "site")


def copies_of(site: Path) -> list[Path]:
    return sorted((site / "colab").rglob("*.ipynb"))


def run_like_colab(copy: Path, workdir: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(copy, as_version=4)
    env = {**os.environ, "PYTHONPATH": str(COLAB_STUB), "MPLBACKEND": "Agg"}
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute(env=env, cwd=str(workdir))
    return notebook


def assert_images_absolute_or_embedded(notebook: nbformat.NotebookNode, name: str) -> None:
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for target in find_targets(cell.source):
            if target.is_image:
                assert target.url.startswith(("http://", "https://", "data:", "attachment:")), (
                    f"{name}: image {target.url!r} would not load in Colab"
                )


def check_copies(site: Path, tmp_path: Path) -> None:
    copies = copies_of(site)
    assert copies, "the site has Colab copies"
    for copy in copies:
        workdir = tmp_path / copy.stem
        workdir.mkdir()
        executed = run_like_colab(copy, workdir)
        assert_images_absolute_or_embedded(executed, copy.name)
        shutil.rmtree(workdir)


def test_fixture_copies_run_alone_with_helpers_and_data_over_http(fixture_site, tmp_path):
    check_copies(fixture_site.dir, tmp_path)


def test_every_copy_of_the_guide_runs_alone(guide, tmp_path):
    check_copies(guide.dir, tmp_path)
