"""Load and validate notebooks (nbformat), and write them deterministically."""

from __future__ import annotations

import codecs
import copy
import hashlib
import json
import re
import warnings
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4.rwbase import rejoin_lines

from .errors import ColabError, Location

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
# The kernel every lesson and every copy declares: the one Colab runs.
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
# What Colab and widget libraries record about the author and the session: per cell, the
# author's name, id and photo (``executionInfo.user``) and output ids; per notebook, the
# widget state and Colab's edit history (``colab.provenance``).
PRIVATE_CELL_KEYS = ("executionInfo", "outputId", "colab")
PRIVATE_NOTEBOOK_KEYS = ("widgets",)
PRIVATE_COLAB_KEYS = ("provenance",)
WIDGET_STATE_MIMETYPE = "application/vnd.jupyter.widget-state+json"


def parse_notebook(text: str, *, shown_as: str, validate: bool = True) -> NotebookNode:
    """Parse notebook JSON and validate it against the nbformat schema (unless told not to)."""
    if marker := _CONFLICT_MARKER.search(text):
        line = text.count("\n", 0, marker.start()) + 1
        raise ColabError(
            f"contains a git merge-conflict marker {marker.group(1)!r}.",
            where=Location(shown_as, line=line),
            fix="Resolve the conflict (e.g. 'git checkout --theirs' then re-run), "
            "or use nbdime's merge driver for notebooks.",
        )
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise ColabError(
            f"is not valid JSON: {error.msg} (column {error.colno}).",
            where=Location(shown_as, line=error.lineno),
            fix="Open it in Jupyter to repair it, or restore it from git.",
        ) from None
    except RecursionError:
        raise ColabError(
            "nests JSON too deeply to be a notebook.",
            where=Location(shown_as),
            fix="Restore it from git, or re-create it in Jupyter.",
        ) from None
    _refuse_lone_surrogates(raw, shown_as)
    if not isinstance(raw, dict) or raw.get("nbformat") != 4:
        found = raw.get("nbformat") if isinstance(raw, dict) else type(raw).__name__
        raise ColabError(
            f"is not an nbformat 4 notebook (nbformat is {found!r}).",
            where=Location(shown_as),
            fix="Open and re-save it in a current Jupyter to upgrade it.",
        )
    cells = raw.get("cells")
    if not isinstance(cells, list) or not all(isinstance(cell, dict) for cell in cells):
        raise ColabError(
            f"has 'cells' that is not a list of cells (it is a {type(cells).__name__}).",
            where=Location(shown_as),
            fix="Restore it from git, or open and re-save it in Jupyter.",
        )
    minor = raw.get("nbformat_minor")
    if isinstance(minor, int) and minor < 5 and any("id" in cell for cell in cells):
        # Cell ids came with 4.5; a tool that writes them and keeps an older minor version
        # (the Python Data Science Handbook's notebooks have this shape) means 4.5.
        raw["nbformat_minor"] = 5
    with warnings.catch_warnings():
        # Missing cell ids are added by `ensure_cell_ids`; nbformat would only warn here.
        warnings.simplefilter("ignore")
        notebook = nbformat.from_dict(raw)
    if validate:
        _validate(notebook, shown_as)
    return rejoin_lines(notebook)


