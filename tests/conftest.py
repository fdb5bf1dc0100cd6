"""Shared fixtures: a tiny site on disk, real builds, and a clean environment."""

from __future__ import annotations

import functools
import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

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
validation:
  omitted_files: warn
  unrecognized_links: warn
  anchors: warn
markdown_extensions:
  - admonition
  - attr_list
  - pymdownx.emoji
  - pymdownx.snippets
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
