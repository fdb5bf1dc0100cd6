"""Block lowering, whole blocks at a time: fences, admonitions, content tabs, pymdownx.blocks,
md_in_html wrappers, definition lists, footnotes and abbreviations.

Each block lowering looks at the line it is given and either takes the whole block (and says
where the next unread line is) or leaves the line to the next one; prose lines go to the inline
lowering. Code blocks that must stay Markdown are hidden from jupytext behind a placeholder line
and put back in the cells (:func:`restore_kept_blocks`). Code cells are placeholders too while
the page is lowered, so that one found in a tab inside a quote or a list item is put at column
0 at the end, breaking out of the quote or the item.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..text import TAB_WIDTH, Fence, fences, indent_width, read_fence
from .critic import accept_critic_marks
from .inline import ATTRIBUTE_LIST, NO_ABBREVIATIONS, Abbreviations, attribute_ids, lower_inline

PYTHON_LANGUAGES = frozenset({"python", "py", "py3", "python3", "ipython", "ipython3"})
CONSOLE_LANGUAGES = frozenset({"pycon", "python-console"})
NO_COLAB = "no-colab"


@dataclass(frozen=True)
class LoweredPage:
    lines: list[str]  # the page as Markdown that Colab shows, a footnotes list at the end
    kept_blocks: list[list[str]]  # the code blocks behind the placeholders
    scripts: list[str] = field(default_factory=list)  # the first line of each script left out


def lower_page(lines: list[str], *, page_url: str, framework: str | None = None) -> LoweredPage:
    """Lower a page's lines; ``page_url`` is where Mermaid diagrams link to; ``framework``
    the content-tab label whose tabs this copy keeps (None: every tab, the first one's code
    runs)."""
    lines = accept_critic_marks(lines)  # pymdownx.critic reads the page before anything else
    state = _State(
        page_url=page_url,
        footnote_numbers=_number_footnotes(lines),
        page_text="\n".join(lines),
        framework=framework,
        abbreviations=_abbreviations(lines),
    )
    lowered = collapse_blank_lines(_lower_lines(lines, state, _TOP_LEVEL) + _notes_list(state))
    return LoweredPage(_with_code_cells(lowered, state), state.kept_blocks, state.scripts)


def _with_code_cells(lines: list[str], state: _State) -> list[str]:
    """The code-cell placeholders replaced by their fences, at column 0 between blank lines.

    A cell that breaks out of a list item leaves the rest of the item in the next Markdown
    cell: that rest is de-indented by the item's indentation, so that it reads as text, not as
    an indented code block, until the item ends."""
    out: list[str] = []
    after_cell, carried = False, 0  # carried: the indentation of the item a cell broke out of
    for line in lines:
        empty = _EMPTY_QUOTE_LINE.match(line) is not None
        if placeholder := _CODE_CELL_LINE.match(line):
            while out and _EMPTY_QUOTE_LINE.match(out[-1]):
                out.pop()  # the quote or list the cell broke out of ends here
            out += ["", *state.code_cells[int(placeholder["index"])], ""]
            carried = indent_width(line)
        elif not (after_cell and empty):
            if carried and line.strip():
                carried = carried if indent_width(line) >= carried else 0
            out.append(_dedent(line, carried) if carried else line)
        after_cell = bool(placeholder) or (after_cell and empty)
    return out


_EMPTY_QUOTE_LINE = re.compile(r"^[ \t>]*$")


@dataclass(frozen=True)
class _Scope:
    """Where lines being lowered end up in the notebook."""

    runnable: bool  # a Python fence at column 0 here becomes a code cell
    quoted: bool  # the lines end up inside a block quote, where jupytext sees no fences


_TOP_LEVEL = _Scope(runnable=True, quoted=False)
_IN_ADMONITION = _Scope(runnable=False, quoted=True)
_IN_FOOTNOTE = _Scope(runnable=False, quoted=False)
_IN_DETAILS = _Scope(runnable=False, quoted=False)

_CODE_CELL = "@@mkdocs-colab-code-cell-{}@@"
_CODE_CELL_LINE = re.compile(r"^[ \t>]*@@mkdocs-colab-code-cell-(?P<index>\d+)@@$")
_KEPT_BLOCK = "@@mkdocs-colab-kept-block-{}@@"
_KEPT_BLOCK_LINE = re.compile(
    r"^(?P<indent>[ \t]*)@@mkdocs-colab-kept-block-(?P<index>\d+)@@$", re.MULTILINE
)


@dataclass
class _State:
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

    def code_cell(self, body: list[str]) -> str:
        """A placeholder line for a code cell: it leaves quotes and lists at column 0."""
        self.code_cells.append(_code_cell_fence(body))
        return _CODE_CELL.format(len(self.code_cells) - 1)

    def keep(self, block: list[str]) -> str:
        self.kept_blocks.append(block)
        return _KEPT_BLOCK.format(len(self.kept_blocks) - 1)


_Lowered = tuple[list[str], int]  # the lines to emit, and the index of the next unread line
_BlockLowering = Callable[[list[str], int, _State, _Scope], "_Lowered | None"]


def _lower_lines(lines: list[str], state: _State, scope: _Scope) -> list[str]:
    """Lower a run of lines: each block construct as a whole, the rest line by line."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        for lower_block in _BLOCK_LOWERINGS:
            lowered = lower_block(lines, index, state, scope)
            if lowered is not None:
                block, index = lowered
                out += block
                break
        else:
            out += _lower_prose_line(lines[index], state, scope)
            index += 1
    return out


