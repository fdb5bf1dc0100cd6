"""Shared fixtures: a tiny site on disk, real builds, and a clean environment."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from tests.browser.chromium import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_ci_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests assert on links built from repo_url; a CI's GITHUB_REPOSITORY would override it."""
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)


def make_notebook(*cells: tuple[str, str] | nbformat.NotebookNode, **metadata) -> str:
    """Notebook JSON from ("markdown"|"code", source) pairs or ready cells."""
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": kernel, **metadata})
    for index, cell in enumerate(cells):
        if isinstance(cell, tuple):
            kind, source = cell
            maker = (
                nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
            )
            cell = maker(textwrap.dedent(source).strip("\n"), id=f"cell-{index}")
        notebook.cells.append(cell)
    return nbformat.writes(notebook)


SITE_CONFIG = """\
site_name: Fixture
site_url: !ENV [SITE_URL, "{site_url}"]
repo_url: https://github.com/octo/lessons
edit_uri: edit/main/docs/
theme:
  name: material
  custom_dir: {overrides}
  features: [content.action.edit]
plugins:
  - colab{colab_options}
  - mkdocs-jupyter:
      include: ["*.ipynb"]
  - colab/pages
  - colab/policy
validation:
  omitted_files: warn
  unrecognized_links: warn
  anchors: warn
markdown_extensions:
  - admonition
  - attr_list
  - pymdownx.emoji
  - pymdownx.snippets:
      check_paths: true  # as the guide's own mkdocs.yml: a missing snippet fails the build
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""


def write_site_at(
    root: Path,
    files: dict[str, str | bytes],
    *,
    colab: dict | None = None,
    site_url: str = "https://octo.github.io/lessons/",
    extra: str = "",
) -> Path:
    """Write a small site (mkdocs.yml + files) into ``root`` and return it."""
    options = "".join(f"\n      {k}: {json.dumps(v)}" for k, v in (colab or {}).items())
    config = SITE_CONFIG.format(
        site_url=site_url,
        overrides=ROOT / "overrides",
        colab_options=":" + options if options else "",
    )
    (root / "mkdocs.yml").write_text(config + extra, encoding="utf-8")
    for name, content in {"docs/index.md": "# Home\n", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (root / "notebooks").mkdir(exist_ok=True)
    return root


@pytest.fixture
def write_site(tmp_path: Path) -> Callable[..., Path]:
    return functools.partial(write_site_at, tmp_path)


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the command line (``python -m mkdocs_colab ARGS``) in ``root``; return the process."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_colab", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def mkdocs_build(root: Path, *args: str, env: dict[str, str] | None = None):
    """Run the real ``mkdocs build --strict`` on the site in ``root``; return the process."""
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def matplotlib_svg() -> str:
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    axes.plot([1, 2, 3], [1, 4, 9], label="growth")
    axes.legend()
    out = io.StringIO()
    figure.savefig(out, format="svg")
    plt.close(figure)
    return out.getvalue()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@contextmanager
def serving(folder: Path, port: int) -> Iterator[None]:
    """Serve ``folder`` over HTTP on 127.0.0.1:``port`` while the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class BuiltSite:
    """A site built with ``site_url`` = ``base_url`` and served there."""

    dir: Path
    base_url: str  # ends with '/'
    env: dict[str, str] = field(repr=False)  # the environment the site was built with
    log: str = field(default="", repr=False)  # what the build printed (its stderr)

    def url(self, site_path: str = "") -> str:
        return self.base_url + site_path.lstrip("/")


def build_and_serve(root: Path, out: Path, *, strict: bool = True) -> Iterator[BuiltSite]:
    """Build the site in ``root`` for a local address (strictly, by default) and serve it."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "SITE_URL": base_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] * strict), "--site-dir", str(out)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stderr[-4000:]}"
    with serving(out, port):
        yield BuiltSite(out, base_url, env, result.stderr)


@pytest.fixture(scope="session")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The guide, built once for the whole run and served on 127.0.0.1: the read-only build
    tests, the Colab runs and the browser tests all look at this one build."""
    yield from build_and_serve(ROOT, tmp_path_factory.mktemp("guide"))


# One Chromium for the whole session: Playwright's sync API cannot start a second one inside
# the first one's event loop.
def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    return path if path and Path(path).is_file() else None


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if not path:
        pytest.skip("Chromium not found: run 'apt-get install chromium' (or set CHROMIUM_PATH)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
