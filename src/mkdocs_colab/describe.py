"""A page's description for search results and link previews: its first paragraph, as text."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(```|~~~)")
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


def _paragraphs(markdown: str):
    paragraph: list[str] = []
    fence = None
    lines = markdown.splitlines()
    if lines and lines[0].strip() == "---":  # front matter
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
        lines = lines[end + 1 :]
    for line in lines:
        opening = _FENCE.match(line)
        if fence is not None:
            fence = None if opening and opening.group(1) == fence else fence
            continue
        if opening:
            fence = opening.group(1)
            yield paragraph
            paragraph = []
        elif line.strip() and not line.startswith("    "):
            paragraph.append(line.strip())
        else:
            yield paragraph
            paragraph = []
    yield paragraph
