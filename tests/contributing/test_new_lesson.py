"""A contributor's first steps on a copy of this project: `make new`, then `make check` and the
lesson tests pass on the unedited lesson; the nav entry lands in the folder's section."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mkdocs_colab.errors import ColabError
from mkdocs_colab.scaffold import _yaml_key, scaffold, section_for

ROOT = Path(__file__).resolve().parents[2]
# The copy shares this checkout's virtualenv (a symlinked .venv); make must not reinstall it.
MAKE = ["make", "--no-print-directory", "-o", ".venv/.installed", "-o", ".venv/.installed-test"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the committed project (plus uncommitted work), with this .venv linked in."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    copy = tmp_path / "guide"
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    (copy / ".venv").symlink_to(Path(sys.prefix))
    return copy


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"GITHUB_REPOSITORY", "MAKEFLAGS"}}
    return subprocess.run(
        [*MAKE, *args], cwd=project, capture_output=True, text=True, timeout=600, env=env
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "name", "gpu"),
    [
        ("notebook", "notebooks/my-lesson.ipynb", ""),
        ("notebook", "notebooks/my-gpu-lesson.ipynb", "1"),
        ("page", "docs/using-colab/my-page.md", ""),
    ],
)
def test_a_new_lesson_passes_check_and_the_lesson_tests_unedited(project, kind, name, gpu):
    made = make(project, "new", f"KIND={kind}", f"NAME={name}", "TITLE=My lesson", f"GPU={gpu}")
    assert made.returncode == 0, made.stdout + made.stderr
    checked = make(project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 problems: check passed." in checked.stdout
    if kind == "notebook":
        tests = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "tests/test_lessons.py",
                "-k",
                Path(name).name,
            ],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert tests.returncode == 0, tests.stdout
        assert " passed" in tests.stdout and " failed" not in tests.stdout


@pytest.mark.slow
def test_new_files_a_page_under_the_section_of_its_folder(project):
    made = make(project, "new", "KIND=page", "NAME=docs/using-colab/my-page.md", "TITLE=My page")
    assert made.returncode == 0, made.stderr
    assert "under 'Using Colab'" in made.stdout
    nav = (project / "mkdocs.yml").read_text()
    assert "      - My page: using-colab/my-page.md\n  - Lessons:\n" in nav  # last in its section
    chosen = make(project, "new", "KIND=page", "NAME=docs/x.md", "TITLE=X", "SECTION=Using Colab")
    assert chosen.returncode == 0, chosen.stderr
    assert (
        "      - My page: using-colab/my-page.md\n      - X: x.md\n"
        in (project / "mkdocs.yml").read_text()
    )


NAV = [
    {"Home": "index.md"},
    {"Using Colab": [{"Basics": "using-colab/basics.md"}]},
    {"Lessons": [{"First": "notebooks/first.ipynb"}, {"More": [{"Deep": "deep/a.md"}]}]},
]


@pytest.mark.parametrize(
    ("nav_path", "section"),
    [
        ("using-colab/new.md", "Using Colab"),
        ("notebooks/second.ipynb", "Lessons"),
        ("deep/b.md", "Lessons"),  # a nested section's folder files under its top-level one
        ("elsewhere/c.md", "Lessons"),  # no section shares the folder: the default
        ("top.md", "Lessons"),  # top-level pages are not a section
    ],
)
def test_section_for(nav_path, section):
    assert section_for(NAV, nav_path) == section


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("First training run", "First training run"),
        ("Benchmark: CPU vs GPU", '"Benchmark: CPU vs GPU"'),
        ("Yes", '"Yes"'),  # YAML 1.1 would read a plain Yes as true
        ("# not a comment", '"# not a comment"'),
        ('Say "hi"', 'Say "hi"'),
    ],
)
def test_nav_titles_are_quoted_only_where_yaml_needs_it(title, written):
    assert _yaml_key(title) == written


def scaffold_page(root: Path, config: str, **options) -> tuple[Path, str | None]:
    (root / "mkdocs.yml").write_text(config)
    nav = yaml.safe_load(config).get("nav")
    return scaffold(
        "page",
        Path("docs/guide/page.md"),
        title="Page",
        gpu=False,
        config_file=root / "mkdocs.yml",
        docs_dir=root / "docs",
        nav=nav,
        **options,
    )


def test_a_site_without_a_nav_gets_the_page_and_an_unchanged_config(tmp_path):
    created, section = scaffold_page(tmp_path, "site_name: S\n", section=None)
    assert created.is_file() and section is None
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: S\n"


def test_a_nav_without_a_matching_section_is_an_error_naming_its_sections(tmp_path):
    config = "site_name: S\nnav:\n  - Home: index.md\n  - Guide:\n      - A: other/a.md\n"
    with pytest.raises(ColabError) as raised:
        scaffold_page(tmp_path, config, section=None)
    assert "its sections: 'Guide'" in raised.value.message and "--section" in raised.value.fix
    assert "Lessons" not in raised.value.message
    assert not (tmp_path / "docs/guide/page.md").exists()
    assert (tmp_path / "mkdocs.yml").read_text() == config
