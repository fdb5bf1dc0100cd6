"""Turn a MkDocs + Material lesson page into a Colab-ready notebook.

Pages are written for Python-Markdown with the Material theme and pymdown-extensions; Colab
renders plain CommonMark/GFM with a little HTML. So the page is first *lowered*: every
MkDocs-only construct is rewritten as Markdown that Colab shows correctly. Then jupytext
(``jupytext.reads(text, fmt="md")``) splits the result into cells. Relative links and images
are left alone; later transforms make them absolute.

Which blocks become code cells
------------------------------
A fence that starts at column 0 of the page (or of a content tab that does) whose language is
``python``, ``py``, ``python3``, ``ipython`` or ``ipython3``. Material/pymdownx attributes after
the language (``title="train.py" linenums="1" hl_lines="2"``, or the ``{ .python }`` form) are
dropped, and ``!shell`` and ``%magic`` lines stay exactly as written.

Everything else stays Markdown: fences in other languages (``bash``, ``text``, ``yaml``,
``pycon``, none), Python fences indented inside list items, and Python fences inside
admonitions. An admonition becomes a block quote, and its code stays in the quote as an example
to read, not a cell to run, the way the page presents it.

Keeping a Python block as prose: the ``no-colab`` marker
--------------------------------------------------------
Give the fence the class ``.no-colab``, in either of pymdownx.superfences' brace forms::

    ```{ .python .no-colab }
    ```python { .no-colab title="slow.py" }

The block stays in the notebook's Markdown as a clean ```` ```python ```` fence, with the marker
and the other attributes removed. On the site the class only adds ``class="no-colab"`` to the
code block, so the page looks the same.

A bare word (```` ```python no-colab ````) is accepted here too, but superfences does not
accept it: the site would show that fence as inline text. Use the class form on MkDocs pages.

What MkDocs-only syntax lowers to
---------------------------------
- Admonitions ``!!! note "Title"`` and collapsible ``??? note`` / ``???+ note``: a block quote,
  ``> **Title**``, ``>``, then the quoted body. No title gives the capitalised type
  (``**Note**``); ``""`` gives no title line. Nested admonitions nest the quotes.
- Content tabs ``=== "PyTorch"`` (and ``===!``, ``===+``): a heading one level below the nearest
  preceding heading (``####`` if there is none), then the tab's body, de-indented, so that its
  Python fences become code cells.
- Snippets ``--8<-- "file.md"``, the block form, ``file.md:3:5`` line ranges and
  ``file.md:section`` sections: the file's lines, found in the snippet folders in order and
  then lowered like the page. A missing file, a path outside the folders or an include loop is
  a :class:`~mkdocs_colab.errors.ColabError`.
- Attribute lists ``{ .class }``, ``{: #id }``, ``{ width="300" }``: removed, with the blanks
  before them; a line that held only an attribute list goes.
- Material icons ``:material-check:``, ``:fontawesome-...:``, ``:octicons-...:``,
  ``:simple-...:``: removed, with the blank after them.
- Emoji ``:rocket:``: the Unicode character, from pymdownx's Twemoji index (the site's).
  Unknown shortcodes are left alone.
- Footnotes ``[^1]``: ``<sup>1</sup>``, numbered in definition order as Python-Markdown does;
  the definitions ``[^1]: text`` become a numbered **Notes** list at the end of the page.
- Abbreviations ``*[HTML]: ...``: the definition line is removed.
- Mermaid fences: ``*Diagram: [see it on the page](PAGE_URL)*``.
- Keys ``++ctrl+alt+del++``: ``<kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd>``.
- ``==mark==`` and ``^^ins^^``: ``<mark>mark</mark>`` and ``<ins>ins</ins>``
  (``~~del~~`` is GFM and stays).
- Inline code with an inlinehilite language, `` `#!python len(x)` ``: `` `len(x)` ``.
- Code annotations: the ``{ .annotate }`` attribute list goes; ``(1)`` markers stay as text.

Nothing inside code fences or inline code is lowered, except that snippets are expanded
everywhere, as pymdownx.snippets does. Markdown that is not MkDocs-specific passes through as
written. Known gaps: four-space indented code blocks outside lists are treated as prose, and
inline code is recognised line by line.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jupytext
import nbformat
from pymdownx import emoji1_db, keymap_db, twemoji_db

from mkdocs_colab.errors import ColabError, Location
from mkdocs_colab.transforms.generated import new_cell

__all__ = ["page_to_notebook"]

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
PYTHON_LANGUAGES = frozenset({"python", "py", "python3", "ipython", "ipython3"})
NO_COLAB = "no-colab"
MAX_SNIPPET_DEPTH = 8
TAB_WIDTH = 4  # Python-Markdown's tab_length: admonition and tab bodies are indented by it


def page_to_notebook(
    text: str, *, path: Path, page_url: str, snippet_dirs: Sequence[Path]
) -> nbformat.NotebookNode:
    """Convert one page's source (front matter included) into an nbformat v4.5 notebook.

    ``path`` only names the page in errors; ``page_url`` is where Mermaid diagrams link to;
    ``snippet_dirs`` are the pymdownx.snippets base folders, tried in order. Raises
    :class:`ColabError` for a missing or escaping snippet, an include cycle, or a page without a
    runnable Python code block.
    """
    lines = _blank_front_matter(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    lines = _expand_snippets(lines, _Snippets(Path(path), tuple(snippet_dirs)), chain=())
    state = _State(page_url=page_url, footnote_numbers=_number_footnotes(lines))
    lowered = _lower_lines(lines, state, _TOP_LEVEL)
    lowered = _avoid_jupytext_header(_collapse_blank_lines(lowered + _notes_list(state)))
    parsed = jupytext.reads("\n".join(lowered) + "\n", fmt="md")
    cells = _clean_cells(parsed.cells, state.kept_blocks, Path(path))
    _require_runnable_code(cells, Path(path))
    return nbformat.v4.new_notebook(
        cells=cells, metadata={"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    )


# --- Front matter -------------------------------------------------------------------------

# MkDocs' own rule (mkdocs.utils.meta): `---` on line 1, closed by `---` or `...`.
_FRONT_MATTER_CLOSE = re.compile(r"^(?:-{3}|\.{3})[ \t]*$")


def _blank_front_matter(lines: list[str]) -> list[str]:
    """Replace the front matter by blank lines, so that line numbers still count from the file."""
    if not lines or not re.match(r"^-{3}[ \t]*$", lines[0]):
        return lines
    for end in range(1, len(lines)):
        if _FRONT_MATTER_CLOSE.match(lines[end]):
            return [""] * (end + 1) + lines[end + 1 :]
    return lines


# --- Snippets (pymdownx.snippets) -------------------------------------------------------

_SNIPPET_LINE = re.compile(
    r"""^(?P<indent>[ \t]*)(?P<escape>;*)
    (?:(?P<inline>-+8<-+[ \t]+)(?P<name>"(?:\\"|[^"])+?"|'(?:\\'|[^'])+?')
      |(?P<block>-+8<-+))[ \t]*$""",
    re.VERBOSE,
)
_SNIPPET_SECTION = re.compile(
    r"(?P<escape>;*)-+8<-+[ \t]+\[[ \t]*(?P<kind>start|end)[ \t]*:[ \t]*"
    r"(?P<section>[a-z][-_0-9a-z]*)[ \t]*\]",
    re.IGNORECASE,
)
_SNIPPET_TARGET = re.compile(
    r"^(?P<file>.*?)(?::(?P<start>\d*)(?::(?P<end>\d*))?|:(?P<section>[A-Za-z][-\w]*))?$"
)


@dataclass(frozen=True)
class _Snippets:
    page: Path
    dirs: tuple[Path, ...]


@dataclass(frozen=True)
class _Include:
    name: str
    file: Path
    page_line: int  # the line of the page whose include led here


def _expand_snippets(
    lines: list[str], snippets: _Snippets, chain: tuple[_Include, ...]
) -> list[str]:
    """Replace every snippet line (inline form and block form) by the included lines."""
    out: list[str] = []
    in_block = False
    for number, line in enumerate(lines, start=1):
        page_line = chain[0].page_line if chain else number
        match = _SNIPPET_LINE.match(line)
        if match and match["escape"]:
            out.append(line.replace(";", "", 1))  # `;--8<--` shows the notation itself
        elif match and match["block"]:
            in_block = not in_block
        elif match and not in_block:
            name = match["name"][1:-1].strip()
            out += _include(name, match["indent"], snippets, chain, page_line)
        elif in_block and not match:
            name = line.strip()
            if name and not name.startswith(";"):  # `;` comments a file out of a block
                out += _include(name, _leading_whitespace(line), snippets, chain, page_line)
        elif not in_block and not _is_section_marker(line):
            out.append(line)
    return out


def _is_section_marker(line: str) -> bool:
    match = _SNIPPET_SECTION.search(line)
    return match is not None and not match["escape"]


def _include(
    name: str, indent: str, snippets: _Snippets, chain: tuple[_Include, ...], page_line: int
) -> list[str]:
    """The lines of one snippet, its own snippets expanded, indented like its include line."""
    target = _SNIPPET_TARGET.match(name)
    assert target is not None  # every part of the pattern is optional
    file = _find_snippet(name, target["file"], snippets, chain, page_line)
    include = _Include(name, file, page_line)
    if any(outer.file == file for outer in chain):
        names = " -> ".join(f'"{step.name}"' for step in (*chain, include))
        raise _snippet_error(
            f'snippet "{name}" includes itself ({names})',
            "Remove the include that closes the loop.",
            snippets,
            chain,
            page_line,
        )
    if len(chain) >= MAX_SNIPPET_DEPTH:
        raise _snippet_error(
            f'snippet "{name}" is nested more than {MAX_SNIPPET_DEPTH} includes deep',
            "Include the files directly from the page instead of through a long chain.",
            snippets,
            chain,
            page_line,
        )
    lines = _read_snippet(file)
    if target["section"]:
        lines = _snippet_section(lines, target["section"], name, snippets, chain, page_line)
    elif target["start"] or target["end"]:
        lines = _snippet_line_range(lines, target["start"], target["end"])
    expanded = _expand_snippets(lines, snippets, (*chain, include))
    return [indent + line if line.strip() else line for line in expanded]


def _find_snippet(
    name: str, file: str, snippets: _Snippets, chain: tuple[_Include, ...], page_line: int
) -> Path:
    """Resolve a snippet against the base folders in order; it must stay inside the folder."""
    escapes = False
    for folder in snippets.dirs:
        root = folder.resolve()
        candidate = (root / file).resolve()
        if not candidate.is_relative_to(root):
            escapes = True
        elif candidate.is_file():
            return candidate
    folders = ", ".join(str(folder) for folder in snippets.dirs) or "none configured"
    if escapes:
        raise _snippet_error(
            f'snippet "{name}" points outside the snippet folders ({folders})',
            "Move the file into one of those folders and name it relative to that folder.",
            snippets,
            chain,
            page_line,
        )
    raise _snippet_error(
        f'snippet "{name}" was not found in the snippet folders ({folders})',
        "Fix the file name, or create the file in one of those folders "
        "(the base_path of pymdownx.snippets).",
        snippets,
        chain,
        page_line,
    )


def _read_snippet(file: Path) -> list[str]:
    lines = file.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    return lines[:-1] if lines[-1] == "" else lines  # a final newline adds no blank line


def _snippet_line_range(lines: list[str], start: str | None, end: str | None) -> list[str]:
    """`file:3:5` is lines 3 to 5 (1-based, inclusive); `file:3` runs to the end of the file."""
    first = int(start) - 1 if start else 0
    last = int(end) if end else len(lines)
    return lines[max(first, 0) : last]


def _snippet_section(
    lines: list[str],
    section: str,
    name: str,
    snippets: _Snippets,
    chain: tuple[_Include, ...],
    page_line: int,
) -> list[str]:
    """The lines between `--8<-- [start:NAME]` and `--8<-- [end:NAME]`, markers left out."""
    selected: list[str] | None = None
    for line in lines:
        marker = _SNIPPET_SECTION.search(line)
        if marker is None or marker["escape"]:
            if selected is not None:
                selected.append(line)
        elif marker["section"] == section and marker["kind"].lower() == "start":
            selected = [] if selected is None else selected  # a repeated start changes nothing
        elif marker["section"] == section and selected is not None:
            return selected
        # Markers of other sections (and an end before the start) never show.
    if selected is None:
        raise _snippet_error(
            f'snippet "{name}" has no section "{section}"',
            f"Mark the section in the file with `--8<-- [start:{section}]` and "
            f"`--8<-- [end:{section}]`, or fix the section name.",
            snippets,
            chain,
            page_line,
        )
    return selected


def _snippet_error(
    problem: str, fix: str, snippets: _Snippets, chain: tuple[_Include, ...], page_line: int
) -> ColabError:
    if chain:
        problem += f' (included from snippet "{chain[-1].name}")'
    return ColabError(problem, where=Location(snippets.page, line=page_line), fix=fix)


# --- Block-level lowering -----------------------------------------------------------------


@dataclass(frozen=True)
class _Scope:
    """Where lines being lowered end up in the notebook."""

    runnable: bool  # a Python fence at column 0 here becomes a code cell
    quoted: bool  # the lines end up inside a block quote, where jupytext sees no fences


_TOP_LEVEL = _Scope(runnable=True, quoted=False)
_IN_ADMONITION = _Scope(runnable=False, quoted=True)
_IN_FOOTNOTE = _Scope(runnable=False, quoted=False)

_KEPT_BLOCK = "@@mkdocs-colab-kept-block-{}@@"
_KEPT_BLOCK_LINE = re.compile(
    r"^(?P<indent>[ \t]*)@@mkdocs-colab-kept-block-(?P<index>\d+)@@$", re.MULTILINE
)


@dataclass
class _State:
    """What lowering one page accumulates."""

    page_url: str
    footnote_numbers: dict[str, int]
    footnote_texts: dict[str, list[str]] = field(default_factory=dict)
    # Markdown code blocks hidden from jupytext, which would otherwise run ```bash as %%bash.
    kept_blocks: list[list[str]] = field(default_factory=list)
    heading_level: int = 0

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
    lowered = _lower_inline(line, state)
    return [] if lowered is None else [lowered]


# Fences --------------------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
_INFO_TOKEN = re.compile(r"""[^\s{}=]+=(?:"[^"]*"|'[^']*'|[^\s{}]*)|[^\s{}]+""")


@dataclass(frozen=True)
class _Fence:
    indent: str
    marker: str
    info: str
    body: list[str]
    closing: str | None  # None when the fence runs to the end of the text
    end: int  # index of the line after the fence


@dataclass(frozen=True)
class _FenceInfo:
    language: str
    no_colab: bool

    @property
    def is_python(self) -> bool:
        return self.language in PYTHON_LANGUAGES


def _read_fence(lines: list[str], start: int) -> _Fence | None:
    """The fenced code block that opens at ``lines[start]``, if one does (CommonMark rules)."""
    opening = _FENCE_OPEN.match(lines[start])
    if opening is None or (opening["marker"][0] == "`" and "`" in opening["info"]):
        return None  # a backtick info string with a backtick is inline code, not a fence
    char, length = opening["marker"][0], len(opening["marker"])
    closing = re.compile(rf"^[ \t]*{re.escape(char)}{{{length},}}[ \t]*$")
    limit = _indent_width(opening["indent"]) + 3
    for end in range(start + 1, len(lines)):
        if closing.match(lines[end]) and _indent_width(lines[end]) <= limit:
            body, closing_line = lines[start + 1 : end], lines[end]
            return _Fence(
                opening["indent"], opening["marker"], opening["info"], body, closing_line, end + 1
            )
    return _Fence(
        opening["indent"], opening["marker"], opening["info"], lines[start + 1 :], None, len(lines)
    )


def _parse_fence_info(info: str) -> _FenceInfo:
    """Language and marker from ``python title="x"``, ``py``, ``{ .python .no-colab }`` etc."""
    tokens = _INFO_TOKEN.findall(info)
    if info.startswith("{"):
        classes = [token[1:] for token in tokens if token.startswith(".")]
        language = classes[0] if classes else ""
    else:
        language = tokens[0] if tokens else ""
    no_colab = any(token.lstrip(".") == NO_COLAB for token in tokens)
    return _FenceInfo(language.lower(), no_colab)


def _lower_fence_at(lines: list[str], start: int, state: _State, scope: _Scope) -> _Lowered | None:
    fence = _read_fence(lines, start)
    if fence is None:
        return None
    info = _parse_fence_info(fence.info)
    if info.language == "mermaid":
        return [fence.indent + _mermaid_link(state.page_url)], fence.end
    if scope.runnable and not fence.indent and info.is_python and not info.no_colab:
        return ["", *_code_cell_fence(fence.body), ""], fence.end
    shown = _markdown_fence(fence, "python" if info.is_python else info.language)
    if scope.quoted:
        return shown, fence.end
    width = _indent_width(fence.indent)
    token = state.keep([_dedent(line, width) for line in shown])
    return [fence.indent + token], fence.end


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


def _markdown_fence(fence: _Fence, language: str) -> list[str]:
    """The fence as Markdown shows it: the language alone, no attributes or markers."""
    opening = fence.indent + fence.marker + language
    return [opening, *fence.body, fence.closing or fence.indent + fence.marker]


# Admonitions and content tabs ----------------------------------------------------------------

_ADMONITION = re.compile(
    r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]*(?P<kind>[\w-]+)(?:[ \t]+[\w-]+)*"
    r'(?:[ \t]+"(?P<title>.*?)")?[ \t]*$'
)
_TAB = re.compile(r'^(?P<indent>[ \t]*)===[!+]{0,2}[ \t]+"(?P<title>.*?)"[ \t]*$')


