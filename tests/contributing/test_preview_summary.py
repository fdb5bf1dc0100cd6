"""The job summary of a pull request's preview: pages and lessons changed, then the findings."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "preview_summary.py"
spec = importlib.util.spec_from_file_location("preview_summary", SCRIPT)
preview_summary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(preview_summary)


def test_summary_lists_pages_lessons_and_findings():
    changes = [
        ("A", "docs/using-colab/new.md"),
        ("M", "notebooks/gpu-benchmark.ipynb"),
        ("M", "Makefile"),  # neither a page nor a lesson
    ]
    found = ["ERROR   -  notebooks/gpu-benchmark.ipynb, cell 3 (id x): has no cell id."]
    text = preview_summary.summary(changes, found, "12 files checked, 1 problems: check failed.")
    assert text.splitlines()[4:] == [
        "**Pages changed:** 1",
        "- `docs/using-colab/new.md` (added)",
        "",
        "**Lessons changed:** 1",
        "- `notebooks/gpu-benchmark.ipynb` (changed)",
        "",
        "**Findings:** 12 files checked, 1 problems: check failed.",
        "- `notebooks/gpu-benchmark.ipynb, cell 3 (id x): has no cell id.`",
    ]


def test_summary_of_a_pull_request_without_pages_or_lessons():
    text = preview_summary.summary([("M", "Makefile")], [], "check passed.")
    assert "**Pages changed:** none" in text
    assert "**Lessons changed:** none" in text
