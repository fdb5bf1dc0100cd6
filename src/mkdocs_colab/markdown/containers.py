"""Containers, lowered with what is inside them: admonitions and collapsible blocks, content
tabs, pymdownx.blocks, md_in_html wrappers and definition lists."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..text import TAB_WIDTH, indent_width, read_fence
from .inline import lower_inline
from .lowering import (
    IN_ADMONITION,
    IN_DETAILS,
    Lowered,
    Scope,
    State,
    body_after,
    dedent,
    end_of_indented_block,
    indented,
    lower_inner,
    lower_lines,
    next_line,
    quote,
    strip_blank_edges,
)

# Admonitions and content tabs ----------------------------------------------------------------

_ADMONITION = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?)[ \t]*(?P<kind>[\w-]+)(?:[ \t]+[\w-]+)*"
    r'(?:[ \t]+"(?P<title>.*?)")?[ \t]*$'
)
_TAB = re.compile(r'^(?P<indent>[ \t]*)===(?P<flags>[!+]{0,2})[ \t]+"(?P<title>.*?)"[ \t]*$')


def lower_admonition_at(lines: list[str], start: int, state: State, scope: Scope) -> Lowered | None:
    """``!!! kind "Title"`` becomes a block quote led by the title; ``???`` (collapsible) a
    ``<details>`` element, open for ``???+``, so it still folds in Colab."""
    match = _ADMONITION.match(lines[start])
    if match is None:
        return None
    body, end = body_after(lines, start, match["indent"])
    title = admonition_title(match["kind"], match["title"], state)
    marker = match["marker"]
    if marker.startswith("?"):
        return _details(match["indent"], title, body, state, opened=marker.endswith("+")), end
    return _quoted_admonition(match["indent"], title, body, state), end


def _quoted_admonition(indent: str, title: str, body: list[str], state: State) -> list[str]:
    """A block quote: the bold title, a blank line, then the lowered body, quoted."""
    inner = lower_inner(body, state, IN_ADMONITION)
    content = [f"**{title}**", *([""] if inner else [])] if title else []
    return ["", *quote(content + inner, indent), ""]


def _details(indent: str, title: str, body: list[str], state: State, *, opened: bool) -> list[str]:
    """A ``<details>`` block; the blank lines around the body let Markdown render inside it."""
    state.details_depth += 1
    inner = lower_inner(body, state, IN_DETAILS)
    state.details_depth -= 1
    summary = html.escape(title or "Details", quote=False)
    opening = "<details open>" if opened else "<details>"
    element = [opening, f"<summary>{summary}</summary>", "", *inner, "", "</details>"]
    return ["", *[indent + line if line else "" for line in element], ""]


def admonition_title(kind: str, title: str | None, state: State) -> str:
    """Python-Markdown's rule: no title means the capitalised type, ``""`` means none."""
    if title is None:
        return kind.capitalize()
    return lower_inline(title, state.footnote_numbers, state.abbreviations) or ""


def lower_tab_at(lines: list[str], start: int, state: State, scope: Scope) -> Lowered | None:
    """A group of ``=== "Title"`` tabs (``===!`` starts a new one), each a heading below the
    current one and its body."""
    first = _TAB.match(lines[start])
    if first is None:
        return None
    indent, width = first["indent"], indent_width(first["indent"]) + TAB_WIDTH
    tabs: list[tuple[str, list[str]]] = []
    index = end = start
    while (
        index < len(lines)
        and (match := _TAB.match(lines[index])) is not None
        and match["indent"] == indent
        and (index == start or "!" not in match["flags"])
    ):
        end = end_of_indented_block(lines, index + 1, width)
        tabs.append((match["title"], [dedent(line, width) for line in lines[index + 1 : end]]))
        index = next_line(lines, end)
    return _tab_group(indent, tabs, state, scope), end


