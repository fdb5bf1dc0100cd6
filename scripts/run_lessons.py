"""Run lesson notebooks and save them with fresh outputs.

A contributor tool: the outputs committed with a lesson are what readers see on the site, so
they must come from a real run of the committed code. From the repository root:

    make run-lessons                                 # every notebook under notebooks/
    make run-lessons LESSONS=notebooks/gpu-benchmark.ipynb
    .venv/bin/python scripts/run_lessons.py notebooks/gpu-benchmark.ipynb   # the same

Each notebook runs in place in a fresh ``python3`` kernel (nbclient), with the notebook's own
folder as the current folder, so relative paths and helper imports behave as they do for a
reader; a cell may take at most 120 s (``--timeout``). After a clean run the notebook is
written back with its outputs and without private metadata: cell metadata ``executionInfo``,
``outputId`` and ``colab``, and notebook metadata ``widgets`` and ``colab.provenance``
(Colab stores user names, ids and photo URLs there). Cell ids are kept. The file is written
by nbformat: sorted keys, one-space indent, so diffs stay small.

Cells tagged ``skip-execution`` (downloads, for example) are skipped, as nbclient does by
default; they keep no outputs. Colab ignores the tag and runs them.

Each cell is reported as it finishes, and a summary ends the run. If a cell fails, runs past
the timeout, or the kernel dies, that notebook is left unchanged, the others still run, and
the script exits with status 1. Run it on the machine whose device you want the outputs to
show; the lessons print the device they ran on.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

# What ends one lesson's run but not the others: a failing cell, a cell past the timeout
# (CellTimeoutError), a kernel that died or would not start.
LESSON_FAILURES = (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError)

ROOT = Path(__file__).resolve().parent.parent
PRIVATE_CELL_KEYS = ("executionInfo", "outputId", "colab")
SKIPPED_PARTS = {".ipynb_checkpoints"}


def strip_private_metadata(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what Colab and widget libraries record about the user and the session."""
    for cell in notebook.cells:
        for key in PRIVATE_CELL_KEYS:
            cell.metadata.pop(key, None)
    notebook.metadata.pop("widgets", None)
    colab = notebook.metadata.get("colab")
    if isinstance(colab, dict):
        colab.pop("provenance", None)
        if not colab:
            del notebook.metadata["colab"]
    return notebook


def run_notebook(path: Path, timeout: int, kernel: str, report=print) -> float:
    """Execute ``path`` in place; return the seconds it took. Raises on a failing cell."""
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    code_cells = sum(cell.cell_type == "code" for cell in notebook.cells)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=kernel,
        record_timing=False,  # per-cell timestamps would change on every run
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = {}

    def cell_started(cell, cell_index, **_):
        started[cell_index] = time.perf_counter()

    def cell_finished(cell, cell_index, **_):
        if cell.cell_type == "code":
            seconds = time.perf_counter() - started[cell_index]
            report(
                f"  cell {cell_index} ({cell.get('id')}) of {len(notebook.cells)}: {seconds:.1f} s"
            )

    client.on_cell_execute = cell_started
    client.on_cell_executed = cell_finished
    report(f"running {path.name}: {code_cells} code cells")
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    strip_private_metadata(notebook)
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    return elapsed


def lesson_paths(arguments: list[str]) -> list[Path]:
    if arguments:
        return [Path(argument).resolve() for argument in arguments]
    return sorted(
        path
        for path in (ROOT / "notebooks").rglob("*.ipynb")
        if not SKIPPED_PARTS & set(path.parts)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: all lessons)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds allowed per cell")
    parser.add_argument("--kernel", default="python3", help="kernel name (default: python3)")
    options = parser.parse_args(argv)

    paths = lesson_paths(options.notebooks)
    failed = []
    for path in paths:
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        try:
            elapsed = run_notebook(path, options.timeout, options.kernel, report=_say)
        except LESSON_FAILURES as error:
            failed.append(shown)
            reason = f"{type(error).__name__}: {error}"
            print(f"FAILED {shown}; left unchanged.\n{reason}", file=sys.stderr, flush=True)
            continue
        size = path.stat().st_size / 1024
        _say(f"ran {shown} in {elapsed:.1f} s ({size:.0f} KB)")
    _say(f"{len(paths) - len(failed)} of {len(paths)} lessons ran cleanly.")
    for shown in failed:
        _say(f"  failed: {shown}")
    return 1 if failed else 0


def _say(line: str) -> None:
    print(line, flush=True)  # progress must show while a long cell runs, also through a pipe


if __name__ == "__main__":
    sys.exit(main())
