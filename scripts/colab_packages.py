"""Refresh the list of what Colab's runtime ships: src/mkdocs_colab/data/colab-packages.txt.

Colab publishes ``pip freeze`` of its runtime in https://github.com/googlecolab/backend-info
(``pip-freeze.txt`` for the CPU runtime, ``pip-freeze.gpu.txt`` for the GPU one). Run, from the
project root, with those files (or the output of ``pip freeze`` in a Colab cell):

    python scripts/colab_packages.py --as-of 2026-08-19 pip-freeze.txt pip-freeze.gpu.txt

The list holds names only: a lesson's import is checked for being available, not for a version.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from packaging.utils import canonicalize_name

OUT = Path(__file__).resolve().parent.parent / "src/mkdocs_colab/data/colab-packages.txt"
SOURCE = "https://github.com/googlecolab/backend-info (pip-freeze.txt, pip-freeze.gpu.txt)"
_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:==|@|\[| )")


def names_in(freeze: str) -> set[str]:
    """Distribution names in ``pip freeze`` output (``name==1.0``, ``name @ url``)."""
    found = set()
    for line in freeze.splitlines():
        if (match := _NAME.match(line.strip() + " ")) and not line.startswith("#"):
            found.add(canonicalize_name(match[1]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", required=True, help="the date of the freeze, YYYY-MM-DD")
    parser.add_argument("freeze", nargs="+", type=Path, help="pip freeze output of a runtime")
    args = parser.parse_args()
    names = set().union(*(names_in(p.read_text(encoding="utf-8")) for p in args.freeze))
    header = (
        f"# Distributions Colab's runtime ships, as of {args.as_of}.\n"
        f"# Source: {SOURCE}.\n"
        "# Refresh: python scripts/colab_packages.py --as-of DATE pip-freeze.txt ...\n"
    )
    OUT.write_text(header + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    print(f"{len(names)} distributions written to {OUT}")


if __name__ == "__main__":
    main()
