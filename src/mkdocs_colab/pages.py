"""What the plugin changes in rendered pages, found with the standard library's HTML parser.

``rewrite_notebook_page`` makes two changes to a notebook page:

- mkdocs-jupyter inlines the same ~600 KB of CSS in every notebook page; it moves into one
  stylesheet, named by its content hash so browsers can cache it for good;
- output images get alt text (mkdocs-jupyter writes none).
"""

from __future__ import annotations

import hashlib
import html
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

# What nbconvert writes when a notebook gives no description.
PLACEHOLDER_ALT = "No description has been provided for this image"


def offset_of(text: str, line: int, column: int) -> int:
    """String offset of a 1-based ``line`` and 0-based ``column``; scans only up to that line."""
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return offset + column


@dataclass(frozen=True)
class Span:
    start: int
    end: int


_URL_ATTRIBUTES = {
    ("a", "href"),
    ("img", "src"),
    ("link", "href"),
    ("script", "src"),
    ("source", "src"),
}


class _Scanner(HTMLParser):
    """Start tags of interest, and where each ``<style>`` element starts and ends."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.styles: list[Span] = []
        self.classes: set[str] = set()
        self.links: list[str] = []  # href and src of links and images
        self.images: list[tuple[Span, list[tuple[str, str | None]], bool]] = []
        self._line, self._offset = 1, 0  # the parser moves forward: resume the line count
        self._style_start: int | None = None

    def _here(self) -> int:
        line, column = self.getpos()
        while self._line < line:
            self._offset = self.text.index("\n", self._offset) + 1
            self._line += 1
        return self._offset + column

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "class" and value:
                self.classes.update(value.split())
            elif (tag, name) in _URL_ATTRIBUTES and value:
                self.links.append(value)
        if tag == "style":
            self._style_start = self._here()
        elif tag == "img":
            start = self._here()
            end = start + len(self.get_starttag_text())
            self.images.append((Span(start, end), attrs, False))

    def handle_startendtag(self, tag, attrs):
        self.links += [v for n, v in attrs if (tag, n) in _URL_ATTRIBUTES and v]
        if tag == "img":
            start = self._here()
            self.images.append((Span(start, start + len(self.get_starttag_text())), attrs, True))

    def handle_endtag(self, tag):
        if tag == "style" and self._style_start is not None:
            end = self.text.index(">", self._here()) + 1
            self.styles.append(Span(self._style_start, end))
            self._style_start = None


def scan(text: str) -> _Scanner:
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    return scanner


@dataclass(frozen=True)
class NotebookPage:
    html: str  # the page, its styles replaced by a link to ``stylesheet_href``
    css: str  # the styles it had
    classes: frozenset[str]  # every class the page uses, to prune the CSS by
    links: tuple[str, ...]  # every link and image URL in it


def rewrite_notebook_page(text: str, alts: list[str], stylesheet_href: str) -> NotebookPage:
    """The page with its ``<style>`` elements lifted into one stylesheet and its output images
    labelled; ``alts`` are the output images' alt texts, in order."""
    found = scan(text)
    css = "\n".join(_inner_css(text[s.start : s.end]) for s in found.styles)
    edits = [(span, "") for span in found.styles]
    if css:
        link = f'<link rel="stylesheet" href="{html.escape(stylesheet_href)}">'
        edits[0] = (found.styles[0], link)
    # Output images are the ones nbconvert gave its placeholder (Markdown images carry theirs).
    outputs = [
        (span, attrs, closed)
        for span, attrs, closed in found.images
        if dict(attrs).get("alt", PLACEHOLDER_ALT) == PLACEHOLDER_ALT
    ]
    for (span, attrs, closed), alt in zip(outputs, alts, strict=False):
        kept = [(key, value) for key, value in attrs if key != "alt"]
        edits.append((span, _img([*kept, ("alt", alt)], closed)))
    pieces, last = [], 0
    for span, replacement in sorted(edits, key=lambda edit: edit[0].start):
        pieces += [text[last : span.start], replacement]
        last = span.end
    return NotebookPage(
        "".join(pieces) + text[last:], css, frozenset(found.classes), tuple(found.links)
    )


def broken_links(
    links: Iterable[str], page_path: str, exists: Callable[[str], bool], base: str = "/"
) -> list[str]:
    """The internal links of a page (at site path ``page_path``) whose target does not exist.

    Root-absolute links (``/guide/x``) are read against ``base``, the site's URL path.
    """
    broken = []
    for url in links:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # external, data:, mailto:, or an anchor on this page
        path = unquote(parts.path)
        if path.startswith("/"):
            path = path[len(base) :] if path.startswith(base) else "../outside-the-site"
        else:
            path = posixpath.join(posixpath.dirname(page_path), path)
        target = posixpath.normpath(path)
        if target.startswith("..") or not exists(target):
            broken.append(url)
    return broken


def _inner_css(element: str) -> str:
    return element[element.index(">") + 1 : element.rindex("<")]


def _img(attrs: list[tuple[str, str | None]], closed: bool) -> str:
    rendered = " ".join(
        key if value is None else f'{key}="{html.escape(value)}"' for key, value in attrs
    )
    return f"<img {rendered}{' /' if closed else ''}>"


def stylesheet_name(css: str) -> str:
    """A file name that changes whenever the CSS does, so it can be cached for good."""
    return f"notebook.{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
