"""scripts/run_lessons.py: progress per cell, a summary, and one bad lesson never stops the rest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.conftest import make_notebook

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "run_lessons.py"
LESSONS = {
    "good.ipynb": ("print('fine')",),
    "slow.ipynb": ("import time\ntime.sleep(30)",),  # past the 3 s timeout
    "dies.ipynb": ("import os\nos._exit(1)",),  # the kernel process ends mid-cell
    "fails.ipynb": ("1 / 0",),
}


def run(folder: Path) -> subprocess.CompletedProcess:
    paths = [str(folder / name) for name in LESSONS]
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--timeout", "3", *paths],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_each_bad_lesson_is_reported_and_the_others_still_run(tmp_path):
    for name, sources in LESSONS.items():
        cells = [("markdown", "# Lesson"), *(("code", source) for source in sources)]
        (tmp_path / name).write_text(make_notebook(*cells), encoding="utf-8")
    before = {name: (tmp_path / name).read_bytes() for name in LESSONS}

    result = run(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 of 4 lessons ran cleanly." in result.stdout
    for name, error in [
        ("slow.ipynb", "CellTimeoutError"),
        ("dies.ipynb", "DeadKernelError"),
        ("fails.ipynb", "CellExecutionError"),
    ]:
        assert f"FAILED {tmp_path / name}; left unchanged.\n{error}" in result.stderr
        assert f"  failed: {tmp_path / name}" in result.stdout
        assert (tmp_path / name).read_bytes() == before[name]
    good = nbformat.read(tmp_path / "good.ipynb", as_version=4)
    assert good.cells[1].outputs[0].text == "fine\n"
    assert good.cells[1].execution_count == 1
    assert "running good.ipynb: 1 code cells" in result.stdout
    assert "  cell 1 (" in result.stdout
