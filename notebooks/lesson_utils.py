"""Small helpers for the lesson "Your own code and data in Colab".

The lesson imports this file with ``import lesson_utils``. That works on your computer because
the file sits beside the notebook, and a Jupyter kernel starts in the notebook's folder. A Colab
runtime starts empty instead; the guide's Colab copy of the lesson writes this file into the
runtime (a ``%%writefile`` cell) before the first cell that imports it.
"""

from __future__ import annotations

import csv
from pathlib import Path


def read_log(path: str | Path) -> dict[str, list[float]]:
    """Read a CSV file of numbers into a dict that maps each column name to its values.

    >>> log = read_log("data/sample.csv")  # doctest: +SKIP
    >>> log["epoch"][:3]  # doctest: +SKIP
    [1.0, 2.0, 3.0]
    """
    with Path(path).open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    if not rows:
        raise ValueError(f"{path} has a header but no rows.")
    return {name: [float(row[name]) for row in rows] for name in rows[0]}


def summarize(values: list[float]) -> dict[str, float]:
    """Return the first, last, lowest and highest of ``values``.

    >>> summarize([0.9, 0.5, 0.7])
    {'first': 0.9, 'last': 0.7, 'min': 0.5, 'max': 0.9}
    """
    if not values:
        raise ValueError("summarize() needs at least one value.")
    return {"first": values[0], "last": values[-1], "min": min(values), "max": max(values)}
