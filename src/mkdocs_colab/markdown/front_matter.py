"""The page as lines for lowering: line endings made ``\\n``, the front matter blanked."""

from __future__ import annotations

from ..text import split_front_matter


def page_lines(text: str) -> list[str]:
    """The page's lines, the front matter as blank lines so that line numbers count from the file
    (errors name them)."""
    front = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [""] * (front.body_line - 1) + front.body.split("\n")
