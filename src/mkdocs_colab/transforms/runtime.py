"""The metadata Colab reads when it opens a notebook: kernel, name, and the GPU to request."""

from __future__ import annotations

from posixpath import basename

from nbformat import NotebookNode

from ..notebook import KERNELSPEC
from .context import CopyContext


def set_runtime(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    metadata = notebook.metadata
    metadata.kernelspec = NotebookNode(KERNELSPEC)
    metadata.language_info = NotebookNode({"name": "python"})
    colab = metadata.setdefault("colab", NotebookNode())
    colab.name = basename(context.shown_as).rsplit(".", 1)[0] + ".ipynb"
    colab.toc_visible = True
    metadata.pop("accelerator", None)
    colab.pop("gpuType", None)
    if context.options.gpu:
        # Both keys: `accelerator` switches the runtime, `gpuType` picks the card (a preference).
        metadata.accelerator = "GPU"
        colab.gpuType = context.options.gpu
    return notebook
