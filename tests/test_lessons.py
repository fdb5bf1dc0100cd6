"""The lesson notebooks under notebooks/: their structure.

The structure tests are fast and check what every lesson promises: a title and introduction
first, "Next steps" last, the python3 kernelspec, cell ids, lesson options, committed outputs
from a clean run, and no private metadata. Each lesson runs once, as its Colab copy, alone in
an empty folder (tests/build/test_colab_run.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from mkdocs_colab.notebook import KERNELSPEC, PRIVATE_CELL_KEYS
from mkdocs_colab.options import GPU_TYPES

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(
    path for path in NOTEBOOKS_DIR.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts
)
GPU_VALUES = (True, *GPU_TYPES)
# Lessons that need a GPU must say so, so that their Colab copy opens on a GPU runtime.
GPU_LESSONS = {"gpu-benchmark.ipynb", "first-training-run.ipynb"}
MAX_SIZE_KB = 300
CELL_TIMEOUT_S = 120
# Absolute paths from the machine a notebook ran on have no place in committed outputs.
LOCAL_PATH_MARKERS = ("/home/", "/Users/", "/root/", "/tmp/", "\\Users\\")
# nbclient skips cells with this tag (downloads, for example); Colab ignores it and runs them.
SKIP_TAG = "skip-execution"

lessons = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def output_text(cell: nbformat.NotebookNode) -> str:
    return json.dumps(cell.get("outputs", []))


def test_there_are_lessons():
    assert len(NOTEBOOKS) >= 4, NOTEBOOKS
    missing = GPU_LESSONS - {path.name for path in NOTEBOOKS}
    assert not missing, f"GPU_LESSONS names missing files: {missing}"


@lessons
def test_lesson_is_valid_nbformat_4_5(path):
    notebook = read(path)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) >= (4, 5)


@lessons
def test_lesson_starts_with_title_and_introduction(path):
    first = read(path).cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# "), "the first cell must open with a '# Title' line"
    for part in ("**Prerequisites:**", "**What you will learn**"):
        assert part in first.source, f"the first cell lacks {part}"


@lessons
def test_lesson_ends_with_next_steps(path):
    last = read(path).cells[-1]
    assert last.cell_type == "markdown"
    assert last.source.startswith("## Next steps")


@lessons
def test_lesson_uses_the_python3_kernel(path):
    assert read(path).metadata.get("kernelspec") == KERNELSPEC


@lessons
def test_every_cell_has_a_unique_id(path):
    ids = [cell.get("id") for cell in read(path).cells]
    assert all(ids), "every cell needs an id"
    assert len(ids) == len(set(ids)), "cell ids must be unique"


@lessons
def test_lesson_options(path):
    options = read(path).metadata.get("mkdocs_colab")
    assert isinstance(options, dict), "set the lesson's options in metadata 'mkdocs_colab'"
    if path.name in GPU_LESSONS:
        assert options.get("gpu") in GPU_VALUES
    for data_file in options.get("data", []):
        assert (path.parent / data_file).is_file(), f"declared data file {data_file} is missing"


@lessons
def test_no_private_metadata(path):
    notebook = read(path)
    assert "widgets" not in notebook.metadata
    assert "provenance" not in notebook.metadata.get("colab", {})
    for index, cell in enumerate(notebook.cells):
        found = [key for key in PRIVATE_CELL_KEYS if key in cell.metadata]
        assert not found, f"cell {index} ({cell.id}) has private metadata {found}"


@lessons
def test_outputs_come_from_one_clean_run(path):
    """Every code cell ran, in order, without error; outputs show no local paths.

    Cells tagged ``skip-execution`` are the exception: they must show that they did not run.
    """
    code_cells = [cell for cell in read(path).cells if cell.cell_type == "code"]
    skipped = [cell for cell in code_cells if SKIP_TAG in cell.metadata.get("tags", [])]
    code_cells = [cell for cell in code_cells if cell not in skipped]
    counts = [cell.execution_count for cell in code_cells]
    assert counts == list(range(1, len(code_cells) + 1)), (
        "run the lesson with make run-lessons LESSONS=<path> and commit the outputs"
    )
    for cell in skipped:
        assert cell.execution_count is None and not cell.outputs, f"{cell.id} is tagged {SKIP_TAG}"
    for cell in code_cells:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.id
        text = output_text(cell)
        assert not [m for m in LOCAL_PATH_MARKERS if m in text], f"local path in {cell.id}"


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if p.name in GPU_LESSONS], ids=lambda path: path.name
)
def test_gpu_lesson_outputs_state_the_device(path):
    text = " ".join(output_text(cell) for cell in read(path).cells if cell.cell_type == "code")
    assert "CPU" in text or "GPU" in text


@lessons
def test_lesson_is_small(path):
    assert path.stat().st_size < MAX_SIZE_KB * 1024