_ATX_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]|$)")


def _lower_prose_line(line: str, state: _State, scope: _Scope) -> list[str]:
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


# Fences --------------------------------------------------------------------------------------

_INFO_TOKEN = re.compile(r"""[^\s{}=]+=(?:"[^"]*"|'[^']*'|[^\s{}]*)|[^\s{}]+""")


@dataclass(frozen=True)
class _FenceInfo:
    language: str
    no_colab: bool
    title: str | None = None

    @property
    def is_python(self) -> bool:
        return self.language in PYTHON_LANGUAGES


# Classes Material and pymdownx give a code block that are not its language (``{ .no-copy }``).
_CODE_BLOCK_CLASSES = frozenset({"annotate", "copy", "no-copy", "select", "no-select", NO_COLAB})
_SKIP_TEST = frozenset({'test="skip"', "test='skip'", "test=skip"})


def _parse_fence_info(info: str) -> _FenceInfo:
    """Language and marker from ``python title="x"``, ``py``, ``{ .python .no-colab }`` etc."""
    tokens = _INFO_TOKEN.findall(info)
    if info.startswith("{"):
        classes = [token[1:] for token in tokens if token.startswith(".")]
        languages = [name for name in classes if name not in _CODE_BLOCK_CLASSES]
        language = languages[0] if languages else ""
    else:
        first = tokens[0] if tokens else ""
        # ``` title="x"`` and ```hl_lines="4"`` have attributes and no language.
        language = "" if "=" in first or first.startswith(("{", ".", "#")) else first
    # ``test="skip"`` is how pytest-examples marks code not to run: not to run in Colab either.
    no_colab = any(token.lstrip(".") == NO_COLAB or token in _SKIP_TEST for token in tokens)
    titles = [token[6:].strip("\"'") for token in tokens if token.startswith("title=")]
    return _FenceInfo(language.lower(), no_colab, titles[0] if titles else None)


def _lower_fence_at(lines: list[str], start: int, state: _State, scope: _Scope) -> _Lowered | None:
    fence = read_fence(lines, start)
    if fence is None:
        return None
    info = _parse_fence_info(fence.info)
    if info.language == "mermaid":
        return [fence.indent + _mermaid_link(state.page_url)], fence.end
    runnable_here = scope.runnable and not fence.indent and not info.no_colab
    if runnable_here and (info.language in CONSOLE_LANGUAGES or _is_python_session(fence, info)):
        # A session shown with its output runs as the code typed at the prompts; the output
        # is what running the cell shows again.
        return [state.code_cell(_typed_at_prompts(fence.body))], fence.end
    if runnable_here and info.is_python:
        # The page shows the code without blank lines at its ends (pymdownx.highlight's stripnl),
        # such as the one a snippet's final newline brings.
        body = _strip_blank_edges(fence.body)
        if info.title:
            body = [_title_line(info.title, state), *body]
        return [state.code_cell(body)], fence.end
    shown = _markdown_fence(fence, "python" if info.is_python else info.language)
    if scope.quoted:
        return shown, fence.end
    width = indent_width(fence.indent)
    token = state.keep([_dedent(line, width) for line in shown])
    return [fence.indent + token], fence.end


