"""Where a page's ``<head>`` starts and ends, found with the standard HTML parser.

The policy goes first in ``<head>`` and the notebook stylesheet last; both need the offsets in
the final HTML, and only the head is parsed (it is near the top, the page can be large).
"""

from __future__ import annotations

from html.parser import HTMLParser


def offset_of(text: str, line: int, column: int) -> int:
    """String offset of a 1-based ``line`` and 0-based ``column``; scans only up to that line."""
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return offset + column


class _Head(HTMLParser):
    """Where ``<head>``'s content starts, and where it ends: at its end tag, or at ``<body>``
    when the end tag is left out. Both are (line, column) positions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.start: tuple[int, int] | None = None
        self.end: tuple[int, int] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "head" and self.start is None:
            line, column = self.getpos()
            self.start = (line, column + len(self.get_starttag_text() or ""))
        elif tag == "body" and self.end is None:
            self.end = self.getpos()

    def handle_endtag(self, tag):
        if tag == "head" and self.end is None:
            self.end = self.getpos()


def head_bounds(page: str) -> tuple[int | None, int | None]:
    """The offsets in ``page`` where its ``<head>``'s content starts and ends (None: none)."""
    head = _Head()
    for at in range(0, len(page), 4096):  # the head is near the top: stop where it ends
        head.feed(page[at : at + 4096])
        if head.end is not None:
            break

    def offset(position: tuple[int, int] | None) -> int | None:
        return None if position is None else offset_of(page, *position)

    return offset(head.start), offset(head.end)


def add_to_head(page: str, markup: str) -> str:
    """``page`` with ``markup`` at the end of its ``<head>``; ValueError if it has none."""
    _, end = head_bounds(page)
    if end is None:
        raise ValueError("the page has no <head> end tag and no <body> tag")
    return page[:end] + markup + page[end:]