def _refuse_lone_surrogates(raw: object, shown_as: str) -> None:
    """A JSON escape such as "\\ud800" decodes to a lone surrogate, which no UTF-8 file (the
    page, the copy) can hold: refuse it here rather than crash when it is written."""
    try:
        json.dumps(raw, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        raise ColabError(
            f"contains a lone surrogate escape ({error.object[error.start]!r}), which is not text.",
            where=Location(shown_as),
            fix="Remove that character from the cell or output (it comes from broken text).",
        ) from None


def read_source(path: Path, shown_as: str, *, notebook: bool) -> str:
    """The text of a lesson file, or a ``ColabError`` saying why it cannot be read as UTF-8
    (notebook readers, nbformat and mkdocs-jupyter included, also reject a byte-order mark)."""
    data = path.read_bytes()
    where = Location(shown_as)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ColabError("is UTF-16 encoded.", where=where, fix="Re-save it as UTF-8.")
    if notebook and data.startswith(codecs.BOM_UTF8):
        raise ColabError(
            "starts with a byte-order mark, which notebook readers reject.",
            where=where,
            fix="Re-save it as UTF-8 without a BOM.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ColabError(
            f"is not UTF-8 (byte {data[error.start]:#04x} on line {line}; Latin-1, perhaps).",
            where=Location(shown_as, line=line),
            fix="Re-save it as UTF-8.",
        ) from None


def _validate(notebook: NotebookNode, shown_as: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # On a copy: nbformat gives a cell without an id a random one, where the copy must
            # get the same id every build (``ensure_cell_ids``).
            nbformat.validate(copy.deepcopy(notebook))
    except nbformat.ValidationError as error:
        path = list(error.absolute_path)
        cell_index = path[1] if len(path) > 1 and path[0] == "cells" else None
        field = ".".join(str(p) for p in path[2:] if not isinstance(p, int)) or "cell"
        where = _cell_location(notebook, shown_as, cell_index)
        raise ColabError(
            f"fails nbformat validation at {field or 'top level'}: {error.message}",
            where=where,
            fix="Open and re-save it in Jupyter, which repairs most schema problems.",
        ) from None


def _cell_location(notebook: NotebookNode, shown_as: str, index: int | None) -> Location:
    return (
        Location(shown_as)
        if index is None
        else cell_location(shown_as, index, notebook.cells[index])
    )


def cell_location(shown_as: str, index: int, cell: NotebookNode) -> Location:
    """The location of a cell, for messages."""
    return Location(shown_as, cell_index=index, cell_id=cell.get("id"))


def strip_private_metadata(notebook: NotebookNode) -> NotebookNode:
    """Remove the private keys above from ``notebook`` itself, and an emptied ``colab``."""
    for key in PRIVATE_NOTEBOOK_KEYS:
        notebook.metadata.pop(key, None)
    colab = notebook.metadata.get("colab")
    if isinstance(colab, dict):
        for key in PRIVATE_COLAB_KEYS:
            colab.pop(key, None)
        if not colab:
            del notebook.metadata["colab"]
    for cell in notebook.cells:
        for key in PRIVATE_CELL_KEYS:
            cell.get("metadata", {}).pop(key, None)
    return notebook


def for_renderer(text: str) -> str | None:
    """The notebook JSON ``text`` as nbconvert can render it, or None when it can as it is.

    nbconvert 7 reads widget models from ``metadata.widgets[WIDGET_STATE_MIMETYPE]["state"]``
    as soon as a notebook has ``widgets`` metadata, and stops with a ``KeyError`` on the page of
    any output when that path is missing: Colab writes the models straight under the mimetype,
    and ipywidgets 5 wrote ``{"state": ..., "version": ...}`` with no mimetype at all (the
    Python Data Science Handbook's notebooks). Without that metadata an output shows its
    plain-text form. Only the renderer's copy changes: the source stays as it is, and
    ``check --fix`` strips the state.
    """
    if '"widgets"' not in text:
        return None
    try:
        raw = json.loads(text)
    except ValueError:
        return None  # the notebook is refused where it is parsed
    metadata = raw.get("metadata") if isinstance(raw, dict) else None
    if not isinstance(metadata, dict) or metadata.get("widgets") is None:
        return None
    widgets = metadata["widgets"]
    state = widgets.get(WIDGET_STATE_MIMETYPE) if isinstance(widgets, dict) else None
    if isinstance(state, dict) and isinstance(state.get("state"), dict):
        return None
    del metadata["widgets"]
    return json.dumps(raw, ensure_ascii=False)


# Cell ids, two rules: a cell of the author's that has none gets a hash of the notebook's path
# and its index (as opaque as the ids Jupyter writes); a cell the pipeline adds gets one named
# for what it is (``colab-header``), so that every copy of every lesson reads the same.
def cell_id(key: str) -> str:
    """A valid nbformat cell id (``[A-Za-z0-9_-]{1,64}``) for ``key``, the same every time."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")
    if len(slug) <= 64:
        return slug
    return f"{slug[:51]}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def ensure_cell_ids(notebook: NotebookNode, seed: str) -> NotebookNode:
    """Give every cell an id (nbformat 4.5), derived from ``seed`` and its index when missing."""
    notebook.nbformat_minor = max(notebook.get("nbformat_minor", 0), 5)
    for index, cell in enumerate(notebook.cells):
        if not cell.get("id"):
            cell.id = hashlib.sha1(f"{seed}:{index}".encode()).hexdigest()[:12]
    return notebook


def write_notebook(notebook: NotebookNode) -> str:
    """Serialise a notebook: sorted keys, one-space indent, trailing newline. Same in, same out.

    ``nbformat.v4.writes`` is ``nbformat.writes`` without its validation pass, which costs as
    much as the serialisation; what is written here was validated when it was read.
    """
    return nbformat.v4.writes(notebook) + "\n"
