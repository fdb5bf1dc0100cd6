"""In-page links pointed at the cell that holds their target, the one kind of target Colab has.

Colab gives a Markdown heading no id a link can reach, nor honours ``<a id>`` or ``<a name>``
anchors: a link within the notebook works only as ``#scrollTo=<cell id>`` (the link its
"Copy link to cell" gives). So every fragment link of a page (``[see](#setup)``, and reference
definitions ``[label]: #setup``) whose target is on the page becomes ``#scrollTo=`` the id of the
cell that holds that target. A target is a heading's id as MkDocs makes it (Python-Markdown's
``toc`` slug, ``_1``, ``_2`` for repeats), the id Jupyter gives it (its text, spaces as ``-``), or
an element's ``id``/``name`` (the ``<a id>`` anchors the lowering leaves for ``{ #id }``).
A fragment the page does not have is left as written; so is code.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import nbformat
from markdown.extensions.toc import slugify, unique
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser

from ..text import blank_code

_RENDERER = MarkdownIt("commonmark").enable("table")
_HEADINGS = "h1, h2, h3, h4, h5, h6"
# A link destination that is only a fragment, inline (``](#x)``, ``](#x "title")``) or in a
# reference definition (``[label]: #x``).
_FRAGMENT_LINK = re.compile(
    r"""(?:\]\(|^[ \t>]*\[[^\]]+\]:[ \t]*)(?P<target>#(?P<fragment>[^\s)]+))""", re.MULTILINE
)


def link_fragments_to_cells(cells: list[nbformat.NotebookNode]) -> None:
    """Rewrite, in place, the Markdown cells' links to targets on the page as cell links."""
    linking = [cell for cell in cells if cell.cell_type == "markdown" and _links_within(cell)]
    if not linking:
        return  # most pages: no need to render every cell to find the targets
    targets = _cells_by_target(cells)
    for cell in linking:
        cell.source = _with_cell_links(cell.source, targets)


def _links_within(cell: nbformat.NotebookNode) -> bool:
    return "#" in cell.source and _FRAGMENT_LINK.search(cell.source) is not None


def _cells_by_target(cells: list[nbformat.NotebookNode]) -> dict[str, str]:
    """Each target a link could name -> the id of the first cell that holds it."""
    targets: dict[str, str] = {}
    slugs: set[str] = set()
    for cell in cells:
        if cell.cell_type != "markdown":
            continue
        tree = LexborHTMLParser(_RENDERER.render(cell.source))
        for node in tree.css("[id], a[name]"):
            for name in (node.attributes.get("id"), node.attributes.get("name")):
                if name:
                    targets.setdefault(name, cell.id)
        for heading in tree.css(_HEADINGS):
            text = " ".join(heading.text().split())  # the words, however the nodes split them
            slug = unique(slugify(text, "-"), slugs)  # unique() records the slug in ``slugs``
            targets.setdefault(slug, cell.id)
            targets.setdefault(text.replace(" ", "-"), cell.id)
    return targets


def _with_cell_links(source: str, targets: dict[str, str]) -> str:
    """``source`` with each fragment link outside code to a known target as a cell link."""
    pieces, last = [], 0
    for match in _FRAGMENT_LINK.finditer(blank_code(source)):
        cell = targets.get(unquote(match["fragment"]))
        if cell is None:
            continue
        pieces += [source[last : match.start("target")], f"#scrollTo={cell}"]
        last = match.end("target")
    return "".join(pieces) + source[last:]