_TITLE_ATTRIBUTE = re.compile(r"""title=(?:"[^"]*"|'[^']*'|\S+)""")


def _title_line(title: str, state: _State) -> str:
    """A titled block's first line: ``%%writefile main.py`` when the title is a Python file
    that the page names elsewhere (``python main.py``, ``from main import``, ``main:app``),
    since the lesson then uses it as a file; otherwise the title as a comment."""
    stem = title.removesuffix(".py")
    if title.endswith(".py") and re.fullmatch(r"[\w.-]+", title):
        elsewhere = _TITLE_ATTRIBUTE.sub("", state.page_text)
        named = rf"(?<![\w/.-]){re.escape(title)}(?![\w-])"
        imported = rf"\b(?:from|import)[ \t]+{re.escape(stem)}\b|\b{re.escape(stem)}:\w"
        if re.search(named, elsewhere) or re.search(imported, elsewhere):
            return f"%%writefile {title}"
    return f"# {title}"


_PROMPT = re.compile(r"^(?:>>>|\.\.\.)(?: |$)")


def _is_python_session(fence: Fence, info: _FenceInfo) -> bool:
    """A ``python`` fence written as a doctest session, ``>>>`` on its first line."""
    first = next((line for line in fence.body if line.strip()), "")
    return info.is_python and first.startswith(">>>")


def _typed_at_prompts(body: list[str]) -> list[str]:
    """The lines after ``>>>`` and ``...`` prompts; the output lines between them left out."""
    return [line[4:] for line in body if _PROMPT.match(line)]


def _mermaid_link(page_url: str) -> str:
    return f"*Diagram: [see it on the page]({page_url})*"


def _code_cell_fence(body: list[str]) -> list[str]:
    """A fence jupytext reads as a Python code cell: bare ```python, long enough for its body."""
    longest = max((_leading_backticks(line) for line in body), default=0)
    marker = "`" * max(3, longest + 1)
    return [marker + "python", *body, marker]


def _leading_backticks(line: str) -> int:
    code = line.lstrip(" \t")
    return len(code) - len(code.lstrip("`"))


def _markdown_fence(fence: Fence, language: str) -> list[str]:
    """The fence as Markdown shows it: the language alone, no attributes or markers."""
    opening = fence.indent + fence.marker + language
    return [opening, *fence.body, fence.closing or fence.indent + fence.marker]


# Admonitions and content tabs ----------------------------------------------------------------

_ADMONITION = re.compile(
    r"^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?)[ \t]*(?P<kind>[\w-]+)(?:[ \t]+[\w-]+)*"
    r'(?:[ \t]+"(?P<title>.*?)")?[ \t]*$'
)
_TAB = re.compile(r'^(?P<indent>[ \t]*)===(?P<flags>[!+]{0,2})[ \t]+"(?P<title>.*?)"[ \t]*$')


def _lower_admonition_at(
    lines: list[str], start: int, state: _State, scope: _Scope
) -> _Lowered | None:
    """``!!! kind "Title"`` becomes a block quote led by the title; ``???`` (collapsible) a
    ``<details>`` element, open for ``???+``, so it still folds in Colab."""
    match = _ADMONITION.match(lines[start])
    if match is None:
        return None
    body, end = _body_after(lines, start, match["indent"])
    title = _admonition_title(match["kind"], match["title"], state)
    marker = match["marker"]
    if marker.startswith("?"):
        return _details(match["indent"], title, body, state, opened=marker.endswith("+")), end
    return _quoted_admonition(match["indent"], title, body, state), end


def _quoted_admonition(indent: str, title: str, body: list[str], state: _State) -> list[str]:
    """A block quote: the bold title, a blank line, then the lowered body, quoted."""
    inner = _lower_inner(body, state, _IN_ADMONITION)
    content = [f"**{title}**", *([""] if inner else [])] if title else []
    return ["", *_quote(content + inner, indent), ""]


