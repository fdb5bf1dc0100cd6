"""The metadata Colab reads when it opens a notebook: kernel, name, and the GPU to request."""

from __future__ import annotations

from posixpath import basename

from nbformat import NotebookNode

from ..notebook import KERNELSPEC
from .context import CopyContext


def kernel_language(notebook: NotebookNode) -> str:
    """The language the notebook's kernel runs, lower-case; ``python`` when it does not say."""
    metadata = notebook.get("metadata", {})
    language = metadata.get("kernelspec", {}).get("language") or metadata.get(
        "language_info", {}
    ).get("name")
    return str(language or "python").lower()


def runs_python(notebook: NotebookNode) -> bool:
    """Whether the cells the pipeline adds (setup, helpers: all Python) can run in it."""
    return kernel_language(notebook) == "python"


def set_runtime(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    metadata = notebook.metadata
    if runs_python(notebook):
        metadata.kernelspec = NotebookNode(KERNELSPEC)
        metadata.language_info = NotebookNode({"name": "python"})
    # Another kernel keeps its kernelspec: Colab opens an R notebook ("ir") on its R runtime.
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
