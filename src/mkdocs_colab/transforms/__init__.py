"""From a source notebook to its Colab-ready copy: one pure function per concern.

Each transform takes a notebook and a ``CopyContext`` and returns the transformed notebook. What
a transform needs from the outside world (where files are published, which files exist) comes
in through the context, so the pipeline runs the same under MkDocs, the CLI and the tests.
"""

from __future__ import annotations

from nbformat import NotebookNode

from ..notebook import ensure_cell_ids
from .cells import select_cells
from .clean import clean
from .companions import inline_helpers, warn_undeclared_data
from .context import CopyContext, Report
from .links import rewrite_links
from .runtime import set_runtime
from .setup import add_setup_cells

__all__ = ["TRANSFORMS", "CopyContext", "Report", "make_colab_ready"]

TRANSFORMS = (
    select_cells,
    clean,
    rewrite_links,
    warn_undeclared_data,  # before cells are added, so that warnings name the lesson's own
    inline_helpers,
    add_setup_cells,
    set_runtime,
)


def make_colab_ready(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    """Turn ``notebook`` itself into its Colab-ready copy (for a notebook nobody else holds)."""
    result = ensure_cell_ids(notebook, seed=context.shown_as)
    for transform in TRANSFORMS:
        result = transform(result, context)
    return result
