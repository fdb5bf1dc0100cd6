"""Specification of the shared scanner: where front matter, fences and inline code are."""

from __future__ import annotations

import pytest
from mkdocs.utils.meta import YAML_RE

from mkdocs_colab.lessons.copies import key_line
from mkdocs_colab.text import (
    FrontMatter,
    blank_code,
    code_spans,
    fences,
    read_fence,
    split_front_matter,
)

# --- Front matter ------------------------------------------------------------------------------

FRONT_MATTER = [
    pytest.param("---\ntitle: x\n---\nBody\n", FrontMatter("title: x\n", "Body\n", 4), id="dashes"),
    pytest.param("---\ntitle: x\n...\nBody\n", FrontMatter("title: x\n", "Body\n", 4), id="dots"),
    pytest.param("---  \na: 1\nb: 2\n--- \n", FrontMatter("a: 1\nb: 2\n", "", 5), id="spaces"),
    pytest.param("---\n---\nBody", FrontMatter(None, "---\n---\nBody", 1), id="empty"),
    pytest.param("---\na: 1\n---", FrontMatter(None, "---\na: 1\n---", 1), id="no-line-break"),
    pytest.param(
        "---\n---\na: 1\n---\n", FrontMatter("---\na: 1\n", "", 5), id="first-closer-read"
    ),
    pytest.param(
        "---\r\na: 1\r\n---\r\nBody\r\n", FrontMatter("a: 1\r\n", "Body\r\n", 4), id="crlf"
    ),
    pytest.param("\ufeff---\na: 1\n---\nBody", FrontMatter("a: 1\n", "Body", 4), id="bom"),
    pytest.param("\ufeffBody\n", FrontMatter(None, "Body\n", 1), id="bom-no-front-matter"),
    pytest.param("# Title\n\nBody\n", FrontMatter(None, "# Title\n\nBody\n", 1), id="none"),
    pytest.param("", FrontMatter(None, "", 1), id="empty-page"),
    pytest.param("---\na: 1\nBody\n", FrontMatter(None, "---\na: 1\nBody\n", 1), id="unclosed"),
    pytest.param("\n---\na: 1\n---\n", FrontMatter(None, "\n---\na: 1\n---\n", 1), id="not-line-1"),
    pytest.param(" ---\na: 1\n---\n", FrontMatter(None, " ---\na: 1\n---\n", 1), id="indented"),
    pytest.param(
        "----\na: 1\n----\n", FrontMatter(None, "----\na: 1\n----\n", 1), id="four-dashes"
    ),
    pytest.param("---\na: |\n  ---x\n---\n", FrontMatter("a: |\n  ---x\n", "", 5), id="dashes-in"),
]


@pytest.mark.parametrize(("text", "expected"), FRONT_MATTER)
def test_split_front_matter(text: str, expected: FrontMatter) -> None:
    assert split_front_matter(text) == expected
    mkdocs = YAML_RE.match(text.removeprefix("\ufeff").replace("\r\n", "\n"))  # what MkDocs reads
    assert (mkdocs is None) == (expected.yaml is None)
    assert mkdocs is None or mkdocs[1] == (expected.yaml or "").replace("\r\n", "\n")


KEY_LINES = [
    pytest.param("---\ntitle: x\ncolab: true\n---\n", 3, id="in-front-matter"),
    pytest.param("---\ntitle: x\n---\ncolab: true\n", None, id="after-front-matter"),
    pytest.param("---\ncolab:\n  gpu: true\n...\n", 2, id="closed-by-dots"),
    pytest.param("---\n  colab: true\n---\n", None, id="nested-key"),
    pytest.param("colab: true\n", None, id="no-front-matter"),
]


@pytest.mark.parametrize(("text", "line"), KEY_LINES)
def test_key_line(text: str, line: int | None) -> None:
    assert key_line(text, "colab") == line


# --- Fences (pages: pymdownx.superfences) ------------------------------------------------------

# (lines, [(start, end, body)] of every fence found)
FENCES = [
    pytest.param("```\ncode\n```\nafter", [(0, 3, ["code"])], id="backticks"),
    pytest.param("~~~python\ncode\n~~~", [(0, 3, ["code"])], id="tildes"),
    pytest.param("```\ncode\n`````\nafter", [(0, 3, ["code"])], id="longer-closing"),
    pytest.param("````\n```\nstill\n````", [(0, 4, ["```", "still"])], id="shorter-inside"),
    pytest.param("```\n~~~\n```", [(0, 3, ["~~~"])], id="other-char-inside"),
    pytest.param("```\n``` not closing\n```", [(0, 3, ["``` not closing"])], id="closing-has-text"),
    pytest.param("!!! note\n    ```py\n    x\n    ```\nafter", [(1, 4, ["    x"])], id="indented"),
    pytest.param("```\n        ```\n```", [(0, 3, ["        ```"])], id="closing-too-deep"),
    pytest.param("    ```\n    x\n  ```", [(0, 3, ["    x"])], id="closing-less-indented"),
    pytest.param("text\n```\nnever closed\n", [(1, 4, ["never closed", ""])], id="unclosed"),
    pytest.param("``` `x` ```\nprose", [], id="backtick-info-with-backtick"),
    pytest.param("~~~ `x`\ncode\n~~~", [(0, 3, ["code"])], id="tilde-info-with-backtick"),
    pytest.param("``\nnot a fence\n``", [], id="two-backticks"),
    pytest.param("> ```\n> x\n> ```", [], id="in-block-quote-is-not-read"),
    pytest.param("```\na\n```\n\n~~~\nb\n~~~", [(0, 3, ["a"]), (4, 7, ["b"])], id="two"),
]


