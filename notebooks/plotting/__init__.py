"""Plotting helpers for the lessons: a small package, to show that packages travel too.

``from plotting import plot_log`` works beside the notebook; in the guide's Colab copy, every
file of this package is written into the runtime before the first cell that imports it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt


def plot_log(log: dict[str, list[float]], x: str, columns: list[str], title: str = ""):
    """Plot ``columns`` of a log (as returned by ``lesson_utils.read_log``) against ``x``.

    Each column gets its own small panel, so values of different scales stay readable.
    Returns the matplotlib figure.
    """
    fig, axes = plt.subplots(
        1, len(columns), figsize=(3.2 * len(columns), 2.6), dpi=80, squeeze=False
    )
    for ax, column in zip(axes[0], columns, strict=True):
        ax.plot(log[x], log[column], marker="o", markersize=3)
        ax.set(xlabel=x, title=column)
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
