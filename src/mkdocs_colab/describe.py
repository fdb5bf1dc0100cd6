"""A page's description for search results and link previews: its first paragraph, as text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .text import fences, split_front_matter

_NOT_PROSE = ("#", "!!!", "???", "===", "<", "|", "![", "- ", "* ", "+ ", ">", "[^", "*[", "--8<--")
_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])"), r"\2"),
    (re.compile(r"\s*\{:?\s*[.#][^}]*\}"), ""),  # attribute lists
    (re.compile(r":[a-z0-9]+(?:-[a-z0-9]+)+:"), ""),  # icon shortcodes
]


def first_paragraph(markdown: str, limit: int = 160) -> str | None:
    """The first prose paragraph of ``markdown`` as plain text, cut at a word near ``limit``."""
    for paragraph in _paragraphs(markdown):
        text = " ".join(paragraph).strip()
        if not text or text.startswith(_NOT_PROSE) or re.match(r"\d+\. ", text):
            continue
        for pattern, replacement in _INLINE:
            text = pattern.sub(replacement, text)
        text = re.sub(r"\s+", " ", text).strip()
        if len(text) > limit:
            text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        return text or None
    return None


def _paragraphs(markdown: str) -> Iterator[list[str]]:
    """The page's paragraphs (lists of stripped lines), front matter and fenced code left out."""
    lines = split_front_matter(markdown).body.splitlines()
    in_code = {index for fence in fences(lines) for index in range(fence.start, fence.end)}
    paragraph: list[str] = []
    for index, line in enumerate(lines):
        if index in in_code or not line.strip() or line.startswith("    "):
            yield paragraph
            paragraph = []
        else:
            paragraph.append(line.strip())
    yield paragraph
