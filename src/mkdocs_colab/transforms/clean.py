"""Strip what a copy must not carry: outputs, execution counts and private metadata.

Metadata is kept by allow-list, not removed by deny-list: Colab, VS Code and widget libraries
keep adding keys (``executionInfo.user`` holds the author's name, id and photo URL), and a key
nobody has heard of yet must not be published by default.
"""

from __future__ import annotations

from nbformat import NotebookNode

from ..options import METADATA_KEY
from .context import CopyContext

CELL_METADATA_KEPT = frozenset({"tags", "jupyter", "collapsed", "editable", "deletable"})
NOTEBOOK_METADATA_KEPT = frozenset({"kernelspec", "language_info", "colab", "accelerator"})
# Colab's own notebook-level keys that change how it opens; `provenance` (history) is not one.
COLAB_METADATA_KEPT = frozenset({"name", "toc_visible", "collapsed_sections", "private_outputs"})


def clean(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    for cell in notebook.cells:
        cell.metadata = _kept(cell.get("metadata", {}), CELL_METADATA_KEPT)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    metadata = _kept(notebook.metadata, NOTEBOOK_METADATA_KEPT - {METADATA_KEY})
    if "colab" in metadata:
        metadata.colab = _kept(metadata.colab, COLAB_METADATA_KEPT)
    notebook.metadata = metadata
    return notebook


def _kept(mapping: NotebookNode, keys: frozenset[str]) -> NotebookNode:
    return NotebookNode({key: value for key, value in mapping.items() if key in keys})
