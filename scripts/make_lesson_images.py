"""Draw the guide's diagrams: two lesson images and one site image.

The PNGs are committed; run this only to change a diagram, then commit the new files:

    python scripts/make_lesson_images.py

It writes ``notebooks/images/colab-runtime.png``, ``notebooks/images/notebook-alone.png`` and
``docs/images/cpu-vs-gpu.png``. The drawings are schematic, and the output is the same bytes on
every run with the same matplotlib version (no timestamp, no software tag).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch, Rectangle

ROOT = Path(__file__).resolve().parent.parent
ORANGE, AMBER, GREY, INK = "#ff7043", "#ffca28", "#bdbdbd", "#263238"


def _box(ax, x, y, w, h, text, color, size=10):
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02", fc=color, ec=INK, lw=1.2))
    ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=size, color=INK)


def _arrow(ax, start, end, label=""):
    ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "->", "lw": 1.5})
    if label:
        mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + 0.06)
        ax.text(*mid, label, ha="center", va="bottom", fontsize=9, color=INK)


def _save(fig, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, bbox_inches="tight", pad_inches=0.1, metadata={"Software": None})
    plt.close(fig)
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


def colab_runtime(path: Path) -> None:
    """The menu path that switches a Colab notebook to a GPU runtime."""
    fig, ax = plt.subplots(figsize=(8, 1.6))
    ax.set(xlim=(0, 8), ylim=(0, 1.6))
    ax.axis("off")
    steps = ["Runtime\nmenu", "Change\nruntime type", "Hardware accelerator:\nT4 GPU", "Save"]
    widths = [1.3, 1.6, 2.3, 1.0]
    x = 0.1
    for i, (step, width) in enumerate(zip(steps, widths, strict=True)):
        _box(ax, x, 0.35, width, 0.8, step, AMBER if i == 2 else "white")
        if i < len(steps) - 1:
            _arrow(ax, (x + width + 0.04, 0.75), (x + width + 0.36, 0.75))
        x += width + 0.4
    ax.text(4, 1.45, "Switching a Colab notebook to a GPU", ha="center", fontsize=11, color=INK)
    _save(fig, path)


def notebook_alone(path: Path) -> None:
    """What travels to Colab when a notebook is opened there: the .ipynb file only."""
    fig, ax = plt.subplots(figsize=(8, 2.6))
    ax.set(xlim=(0, 8), ylim=(0, 2.6))
    ax.axis("off")
    ax.text(1.7, 2.35, "In the repository", ha="center", fontsize=11, color=INK)
    ax.text(6.3, 2.35, "In Colab", ha="center", fontsize=11, color=INK)
    files = ["lesson.ipynb", "images/diagram.png", "helper.py", "data/sample.csv"]
    for row, name in enumerate(files):
        y = 1.75 - row * 0.5
        _box(ax, 0.3, y, 2.8, 0.36, name, AMBER if row == 0 else "white", size=9)
        if row == 0:
            _box(ax, 4.9, y, 2.8, 0.36, name, AMBER, size=9)
        else:
            _box(ax, 4.9, y, 2.8, 0.36, f"{name}: missing", GREY, size=9)
    _arrow(ax, (3.3, 1.93), (4.7, 1.93), "Open in Colab")
    _save(fig, path)


def cpu_vs_gpu(path: Path) -> None:
    """A schematic contrast: a few large CPU cores, many small GPU lanes (not to scale)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 2.8))
    for ax in (left, right):
        ax.set(xlim=(0, 10), ylim=(0, 10), aspect="equal")
        ax.axis("off")
    left.set_title("CPU: a few large cores", fontsize=11, color=INK)
    for i in range(8):
        x, y = 0.5 + (i % 4) * 2.3, 5.3 - (i // 4) * 4.3
        left.add_patch(Rectangle((x, y), 2.0, 3.8, fc=ORANGE, ec=INK))
        left.text(x + 1.0, y + 1.9, "core", ha="center", va="center", fontsize=9)
    right.set_title("GPU: thousands of simple lanes", fontsize=11, color=INK)
    for i in range(32 * 32):
        x, y = 0.2 + (i % 32) * 0.30, 0.2 + (i // 32) * 0.30
        right.add_patch(Rectangle((x, y), 0.24, 0.24, fc=AMBER, ec="none"))
    fig.text(0.5, 0.02, "Schematic, not to scale", ha="center", fontsize=8, color="#616161")
    _save(fig, path)


def main() -> None:
    colab_runtime(ROOT / "notebooks" / "images" / "colab-runtime.png")
    notebook_alone(ROOT / "notebooks" / "images" / "notebook-alone.png")
    cpu_vs_gpu(ROOT / "docs" / "images" / "cpu-vs-gpu.png")


if __name__ == "__main__":
    main()
