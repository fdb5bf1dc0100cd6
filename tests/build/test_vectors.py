"""Every script-carrying vector is found by the check and refused by the strict build, which
agree on each one; the site that publishes sanitized carries none of them (tests/browser opens
its pages)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import cli, mkdocs_build, write_site_at
from tests.vectors import INERT, corpus, site_files

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def vector_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site_at(tmp_path_factory.mktemp("vectors"), site_files())


def flagged(log: str, marker: str, name: str) -> set[str]:
    """The files named (by the pattern ``name``) in the messages of ``log`` holding ``marker``;
    a message's "How to fix" line follows it, indented."""
    return {
        found.group(1)
        for message in re.split(r"\n(?=\S)", log)
        if marker in message and (found := re.search(name, message))
    }


def test_check_and_the_strict_build_refuse_the_same_vectors(vector_site):
    check = cli(vector_site, "check")
    build = mkdocs_build(vector_site)
    assert check.returncode == 1 and build.returncode == 1
    assert "Traceback" not in check.stderr + build.stderr
    by_check = flagged(check.stderr, "must not run script", r"^ERROR +- +([\w/.-]+?)[:,]")
    in_site = flagged(build.stderr, "could run script", r"mkdocs_colab: ([\w/.-]+?)[:,]")
    # The check names files in the repository, the build by their path in the site.
    by_build = {n if n.startswith("notebooks/") else f"docs/{n}" for n in in_site}
    vectors = set(corpus())
    assert by_check == by_build
    # Markup carriers (HTML outputs, notebook carriers) are refused whole: nothing renders them
    # harmless first.
    assert {v for v in vectors if not v.startswith("docs/")} <= by_check
    # Of the Markdown pages, what the page renderer does not already escape is refused.
    assert len(by_check & vectors) >= 60
    assert not by_check & set(INERT), "what cannot run is published (escaped, or as an image)"
