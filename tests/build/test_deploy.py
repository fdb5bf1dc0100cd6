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


def launch_targets(site: Path) -> set[str]:
    """Path inside the published branch of every Colab, Kaggle and Studio Lab link."""
    targets = set()
    for page in site.rglob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in html.select("nav.colab-launch a[data-launch]"):
            if link["data-launch"] in ("colab", "kaggle", "studiolab"):
                targets.add(unquote(link["href"].split("/blob/gh-pages/", 1)[1]))
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