def _lower_admonition_at(
    lines: list[str], start: int, state: _State, scope: _Scope
) -> _Lowered | None:
    """``!!! kind "Title"`` and ``???`` (collapsible) become a block quote led by the title."""
    match = _ADMONITION.match(lines[start])
    if match is None:
        return None
    body_indent = _indent_width(match["indent"]) + TAB_WIDTH
    end = _end_of_indented_block(lines, start + 1, body_indent)
    body = [_dedent(line, body_indent) for line in lines[start + 1 : end]]
    inner = _lower_lines(_strip_blank_edges(body), state, _IN_ADMONITION)
    inner = _strip_blank_edges(_collapse_blank_lines(inner))  # nested blocks bring blank lines
    title = _admonition_title(match["kind"], match["title"], state)
    content = [f"**{title}**", *([""] if inner else [])] if title else []
    quoted = [match["indent"] + (f"> {line}" if line.strip() else ">") for line in content + inner]
    return ["", *quoted, ""], end


def _admonition_title(kind: str, title: str | None, state: _State) -> str:
    """Python-Markdown's rule: no title means the capitalised type, ``""`` means none."""
    if title is None:
        return kind.capitalize()
    return _lower_inline(title, state) or ""


def _lower_tab_at(lines: list[str], start: int, state: _State, scope: _Scope) -> _Lowered | None:
    """``=== "Title"`` becomes a heading below the current one, then the tab's body unindented."""
    match = _TAB.match(lines[start])
    if match is None:
        return None
    end = _end_of_indented_block(lines, start + 1, _indent_width(match["indent"]) + TAB_WIDTH)
    body = [_dedent(line, TAB_WIDTH) for line in lines[start + 1 : end]]
    level = min(state.heading_level + 1, 6) if state.heading_level else 4
    heading = match["indent"] + "#" * level + " " + (_lower_inline(match["title"], state) or "")
    outer_level, state.heading_level = state.heading_level, level
    inner = _lower_lines(_strip_blank_edges(body), state, scope)
    state.heading_level = outer_level  # the next tab of the group gets the same level
    return ["", heading, "", *_strip_blank_edges(inner), ""], end


