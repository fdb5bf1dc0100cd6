"""Which cells a copy keeps: site-only cells go, Colab-only cells stay."""

from __future__ import annotations

from nbformat import NotebookNode

from .context import CopyContext


def select_cells(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    notebook.cells = [
        cell
        for cell in notebook.cells
        if context.tag_site_only not in cell.get("metadata", {}).get("tags", [])
    ]
    return notebook
