"""A site written from scratch, as a new user writes it: `- colab` and nothing of this guide's
(no overrides, no stylesheet, no notebooks/ folder). What works without configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import make_notebook, mkdocs_build

pytestmark = pytest.mark.slow

COLAB = "https://colab.research.google.com/github/octo/lessons/blob/gh-pages/colab/demo.ipynb"


def fresh_site(
    root: Path, *, theme: str = "mkdocs", colab: str = "", plugins: str = "  - mkdocs-jupyter\n"
) -> Path:
    (root / "mkdocs.yml").write_text(
        "site_name: Demo\n"
        "site_url: https://octo.github.io/lessons/\n"
        "repo_url: https://github.com/octo/lessons\n"
        f"theme:\n  name: {theme}\n"
        f"plugins:\n  - colab{colab}\n{plugins}",
        encoding="utf-8",
    )
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (root / "docs/demo.ipynb").write_text(
        make_notebook(("markdown", "# Demo"), ("code", "print(1)")), encoding="utf-8"
    )
    return root


def bar(root: Path) -> BeautifulSoup | None:
    html = (root / "site/demo/index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("h1 + nav.colab-launch")


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs", "material"])
def test_every_theme_gets_the_launch_bar_under_the_title(tmp_path, theme):
    site = fresh_site(tmp_path, theme=theme)
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    launch = bar(site)
    assert launch is not None, "the bar follows the notebook's title"
    assert launch.select_one("a[data-launch=colab]")["href"] == COLAB
    assert launch.select_one("a[data-launch=download]")["href"] == "../colab/demo.ipynb"
    page = BeautifulSoup((site / "site/demo/index.html").read_text(), "html.parser")
    assert page.select_one('link[href$="assets/colab/launch.css"]')
    assert (site / "site/assets/colab/launch.css").is_file()


def test_github_repository_of_a_ci_run_does_not_move_the_links(tmp_path):
    site = fresh_site(tmp_path)
    result = mkdocs_build(site, env={"GITHUB_REPOSITORY": "octo/monorepo"})
    assert result.returncode == 0, result.stderr
    assert bar(site).select_one("a[data-launch=colab]")["href"] == COLAB


def test_the_bar_can_be_switched_off(tmp_path):
    site = fresh_site(tmp_path, colab=":\n      launch_bar: false")
    assert mkdocs_build(site).returncode == 0
    html = (site / "site/demo/index.html").read_text(encoding="utf-8")
    assert "colab-launch" not in html
    assert (site / "site/colab/demo.ipynb").is_file(), "the copy is still written"


def test_a_site_template_of_the_same_name_replaces_the_bar(tmp_path):
    site = fresh_site(tmp_path, theme="mkdocs\n  custom_dir: overrides")
    (site / "overrides/partials").mkdir(parents=True)
    (site / "overrides/partials/colab-launch.html").write_text(
        '<nav class="colab-launch"><a class="mine" href="{{ page.meta.colab.colab }}">Run</a></nav>'
    )
    assert mkdocs_build(site).returncode == 0
    assert bar(site).select_one("a.mine")["href"] == COLAB


def test_without_a_notebook_renderer_the_build_says_what_to_install(tmp_path):
    site = fresh_site(tmp_path, plugins="")
    result = mkdocs_build(site)
    assert result.returncode == 1
    assert "Colab copies are written for demo.ipynb, but no plugin renders notebooks" in (
        result.stderr
    )
    assert "pip install mkdocs-jupyter" in result.stderr


def test_a_named_notebooks_folder_must_exist(tmp_path):
    site = fresh_site(tmp_path, colab=":\n      notebooks_dir: lessons")
    result = mkdocs_build(site)
    assert result.returncode == 1
    assert "notebooks_dir 'lessons' is not a folder" in result.stderr
