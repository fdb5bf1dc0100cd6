"""Summarise a pull request's preview for the CI job log: pages and lessons changed, findings.

    .venv/bin/python scripts/preview_summary.py BASE [HEAD] >> "$GITHUB_STEP_SUMMARY"

BASE and HEAD are git revisions (CI passes the merge commit's two parents). The changed files
come from ``git diff --name-status``; the findings from ``mkdocs-colab check --lessons``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def changed_files(base: str, head: str) -> list[tuple[str, str]]:
    """(status letter, path) of each file that differs between ``base`` and ``head``."""
    diff = subprocess.run(
        ["git", "diff", "--name-status", "--no-renames", "-z", base, head],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    return [(diff[i], diff[i + 1]) for i in range(0, len(diff) - 1, 2)]


def findings() -> tuple[list[str], str]:
    """The check's findings (one per line) and its closing summary line."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_colab", "check", "--lessons", "notebooks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    found = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    last = (result.stdout.strip().splitlines() or ["check printed nothing"])[-1]
    return found, last


def summary(changes: list[tuple[str, str]], found: list[str], verdict: str) -> str:
    status = {"A": "added", "M": "changed", "D": "removed"}
    pages = [(s, p) for s, p in changes if p.startswith("docs/") and p.endswith(".md")]
    lessons = [(s, p) for s, p in changes if p.startswith("notebooks/") and p.endswith(".ipynb")]
    lines = ["## Site preview", ""]
    lines += [
        "Download the `site-preview` artifact, unzip it into `preview/`, run "
        "`python3 -m http.server -d preview` and open <http://127.0.0.1:8000/>.",
        "",
    ]
    for title, group in (("Pages", pages), ("Lessons", lessons)):
        lines.append(f"**{title} changed:** {len(group) or 'none'}")
        lines += [f"- `{path}` ({status.get(s[0], s)})" for s, path in group]
        lines.append("")
    lines.append(f"**Findings:** {verdict}")
    lines += [f"- `{line.removeprefix('ERROR   -  ')}`" for line in found]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__, file=sys.stderr)
        return 2
    base, head = argv[0], argv[1] if len(argv) == 2 else "HEAD"
    print(summary(changed_files(base, head), *findings()), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