def _tab_group(
    indent: str, tabs: list[tuple[str, list[str]]], state: State, scope: Scope
) -> list[str]:
    """Content tabs are alternatives: the copy keeps the tab of its framework alone, when the
    group has one; otherwise every tab shows and only the first with Python runs, so that a
    "Python 3.9" and a "Python 3.12" variant do not both run. Python in a tab runs wherever the
    tab is (in a list item, an admonition): the code cell breaks out of it."""
    chosen = [
        body for title, body in tabs if state.framework and same_label(title, state.framework)
    ]
    # A code cell would leave half of a <details> element in each of two cells.
    runnable = Scope(runnable=not state.details_depth, quoted=scope.quoted)
    if chosen:
        return ["", *indented(lower_inner(chosen[0], state, runnable), indent), ""]
    out: list[str] = []
    for title, body in tabs:
        cells_before = len(state.code_cells)
        out += _tab(indent, title, body, state, runnable)
        if len(state.code_cells) > cells_before:
            runnable = Scope(runnable=False, quoted=scope.quoted)  # the rest are alternatives
    return out


_SHORTCODE = re.compile(r":[\w+-]+:")
_TAB_LABEL = re.compile(
    r"""^[ \t]*(?:===[!+]{0,2}[ \t]+"(?P<tab>[^"]*)"|/{3,}[ \t]*tab[ \t]*\|(?P<block>.*))[ \t]*$""",
    re.MULTILINE,
)


def same_label(title: str, label: str) -> bool:
    """Whether a tab's title is ``label``: case, spaces and icons (``:material-x:``) aside."""

    def plain(text: str) -> str:
        return " ".join(_SHORTCODE.sub(" ", text).split()).casefold()

    return plain(title) == plain(label)


def has_tab_labelled(text: str, label: str) -> bool:
    """Whether a content tab (``=== "label"`` or ``/// tab | label``) of the page has ``label``."""
    return any(
        same_label(match["tab"] if match["tab"] is not None else match["block"], label)
        for match in _TAB_LABEL.finditer(text)
    )


def _tab(indent: str, title: str, body: list[str], state: State, scope: Scope) -> list[str]:
    level = min(state.heading_level + 1, 6) if state.heading_level else 4
    heading = "#" * level + " " + (lower_inline(title, state.footnote_numbers) or "")
    outer_level, state.heading_level = state.heading_level, level
    inner = lower_lines(strip_blank_edges(body), state, scope)
    state.heading_level = outer_level  # the next tab of the group gets the same level
    return ["", *indented([heading, "", *strip_blank_edges(inner)], indent), ""]


# pymdownx.blocks (``///``) -------------------------------------------------------------------

_BLOCK_START = re.compile(
    r"^(?P<indent>[ \t]*)(?P<slashes>/{3,})[ \t]*(?P<name>[\w-]+)[ \t]*"
    r"(?:\|[ \t]*(?P<title>.*?))?[ \t]*$"
)
_BLOCK_END = re.compile(r"^[ \t]*(?P<slashes>/{3,})[ \t]*$")
_OPEN_OPTION = re.compile(r"^open[ \t]*:[ \t]*(?:true|yes|on|1)[ \t]*$", re.IGNORECASE)
# pymdownx.blocks.admonition's default types and the ones Material styles; sites register them
# as block names of their own (``/// tip``).
ADMONITION_TYPES = frozenset(
    {
        *("note", "attention", "caution", "danger", "error", "tip", "hint", "warning"),
        *("important", "abstract", "summary", "tldr", "info", "todo", "success", "check"),
        *("done", "question", "help", "faq", "failure", "fail", "missing", "bug", "example"),
        *("quote", "cite", "seealso", "settings"),
    }
)


@dataclass(frozen=True)
class _GenericBlock:
    indent: str
    name: str
    title: str | None
    options: list[str]  # the YAML lines under the header
    body: list[str]  # de-indented to the header's column


