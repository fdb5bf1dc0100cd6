"""Where the code and the front matter are in Markdown text: one scanner for every reader.

Lowering pages, rewriting links in cells, describing pages and locating front-matter keys must
all leave code alone, and must agree on what code is. Two dialects, because the site and Colab
read Markdown differently:

- Pages are rendered by Python-Markdown with pymdownx.superfences, whose fences may open at any
  indentation (inside an admonition, a content tab or a list item). :func:`read_fence` and
  :func:`fences` read them line by line by that rule.
- Notebook cells are rendered as CommonMark (Jupyter, Colab). :func:`blank_code` asks
  markdown-it-py's block parser which lines are code, so fences in block quotes and list items,
  and indented code blocks, count exactly as CommonMark has them.

Inline code (:func:`code_spans`) follows the rule Python-Markdown and CommonMark share: a run of
N backticks opens a span that the next run of exactly N backticks closes, a backslash-escaped
backtick opens nothing, and a span does not reach across a blank line.

This module is a leaf (it imports nothing of the package), so the transforms and the Markdown
lowering, which imports the transforms, can both use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from markdown_it import MarkdownIt

__all__ = [
    "CodeSpan",
    "Fence",
    "FrontMatter",
    "blank_code",
    "code_spans",
    "fences",
    "indent_width",
    "read_fence",
    "split_front_matter",
]

TAB_WIDTH = 4  # Python-Markdown's tab_length, and CommonMark's tab stop

# --- Front matter -------------------------------------------------------------------------

# MkDocs' own pattern (mkdocs.utils.meta.YAML_RE), line endings \r\n allowed too.
_FRONT_MATTER = re.compile(r"-{3}[ \t]*\r?\n(.*?\r?\n)(?:\.{3}|-{3})[ \t]*\r?\n", re.DOTALL)
_BOM = "\ufeff"


class FrontMatter(NamedTuple):
    yaml: str | None  # the text between the markers; None when the page has no front matter
    body: str  # the rest of the page
    body_line: int  # the line of the file (from 1) that ``body`` starts on


def split_front_matter(text: str) -> FrontMatter:
    """Split a page into its front matter and its body, by MkDocs' rule (mkdocs.utils.meta).

    The front matter opens with ``---`` on the first line and closes at a later ``---`` or
    ``...`` line that ends with a line break; without one there is none. A byte-order mark is
    not part of the page (MkDocs reads pages as ``utf-8-sig``). MkDocs also drops a front matter
    whose YAML is not a mapping; that is for whoever parses the YAML.
    """
    text = text.removeprefix(_BOM)
    match = _FRONT_MATTER.match(text)
    if match is None:
        return FrontMatter(None, text, 1)
    return FrontMatter(match[1], text[match.end() :], text.count("\n", 0, match.end()) + 1)


# --- Fences (pymdownx.superfences) -----------------------------------------------------------

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")


@dataclass(frozen=True)
class Fence:
    """A fenced code block in a list of lines."""

    start: int  # index of the opening line
    end: int  # index of the line after the fence
    indent: str  # the whitespace before the opening marker
    marker: str  # the opening marker: ``` or ~~~, or longer
    info: str  # what follows the marker: language, attributes
    body: list[str]
    closing: str | None  # the closing line; None when the fence runs to the end of the lines


def read_fence(lines: Sequence[str], start: int) -> Fence | None:
    """The fence that opens at ``lines[start]``, if one does.

    It opens at any indentation and closes at the first line that holds only the same character,
    at least as many times, indented at most three columns more than the opening; unclosed, it
    runs to the end. A backtick opening whose info string has a backtick is inline code.
    """
    opening = _FENCE_OPEN.match(lines[start])
    if opening is None or (opening["marker"][0] == "`" and "`" in opening["info"]):
        return None
    char, length = opening["marker"][0], len(opening["marker"])
    closing = re.compile(rf"^[ \t]*{re.escape(char)}{{{length},}}[ \t]*$")
    limit = indent_width(opening["indent"]) + 3
    end = next(
        (
            index
            for index in range(start + 1, len(lines))
            if closing.match(lines[index]) and indent_width(lines[index]) <= limit
        ),
        None,
    )
    indent, marker, info = opening["indent"], opening["marker"], opening["info"]
    if end is None:
        return Fence(start, len(lines), indent, marker, info, list(lines[start + 1 :]), None)
    return Fence(start, end + 1, indent, marker, info, list(lines[start + 1 : end]), lines[end])


def fences(lines: Sequence[str]) -> Iterator[Fence]:
    """Every fence in ``lines``, in order; a fence inside another's body is its text."""
    index = 0
    while index < len(lines):
        fence = read_fence(lines, index)
        if fence is None:
            index += 1
        else:
            yield fence
            index = fence.end


def indent_width(line: str) -> int:
    """Columns of leading whitespace, a tab reaching the next multiple of four."""
    return len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(TAB_WIDTH))


# --- Inline code ------------------------------------------------------------------------------

_BACKTICKS = re.compile(r"`+")
_NON_BLANK_LINES = re.compile(r"(?:^[ \t]*\S.*(?:\n|\Z))+", re.MULTILINE)


@dataclass(frozen=True)
class CodeSpan:
    start: int  # offset of the opening backticks
    end: int  # offset after the closing backticks
    ticks: int  # how many backticks open and close it


def code_spans(text: str) -> list[CodeSpan]:
    """The inline code spans of ``text``, in order (fenced code is not told apart: blank it)."""
    spans: list[CodeSpan] = []
    for block in _NON_BLANK_LINES.finditer(text):
        runs = [run.span() for run in _BACKTICKS.finditer(text, block.start(), block.end())]
        index = 0
        while index < len(runs):
            start, end = runs[index]
            start += _is_escaped(text, start)  # `\`` is a backtick; the rest of the run may open
            later = range(index + 1, len(runs))
            closer = next((i for i in later if _length(runs[i]) == end - start), None)
            if start == end or closer is None:
                index += 1
                continue
            spans.append(CodeSpan(start, runs[closer][1], end - start))
            index = closer + 1
    return spans


def _length(span: tuple[int, int]) -> int:
    return span[1] - span[0]


def _is_escaped(text: str, offset: int) -> bool:
    """Whether an odd number of backslashes stands before ``offset``."""
    before = offset
    while before > 0 and text[before - 1] == "\\":
        before -= 1
    return (offset - before) % 2 == 1


# --- Notebook cells (CommonMark) ---------------------------------------------------------------

_COMMONMARK = MarkdownIt("commonmark")
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")  # a line and its ending, as markdown-it


def blank_code(text: str) -> str:
    """``text`` with its code (blocks and spans, CommonMark) as spaces: same length, same lines."""
    lines = _LINE.findall(text)
    for token in _COMMONMARK.parse(text):
        if token.type in ("fence", "code_block") and token.map:
            for index in range(token.map[0], min(token.map[1], len(lines))):
                lines[index] = _spaces(lines[index])
    blanked = "".join(lines)
    pieces, last = [], 0
    for span in code_spans(blanked):
        pieces += [blanked[last : span.start], _spaces(blanked[span.start : span.end])]
        last = span.end
    return "".join(pieces) + blanked[last:]


def _spaces(text: str) -> str:
    """Every character but line endings as a space."""
    return re.sub(r"[^\r\n]", " ", text)
