"""Reference links resolved per cell: Colab renders each Markdown cell alone.

A page defines ``[label]: url`` once, often far from where ``[text][label]`` uses it; split into
cells, the use and the definition end up in different cells and the link shows as bracketed
text. Each cell that uses a label the page defines elsewhere gets a copy of the definition at
its end, and cells that held nothing but definitions go. A full or collapsed reference whose
label the page does not define (a cross-reference another plugin resolves) becomes its text.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import normalizeReference

from ..text import blank_code

_DEFINITION = re.compile(r"^ {0,3}(?:>[ \t]?)*\[(?P<label>[^\]^][^\]]*)\]:[ \t]*\S.*$")
_USE = re.compile(r"(?<![\\!])\[(?P<text>[^\[\]]+)\](?:\[(?P<label>[^\[\]]*)\])?(?!\()")


def definitions_in(source: str) -> dict[str, str]:
    """The reference definitions of a cell (normalised label -> the line, unquoted)."""
    found: dict[str, str] = {}
    blanked = blank_code(source).split("\n")
    for shown, line in zip(blanked, source.split("\n"), strict=True):
        if (match := _DEFINITION.match(shown)) is not None:
            unquoted = re.sub(r"^ {0,3}(?:>[ \t]?)*", "", line)
            found.setdefault(normalizeReference(match["label"]), unquoted)
    return found


def labels_used(source: str) -> list[str]:
    """The normalised labels ``[text]``, ``[text][]`` and ``[text][label]`` refer to."""
    labels = []
    for line in blank_code(source).split("\n"):
        if _DEFINITION.match(line):
            continue
        for match in _USE.finditer(line):
            label = match["label"] or match["text"]
            labels.append(normalizeReference(label))
    return labels


def unlink_undefined(source: str, page_definitions: dict[str, str]) -> str:
    """``[text][label]`` and ``[text][]`` whose label the page does not define become ``text``:
    on the site a plugin such as mkdocs-autorefs resolves them (``[dict][]``,
    ``[here][pydantic.ConfigDict]``); in Colab they would show their brackets."""
    blanked = blank_code(source)
    pieces, last = [], 0
    for match in _USE.finditer(blanked):
        label = match["label"]
        if label is None or normalizeReference(label or match["text"]) in page_definitions:
            continue
        text_start = match.start("text")
        pieces += [source[last : match.start()], source[text_start : match.end("text")]]
        last = match.end()
    return "".join(pieces) + source[last:]


def is_only_definitions(source: str) -> bool:
    lines = [line for line in source.split("\n") if line.strip()]
    return bool(lines) and all(_DEFINITION.match(line) for line in lines)


def with_definitions(source: str, page_definitions: dict[str, str]) -> str:
    """``source`` and, after it, the page's definitions of the labels it uses but lacks."""
    own = definitions_in(source)
    needed = dict.fromkeys(
        label for label in labels_used(source) if label in page_definitions and label not in own
    )
    if not needed:
        return source
    return source + "\n\n" + "\n".join(page_definitions[label] for label in needed)