def _read_generic_block(lines: list[str], start: int) -> tuple[_GenericBlock, int] | None:
    """The ``///`` block opened at ``lines[start]``: it closes at the next line of as many
    slashes that no block opened inside it claims; fences inside it are its text."""
    opening = _BLOCK_START.match(lines[start]) if start < len(lines) else None
    if opening is None:
        return None
    slashes, depth, index = opening["slashes"], 1, start + 1
    while index < len(lines):
        fence = read_fence(lines, index)
        if fence is not None:
            index = fence.end
            continue
        inner = _BLOCK_START.match(lines[index])
        closing = _BLOCK_END.match(lines[index])
        depth += bool(inner and inner["slashes"] == slashes)
        depth -= bool(closing and closing["slashes"] == slashes)
        if depth == 0:
            break
        index += 1
    width = indent_width(opening["indent"])
    content = lines[start + 1 : index]
    option_count = next(
        (
            n
            for n, line in enumerate(content)
            if indent_width(line) < width + TAB_WIDTH or not line.strip()
        ),
        len(content),
    )
    block = _GenericBlock(
        indent=opening["indent"],
        name=opening["name"].lower(),
        title=opening["title"],
        options=[line.strip() for line in content[:option_count]],
        body=[dedent(line, width) for line in content[option_count:]],
    )
    return block, min(index + 1, len(lines))


def lower_generic_block_at(
    lines: list[str], start: int, state: State, scope: Scope
) -> Lowered | None:
    """A ``/// name | title`` block lowered like its twin: admonition types and ``admonition``
    like ``!!!``, ``details`` like ``???``, ``tab`` like ``===``; ``caption`` in italics;
    ``html`` and any other block unwrapped to its content."""
    read = _read_generic_block(lines, start)
    if read is None:
        return None
    block, end = read
    indent, body = block.indent, block.body
    if block.name in ADMONITION_TYPES or block.name == "admonition":
        kind = "note" if block.name == "admonition" else block.name
        title = admonition_title(kind, block.title, state) if block.title else kind.capitalize()
        return indented(_quoted_admonition("", title, body, state), indent), end
    if block.name == "details":
        title = admonition_title("details", block.title, state) if block.title else "Details"
        opened = any(_OPEN_OPTION.match(option) for option in block.options)
        return indented(_details("", title, body, state, opened=opened), indent), end
    if block.name == "tab":
        tabs = [(block.title or "", body)]
        while (following := _read_generic_block(lines, next_line(lines, end))) and (
            _is_next_tab(following[0], indent)
        ):
            tabs.append((following[0].title or "", following[0].body))
            end = following[1]
        return _tab_group(indent, tabs, state, scope), end
    inner = lower_inner(body, state, scope)
    if block.name == "caption" and inner:
        inner = [f"*{inner[0]}", *inner[1:]]
        inner[-1] += "*"
    return ["", *indented(inner, indent), ""], end


_NEW_OPTION = re.compile(r"^new[ \t]*:[ \t]*(?:true|yes|on|1)[ \t]*$", re.IGNORECASE)


def _is_next_tab(block: _GenericBlock, indent: str) -> bool:
    """Whether ``block`` continues a group of ``/// tab`` blocks (``new: true`` starts one)."""
    starts_group = any(_NEW_OPTION.match(option) for option in block.options)
    return block.name == "tab" and block.indent == indent and not starts_group


# HTML with Markdown inside (md_in_html) ------------------------------------------------------

_MARKDOWN_IN_HTML = re.compile(
    r"^(?P<indent>[ \t]*)<(?P<tag>[a-zA-Z][\w-]*)\b[^>]*?[ \t]markdown"
    r"""(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?(?:[ \t][^>]*)?>[ \t]*$"""
)


