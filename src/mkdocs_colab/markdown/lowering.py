"""What every block lowering shares: the state of one page, where lines end up (scope), the
loop that hands each line to the block lowerings, and indentation and blank-line helpers.

Code blocks that must stay Markdown are hidden from jupytext behind a placeholder line and put
back in the cells (:func:`restore_kept_blocks`). Code cells are placeholders too while the page is
lowered, so that one found in a tab inside a quote or a list item is put at column 0 at the end
(:func:`with_code_cells`), breaking out of the quote or the item.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..text import TAB_WIDTH, indent_width, read_fence
from .inline import ATTRIBUTE_LIST, NO_ABBREVIATIONS, Abbreviations, attribute_ids, lower_inline


def with_code_cells(lines: list[str], state: State) -> list[str]:
    """The code-cell placeholders replaced by their fences, at column 0 between blank lines.

    A cell that breaks out of a list item leaves the rest of the item in the next Markdown
    cell: that rest is de-indented by the item's indentation, so that it reads as text, not as
    an indented code block, until the item ends."""
    out: list[str] = []
    after_cell, carried = False, 0  # carried: the indentation of the item a cell broke out of
    for line in lines:
        empty = _EMPTY_QUOTE_LINE.match(line) is not None
        if placeholder := CODE_CELL_LINE.match(line):
            while out and _EMPTY_QUOTE_LINE.match(out[-1]):
                out.pop()  # the quote or list the cell broke out of ends here
            out += ["", *state.code_cells[int(placeholder["index"])], ""]
            carried = indent_width(line)
        elif not (after_cell and empty):
            if carried and line.strip():
                carried = carried if indent_width(line) >= carried else 0
            out.append(dedent(line, carried) if carried else line)
        after_cell = bool(placeholder) or (after_cell and empty)
    return out


_EMPTY_QUOTE_LINE = re.compile(r"^[ \t>]*$")


@dataclass(frozen=True)
class Scope:
    """Where lines being lowered end up in the notebook."""

    runnable: bool  # a Python fence at column 0 here becomes a code cell
    quoted: bool  # the lines end up inside a block quote, where jupytext sees no fences


TOP_LEVEL = Scope(runnable=True, quoted=False)
IN_ADMONITION = Scope(runnable=False, quoted=True)
IN_FOOTNOTE = Scope(runnable=False, quoted=False)
IN_DETAILS = Scope(runnable=False, quoted=False)

_CODE_CELL = "@@mkdocs-colab-code-cell-{}@@"
CODE_CELL_LINE = re.compile(r"^[ \t>]*@@mkdocs-colab-code-cell-(?P<index>\d+)@@$")
_KEPT_BLOCK = "@@mkdocs-colab-kept-block-{}@@"
_KEPT_BLOCK_LINE = re.compile(
    r"^(?P<indent>[ \t]*)@@mkdocs-colab-kept-block-(?P<index>\d+)@@$", re.MULTILINE
)


@dataclass
class State:
    """What lowering one page accumulates."""

    page_url: str
    footnote_numbers: dict[str, int]
    page_text: str = ""  # the whole page, to see what it says about a titled block
    footnote_texts: dict[str, list[str]] = field(default_factory=dict)
    # Markdown code blocks hidden from jupytext, which would otherwise run ```bash as %%bash.
    kept_blocks: list[list[str]] = field(default_factory=list)
    code_cells: list[list[str]] = field(default_factory=list)  # fences behind placeholders
    framework: str | None = None  # the tab label whose alternatives this copy runs
    details_depth: int = 0  # inside <details>, which a code cell must not split
    heading_level: int = 0
    scripts: list[str] = field(default_factory=list)  # the first line of each script left out
    abbreviations: Abbreviations = NO_ABBREVIATIONS
    # The block lowerings tried, in order, on each line (blocks.LOWERINGS).
    lowerings: tuple[BlockLowering, ...] = ()

    def code_cell(self, body: list[str]) -> str:
        """A placeholder line for a code cell: it leaves quotes and lists at column 0."""
        self.code_cells.append(_code_cell_fence(body))
        return _CODE_CELL.format(len(self.code_cells) - 1)

    def keep(self, block: list[str]) -> str:
        self.kept_blocks.append(block)
        return _KEPT_BLOCK.format(len(self.kept_blocks) - 1)


Lowered = tuple[list[str], int]  # the lines to emit, and the index of the next unread line
BlockLowering = Callable[[list[str], int, State, Scope], "Lowered | None"]


def lower_lines(lines: list[str], state: State, scope: Scope) -> list[str]:
    """Lower a run of lines: each block construct as a whole, the rest line by line."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        for lower_block in state.lowerings:
            lowered = lower_block(lines, index, state, scope)
            if lowered is not None:
                block, index = lowered
                out += block
                break
        else:
            out += lower_prose_line(lines[index], state, scope)
            index += 1
    return out


