"""What the page defines for the whole page, and what it carries that a copy leaves out:
footnotes (a Notes list at the end), abbreviations, and scripts."""

from __future__ import annotations

import re

from ..text import TAB_WIDTH, fences, indent_width
from .inline import Abbreviations
from .lowering import (
    IN_FOOTNOTE,
    Lowered,
    Scope,
    State,
    body_after,
    lower_lines,
    strip_blank_edges,
)

# Footnotes and abbreviations -----------------------------------------------------------------

_FOOTNOTE_DEFINITION = re.compile(
    r"^(?P<indent>[ \t]*)\[\^(?P<label>[^\]\s]+)\]:[ \t]*(?P<text>.*)$"
)
_ABBREVIATION = re.compile(r"^[ \t]*\*\[(?P<word>[^\]]+)\][ \t]*:[ \t]*(?P<expansion>.*?)[ \t]*$")


def number_footnotes(lines: list[str]) -> dict[str, int]:
    """Number footnote labels in definition order, as Python-Markdown does by default."""
    in_code = {index for fence in fences(lines) for index in range(fence.start, fence.end)}
    numbers: dict[str, int] = {}
    for index, line in enumerate(lines):
        definition = None if index in in_code else _FOOTNOTE_DEFINITION.match(line)
        if definition and definition["label"] not in numbers:
            numbers[definition["label"]] = len(numbers) + 1
    return numbers


def lower_footnote_definition_at(
    lines: list[str], start: int, state: State, scope: Scope
) -> Lowered | None:
    """Take a ``[^label]: text`` definition (and its indented lines) out, for the Notes list."""
    match = _FOOTNOTE_DEFINITION.match(lines[start])
    if match is None:
        return None
    # Python-Markdown reads the body four columns in from the margin, wherever the label sits
    # within its first three columns (Material writes "  [^1]:" with the text at four).
    label_indent = "" if indent_width(match["indent"]) < TAB_WIDTH else match["indent"]
    body, end = body_after(lines, start, label_indent)
    lowered = lower_lines(strip_blank_edges([match["text"], *body]), state, IN_FOOTNOTE)
    lowered = strip_blank_edges(lowered)
    state.footnote_texts.setdefault(match["label"], lowered)
    return [], end


def notes_list(state: State) -> list[str]:
    """The footnote definitions as a numbered list under a bold **Notes** line."""
    if not state.footnote_texts:
        return []
    items: list[str] = []
    numbered = sorted(
        state.footnote_texts.items(), key=lambda item: state.footnote_numbers[item[0]]
    )
    for label, text in numbered:
        first, *rest = text or [""]
        items.append(f"{state.footnote_numbers[label]}. {first}".rstrip())
        items += [f"   {line}" if line.strip() else "" for line in rest]
    return ["", "**Notes**", "", *items]


def page_abbreviations(lines: list[str]) -> Abbreviations:
    """The page's abbreviation definitions outside code; the last one of a word wins, and an
    empty one defines none, as in Python-Markdown's abbr."""
    in_code = {index for fence in fences(lines) for index in range(fence.start, fence.end)}
    expansions: dict[str, str] = {}
    for index, line in enumerate(lines):
        if index not in in_code and (match := _ABBREVIATION.match(line)):
            expansions[match["word"]] = match["expansion"]
    return Abbreviations({word: text for word, text in expansions.items() if text})


def drop_abbreviation_at(
    lines: list[str], start: int, state: State, scope: Scope
) -> Lowered | None:
    return ([], start + 1) if _ABBREVIATION.match(lines[start]) else None


# Script -------------------------------------------------------------------------------------

# CommonMark's HTML block of kind 1: from a line that starts with <script to the line with
# </script>, blank lines and all.
_SCRIPT_START = re.compile(r"^[ \t]*<script(?:[ \t>]|$)", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script>", re.IGNORECASE)


def drop_script_at(lines: list[str], start: int, state: State, scope: Scope) -> Lowered | None:
    """A ``<script>`` block is left out of the copy (and reported): Colab does not run a page's
    script, and the copy must not carry what ``check`` rejects on a page."""
    if not _SCRIPT_START.match(lines[start]):
        return None
    end = start
    while end < len(lines) and not _SCRIPT_END.search(lines[end]):
        end += 1
    state.scripts.append(lines[start])
    return [], min(end + 1, len(lines))
