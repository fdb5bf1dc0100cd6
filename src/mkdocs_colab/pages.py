"""What the plugin changes in rendered pages, and how their links are checked.

``rewrite_notebook_page`` makes these changes to a notebook page:

- mkdocs-jupyter inlines the same ~600 KB of CSS in every notebook page; it moves into one
  stylesheet, named by its content hash so browsers can cache it for good, and linked from
  the page's ``<head>`` (``add_to_head``);
- its inline scripts (a clipboard component, a Mermaid loader: ~16 KB, the same on every
  notebook page) move into files named the same way, and its MathJax 2 loader goes when it
  has no URL to load;
- output images get alt text instead of nbconvert's placeholder, and embedded ones become
  files loaded lazily.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

# What nbconvert writes when a notebook gives no description.
PLACEHOLDER_ALT = "No description has been provided for this image"


def offset_of(text: str, line: int, column: int) -> int:
    """String offset of a 1-based ``line`` and 0-based ``column``; scans only up to that line."""
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return offset + column


_ROOT = "colab-page-root"
# Script types a browser executes (an empty type is JavaScript); JSON and MathJax config are data.
EXECUTABLE_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
_URLS = "a[href], link[href], img[src], script[src], source[src]"


# Material's instant navigation makes every relative URL in the page absolute once its bundle
# has run, to compare the <head> of one page with the next. A stylesheet link whose href
# changes is loaded again, and the whole page is restyled: about 2,200 elements on a notebook
# page. Made at the end of <head>, before the body is parsed, the same change restyles almost
# nothing, and the bundle finds these URLs absolute already.
ABSOLUTE_STYLESHEET_URLS = (
    "for(const l of document.querySelectorAll('link[rel=stylesheet]'))l.href=l.href"
)


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
            self.start = (line, column + len(self.get_starttag_text()))
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


def page_links(text: str) -> list[str]:
    """Every link, stylesheet, image and script URL in an HTML page or fragment."""
    return [
        node.attributes.get("href") or node.attributes.get("src") or ""
        for node in LexborHTMLParser(text).css(_URLS)
    ]


@dataclass(frozen=True)
class NotebookPage:
    html: str  # the page without its styles
    css: str  # the styles it had
    classes: frozenset[str]  # every class the page uses, to prune the CSS by
    links: tuple[str, ...]  # every link and image URL in it


# ``file_href(content, suffix)``: the URL, from the page, of a file holding ``content``
FileHref = Callable[[str | bytes, str], str]


def rewrite_notebook_page(text: str, alts: list[str], file_href: FileHref) -> NotebookPage:
    """The page with its ``<style>`` elements lifted out (their CSS is returned), its inline
    scripts and embedded output images moved into files (``file_href`` names them), and its
    output images labelled; ``alts`` are the output images' alt texts, in order.

    Lexbor (a C parser) does the work: this runs for every notebook page of every build.
    """
    # Wrapped in an element so that leading <style> elements stay in the body with the rest.
    tree = LexborHTMLParser(f'<div id="{_ROOT}">{text}</div>')
    root = tree.css_first(f"div#{_ROOT}")
    styles = root.css("style")
    css = "\n".join(style.text(deep=True) for style in styles)
    for style in styles:
        style.decompose()
    _drop_empty_mathjax_loader(root)
    _lift_scripts(root, file_href)
    # Output images are the ones nbconvert gave its placeholder (Markdown images carry theirs).
    outputs = [
        i for i in root.css("img") if i.attributes.get("alt", PLACEHOLDER_ALT) == PLACEHOLDER_ALT
    ]
    for image, alt in zip(outputs, alts, strict=False):
        image.attrs["alt"] = alt
    _lift_images(outputs, file_href)
    classes = {
        c for node in root.css("[class]") for c in (node.attributes.get("class") or "").split()
    }
    links = [
        node.attributes.get("href") or node.attributes.get("src") or "" for node in root.css(_URLS)
    ]
    return NotebookPage(root.inner_html, css, frozenset(classes), tuple(links))


def _lift_scripts(root, file_href: FileHref) -> None:
    """Inline scripts become files, in the same place, with the same type: each runs when the
    inline one would have. (Deferring the classic ones gains no earlier paint in Lighthouse and
    moves their work after the first paint, where it counts as blocking time.)
    """
    for script in root.css("script:not([src])"):
        kind = script.attributes.get("type")
        if not is_executable(kind):
            continue
        attributes = f' type="{html.escape(kind)}"' if kind else ""
        href = html.escape(file_href(script.text(deep=True), "js"))
        script.insert_before(_element(f'<script{attributes} src="{href}"></script>', "script"))
        script.decompose()


_IMAGE_SUFFIXES = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
}


def _lift_images(images, file_href: FileHref) -> None:
    """Embedded (base64) output images become files the browser loads when they near the
    viewport, instead of tens of KB of text in the page. Their width and height are set, so
    the layout does not shift when they arrive."""
    for image in images:
        data = _embedded_image(image.attributes.get("src") or "")
        if data is None:
            continue
        image.attrs["src"] = file_href(*data)
        image.attrs["loading"] = "lazy"
        image.attrs["decoding"] = "async"


def _embedded_image(url: str) -> tuple[bytes, str] | None:
    """The bytes and file suffix of a ``data:image/...;base64,`` URL (None for anything else)."""
    head, _, payload = url.partition(",")
    mime = head.removeprefix("data:").removesuffix(";base64")
    if not head.startswith("data:") or not head.endswith(";base64") or mime not in _IMAGE_SUFFIXES:
        return None
    try:
        return base64.b64decode("".join(payload.split()), validate=True), _IMAGE_SUFFIXES[mime]
    except binascii.Error:
        return None  # left embedded: the browser shows what it can, as before


def _drop_empty_mathjax_loader(root) -> None:
    """Remove nbconvert's MathJax 2 loader when mkdocs-jupyter gave it no URL (its default).

    An empty ``src`` loads nothing, and the ``text/x-mathjax-config`` script beside it is read
    only by the MathJax 2 that loader would have loaded. Left in, the config turns into an
    executable script when Material's instant navigation re-inserts the page's scripts.
    """
    loaders = [s for s in root.css("script[src]") if not s.attributes.get("src", "").strip()]
    if not loaders:
        return
    for script in [*loaders, *root.css('script[type="text/x-mathjax-config"]')]:
        script.decompose()


def is_executable(script_type: str | None) -> bool:
    """Whether a browser runs a ``<script>`` of this ``type`` (rather than holding it as data)."""
    return (script_type or "").strip().lower() in EXECUTABLE_SCRIPT_TYPES


def _element(markup: str, tag: str):
    return LexborHTMLParser(markup).css_first(tag)


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


def asset_name(content: str | bytes, suffix: str) -> str:
    """A file name that changes whenever ``content`` does, so it can be cached for good."""
    data = content.encode() if isinstance(content, str) else content
    return f"notebook.{hashlib.sha256(data).hexdigest()[:12]}.{suffix}"
