"""A rebuild reuses what depends only on unchanged inputs, and nothing else."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_notebook, mkdocs_build, write_site_at

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


def test_editing_a_page_lessons_link_to_reuses_their_copies_and_moving_it_rebuilds_them(
    write_site,
):
    root = write_site(LINKED)
    first = build(root)
    assert "Colab copies: 2 built, 0 from cache" in first.stderr, first.stderr
    (root / "docs/setup.md").write_text("# Setup\n\nInstall Python 3.12, then pip.\n")
    assert "Colab copies: 0 built, 2 from cache" in build(root).stderr
    copy = (root / "site/colab/notebooks/one.ipynb").read_text()
    assert "https://octo.github.io/lessons/setup/" in copy
    (root / "docs/setup.md").rename(root / "docs/install.md")
    moved = build(root, strict=False)
    assert "Colab copies: 2 built, 0 from cache" in moved.stderr, moved.stderr
    assert "link '../setup.md' points at setup.md, which does not exist." in moved.stderr


def test_converted_pages_are_cached_with_the_text_every_page_holds_stored_once(write_site):
    """mkdocs-jupyter inlines its styles and scripts (some 580 KB) into every page: the cache
    holds them once, and each page without them, so a rebuild reads a tenth of it."""
    root = write_site(LINKED)
    assert build(root).returncode == 0
    stored = root / ".cache/plugin/colab-pages/notebooks"
    shared = set(stored.glob("*.inlined.html"))
    pages = set(stored.glob("*.html")) - shared
    assert len(pages) == 2 and shared
    assert all(p.stat().st_size < 100_000 for p in pages)
    assert sum(p.stat().st_size for p in shared) > 500_000


def numbered_lesson(n: int) -> str:
    return make_notebook(
        ("markdown", f"# Lesson {n}\n\n## Part one\n\nText {n}."),
        ("code", f"print({n} * {n})"),
        ("markdown", "## Part two"),
    )


MANY = {f"notebooks/lesson{n}.ipynb": numbered_lesson(n) for n in range(10)}


def test_a_rebuild_converts_no_unchanged_notebook_not_even_one_rendered_from_a_cleaned_copy(
    write_site,
):
    """A notebook whose widget metadata nbconvert cannot read is rendered from a cleaned copy;
    its cache entry is still the one its own text keys, whoever converted it first (here the
    worker processes, as there are eight notebooks or more)."""
    widgets = (ROOT / "tests/fixtures/field/notebooks/widgets-v5.ipynb").read_text()
    root = write_site({**MANY, "notebooks/widgets.ipynb": widgets})
    first = build(root, "--verbose")
    assert "11 converted in 2 processes" in first.stderr, first.stderr
    assert "converted by the build's own process" not in first.stderr
    stored = root / ".cache/plugin/colab-pages/notebooks"
    entries = {p.name: p.stat().st_mtime_ns for p in stored.iterdir()}
    again = build(root, "--verbose")
    assert "converted" not in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in stored.iterdir()} == entries


def with_jobs(root: Path, jobs: int) -> Path:
    config = root / "mkdocs.yml"
    text = config.read_text().replace(
        "  - colab/pages\n", "  - colab/pages:\n      convert_jobs: 1\n"
    )
    config.write_text(text.replace("convert_jobs: 1", f"convert_jobs: {jobs}"))
    return root


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_notebooks_converted_in_parallel_give_the_site_of_a_serial_build(tmp_path):
    (tmp_path / "serial").mkdir()
    (tmp_path / "parallel").mkdir()
    serial = with_jobs(write_site_at(tmp_path / "serial", MANY), 1)
    parallel = with_jobs(write_site_at(tmp_path / "parallel", MANY), 2)
    one, two = build(serial), build(parallel)
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    assert "converted in 2 processes" in two.stderr
    assert "converted in" not in one.stderr
    assert site_files(serial / "site") == site_files(parallel / "site")


SHARED = {
    "notebooks/helper.py": "def greet():\n    return 'hello'\n",
    "notebooks/first.ipynb": make_notebook(
        (
            "markdown",
            "# First\n\n## Greeting\n\nSee [the second](second.ipynb) and [more](more.md).",
        ),
        ("code", "import helper\nhelper.greet()"),
    ),
    "notebooks/second.ipynb": make_notebook(("markdown", "# Second"), ("code", "2 + 2")),
}
NAV = """\
nav:
  - index.md
  - notebooks/first.ipynb
  - notebooks/second.ipynb
  - notebooks/more.md
