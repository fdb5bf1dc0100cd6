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
from tests.conftest import cli, make_notebook, matplotlib_svg, mkdocs_build

pytestmark = pytest.mark.slow

NAV = "nav:\n  - index.md\n  - Lessons:\n      - First: notebooks/first.ipynb\n"


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


def test_check_reports_an_unformatted_notebook_once(write_site):
    unformatted = make_notebook(("markdown", "# First"), ("code", "x=1"), ("code", "y=[1,2]"))
    root = write_site({"notebooks/first.ipynb": unformatted}, extra=NAV)
    result = cli(root, "check")
    assert result.returncode == 1
    assert result.stderr.count("notebooks/first.ipynb: is not formatted by ruff.") == 1


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


def test_export_warns_of_a_page_with_nothing_to_run_and_writes_the_rest(
    write_site, tmp_path_factory
):
    root = write_site(
        {
            "notebooks/first.ipynb": make_notebook(("markdown", "# First"), ("code", "1")),
            "docs/prose.md": "---\ncolab: true\n---\n\n# Only prose\n",
        },
        extra=NAV,
    )
    out = tmp_path_factory.mktemp("out")
    result = cli(root, "export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "warning: docs/prose.md:1: has no runnable Python code block" in result.stderr
    assert (out / "colab/notebooks/first.ipynb").is_file()
    assert not (out / "colab/prose.ipynb").exists()


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
    assert result.returncode == 2
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


# -- conventions: where -f goes, exit codes, names, formats -----------------------------------


def test_config_file_goes_before_or_after_the_command(site, tmp_path_factory):
    (site / "mkdocs.yml").rename(site / "other.yml")
    elsewhere = tmp_path_factory.mktemp("cwd")
    for args in (("-f", "other.yml", "check"), ("check", "-f", "other.yml")):
        result = cli(site, *args)
        assert result.returncode == 1, result.stderr  # the fixture's findings, not "no config"
        assert "has no cell id" in result.stderr
    config = str(site / "other.yml")
    assert cli(elsewhere, "check", "--config-file", config).returncode == 1


EXIT_CODES = [
    # what is run, in a site whose first notebook has findings; the exit status
    (("check",), 1),
    (("check", "-f", "missing.yml"), 2),
    (("export",), 2),  # --out is required
    (("frobnicate",), 2),
    (("new", "notebook", "notebooks/first.ipynb", "--title", "Again"), 2),
]


@pytest.mark.parametrize(("args", "code"), EXIT_CODES, ids=[" ".join(a) for a, _ in EXIT_CODES])
def test_exit_status_is_0_ok_1_findings_2_usage_or_config(site, args, code):
    assert cli(site, *args).returncode == code


def test_an_invalid_plugin_option_is_a_configuration_error(write_site):
    root = write_site({}, colab={"copy_images": "sideways"})
    result = cli(root, "check")
    assert result.returncode == 2
    assert "the colab plugin's option 'copy_images' is invalid" in result.stderr


def test_the_script_says_its_name_and_version():
    from mkdocs_colab import __version__

    script = Path(sys.executable).parent / "mkdocs-colab"
    version = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"mkdocs-colab {__version__}"
    usage = subprocess.run([script], capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and usage.stderr.startswith("usage: mkdocs-colab ")


def test_check_annotates_for_github_actions(site):
    result = cli(site, "check", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "::error file=notebooks/first.ipynb,title=mkdocs-colab check::cell 0: has no cell id"
        in "\n".join(lines)
    )
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == 3 and all("%0A  How to fix: " in a for a in annotations)
    assert lines[-1].endswith("problems: check failed.")


def test_check_reports_json(site):
    result = cli(site, "check", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["passed"] is False and report["files"] == 2  # the lesson and index.md
    first = report["problems"][0]
    assert (first["level"], first["file"], first["cell_index"]) == (
        "error",
        "notebooks/first.ipynb",
        0,
    )
    assert first["problem"] == "has no cell id (nbformat 4.5)." and first["fix"]


def test_a_cache_in_the_sources_stops_check_and_build_with_a_message(write_site):
    root = write_site({"docs/keep.json": "{}"}, colab={"cache_dir": "docs"})
    checked = cli(root, "check")
    assert checked.returncode == 2
    assert "cache_dir 'docs' overlaps the project or its sources" in checked.stderr
    built = mkdocs_build(root)
    assert built.returncode != 0 and "Traceback" not in built.stderr
    assert "cache_dir 'docs' overlaps the project or its sources" in built.stderr
    assert (root / "docs/keep.json").read_text() == "{}"


@pytest.mark.parametrize("place", ["notebooks/data/secret.txt", "docs/images/secret.png"])
def test_a_link_out_of_the_project_stops_check_and_build_naming_link_and_target(
    write_site, tmp_path_factory, place
):
    outside = tmp_path_factory.mktemp("elsewhere") / "private.txt"
    outside.write_text("not for the site")
    root = write_site({"notebooks/first.ipynb": make_notebook(("code", "print(1)"))}, extra=NAV)
    link = root / place
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside)
    said = f"{place.removeprefix('docs/')} -> {outside}"
    checked = cli(root, "check")
    assert checked.returncode == 2 and said in checked.stderr  # the site cannot be loaded
    built = mkdocs_build(root)
    assert built.returncode != 0 and said in built.stderr and "Traceback" not in built.stderr
    assert not any((root / "site").rglob("*secret*"))  # nothing of the target published


SCRIPTED_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("notebooks/demo.html", "<p>hi</p>", "notebooks/demo.html is a file a browser runs"),
        ("notebooks/lib/app.js", "alert(1)", "notebooks/lib/app.js is a file a browser runs"),
        ("notebooks/img/x.svg", SCRIPTED_SVG, "notebooks/img/x.svg is an SVG image that can run"),
        ("docs/demo.html", "<p>hi</p>", "docs/demo.html: is a file a browser runs; published"),
        ("docs/js/app.js", "alert(1)", "docs/js/app.js: is a file a browser runs; published"),
        ("docs/img/x.svg", SCRIPTED_SVG, "docs/img/x.svg: is an SVG image that can run script"),
    ],
)
def test_an_active_file_the_site_does_not_name_stops_check_and_build(
    write_site, name, content, said
):
    root = write_site({name: content, "notebooks/first.ipynb": make_notebook(("code", "1"))})
    checked = cli(root, "check")
    assert checked.returncode != 0 and said in checked.stderr
    built = mkdocs_build(root)
    assert built.returncode != 0 and said in built.stderr and "Traceback" not in built.stderr