# Footnotes and abbreviations -----------------------------------------------------------------

_FOOTNOTE_DEFINITION = re.compile(
    r"^(?P<indent>[ \t]*)\[\^(?P<label>[^\]\s]+)\]:[ \t]*(?P<text>.*)$"
)
_ABBREVIATION = re.compile(r"^[ \t]*\*\[[^\]]+\][ \t]*:.*$")


def _number_footnotes(lines: list[str]) -> dict[str, int]:
    """Number footnote labels in definition order, as Python-Markdown does by default."""
    numbers: dict[str, int] = {}
    index = 0
    while index < len(lines):
        fence = _read_fence(lines, index)
        if fence is not None:
            index = fence.end
            continue
        definition = _FOOTNOTE_DEFINITION.match(lines[index])
        if definition and definition["label"] not in numbers:
            numbers[definition["label"]] = len(numbers) + 1
        index += 1
    return numbers


def _lower_footnote_definition_at(
    lines: list[str], start: int, state: _State, scope: _Scope
) -> _Lowered | None:
    """Take a ``[^label]: text`` definition (and its indented lines) out, for the Notes list."""
    match = _FOOTNOTE_DEFINITION.match(lines[start])
    if match is None:
        return None
    body_indent = _indent_width(match["indent"]) + TAB_WIDTH
    end = _end_of_indented_block(lines, start + 1, body_indent)
    body = [match["text"], *(_dedent(line, body_indent) for line in lines[start + 1 : end])]
    lowered = _strip_blank_edges(_lower_lines(_strip_blank_edges(body), state, _IN_FOOTNOTE))
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


