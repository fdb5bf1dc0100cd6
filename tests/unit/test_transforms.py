"""The other transforms: cell selection, cleaning, runtime metadata, helpers, setup cells."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import nbformat
import pytest

from mkdocs_colab.errors import ColabError
from mkdocs_colab.notebook import parse_notebook, write_notebook
from mkdocs_colab.options import LessonOptions
from mkdocs_colab.transforms import CopyContext, make_colab_ready
from mkdocs_colab.transforms.cells import select_cells
from mkdocs_colab.transforms.clean import clean
from mkdocs_colab.transforms.companions import (
    colab_distributions,
    import_names,
    imported_names,
    inline_helpers,
    run_scripts,
    warn_undeclared_data,
)
from mkdocs_colab.transforms.runtime import set_runtime
from mkdocs_colab.transforms.setup import add_setup_cells
from tests.conftest import make_notebook

SITE = "https://octo.github.io/lessons/"


def context(root: Path, **overrides) -> CopyContext:
    fields = dict(
        source=root / "notebooks/lesson.ipynb",
        shown_as="notebooks/lesson.ipynb",
        project_root=root,
        title="Lesson",
        page_url=SITE + "notebooks/lesson/",
        source_url="https://github.com/octo/lessons/blob/main/notebooks/lesson.ipynb",
        published_url=lambda p: SITE + p.relative_to(root).as_posix(),
    )
    return CopyContext(**{**fields, **overrides})


def notebook(*cells, **metadata) -> nbformat.NotebookNode:
    return parse_notebook(make_notebook(*cells, **metadata), shown_as="notebooks/lesson.ipynb")


def tagged(source: str, *tags: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)})


# -- cells ---------------------------------------------------------------------------------


def test_site_only_cells_are_dropped_and_colab_only_cells_kept(tmp_path):
    nb = notebook(tagged("a", "site-only"), tagged("b", "colab-only"), tagged("c"))
    assert [c.source for c in select_cells(nb, context(tmp_path)).cells] == ["b", "c"]


def test_tags_are_configurable(tmp_path):
    nb = notebook(tagged("a", "web"), tagged("b", "site-only"))
    kept = select_cells(nb, context(tmp_path, tag_site_only="web")).cells
    assert [c.source for c in kept] == ["b"]


# -- clean ---------------------------------------------------------------------------------


def test_outputs_counts_and_private_metadata_are_removed(tmp_path):
    code = nbformat.v4.new_code_cell(
        "print(1)",
        execution_count=3,
        id="cell-0",
        outputs=[nbformat.v4.new_output("stream", text="1\n")],
        metadata={
            "executionInfo": {"user": {"displayName": "Ann", "userId": "42"}},
            "outputId": "abc",
            "colab": {"base_uri": "https://x"},
            "tags": ["keep"],
            "jupyter": {"source_hidden": True},
            "vscode": {"languageId": "python"},
        },
    )
    nb = notebook(
        code,
        colab={"provenance": [{"file_id": "1"}], "name": "x.ipynb", "toc_visible": True},
        widgets={"application/vnd.jupyter.widget-state+json": {}},
        mkdocs_colab={"gpu": True},
        kernelspec={"name": "python3", "display_name": "Python 3"},
    )
    cleaned = clean(nb, context(tmp_path))
    cell = cleaned.cells[0]
    assert (cell.outputs, cell.execution_count) == ([], None)
    assert cell.metadata == {"tags": ["keep"], "jupyter": {"source_hidden": True}}
    assert cell.id == "cell-0"
    assert cleaned.metadata == {
        "colab": {"name": "x.ipynb", "toc_visible": True},
        "kernelspec": {"name": "python3", "display_name": "Python 3"},
    }


# -- runtime -------------------------------------------------------------------------------

RUNTIMES = [
    (LessonOptions(), {}),
    (LessonOptions(gpu="T4"), {"accelerator": "GPU", "gpuType": "T4"}),
    (LessonOptions(gpu="A100"), {"accelerator": "GPU", "gpuType": "A100"}),
]


def test_an_r_notebook_keeps_its_kernel_and_gets_no_python_cells(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks/helper.py").write_text("X = 1\n")
    r_kernel = {"name": "ir", "display_name": "R", "language": "R"}
    nb = notebook(
        ("code", "library(helper)\nx <- 1"), kernelspec=r_kernel, language_info={"name": "R"}
    )
    ctx = context(tmp_path, options=LessonOptions(gpu="T4"))
    copy = make_colab_ready(nb, ctx)
    assert copy.metadata.kernelspec == r_kernel and copy.metadata.language_info.name == "R"
    assert [c.id for c in copy.cells] == ["colab-header", "cell-0"]
    assert copy.metadata.accelerator == "GPU"


def test_an_r_notebook_asking_for_python_setup_is_refused_naming_the_options(tmp_path):
    r_kernel = {"name": "ir", "display_name": "R", "language": "R"}
    nb = notebook(("code", "x <- 1"), kernelspec=r_kernel)
    ctx = context(tmp_path, options=LessonOptions(requirements=("ggplot2",)))
    with pytest.raises(ColabError, match=r"declares 'requirements', but its kernel is 'R'"):
        make_colab_ready(nb, ctx)


@pytest.mark.parametrize(("options", "expected"), RUNTIMES, ids=str)
def test_runtime_metadata(tmp_path, options, expected):
    nb = notebook(("code", "1"), kernelspec={"name": "conda-env-x", "display_name": "x"})
    metadata = set_runtime(nb, context(tmp_path, options=options)).metadata
    assert metadata.kernelspec.name == "python3"
    assert metadata.colab.name == "lesson.ipynb"
    assert metadata.get("accelerator") == expected.get("accelerator")
    assert metadata.colab.get("gpuType") == expected.get("gpuType")


# -- companions ----------------------------------------------------------------------------

IMPORTS = [
    ("import helper", ["helper"]),
    ("import numpy as np, helper", ["numpy", "helper"]),
    ("from helpers.plots import line", ["helpers.plots"]),
    ("from . import sibling", []),
    ("%matplotlib inline\nimport helper", ["helper"]),
    ("!pip install x\nfiles = !ls\nimport helper", ["helper"]),
    ("%%bash\nimport helper", []),
    ("if True:\n    import helper", ["helper"]),
    ("def f(:", []),
    ("%%time\nimport helper", ["helper"]),
    ("%%capture --no-stderr\nimport helper", ["helper"]),
    ("import helper\nhelper.greet?", ["helper"]),
    ("??helper\nimport numpy", ["numpy"]),
    ("%%writefile helper.py\nimport os", []),
]


@pytest.mark.parametrize(("code", "names"), IMPORTS)
def test_imported_names(code, names):
    assert imported_names(code) == names


RUNS = [
    ("%run setup_env.py", ["setup_env.py"]),
    ("%run -i scripts/prepare.py\nx = 1", ["scripts/prepare.py"]),
    ("%run /abs/elsewhere.py", []),
    ("%run other_notebook.ipynb", []),
    ("%%bash\n%run not_python.py", []),
    ("%%capture\n%run quiet.py", ["quiet.py"]),
]


@pytest.mark.parametrize(("code", "paths"), RUNS)
def test_run_scripts(code, paths):
    assert run_scripts(code) == paths


@pytest.fixture
def helpers(tmp_path: Path) -> Path:
    files = {
        "notebooks/helper.py": "def greet():\n    return 'hi'\n",
        "notebooks/plots/__init__.py": "from .core import line\n",
        "notebooks/plots/core.py": "import helper\n\ndef line():\n    return helper.greet()\n",
        "lib/shared.py": "VALUE = 1\n",
        "notebooks/going_modular/engine.py": "from going_modular import utils\n",
        "notebooks/going_modular/utils.py": "import math\n",
        "notebooks/setup_env.py": "import helper\nGREETING = helper.greet()\n",
        "notebooks/data/births.csv": "year,births\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def sources(nb) -> list[str]:
    return [c.source.splitlines()[0] for c in nb.cells]


def test_helper_is_written_before_first_use(helpers):
    nb = notebook(("code", "x = 1"), ("code", "import helper"), ("code", "import helper as h"))
    result = inline_helpers(nb, context(helpers))
    assert sources(result) == [
        "x = 1",
        "%%writefile helper.py",
        "import helper",
        "import helper as h",
    ]
    assert result.cells[1].source == "%%writefile helper.py\ndef greet():\n    return 'hi'"


def test_packages_and_their_local_imports_come_first(helpers):
    result = inline_helpers(notebook(("code", "from plots import line")), context(helpers))
    assert sources(result) == [
        "%%writefile helper.py",
        "import os",
        "%%writefile plots/__init__.py",
        "%%writefile plots/core.py",
        "from plots import line",
    ]
    assert 'for folder in ("plots",):' in result.cells[1].source


def test_helpers_dirs_are_searched(helpers):
    ctx = context(helpers, helpers_dirs=(helpers / "lib",))
    assert sources(inline_helpers(notebook(("code", "import shared")), ctx))[0] == (
        "%%writefile shared.py"
    )
    assert ctx.report.warnings == []


def test_a_namespace_package_is_written_whole(helpers):
    ctx = context(helpers)
    result = inline_helpers(notebook(("code", "from going_modular import engine")), ctx)
    assert sources(result) == [
        "import os",
        "%%writefile going_modular/engine.py",
        "%%writefile going_modular/utils.py",
        "from going_modular import engine",
    ]
    assert ctx.report.warnings == []


def test_a_script_run_with_percent_run_is_written_with_what_it_imports(helpers):
    ctx = context(helpers)
    result = inline_helpers(notebook(("code", "%run setup_env.py\nprint(GREETING)")), ctx)
    assert sources(result) == [
        "%%writefile helper.py",
        "%%writefile setup_env.py",
        "%run setup_env.py",
    ]


def test_a_module_the_notebook_writes_is_neither_inlined_nor_warned_about(helpers):
    ctx = context(helpers)
    nb = notebook(("code", "import shapes, helper"), ("code", "%%writefile shapes.py\nX = 1"))
    (helpers / "notebooks/shapes.py").write_text("X = 0\n")  # the notebook's own wins
    assert sources(inline_helpers(nb, ctx)) == [
        "%%writefile helper.py",
        "import shapes, helper",
        "%%writefile shapes.py",
    ]
    assert ctx.report.warnings == []


def test_an_unknown_import_warns_once_per_notebook_at_its_first_cell(helpers):
    ctx = context(helpers)
    code = "import not_a_real_module_xyz.sub\nfrom not_a_real_module_xyz import y"
    inline_helpers(notebook(("code", "1"), ("code", code), ("code", code)), ctx)
    [warning] = ctx.report.warnings
    assert warning.startswith("notebooks/lesson.ipynb, cell 1 (id cell-1)")
    assert "not a helper module beside the lesson or in helpers_dirs" in warning


INSTALLED_BY_THE_NOTEBOOK = [
    "!pip install -q evaluate_xyz\nimport evaluate_xyz",
    "%pip install --upgrade 'evaluate-xyz>=0.4' other\nimport evaluate_xyz",
    "!python -m pip install evaluate_xyz==1.0\n",
]


@pytest.mark.parametrize("install", INSTALLED_BY_THE_NOTEBOOK)
def test_a_package_the_notebook_installs_itself_needs_no_warning(helpers, install):
    ctx = context(helpers)
    inline_helpers(notebook(("code", install), ("code", "from evaluate_xyz import load")), ctx)
    assert ctx.report.warnings == []


SHIPPED = [
    "import transformers",
    "import tensorflow as tf",
    "import cv2",
    "from sklearn import svm",
]


@pytest.mark.parametrize("code", SHIPPED)
def test_packages_colab_ships_need_no_warning(helpers, code):
    ctx = context(helpers)
    inline_helpers(notebook(("code", code)), ctx)
    assert ctx.report.warnings == []


def test_the_list_of_what_colab_ships_is_dated_with_its_source():
    import importlib.resources

    text = importlib.resources.files("mkdocs_colab").joinpath("data/colab-packages.txt")
    header = text.read_text("utf-8").splitlines()[:3]
    assert header[0].startswith("# Distributions Colab's runtime ships, as of 20")
    assert "googlecolab/backend-info" in header[1] and "scripts/colab_packages.py" in header[2]
    assert {"torch", "tensorflow", "transformers", "pandas"} <= colab_distributions()


IMPORT_NAMES_OF = [("scikit-learn", "sklearn"), ("Pillow", "PIL"), ("nbformat", "nbformat")]


@pytest.mark.parametrize(("distribution", "name"), IMPORT_NAMES_OF)
def test_import_names_of_a_distribution(distribution, name):
    assert name in import_names(distribution)


DATA_READS = [
    # (cell, the warning's start, or None)
    ("import csv\nrows = list(csv.reader(open('data/births.csv')))", "cell 0 (id cell-0): reads"),
    ("import pandas as pd\npd.read_csv(filepath_or_buffer='./data/births.csv')", "reads"),
    ("%%time\nopen('data/births.csv').read()", "reads"),
    ("open('data/missing.csv')", None),
    ("open('https://example.org/data/births.csv')", None),
    ("print('data/births.csv')\n# the path is only shown", "reads"),  # a call's argument
    ("path = 'data/births.csv'", None),
]


@pytest.mark.parametrize(("code", "warning"), DATA_READS)
def test_a_relative_read_of_an_undeclared_file_beside_the_lesson_warns(helpers, code, warning):
    ctx = context(helpers)
    warn_undeclared_data(notebook(("code", code), ("code", code)), ctx)
    if warning is None:
        assert ctx.report.warnings == []
    else:
        [message] = ctx.report.warnings  # once per file, not once per cell
        assert warning in message and "data/births.csv" in message
        assert "'data' option" in message


def test_a_declared_data_file_needs_no_warning(helpers):
    ctx = context(helpers, options=LessonOptions(data=("data/births.csv",)))
    warn_undeclared_data(notebook(("code", "open('data/births.csv')")), ctx)
    assert ctx.report.warnings == []


UNKNOWN = [
    ("import not_a_real_module_xyz", True),
    ("import json, os.path", False),
    ("from google.colab import drive", False),
    ("import nbformat", False),
]


@pytest.mark.parametrize(("code", "warns"), UNKNOWN)
def test_unknown_imports_warn_naming_the_cell(helpers, code, warns):
    ctx = context(helpers)
    inline_helpers(notebook(("code", code)), ctx)
    assert bool(ctx.report.warnings) == warns
    if warns:
        assert ctx.report.warnings[0].startswith("notebooks/lesson.ipynb, cell 0 (id cell-0)")


def test_declared_requirements_silence_the_warning(helpers):
    ctx = context(helpers, options=LessonOptions(requirements=("scikit-learn-nope>=1",)))
    inline_helpers(notebook(("code", "import scikit_learn_nope")), ctx)
    assert ctx.report.warnings == []


@pytest.mark.parametrize(
    "writes", ["%%writefile {project}/own_helper.py", "%%writefile $project/own_helper.py"]
)
def test_a_module_written_into_a_folder_named_by_a_variable_is_no_unknown_import(helpers, writes):
    """The notebook puts that folder on sys.path and imports the module with a plain import."""
    ctx = context(helpers)
    inline_helpers(notebook(("code", f"{writes}\nVALUE = 1"), ("code", "import own_helper")), ctx)
    assert ctx.report.warnings == []


# -- setup ---------------------------------------------------------------------------------


def test_setup_cells_in_order(helpers):
    (helpers / "notebooks/data").mkdir(exist_ok=True)
    (helpers / "notebooks/data/a.csv").write_text("x\n")
    options = LessonOptions(gpu="T4", requirements=("torch>=2",), data=("data/a.csv",))
    result = add_setup_cells(notebook(("code", "1")), context(helpers, options=options))
    assert [c.id for c in result.cells] == [
        "colab-header",
        "colab-gpu-check",
        "colab-install",
        "colab-data",
        "cell-0",
    ]
    header, gpu, install, data = (c.source for c in result.cells[:4])
    assert f"[Lesson]({SITE}notebooks/lesson/)" in header
    assert "Runtime > Change runtime type" in gpu and "T4" in gpu
    assert '"torch>=2",' in install
    assert f'"data/a.csv": "{SITE}notebooks/data/a.csv",' in data


def test_only_the_header_without_options(helpers):
    result = add_setup_cells(notebook(("code", "1")), context(helpers))
    assert [c.id for c in result.cells] == ["colab-header", "cell-0"]


def test_missing_data_file_is_an_error(helpers):
    options = LessonOptions(data=("data/none.csv",))
    with pytest.raises(ColabError, match=r"data file 'data/none\.csv' .* does not exist"):
        add_setup_cells(notebook(("code", "1")), context(helpers, options=options))


def test_generated_cells_are_valid_python(helpers):
    (helpers / "notebooks/d.csv").write_text("x\n")
    options = LessonOptions(gpu="L4", requirements=("a>=1", "b"), data=("d.csv",))
    result = add_setup_cells(notebook(("code", "1")), context(helpers, options=options))
    for cell in result.cells[1:4]:
        compile(cell.source, cell.id, "exec")


# -- the whole pipeline --------------------------------------------------------------------


def test_copy_is_deterministic_and_valid(helpers):
    source = notebook(
        ("markdown", "# Lesson"), ("code", "import helper"), mkdocs_colab={"gpu": True}
    )

    def copy() -> str:
        ctx = context(helpers, options=LessonOptions(gpu="T4"))
        return write_notebook(make_colab_ready(deepcopy(source), ctx))

    first = copy()
    assert first == copy()
    nbformat.validate(nbformat.reads(first, as_version=4))


def test_a_data_file_over_the_limit_is_an_error_naming_file_size_and_option(helpers):
    (helpers / "notebooks/big.csv").write_bytes(b"x" * 2_000)
    options = LessonOptions(data=("big.csv",))
    small = context(helpers, options=options, data_max_bytes=1_000)
    with pytest.raises(ColabError, match=r"'big\.csv' is 0\.002 MB, over the 0\.001 MB limit") as e:
        add_setup_cells(notebook(("code", "1")), small)
    assert "data_max_mb" in e.value.message
    roomy = context(helpers, options=options, data_max_bytes=2_000)
    assert "big.csv" in add_setup_cells(notebook(("code", "1")), roomy).cells[1].source
