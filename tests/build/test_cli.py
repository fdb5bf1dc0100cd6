"""The command line: check (and --fix), export, and scaffolding a new lesson."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.build.test_colab_run import run_like_colab
from tests.build.test_plugin_build import tree_hash
from tests.conftest import make_notebook, mkdocs_build

pytestmark = pytest.mark.slow

NAV = "nav:\n  - index.md\n  - Lessons:\n      - First: notebooks/first.ipynb\n"


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_colab", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


def colab_export() -> str:
    notebook = json.loads(make_notebook(("markdown", "# First"), ("code", "print(1)")))
    notebook["metadata"]["colab"] = {"provenance": [{"file_id": "abc"}]}
    notebook["cells"][1]["metadata"]["executionInfo"] = {"user": {"displayName": "Ann"}}
    del notebook["cells"][0]["id"]
    return json.dumps(notebook, indent=2)


@pytest.fixture
def site(write_site) -> Path:
    return write_site({"notebooks/first.ipynb": colab_export()}, extra=NAV)


def test_check_reports_every_finding_and_changes_nothing(site):
    before = tree_hash(site / "notebooks")
    result = cli(site, "check")
    assert result.returncode == 1
    assert "notebooks/first.ipynb, cell 0: has no cell id" in result.stderr
    assert "cell 1 (id cell-1): carries private metadata 'executionInfo'" in result.stderr
    assert "notebooks/first.ipynb: carries private metadata 'metadata.colab.provenance'" in (
        result.stderr
    )
    assert "notebooks/first.ipynb: is not formatted by ruff." not in result.stderr
    assert result.stdout.rstrip().endswith("problems: check failed.")
    assert tree_hash(site / "notebooks") == before


def test_check_fix_repairs_the_mechanical_findings_only(site):
    raw = json.loads((site / "notebooks/first.ipynb").read_text())
    source_before = ["".join(c["source"]) for c in raw["cells"]]
    fixed = cli(site, "check", "--fix")
    assert fixed.returncode == 0, fixed.stderr
    assert "check passed" in fixed.stdout
    notebook = nbformat.read(str(site / "notebooks/first.ipynb"), 4)
    assert [c.source for c in notebook.cells] == source_before
    assert "provenance" not in notebook.metadata.get("colab", {})
    assert cli(site, "check").returncode == 0


def test_check_fails_on_unsafe_output_and_the_build_refuses_it(write_site):
    notebook = json.loads(make_notebook(("markdown", "# First"), ("code", "show()")))
    notebook["cells"][1]["outputs"] = [
        {
            "output_type": "display_data",
            "metadata": {},
            "data": {"text/html": "<img src=x onerror=alert(document.cookie)>"},
        }
    ]
    root = write_site({"notebooks/first.ipynb": json.dumps(notebook)}, extra=NAV)
    result = cli(root, "check")
    assert "cell 1 (id cell-1): has an event handler onerror= on <img>" in result.stderr
    build = mkdocs_build(root)
    assert build.returncode != 0
    assert (
        "notebooks/first.ipynb, cell 1 (id cell-1): has an event handler onerror= on <img>, "
        "which could run script on the site." in build.stderr
    )


def test_export_writes_the_copies(write_site, tmp_path_factory):
    root = write_site(
        {"notebooks/first.ipynb": make_notebook(("markdown", "# First"), ("code", "1"))},
        extra=NAV,
    )
    out = tmp_path_factory.mktemp("out")
    assert cli(root, "export", "--out", str(out)).returncode == 0
    nbformat.validate(nbformat.read(str(out / "colab/notebooks/first.ipynb"), 4))


@pytest.mark.parametrize(
    ("kind", "path", "copy"),
    [
        ("notebook", "notebooks/second.ipynb", "colab/notebooks/second.ipynb"),
        ("page", "docs/guide/third.md", "colab/guide/third.ipynb"),
    ],
)
def test_new_lesson_builds_strictly_and_its_copy_runs(
    write_site, kind, path, copy, tmp_path_factory
):
    root = write_site(
        {"notebooks/first.ipynb": make_notebook(("markdown", "# First"), ("code", "1"))},
        extra=NAV,
    )
    result = cli(root, "new", kind, path, "--title", "A new lesson", "--gpu")
    assert result.returncode == 0, result.stderr
    nav_path = path.removeprefix("docs/")
    assert f"      - A new lesson: {nav_path}\n" in (root / "mkdocs.yml").read_text()
    assert cli(root, "check").returncode == 0
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    notebook = run_like_colab(root / "site" / copy, tmp_path_factory.mktemp("colab"))
    assert notebook.metadata.accelerator == "GPU"
    outputs = [o.get("text", "") for c in notebook.cells for o in c.get("outputs", [])]
    assert "Hello from the first cell\n" in outputs


def test_new_refuses_to_overwrite(site):
    result = cli(site, "new", "notebook", "notebooks/first.ipynb", "--title", "Again")
    assert result.returncode == 1
    assert "notebooks/first.ipynb already exists." in result.stderr


def test_the_command_line_builds_copies_without_a_plugin_or_its_events(site, tmp_path, monkeypatch):
    from mkdocs.plugins import BasePlugin, PluginCollection

    from mkdocs_colab import cli as command_line

    def refuse(*args, **kwargs):
        raise AssertionError("the command line must call the core, not MkDocs' plugins")

    monkeypatch.setattr(BasePlugin, "__init__", refuse)
    monkeypatch.setattr(PluginCollection, "run_event", refuse)
    monkeypatch.chdir(site)
    out = tmp_path / "copies"
    assert command_line.main(["export", "--out", str(out)]) == 0
    assert (out / "colab/notebooks/first.ipynb").is_file()
