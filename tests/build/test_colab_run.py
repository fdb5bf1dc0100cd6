"""Run every Colab copy the way Colab would: alone, in an empty folder, fetching from the site.

The site is built with ``site_url`` pointing at a local HTTP server of that very build, so data
files come over real HTTP. Each copy runs in a real Jupyter kernel with nothing of the project
beside it, and a stand-in ``google.colab`` package on its path.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from mkdocs_colab.transforms.links import find_targets
from tests.build.test_plugin_build import FILES, NAV
from tests.conftest import ROOT, make_notebook, mkdocs_build, write_site_at

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


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    """Build a site (the guide, or the fixture site) for a local address and serve it there."""
    servers, sites = [], {}

    def serve(name: str, root: Path) -> Path:
        if name in sites:
            return sites[name]
        port = free_port()
        out = tmp_path_factory.mktemp(f"{name}-site")
        result = mkdocs_build(
            root, "--site-dir", str(out), env={"SITE_URL": f"http://127.0.0.1:{port}/"}
        )
        assert result.returncode == 0, result.stderr
        handler = functools.partial(_Quiet, directory=str(out))
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        sites[name] = out
        return out

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {
        **FILES,
        "notebooks/data-lesson.ipynb": LESSON_WITH_DATA,
        "notebooks/data/table.csv": "a,b\n1,2\n",
    }
    nav = NAV + "  - notebooks/data-lesson.ipynb\n"
    return write_site_at(tmp_path_factory.mktemp("fixture"), files, extra=nav)


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


def test_fixture_copies_run_alone_with_helpers_and_data_over_http(served, fixture_root, tmp_path):
    site = served("fixture", fixture_root)
    check_copies(site, tmp_path)


def test_every_copy_of_the_guide_runs_alone(served, tmp_path):
    site = served("guide", ROOT)
    check_copies(site, tmp_path)