def _drop_abbreviation_at(
    lines: list[str], start: int, state: _State, scope: _Scope
) -> _Lowered | None:
    return ([], start + 1) if _ABBREVIATION.match(lines[start]) else None


_BLOCK_LOWERINGS: tuple[_BlockLowering, ...] = (
    _lower_fence_at,
    _lower_admonition_at,
    _lower_tab_at,
    _lower_footnote_definition_at,
    _drop_abbreviation_at,
)


# Indentation ---------------------------------------------------------------------------------


def _leading_whitespace(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _indent_width(line: str) -> int:
    """Columns of leading whitespace, a tab reaching the next multiple of four."""
    return len(_leading_whitespace(line).expandtabs(TAB_WIDTH))


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
            if _indent_width(lines[index]) < indent:
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


# --- Inline lowering ------------------------------------------------------------------------

_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)")
_INLINE_HILITE = re.compile(r"^(?P<space> ?)#![\w+#.-]+[ \t]+")
_PROTECTED = re.compile("\x00(\\d+)\x00")

_ATTR_ITEM = r"""(?:[.#][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s"'{}]+))"""
_ATTR_LIST = re.compile(
    rf"(?:(?<=\S)[ \t]+)?\{{:?[ \t]*{_ATTR_ITEM}(?:[ \t]+{_ATTR_ITEM})*[ \t]*\}}"
)

