"""Where a page's title ends, found with the standard HTML parser: the launch bar goes there."""

from __future__ import annotations

from html.parser import HTMLParser

from .head import offset_of


class _TitleEnd(HTMLParser):
    """The (line, column) of the first ``</h1>`` end tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.end: tuple[int, int] | None = None

    def handle_endtag(self, tag):
        if tag == "h1" and self.end is None:
            self.end = self.getpos()


# The title is near the top: the parser reads the page this much at a time and stops there,
# rather than reading a notebook page of several hundred kilobytes to its end.
_CHUNK = 2048


def after_title(content: str, markup: str) -> str:
    """``content`` with ``markup`` right after its first ``<h1>`` element, or first of all when
    it has none (themes such as Material then put the title above it)."""
    finder = _TitleEnd()
    for start in range(0, len(content), _CHUNK):
        finder.feed(content[start : start + _CHUNK])  # it carries a tag cut in two over
        if finder.end is not None:
            break
    else:
        finder.close()
    if finder.end is None:
        return markup + content
    end = content.index(">", offset_of(content, *finder.end)) + 1
    return content[:end] + markup + content[end:]