_ATX_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]|$)")


def lower_prose_line(line: str, state: State, scope: Scope) -> list[str]:
    heading = _ATX_HEADING.match(line)
    if heading and not scope.quoted:
        state.heading_level = len(heading["hashes"])
    # A heading names the notebook and its entry in Colab's table of contents: no markup there.
    abbreviations = NO_ABBREVIATIONS if heading else state.abbreviations
    if heading:
        # The id a heading is given (``## Setup { #setup }``) stays as an anchor before it: the
        # heading itself gets the id its text gives in Colab.
        anchors = [f'<a id="{html.escape(id_)}"></a>' for id_ in attribute_ids(line)]
        line = ATTRIBUTE_LIST.sub("", line) if anchors else line
    else:
        anchors = []
    lowered = lower_inline(line, state.footnote_numbers, abbreviations)
    return anchors + ([] if lowered is None else [lowered])


def quote(lines: list[str], indent: str = "") -> list[str]:
    """Lines in a block quote; a code cell's placeholder is not quoted: the cell breaks it."""
    quoted = []
    for line in lines:
        if CODE_CELL_LINE.match(line):
            quoted.append(indent + line)
        else:
            quoted.append(indent + (f"> {line}" if line.strip() else ">"))
    return quoted


def lower_inner(body: list[str], state: State, scope: Scope) -> list[str]:
    """A container's body lowered, without blank lines at its ends or runs of them inside."""
    inner = lower_lines(strip_blank_edges(body), state, scope)
    return strip_blank_edges(collapse_blank_lines(inner))  # nested blocks bring blank lines


def indented(lines: list[str], indent: str) -> list[str]:
    # A code cell's placeholder is indented too: the text after the cell is de-indented by as
    # much (see with_code_cells).
    return [indent + line if line.strip() else line for line in lines]


def next_line(lines: list[str], index: int) -> int:
    """The first line from ``index`` that is not blank."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


# Indentation ---------------------------------------------------------------------------------


def body_after(lines: list[str], start: int, indent: str) -> tuple[list[str], int]:
    """The body of the block opened at ``lines[start]`` (its lines indented one level more than
    ``indent``), de-indented, and the index of the line after it."""
    body_indent = indent_width(indent) + TAB_WIDTH
    end = end_of_indented_block(lines, start + 1, body_indent)
    return [dedent(line, body_indent) for line in lines[start + 1 : end]], end


def dedent(line: str, width: int) -> str:
    """Remove up to ``width`` columns of leading whitespace."""
    column = 0
    for index, char in enumerate(line):
        if column >= width or char not in " \t":
            return " " * (column - width) + line[index:]
        column = column + 1 if char == " " else (column // TAB_WIDTH + 1) * TAB_WIDTH
    return ""


def end_of_indented_block(lines: list[str], start: int, indent: int) -> int:
    """Index after a body of lines indented by ``indent`` (or blank), trailing blanks left out."""
    end = start
    for index in range(start, len(lines)):
        if lines[index].strip():
            if indent_width(lines[index]) < indent:
                break
            end = index + 1
    return end


def strip_blank_edges(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def collapse_blank_lines(lines: list[str]) -> list[str]:
    """One blank line at most between blocks: jupytext splits Markdown cells at two or more."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        fence = read_fence(lines, index)
        if fence is not None:  # only code-cell fences are left unhidden; keep their blank lines
            out += lines[index : fence.end]
            index = fence.end
            continue
        if lines[index].strip():
            out.append(lines[index])
        elif out and out[-1].strip():
            out.append("")
        index += 1
    return out


def restore_kept_blocks(source: str, kept_blocks: list[list[str]]) -> str:
    """Put the hidden code blocks back in place of their placeholder lines in a cell."""

    def restore(match: re.Match[str]) -> str:
        block = kept_blocks[int(match["index"])]
        return "\n".join(match["indent"] + line if line.strip() else line for line in block)

    return _KEPT_BLOCK_LINE.sub(restore, source.replace("\r\n", "\n")) if kept_blocks else source


def _code_cell_fence(body: list[str]) -> list[str]:
    """A fence jupytext reads as a Python code cell: bare ```python, long enough for its body."""
    longest = max((_leading_backticks(line) for line in body), default=0)
    marker = "`" * max(3, longest + 1)
    return [marker + "python", *body, marker]


def _leading_backticks(line: str) -> int:
    code = line.lstrip(" \t")
    return len(code) - len(code.lstrip("`"))
