"""A rebuild reuses what depends only on unchanged inputs, and nothing else."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import make_notebook, mkdocs_build

pytestmark = pytest.mark.slow


def linking_lesson(name: str) -> str:
    return make_notebook(
        ("markdown", f"# Lesson {name}\n\nFirst [set up your machine](../setup.md)."),
        ("code", "print(1)"),
    )


LINKED = {
    "docs/setup.md": "# Setup\n\nInstall Python.\n",
    "notebooks/one.ipynb": linking_lesson("one"),
    "notebooks/two.ipynb": linking_lesson("two"),
}


def build(root, *args: str, strict: bool = True) -> subprocess.CompletedProcess:
    if strict:
        return mkdocs_build(root, *args)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args], cwd=root, capture_output=True, text=True
    )


def test_editing_a_page_lessons_link_to_reuses_their_copies(write_site):
    root = write_site(LINKED)
    first = build(root)
    assert "Colab copies: 2 built, 0 from cache" in first.stderr, first.stderr
    (root / "docs/setup.md").write_text("# Setup\n\nInstall Python 3.12, then pip.\n")
    assert "Colab copies: 0 built, 2 from cache" in build(root).stderr
    copy = (root / "site/colab/notebooks/one.ipynb").read_text()
    assert "https://octo.github.io/lessons/setup/" in copy


def test_moving_a_page_lessons_link_to_rebuilds_their_copies(write_site):
    root = write_site(LINKED)
    assert build(root).returncode == 0
    (root / "docs/setup.md").rename(root / "docs/install.md")
    moved = build(root, strict=False)
    assert "Colab copies: 2 built, 0 from cache" in moved.stderr, moved.stderr
    assert "link '../setup.md' points at setup.md, which does not exist." in moved.stderr