_ICON = r":(?:material|fontawesome|octicons|simple)-[\w-]+:"
_ICON_AT_END = re.compile(rf"[ \t]*{_ICON}[ \t]*$|[ \t]*{_ICON}(?=\])")
_ICON_WITH_SPACE = re.compile(rf"{_ICON}[ \t]*")

_EMOJI = re.compile(r"(?<!\w):[+\-\w]+:(?!\w)")
_KEYS = re.compile(r'\+\+(?P<keys>(?:[\w-]+|"[^"]+")(?:\+(?:[\w-]+|"[^"]+"))*)\+\+')
_KEY = re.compile(r'"[^"]+"|[^+]+')
_FOOTNOTE_REFERENCE = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
_MARK = re.compile(r"(?<![=\w])==(?![=\s])(?P<text>.+?)(?<![=\s])==(?![=\w])")
_INS = re.compile(r"(?<![\^\w])\^\^(?![\^\s])(?P<text>.+?)(?<![\^\s])\^\^(?![\^\w])")


def _lower_inline(line: str, state: _State) -> str | None:
    """Lower one line of prose outside inline code; None when nothing is left of it."""
    text, spans = _protect_code_spans(line)
    text = _remove_attribute_lists(text)
    text = _remove_icons(text)
    text = _replace_emoji(text)
    text = _replace_keys(text)
    text = _replace_footnote_references(text, state.footnote_numbers)
    text = _MARK.sub(r"<mark>\g<text></mark>", text)
    text = _INS.sub(r"<ins>\g<text></ins>", text)
    if line.strip() and not text.strip():
        return None  # the line was only an attribute list or an icon
    return _PROTECTED.sub(lambda match: spans[int(match[1])], text)