def _quote(lines: list[str], indent: str = "") -> list[str]:
    """Lines in a block quote; a code cell's placeholder is not quoted: the cell breaks it."""
    quoted = []
    for line in lines:
        if _CODE_CELL_LINE.match(line):
            quoted.append(indent + line)
        else:
            quoted.append(indent + (f"> {line}" if line.strip() else ">"))
    return quoted


def _lower_inner(body: list[str], state: _State, scope: _Scope) -> list[str]:
    """A container's body lowered, without blank lines at its ends or runs of them inside."""
    inner = _lower_lines(_strip_blank_edges(body), state, scope)
    return _strip_blank_edges(collapse_blank_lines(inner))  # nested blocks bring blank lines


def _details(indent: str, title: str, body: list[str], state: _State, *, opened: bool) -> list[str]:
    """A ``<details>`` block; the blank lines around the body let Markdown render inside it."""
    state.details_depth += 1
    inner = _lower_inner(body, state, _IN_DETAILS)
    state.details_depth -= 1
    summary = html.escape(title or "Details", quote=False)
    opening = "<details open>" if opened else "<details>"
    element = [opening, f"<summary>{summary}</summary>", "", *inner, "", "</details>"]
    return ["", *[indent + line if line else "" for line in element], ""]


def _admonition_title(kind: str, title: str | None, state: _State) -> str:
    """Python-Markdown's rule: no title means the capitalised type, ``""`` means none."""
    if title is None:
        return kind.capitalize()
    return lower_inline(title, state.footnote_numbers, state.abbreviations) or ""


def _lower_tab_at(lines: list[str], start: int, state: _State, scope: _Scope) -> _Lowered | None:
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
        end = _end_of_indented_block(lines, index + 1, width)
        tabs.append((match["title"], [_dedent(line, width) for line in lines[index + 1 : end]]))
        index = _next_line(lines, end)
    return _tab_group(indent, tabs, state, scope), end


def _next_line(lines: list[str], index: int) -> int:
    """The first line from ``index`` that is not blank."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _tab_group(
    indent: str, tabs: list[tuple[str, list[str]]], state: _State, scope: _Scope
) -> list[str]:
    """Content tabs are alternatives: the copy keeps the tab of its framework alone, when the
    group has one; otherwise every tab shows and only the first with Python runs, so that a
    "Python 3.9" and a "Python 3.12" variant do not both run. Python in a tab runs wherever the
    tab is (in a list item, an admonition): the code cell breaks out of it."""
    chosen = [
        body for title, body in tabs if state.framework and same_label(title, state.framework)
    ]
    # A code cell would leave half of a <details> element in each of two cells.
    runnable = _Scope(runnable=not state.details_depth, quoted=scope.quoted)
    if chosen:
        return ["", *_indented(_lower_inner(chosen[0], state, runnable), indent), ""]
    out: list[str] = []
    for title, body in tabs:
        cells_before = len(state.code_cells)
        out += _tab(indent, title, body, state, runnable)
        if len(state.code_cells) > cells_before:
            runnable = _Scope(runnable=False, quoted=scope.quoted)  # the rest are alternatives
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


def _tab(indent: str, title: str, body: list[str], state: _State, scope: _Scope) -> list[str]:
    level = min(state.heading_level + 1, 6) if state.heading_level else 4
    heading = "#" * level + " " + (lower_inline(title, state.footnote_numbers) or "")
    outer_level, state.heading_level = state.heading_level, level
    inner = _lower_lines(_strip_blank_edges(body), state, scope)
    state.heading_level = outer_level  # the next tab of the group gets the same level
    return ["", *_indented([heading, "", *_strip_blank_edges(inner)], indent), ""]


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
        body=[_dedent(line, width) for line in content[option_count:]],
    )
    return block, min(index + 1, len(lines))


def _lower_generic_block_at(
    lines: list[str], start: int, state: _State, scope: _Scope
) -> _Lowered | None:
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
        title = _admonition_title(kind, block.title, state) if block.title else kind.capitalize()
        return _indented(_quoted_admonition("", title, body, state), indent), end
    if block.name == "details":
        title = _admonition_title("details", block.title, state) if block.title else "Details"
        opened = any(_OPEN_OPTION.match(option) for option in block.options)
        return _indented(_details("", title, body, state, opened=opened), indent), end
    if block.name == "tab":
        tabs = [(block.title or "", body)]
        while (following := _read_generic_block(lines, _next_line(lines, end))) and (
            _is_next_tab(following[0], indent)
        ):
            tabs.append((following[0].title or "", following[0].body))
            end = following[1]
        return _tab_group(indent, tabs, state, scope), end
    inner = _lower_inner(body, state, scope)
    if block.name == "caption" and inner:
        inner = [f"*{inner[0]}", *inner[1:]]
        inner[-1] += "*"
    return ["", *_indented(inner, indent), ""], end


_NEW_OPTION = re.compile(r"^new[ \t]*:[ \t]*(?:true|yes|on|1)[ \t]*$", re.IGNORECASE)


def _is_next_tab(block: _GenericBlock, indent: str) -> bool:
    """Whether ``block`` continues a group of ``/// tab`` blocks (``new: true`` starts one)."""
    starts_group = any(_NEW_OPTION.match(option) for option in block.options)
    return block.name == "tab" and block.indent == indent and not starts_group


