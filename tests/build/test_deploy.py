"""Deploy with ``mkdocs gh-deploy`` to a local bare repository: every launch link resolves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from tests.build.test_plugin_build import FILES, NAV

pytestmark = pytest.mark.slow

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def run(*args: str, cwd: Path) -> str:
    env = {**os.environ, **GIT_ENV}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{args}: {result.stderr}"
    return result.stdout


def launch_targets(site: Path, ref: str = "gh-pages") -> set[str]:
    """Path inside the published branch of every Colab, Kaggle and Studio Lab link."""
    targets = set()
    for page in site.rglob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in html.select("nav.colab-launch a[data-launch]"):
            if link["data-launch"] in ("colab", "kaggle", "studiolab"):
                targets.add(unquote(link["href"].split(f"/blob/{ref}/", 1)[1]))
    return targets


def test_every_launch_link_exists_on_the_deployed_branch(write_site, tmp_path_factory):
    root = write_site(FILES, extra=NAV)
    remote = tmp_path_factory.mktemp("remote") / "lessons.git"
    run("git", "init", "--bare", "-q", str(remote), cwd=root)
    run("git", "init", "-q", "-b", "main", cwd=root)
    (root / ".gitignore").write_text("site/\n.cache/\n")
    run("git", "add", ".", cwd=root)
    run("git", "commit", "-qm", "lessons", cwd=root)
    run("git", "remote", "add", "origin", str(remote), cwd=root)

    run(sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "--strict", cwd=root)

    published = set(run("git", "ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split("\n"))
    targets = launch_targets(root / "site")
    assert targets == {
        "colab/notebooks/lesson.ipynb",
        "colab/guide/inside.ipynb",
        "colab/guide/check.ipynb",
    }
    assert targets <= published
    assert "notebooks/images/plot.png" in published


def test_a_host_without_gh_pages_gets_working_links_from_a_copies_branch(
    write_site, tmp_path_factory
):
    """Read the Docs, Netlify or GitHub's Pages artifact publish the site but no branch: the
    documented CI step exports the copies and pushes them to the branch named by launch_ref."""
    root = write_site(FILES, colab={"launch_ref": "colab-copies"}, extra=NAV)
    remote = tmp_path_factory.mktemp("remote") / "lessons.git"
    run("git", "init", "--bare", "-q", str(remote), cwd=root)
    run("git", "init", "-q", "-b", "main", cwd=root)
    run("git", "remote", "add", "origin", str(remote), cwd=root)

    run(sys.executable, "-m", "mkdocs_colab", "export", "--out", "copies", cwd=root)
    ghp_import = Path(sys.executable).parent / "ghp-import"
    run(
        str(ghp_import),
        "--no-jekyll",
        "--push",
        "--force",
        "-b",
        "colab-copies",
        "copies",
        cwd=root,
    )
    run(sys.executable, "-m", "mkdocs", "build", "--strict", cwd=root)

    published = set(
        run("git", "ls-tree", "-r", "--name-only", "colab-copies", cwd=remote).split("\n")
    )
    targets = launch_targets(root / "site", ref="colab-copies")
    assert len(targets) == 3
    assert targets <= published