def _protect_code_spans(line: str) -> tuple[str, list[str]]:
    """Swap inline code for placeholders so no lowering reaches inside it."""
    spans: list[str] = []

    def protect(match: re.Match[str]) -> str:
        code = _INLINE_HILITE.sub(r"\g<space>", match["code"])  # `#!python x` -> `x`
        spans.append(match["ticks"] + code + match["ticks"])
        return f"\x00{len(spans) - 1}\x00"

    return _CODE_SPAN.sub(protect, line), spans


def _remove_attribute_lists(text: str) -> str:
    return _ATTR_LIST.sub("", text)


def _remove_icons(text: str) -> str:
    """Drop icons with the space after them, or before them at the end of a line or a link."""
    return _ICON_WITH_SPACE.sub("", _ICON_AT_END.sub("", text))


def _replace_emoji(text: str) -> str:
    table = _emoji_by_shortcode()
    return _EMOJI.sub(lambda match: table.get(match[0], match[0]), text)


@cache
def _emoji_by_shortcode() -> dict[str, str]:
    """``:rocket:`` -> the character, from the Twemoji index that the site's emoji use."""
    # The Twemoji index leaves out the variation selector that makes ⚠ (:warning:) and friends
    # show as emoji rather than as text; the EmojiOne index records which code points need it.
    needs_selector = {
        entry["unicode"]
        for entry in emoji1_db.emoji.values()
        if "unicode" in entry and entry.get("unicode_alt") == entry["unicode"] + "-fe0f"
    }
    table: dict[str, str] = {}
    for shortcode, entry in twemoji_db.emoji.items():
        if "unicode" not in entry:
            continue  # Material adds its icons (no code point) to this index when loaded
        points = entry["unicode"] + ("-fe0f" if entry["unicode"] in needs_selector else "")
        table[shortcode] = "".join(chr(int(point, 16)) for point in points.split("-"))
    for alias, shortcode in twemoji_db.aliases.items():
        if shortcode in table:
            table[alias] = table[shortcode]
    return table