def _indented(lines: list[str], indent: str) -> list[str]:
    # A code cell's placeholder is indented too: the text after the cell is de-indented by as
    # much (see _with_code_cells).
    return [indent + line if line.strip() else line for line in lines]


# HTML with Markdown inside (md_in_html) ------------------------------------------------------

_MARKDOWN_IN_HTML = re.compile(
    r"^(?P<indent>[ \t]*)<(?P<tag>[a-zA-Z][\w-]*)\b[^>]*?[ \t]markdown"
    r"""(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?(?:[ \t][^>]*)?>[ \t]*$"""
)


def _unwrap_markdown_in_html_at(
    lines: list[str], start: int, state: _State, scope: _Scope
) -> _Lowered | None:
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
    body = [_dedent(line, width) for line in body]
    inner = _lower_inner(body, state, scope)
    return ["", *_indented(inner, match["indent"]), ""], min(index + 1, len(lines))


# Definition lists ----------------------------------------------------------------------------

_DEFINITION = re.compile(r"^ {0,3}:[ \t]+(?P<text>\S.*)$")
_NOT_A_TERM = re.compile(
    r"^ {0,3}(?:[#>|:]|<(?!!--)|[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|===|/{3,}|```|~~~)"
)


def _lower_definition_list_at(
    lines: list[str], start: int, state: _State, scope: _Scope
) -> _Lowered | None:
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
        body_end = _end_of_indented_block(lines, index + 1, TAB_WIDTH)
        body = [
            definition["text"],
            *(_dedent(line, TAB_WIDTH) for line in lines[index + 1 : body_end]),
        ]
        out += ["", *_quote(_lower_inner(body, state, _IN_ADMONITION))]
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


def _bold_terms(terms: list[str], state: _State) -> list[str]:
    """Each term in bold on its own line (a backslash breaks the line, in CommonMark and GFM)."""
    bold = [
        term.strip()
        if _COMMENT_TERM.match(term)
        else f"**{lower_inline(term.strip(), state.footnote_numbers, state.abbreviations) or ''}**"
        for term in terms
    ]
    return [line + "\\" for line in bold[:-1]] + bold[-1:]


# Footnotes and abbreviations -----------------------------------------------------------------

_FOOTNOTE_DEFINITION = re.compile(
    r"^(?P<indent>[ \t]*)\[\^(?P<label>[^\]\s]+)\]:[ \t]*(?P<text>.*)$"
)
_ABBREVIATION = re.compile(r"^[ \t]*\*\[(?P<word>[^\]]+)\][ \t]*:[ \t]*(?P<expansion>.*?)[ \t]*$")


def _number_footnotes(lines: list[str]) -> dict[str, int]:
    """Number footnote labels in definition order, as Python-Markdown does by default."""
    in_code = {index for fence in fences(lines) for index in range(fence.start, fence.end)}
    numbers: dict[str, int] = {}
    for index, line in enumerate(lines):
        definition = None if index in in_code else _FOOTNOTE_DEFINITION.match(line)
        if definition and definition["label"] not in numbers:
            numbers[definition["label"]] = len(numbers) + 1
    return numbers


