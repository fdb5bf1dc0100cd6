"""Fences: which become code cells (and how), which stay Markdown, Mermaid as a link."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import Fence, indent_width, read_fence
from .lowering import (
    Lowered,
    Scope,
    State,
    dedent,
    strip_blank_edges,
)

PYTHON_LANGUAGES = frozenset({"python", "py", "py3", "python3", "ipython", "ipython3"})
CONSOLE_LANGUAGES = frozenset({"pycon", "python-console"})
NO_COLAB = "no-colab"


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


def lower_fence_at(lines: list[str], start: int, state: State, scope: Scope) -> Lowered | None:
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
        body = strip_blank_edges(fence.body)
        if info.title:
            body = [_title_line(info.title, state), *body]
        return [state.code_cell(body)], fence.end
    shown = _markdown_fence(fence, "python" if info.is_python else info.language)
    if scope.quoted:
        return shown, fence.end
    width = indent_width(fence.indent)
    token = state.keep([dedent(line, width) for line in shown])
    return [fence.indent + token], fence.end


_TITLE_ATTRIBUTE = re.compile(r"""title=(?:"[^"]*"|'[^']*'|\S+)""")


def _title_line(title: str, state: State) -> str:
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


def _markdown_fence(fence: Fence, language: str) -> list[str]:
    """The fence as Markdown shows it: the language alone, no attributes or markers."""
    opening = fence.indent + fence.marker + language
    return [opening, *fence.body, fence.closing or fence.indent + fence.marker]