def unwrap_markdown_in_html_at(
    lines: list[str], start: int, state: State, scope: Scope
) -> Lowered | None:
    """``<div class="grid" markdown>`` ... ``</div>`` becomes its content: Colab renders each
    cell alone, and a wrapper that a code cell splits would close the renderer's own elements."""
    match = _MARKDOWN_IN_HTML.match(lines[start])
    if match is None:
        return None
    tag = match["tag"].lower()
    opens = re.compile(rf"<{tag}\b", re.IGNORECASE)
    closes = re.compile(rf"</{tag}[ \t]*>", re.IGNORECASE)
    depth, index = 1, start + 1
    while index < len(lines):
        if (fence := read_fence(lines, index)) is not None:
            index = fence.end
            continue
        depth += len(opens.findall(lines[index])) - len(closes.findall(lines[index]))
        if depth <= 0:
            break
        index += 1
    body = lines[start + 1 : index]
    if index < len(lines):  # text before the closing tag on its line is content too
        body.append(closes.split(lines[index], maxsplit=1)[0])
    # HTML is indented freely; the content's own margin is where Markdown starts.
    width = min((indent_width(line) for line in body if line.strip()), default=0)
    body = [dedent(line, width) for line in body]
    inner = lower_inner(body, state, scope)
    return ["", *indented(inner, match["indent"]), ""], min(index + 1, len(lines))


# Definition lists ----------------------------------------------------------------------------

_DEFINITION = re.compile(r"^ {0,3}:[ \t]+(?P<text>\S.*)$")
_NOT_A_TERM = re.compile(
    r"^ {0,3}(?:[#>|:]|<(?!!--)|[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|===|/{3,}|```|~~~)"
)


def lower_definition_list_at(
    lines: list[str], start: int, state: State, scope: Scope
) -> Lowered | None:
    """``Term`` then ``:   definition`` (def_list) becomes the term in bold, then each definition
    as a block quote, so its indented body is not read as code and what is inside it is lowered.
    """
    terms = _terms_at(lines, start)
    if terms is None:
        return None
    index = start + len(terms)
    index += not lines[index].strip()  # a blank line between term and definition: a loose list
    out = ["", *_bold_terms(terms, state)]
    while index < len(lines) and (definition := _DEFINITION.match(lines[index])):
        body_end = end_of_indented_block(lines, index + 1, TAB_WIDTH)
        body = [
            definition["text"],
            *(dedent(line, TAB_WIDTH) for line in lines[index + 1 : body_end]),
        ]
        out += ["", *quote(lower_inner(body, state, IN_ADMONITION))]
        index = _next_definition(lines, body_end)
    return [*out, ""], index


def _terms_at(lines: list[str], start: int) -> list[str] | None:
    """The lines of a paragraph starting at ``start`` when a definition follows it."""
    if start > 0 and lines[start - 1].strip():
        return None  # not the first line of a paragraph
    end = start
    while end < len(lines) and lines[end].strip() and not _DEFINITION.match(lines[end]):
        if _NOT_A_TERM.match(lines[end]) or indent_width(lines[end]) >= TAB_WIDTH:
            return None
        end += 1
    after = end + 1 if end < len(lines) and not lines[end].strip() else end
    if end == start or after >= len(lines) or not _DEFINITION.match(lines[after]):
        return None
    return lines[start:end]


def _next_definition(lines: list[str], index: int) -> int:
    """Where the next definition of the same term starts (past blank lines), else ``index``."""
    following = index
    while following < len(lines) and not lines[following].strip():
        following += 1
    return following if following < len(lines) and _DEFINITION.match(lines[following]) else index


# Material's reference pages name an option in an HTML comment its build turns into the term.
_COMMENT_TERM = re.compile(r"^ {0,3}<!--.*-->[ \t]*$")


def _bold_terms(terms: list[str], state: State) -> list[str]:
    """Each term in bold on its own line (a backslash breaks the line, in CommonMark and GFM)."""
    bold = [
        term.strip()
        if _COMMENT_TERM.match(term)
        else f"**{lower_inline(term.strip(), state.footnote_numbers, state.abbreviations) or ''}**"
        for term in terms
    ]
    return [line + "\\" for line in bold[:-1]] + bold[-1:]
