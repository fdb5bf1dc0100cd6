"""The page -> notebook entry point: front matter, snippets, lowering, then jupytext's cells."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jupytext
import nbformat

from ..errors import ColabError, Location
from ..notebook import KERNELSPEC, ensure_cell_ids
from ..text import fences
from ..transforms.generated import new_cell
from .anchors import link_fragments_to_cells
from .blocks import lower_page, restore_kept_blocks
from .front_matter import page_lines
from .references import definitions_in, is_only_definitions, unlink_undefined, with_definitions
from .snippets import expand_snippets


def page_to_notebook(
    text: str,
    *,
    path: Path,
    page_url: str,
    snippets: Mapping[str, Any] | None = None,
    framework: str | None = None,
    warn: Callable[[ColabError], None] | None = None,
) -> nbformat.NotebookNode:
    """Convert one page's source (front matter included) into an nbformat v4.5 notebook.

    ``path`` only names the page in errors; ``page_url`` is where Mermaid diagrams link to;
    ``snippets`` are the site's pymdownx.snippets options (None: the site does not use the
    extension), base paths as :func:`~mkdocs_colab.markdown.snippet_options` resolves them;
    ``framework`` the content-tab label whose tabs this copy keeps (None: all tabs); ``warn``
    is given what the copy leaves out that the user should fix (a ``<script>``).
    Raises :class:`ColabError` for a snippet that cannot be included, and its subclass
    :class:`NoRunnableCode` for a page without a runnable Python code block.
    """
    source = page_lines(text)
    lines = expand_snippets(source, snippets, page=Path(path))
    lowered = lower_page(lines, page_url=page_url, framework=framework)
    if warn is not None:
        for where in _script_locations(lowered.scripts, source, Path(path)):
            warn(_script_left_out(where))
    markdown = "\n".join(_avoid_jupytext_header(lowered.lines)) + "\n"
    cells = _clean_cells(jupytext.reads(markdown, fmt="md").cells, lowered.kept_blocks, Path(path))
    _require_runnable_code(cells, Path(path))
    notebook = nbformat.v4.new_notebook(
        metadata={"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    )
    notebook.cells = cells  # ids first: nbformat checks each cell it is given for one
    ensure_cell_ids(notebook, seed=Path(path).as_posix())
    link_fragments_to_cells(notebook.cells)  # the targets are cells, named by their ids
    return notebook


def _script_locations(scripts: list[str], source: list[str], path: Path) -> list[Location]:
    """Where each script left out starts in the page's file: its first line, found in order
    (a script a snippet brings is named by the page alone)."""
    in_code = {index for fence in fences(source) for index in range(fence.start, fence.end)}
    found, after = [], 0
    for first in scripts:
        index = next(
            (
                i
                for i in range(after, len(source))
                if i not in in_code and source[i].strip() == first.strip()
            ),
            None,
        )
        found.append(Location(path, line=None if index is None else index + 1))
        after = after if index is None else index + 1
    return found


def _script_left_out(where: Location) -> ColabError:
    return ColabError(
        "has a <script> element, which the Colab copy leaves out: Colab does not run a page's "
        "script, and check rejects script on a page",
        where=where,
        fix="Remove the <script> from the page; for script the site needs, list its file under "
        "extra_javascript in mkdocs.yml.",
    )


def _avoid_jupytext_header(lines: list[str]) -> list[str]:
    """jupytext reads a leading ``---`` as a YAML header; a thematic break is also ``***``."""
    if lines and re.match(r"^---\s*$", lines[0]):
        return ["***", *lines[1:]]
    return lines


def _clean_cells(
    cells: list[nbformat.NotebookNode], kept_blocks: list[list[str]], path: Path
) -> list[nbformat.NotebookNode]:
    """Fresh cells without jupytext metadata, hidden blocks restored, deterministic ids."""
    clean: list[nbformat.NotebookNode] = []
    for cell in cells:
        if cell.cell_type == "code":
            clean.append(new_cell("code", cell.source))
        elif cell.source.strip():
            # jupytext keeps a trailing blank line after an indented last line; it means nothing.
            source = restore_kept_blocks(cell.source.strip("\n"), kept_blocks)
            clean.append(new_cell("markdown", source))
    return _resolve_references_per_cell(clean)


def _resolve_references_per_cell(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """Each Markdown cell with the reference definitions it uses; definition-only cells go."""
    page: dict[str, str] = {}
    for cell in cells:
        if cell.cell_type == "markdown":
            for label, line in definitions_in(cell.source).items():
                page.setdefault(label, line)
    resolved = []
    for cell in cells:
        if cell.cell_type == "markdown":
            if is_only_definitions(cell.source):
                continue
            cell.source = with_definitions(unlink_undefined(cell.source, page), page)
        resolved.append(cell)
    return resolved


class NoRunnableCode(ColabError):
    """A page with nothing to run: no notebook can be made of it, the rest of the site can."""


def _require_runnable_code(cells: list[nbformat.NotebookNode], path: Path) -> None:
    if not any(cell.cell_type == "code" and cell.source.strip() for cell in cells):
        raise NoRunnableCode(
            "has no runnable Python code block",
            where=Location(path, line=1),
            fix="Add a ```python fence at the start of a line (not indented, not inside an "
            "admonition, without no-colab), or remove the Colab opt-in from the front matter.",
        )