def _replace_keys(text: str) -> str:
    """``++ctrl+alt+del++`` -> ``<kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd>``."""

    def keyboard(match: re.Match[str]) -> str:
        names = [_key_name(key) for key in _KEY.findall(match["keys"])]
        if any(name is None for name in names):
            return match[0]  # pymdownx.keys leaves unknown keys as text too
        return "+".join(f"<kbd>{html.escape(name or '')}</kbd>" for name in names)

    return _KEYS.sub(keyboard, text)


def _key_name(key: str) -> str | None:
    if key.startswith('"'):
        return key[1:-1].strip() or None
    canonical = keymap_db.aliases.get(key.lower(), key.lower())
    return keymap_db.keymap.get(canonical)


def _replace_footnote_references(text: str, numbers: dict[str, int]) -> str:
    def superscript(match: re.Match[str]) -> str:
        number = numbers.get(match["label"])
        return match[0] if number is None else f"<sup>{number}</sup>"

    return _FOOTNOTE_REFERENCE.sub(superscript, text)


# --- Notebook assembly --------------------------------------------------------------------


def _collapse_blank_lines(lines: list[str]) -> list[str]:
    """One blank line at most between blocks: jupytext splits Markdown cells at two or more."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        fence = _read_fence(lines, index)
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
            source = _restore_kept_blocks(cell.source.strip("\n"), kept_blocks)
            clean.append(new_cell("markdown", source))
    for index, cell in enumerate(clean):
        cell.id = _cell_id(path, index)
    return clean


def _restore_kept_blocks(source: str, kept_blocks: list[list[str]]) -> str:
    def restore(match: re.Match[str]) -> str:
        block = kept_blocks[int(match["index"])]
        return "\n".join(match["indent"] + line if line.strip() else line for line in block)

    return _KEPT_BLOCK_LINE.sub(restore, source.replace("\r\n", "\n")) if kept_blocks else source


def _cell_id(path: Path, index: int) -> str:
    digest = hashlib.sha256(f"{path.as_posix()}\n{index}".encode()).hexdigest()
    return f"{digest[:12]}-{index}"


def _require_runnable_code(cells: list[nbformat.NotebookNode], path: Path) -> None:
    if not any(cell.cell_type == "code" and cell.source.strip() for cell in cells):
        raise ColabError(
            "has no runnable Python code block",
            where=Location(path, line=1),
            fix="Add a ```python fence at the start of a line (not indented, not inside an "
            "admonition, without no-colab), or remove the Colab opt-in from the front matter.",
        )