"""


def edit_config(root: Path, old: str, new: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new))


CHANGES = {
    "the page a notebook links to appears": lambda root: (root / "notebooks/more.md").write_text(
        "# More\n"
    ),
    "a helper module": lambda root: (root / "notebooks/helper.py").write_text(
        "def greet():\n    return 'hello again'\n"
    ),
    "the nav": lambda root: edit_config(
        root,
        "  - notebooks/first.ipynb\n  - notebooks/second.ipynb\n",
        "  - Later: notebooks/second.ipynb\n  - notebooks/first.ipynb\n",
    ),
    "a plugin option": lambda root: edit_config(
        root,
        '      include: ["*.ipynb"]\n',
        '      include: ["*.ipynb"]\n      highlight_extra_classes: wide\n      toc_depth: 1\n',
    ),
    "the theme": lambda root: edit_config(
        root,
        "features: [content.action.edit]",
        "features: [content.action.edit, navigation.instant]",
    ),
    "a notebook cell": lambda root: (root / "notebooks/second.ipynb").write_text(
        make_notebook(("markdown", "# Second\n\nEdited."), ("code", "2 + 2"))
    ),
    "a page's title, which every page's navigation shows": lambda root: (
        root / "docs/index.md"
    ).write_text("# Welcome\n"),
}


def test_after_each_kind_of_change_a_rebuild_gives_the_site_of_a_clean_build(tmp_path):
    """The caches reuse only what the change left as it was: after each change, the site a
    rebuild writes (caches warm from the build before) is the site a fresh clone builds."""
    (tmp_path / "warm").mkdir()
    warm = write_site_at(tmp_path / "warm", SHARED, extra=NAV)
    first = build(warm, strict=False)  # notebooks/more.md is missing: a warning
    assert "link 'more.md' points at notebooks/more.md, which does not exist" in first.stderr
    for name, change in CHANGES.items():
        change(warm)
        rebuilt = build(warm)
        assert rebuilt.returncode == 0, rebuilt.stderr
        clean = tmp_path / name.replace(" ", "-")
        shutil.copytree(warm, clean, ignore=shutil.ignore_patterns(".cache", "site"))
        assert build(clean).returncode == 0
        assert site_files(warm / "site") == site_files(clean / "site"), name


def test_rebuilds_in_one_process_as_mkdocs_serve_makes_them_give_the_site_of_a_clean_build(
    tmp_path, monkeypatch
):
    """``mkdocs serve`` rebuilds in one process, where what a page gave is also kept in
    memory: after the changes above, one rebuild after another, the site is a clean build's."""
    from mkdocs.commands.build import build as mkdocs_build_in_process
    from mkdocs.config import load_config

    (tmp_path / "served").mkdir()
    served = write_site_at(tmp_path / "served", SHARED, extra=NAV)
    monkeypatch.chdir(served)

    def rebuild() -> None:
        mkdocs_build_in_process(load_config(str(served / "mkdocs.yml")))

    # As `mkdocs serve` starts its plugins (they are kept from one load of the config to the
    # next), then as `mkdocs build` does, for the tests after this one.
    load_config(str(served / "mkdocs.yml")).plugins.on_startup(command="serve", dirty=False)
    try:
        rebuild()
        for change in CHANGES.values():
            change(served)
            rebuild()
    finally:
        load_config(str(served / "mkdocs.yml")).plugins.on_startup(command="build", dirty=False)
    clean = tmp_path / "clean"
    shutil.copytree(served, clean, ignore=shutil.ignore_patterns(".cache", "site"))
    assert build(clean).returncode == 0
    assert site_files(served / "site") == site_files(clean / "site")