@pytest.mark.parametrize(("text", "expected"), FENCES)
def test_fences(text: str, expected: list[tuple[int, int, list[str]]]) -> None:
    found = fences(text.split("\n"))
    assert [(fence.start, fence.end, fence.body) for fence in found] == expected


def test_read_fence_gives_the_parts_of_the_fence() -> None:
    lines = ['  ````python title="x.py"  ', "  x = 1", "  `````", "after"]
    fence = read_fence(lines, 0)
    assert fence is not None
    assert (fence.indent, fence.marker, fence.info) == ("  ", "````", 'python title="x.py"')
    assert (fence.body, fence.closing, fence.end) == (["  x = 1"], "  `````", 3)
    assert read_fence(lines, 1) is None
    unclosed = read_fence(["```", "x"], 0)
    assert unclosed is not None and (unclosed.closing, unclosed.end) == (None, 2)


# --- Inline code -------------------------------------------------------------------------------

# (text, the spans as text)
CODE_SPANS = [
    pytest.param("a `b` c", ["`b`"], id="one-backtick"),
    pytest.param("``a ` b`` c", ["``a ` b``"], id="two-backticks-around-one"),
    pytest.param("```a `` b``` `c`", ["```a `` b```", "`c`"], id="three-then-one"),
    pytest.param("`a``b`", ["`a``b`"], id="longer-run-inside"),
    pytest.param("``a` b", [], id="unmatched"),
    pytest.param("`` a `b`", ["`b`"], id="unmatched-run-then-span"),
    pytest.param("\\`a` b`", ["` b`"], id="escaped-opening"),
    pytest.param("\\\\`a`", ["`a`"], id="escaped-backslash"),
    pytest.param("\\``a`", ["`a`"], id="escape-shortens-the-run"),
    pytest.param("`a\\`", ["`a\\`"], id="backslash-inside"),
    pytest.param("`a\nb`", ["`a\nb`"], id="across-a-line"),
    pytest.param("`a\n\nb`", [], id="not-across-a-blank-line"),
    pytest.param("no code", [], id="none"),
]


@pytest.mark.parametrize(("text", "expected"), CODE_SPANS)
def test_code_spans(text: str, expected: list[str]) -> None:
    spans = code_spans(text)
    assert [text[span.start : span.end] for span in spans] == expected
    assert all(text[span.start : span.start + span.ticks] == "`" * span.ticks for span in spans)


# --- Notebook cells (CommonMark, through markdown-it-py) -----------------------------------------

# (text, the lines that keep anything visible)
BLANKED = [
    pytest.param("[a](x)\n```\n[b](y)\n```\n[c](z)", ["[a](x)", "[c](z)"], id="fence"),
    pytest.param("~~~~\n~~~\n[b](y)\n~~~~\nafter", ["after"], id="tildes-longer"),
    pytest.param("> ```\n> [b](y)\n> ```\n\nafter", ["after"], id="fence-in-block-quote"),
    pytest.param("- item\n\n  ```\n  [b](y)\n  ```\n\nafter", ["- item", "after"], id="in-list"),
    pytest.param("para\n\n    [b](y)\n\nafter", ["para", "after"], id="indented-code"),
    pytest.param("```\n[b](y)\n", [], id="unclosed-runs-to-the-end"),
    pytest.param("see `[b](y)` and [c](z)", ["see " + " " * 8 + " and [c](z)"], id="code-span"),
]


@pytest.mark.parametrize(("text", "visible"), BLANKED)
def test_blank_code(text: str, visible: list[str]) -> None:
    blanked = blank_code(text)
    assert len(blanked) == len(text)
    assert [line for line in blanked.split("\n") if line.strip()] == visible


def test_blank_code_keeps_line_endings() -> None:
    assert blank_code("`a`\r\nb\r\n") == "   \r\nb\r\n"


# The two dialects differ where the site and Colab do: a fence in an admonition is a fence on the
# page; for CommonMark, which has no admonitions, the indented lines are an indented code block.
def test_a_fence_in_an_admonition_is_code_in_both_dialects() -> None:
    text = "!!! note\n\n    ```python\n    x = 1\n    ```\n\nafter"
    [fence] = fences(text.split("\n"))
    assert (fence.start, fence.end, fence.body) == (2, 5, ["    x = 1"])
    assert [line for line in blank_code(text).split("\n") if line.strip()] == ["!!! note", "after"]
