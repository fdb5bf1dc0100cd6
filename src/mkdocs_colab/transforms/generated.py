"""Cells the pipeline adds. Their ids are derived from what they are, so copies are stable."""

from __future__ import annotations

from nbformat import NotebookNode

from ..notebook import cell_id


def new_cell(cell_type: str, source: str) -> NotebookNode:
    """A code or Markdown cell, without an id yet.

    Built directly: nbformat's ``new_code_cell`` validates each cell against the schema, which
    costs more than converting a whole page; notebooks are validated whole where they are read.
    """
    cell = NotebookNode(cell_type=cell_type, metadata=NotebookNode(), source=source)
    if cell_type == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def code_cell(source: str, key: str) -> NotebookNode:
    cell = new_cell("code", source.rstrip("\n"))
    cell.id = cell_id(key)
    return cell


def markdown_cell(source: str, key: str) -> NotebookNode:
    cell = new_cell("markdown", source)
    cell.id = cell_id(key)
    return cell