def _lower_footnote_definition_at(
    lines: list[str], start: int, state: _State, scope: _Scope
) -> _Lowered | None:
    """Take a ``[^label]: text`` definition (and its indented lines) out, for the Notes list."""
    match = _FOOTNOTE_DEFINITION.match(lines[start])
    if match is None:
        return None
    # Python-Markdown reads the body four columns in from the margin, wherever the label sits
    # within its first three columns (Material writes "  [^1]:" with the text at four).
    label_indent = "" if indent_width(match["indent"]) < TAB_WIDTH else match["indent"]
    body, end = _body_after(lines, start, label_indent)
    lowered = _lower_lines(_strip_blank_edges([match["text"], *body]), state, _IN_FOOTNOTE)
    lowered = _strip_blank_edges(lowered)
    state.footnote_texts.setdefault(match["label"], lowered)
    return [], end


def _notes_list(state: _State) -> list[str]:
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


def _abbreviations(lines: list[str]) -> Abbreviations:
    """The page's abbreviation definitions outside code; the last one of a word wins, and an
    empty one defines none, as in Python-Markdown's abbr."""
    in_code = {index for fence in fences(lines) for index in range(fence.start, fence.end)}
    expansions: dict[str, str] = {}
    for index, line in enumerate(lines):
        if index not in in_code and (match := _ABBREVIATION.match(line)):
            expansions[match["word"]] = match["expansion"]
    return Abbreviations({word: text for word, text in expansions.items() if text})


def _drop_abbreviation_at(
    lines: list[str], start: int, state: _State, scope: _Scope
) -> _Lowered | None:
    return ([], start + 1) if _ABBREVIATION.match(lines[start]) else None


# Script -------------------------------------------------------------------------------------

# CommonMark's HTML block of kind 1: from a line that starts with <script to the line with
# </script>, blank lines and all.
_SCRIPT_START = re.compile(r"^[ \t]*<script(?:[ \t>]|$)", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script>", re.IGNORECASE)


def _drop_script_at(lines: list[str], start: int, state: _State, scope: _Scope) -> _Lowered | None:
    """A ``<script>`` block is left out of the copy (and reported): Colab does not run a page's
    script, and the copy must not carry what ``check`` rejects on a page."""
    if not _SCRIPT_START.match(lines[start]):
        return None
    end = start
    while end < len(lines) and not _SCRIPT_END.search(lines[end]):
        end += 1
    state.scripts.append(lines[start])
    return [], min(end + 1, len(lines))


_BLOCK_LOWERINGS: tuple[_BlockLowering, ...] = (
    _drop_script_at,
    _lower_fence_at,
    _lower_admonition_at,
    _lower_tab_at,
    _lower_generic_block_at,
    _unwrap_markdown_in_html_at,
    _lower_definition_list_at,
    _lower_footnote_definition_at,
    _drop_abbreviation_at,
)


# Indentation ---------------------------------------------------------------------------------


def _body_after(lines: list[str], start: int, indent: str) -> tuple[list[str], int]:
    """The body of the block opened at ``lines[start]`` (its lines indented one level more than
    ``indent``), de-indented, and the index of the line after it."""
    body_indent = indent_width(indent) + TAB_WIDTH
    end = _end_of_indented_block(lines, start + 1, body_indent)
    return [_dedent(line, body_indent) for line in lines[start + 1 : end]], end


def _dedent(line: str, width: int) -> str:
    """Remove up to ``width`` columns of leading whitespace."""
    column = 0
    for index, char in enumerate(line):
        if column >= width or char not in " \t":
            return " " * (column - width) + line[index:]
        column = column + 1 if char == " " else (column // TAB_WIDTH + 1) * TAB_WIDTH
    return ""


def _end_of_indented_block(lines: list[str], start: int, indent: int) -> int:
    """Index after a body of lines indented by ``indent`` (or blank), trailing blanks left out."""
    end = start
    for index in range(start, len(lines)):
        if lines[index].strip():
            if indent_width(lines[index]) < indent:
                break
            end = index + 1
    return end


def _strip_blank_edges(lines: list[str]) -> list[str]:
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
