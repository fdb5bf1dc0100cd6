"""The version of a notebook the site renders: paths that work from its page, sized images.

mkdocs-jupyter renders a notebook's relative paths as written, but the page lives one folder
deeper than the notebook (``notebooks/intro.ipynb`` becomes ``notebooks/intro/``), so
``images/x.png`` would be fetched from ``notebooks/intro/images/x.png``. The site version
rewrites them relative to the page (the same link transform as the Colab copy, with another
URL policy), and gives output images their width and height so the page does not jump while
they load. Outputs are kept: the site shows them.
"""

from __future__ import annotations

import base64
import binascii
import struct

from nbformat import NotebookNode

from ..config import METADATA_KEY
from .context import CopyContext
from .links import rewrite_links

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def site_version(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    """``notebook`` as the site renders it; ``context.published_url`` gives page-relative URLs."""
    return size_images(rewrite_links(notebook, context), context)


def size_images(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" not in data:
                continue
            metadata = output.setdefault("metadata", NotebookNode())
            sizes = metadata.setdefault("image/png", NotebookNode())
            if "width" not in sizes and (size := png_size(data["image/png"])):
                sizes.width, sizes.height = size
    return notebook


def png_size(encoded: str) -> tuple[int, int] | None:
    """(width, height) from a base64 PNG's header, or None if it is not a PNG."""
    try:
        head = base64.b64decode(encoded[:44].replace("\n", ""), validate=False)
    except (binascii.Error, ValueError):
        return None
    if not head.startswith(_PNG_SIGNATURE) or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


# nbconvert shows the first of these an output has; only PNG and JPEG become <img> elements.
_SHOWN_FIRST = ("text/html", "application/pdf", "text/latex", "image/svg+xml")


def output_image_alts(notebook: NotebookNode, hidden_tag: str) -> list[str]:
    """Alt text for each image output the site shows, in page order.

    From the cell's metadata ``mkdocs_colab.alt`` (a string, or a list with one entry per
    image); otherwise "Output of the code cell that begins: <its first line>".
    """
    alts = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or hidden_tag in cell.metadata.get("tags", []):
            continue
        images = [
            output
            for output in cell.get("outputs", [])
            if {"image/png", "image/jpeg"} & set(output.get("data", {}))
            and not set(_SHOWN_FIRST) & set(output.get("data", {}))
        ]
        given = cell.metadata.get(METADATA_KEY, {}).get("alt")
        for index, _ in enumerate(images):
            alts.append(_alt(given, index, cell.source))
    return alts


def _alt(given: str | list | None, index: int, source: str) -> str:
    if isinstance(given, list) and index < len(given):
        return str(given[index])
    if isinstance(given, str) and given:
        return given
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return f"Output of the code cell that begins: {first}"