def test_active_files_the_site_names_are_published(write_site):
    extra = "extra_javascript:\n  - js/app.js\n  - path: js/module.mjs\n    type: module\n"
    files = {
        "docs/js/app.js": "console.log(1)",
        "docs/js/module.mjs": "export {}",
        "docs/google0123.html": "google-site-verification: google0123.html",
        "notebooks/first.ipynb": make_notebook(("code", "1")),
    }
    root = write_site(files, extra=extra)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - colab/policy\n", "  - colab/policy:\n      trusted_files: ['google*.html']\n"
        )
    )
    assert cli(root, "check").returncode == 0
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    assert (root / "site/google0123.html").is_file()


def test_a_plot_saved_as_svg_beside_the_lessons_is_published(write_site):
    root = write_site(
        {"notebooks/img/plot.svg": matplotlib_svg(), "notebooks/first.ipynb": make_notebook()}
    )
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    assert (root / "site/notebooks/img/plot.svg").is_file()


@pytest.mark.parametrize("folder", ["notebooks", "helpers"])
def test_a_key_in_a_helper_module_is_refused_by_check_and_build_with_its_line(write_site, folder):
    key = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc"  # assembled: no key in this file
    helper = f"import os\n\nSTRIPE = {key!r}\n"
    lesson = make_notebook(("code", "import helper\n\nprint(helper.STRIPE)\n"))
    root = write_site(
        {f"{folder}/helper.py": helper, "notebooks/first.ipynb": lesson},
        colab={"helpers_dirs": ["helpers"]},
    )
    said = f"{folder}/helper.py:3: contains what looks like a Stripe live key"
    checked = cli(root, "check")
    assert checked.returncode == 1 and said in checked.stderr
    built = mkdocs_build(root)
    assert built.returncode != 0 and said in built.stderr and "Traceback" not in built.stderr
    assert key not in checked.stderr + built.stderr


def test_a_helper_module_linked_from_outside_the_project_is_refused(write_site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "private.py"
    outside.write_text("PRIVATE = 'not for the copies'\n")
    lesson = make_notebook(("code", "import util\n\nprint(util.PRIVATE)\n"))
    root = write_site({"notebooks/first.ipynb": lesson}, colab={"helpers_dirs": ["helpers"]})
    (root / "helpers").mkdir()
    (root / "helpers/util.py").symlink_to(outside)
    said = f"helper module 'util': helpers/util.py is a link to {outside}, outside the project."
    checked = cli(root, "check")
    assert checked.returncode == 1 and said in checked.stderr
    built = mkdocs_build(root)
    assert built.returncode != 0 and said in built.stderr and "Traceback" not in built.stderr
    assert not any("not for the copies" in p.read_text() for p in (root / "site").rglob("*.ipynb"))


def test_data_max_mb_reaches_the_copies(write_site):
    lesson = make_notebook(("code", "1"), mkdocs_colab={"data": ["big.csv"]})
    files = {"notebooks/first.ipynb": lesson, "notebooks/big.csv": "x" * 2_000}
    root = write_site(files, colab={"data_max_mb": 0.001})
    checked = cli(root, "check")
    assert checked.returncode == 1
    assert "data file 'big.csv' is 0.002 MB, over the 0.001 MB limit" in checked.stderr
