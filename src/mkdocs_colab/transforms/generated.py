"""Cells the pipeline adds. Their ids are derived from what they are, so copies are stable."""

from __future__ import annotations

import hashlib
import re

import nbformat
from nbformat import NotebookNode


def cell_id(key: str) -> str:
    """A valid nbformat cell id (``[A-Za-z0-9_-]{1,64}``) for ``key``, the same every time."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")
    if len(slug) <= 64:
        return slug
    return f"{slug[:51]}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def code_cell(source: str, key: str) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source.rstrip("\n"))
    cell.id = cell_id(key)
    return cell


def markdown_cell(source: str, key: str) -> NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id(key)
    return cell
