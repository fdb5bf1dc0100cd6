"""One pass over a notebook page as mkdocs-jupyter rendered it.

mkdocs-jupyter puts the notebook inside ``<div class="jupyter-wrapper">`` and its own styles and
scripts beside that element. The pass tells the two apart by that structure, never by position:

- mkdocs-jupyter's own ``<style>`` elements (about 600 KB, the same on every notebook page) are
  lifted out, to be served once as a stylesheet; an output's ``<style>`` (a pandas table) stays
  where it is, in its own page;
- its own inline scripts (a clipboard component, a Mermaid loader) move into files named by
  their content, and its MathJax 2 loader goes when it has no URL to load; scripts inside the
  notebook are left to the policy;
- relative URLs are rebased: the notebook wrote them from its own folder, but the page lives one
  folder deeper (``notebooks/intro.ipynb`` becomes ``notebooks/intro/``);
- each output image gets its alt text from the cell it belongs to (found by its cell id), its
  width and height (so the layout does not shift), and becomes a file loaded lazily.

Lexbor (a C parser) does the work: this runs for every notebook page of every build.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import struct
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

from nbformat import NotebookNode
from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..options import METADATA_KEY

# What nbconvert writes when a notebook gives no description.
PLACEHOLDER_ALT = "No description has been provided for this image"
_ROOT = "colab-page-root"
_WRAPPER = "jupyter-wrapper"
# Script types a browser executes (an empty type is JavaScript); JSON and MathJax config are data.
EXECUTABLE_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
_LINKS = "a[href], link[href], img[src], script[src], source[src]"
_REBASED = {"a": "href", "img": "src", "source": "src", "video": "src"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IMAGE_SUFFIXES = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
}


@dataclass(frozen=True)
class NotebookPage:
    html: str  # the page without mkdocs-jupyter's styles
    css: str  # those styles
    classes: frozenset[str]  # every class the page uses, to prune the CSS by
    links: tuple[str, ...]  # every link and image URL left in it


# ``file_href(content, suffix)``: the URL, from the page, of a file holding ``content``
FileHref = Callable[[str | bytes, str], str]
# ``rebase(url)``: a relative URL as the notebook wrote it, from the page; None keeps it
Rebase = Callable[[str], str | None]


def may_be_notebook_page(text: str) -> bool:
    """A quick test that most other pages fail: ``is_notebook_page`` holds only where it holds."""
    return _WRAPPER in text


def is_notebook_page(text: str) -> bool:
    """Whether ``text`` is page content that mkdocs-jupyter rendered from a notebook."""
    return may_be_notebook_page(text) and _wrapper(_parse(text)) is not None


def rewrite_notebook_page(
    text: str,
    *,
    notebook: NotebookNode | None,
    hidden_tags: Collection[str],
    rebase: Rebase,
    file_href: FileHref,
) -> NotebookPage:
    """The page after the pass above. ``notebook`` is the source (for each cell's alt text),
    None when it cannot be read; ``hidden_tags`` are the tags whose cells the page leaves out."""
    root = _parse(text)
    own = [node for node in root.iter() if node.tag in ("style", "script")]
    styles = [node for node in own if node.tag == "style"]
    css = "\n".join(style.text(deep=True) for style in styles)
    for style in styles:
        style.decompose()
    _drop_empty_mathjax_loader([node for node in own if node.tag == "script"])
    lifted = set(_lift_scripts(root, file_href))
    wrapper = _wrapper(root)
    if wrapper is not None:
        _rebase_urls(wrapper, rebase)
        for element, cell in _cells(wrapper, notebook, hidden_tags):
            lifted |= set(_finish_output_images(element, cell, file_href))
    classes = {
        c for node in root.css("[class]") for c in (node.attributes.get("class") or "").split()
    }
    links = [
        url
        for node in root.css(_LINKS)
        if (url := node.attributes.get("href") or node.attributes.get("src") or "") not in lifted
    ]
    return NotebookPage(root.inner_html or "", css, frozenset(classes), tuple(links))


def _parse(text: str) -> LexborNode:
    # Wrapped in an element so that leading <style> elements stay in the body with the rest.
    root = LexborHTMLParser(f'<div id="{_ROOT}">{text}</div>').css_first(f"div#{_ROOT}")
    assert root is not None  # the parser always yields the element it was given
    return root


def _wrapper(root: LexborNode) -> LexborNode | None:
    return next((n for n in root.iter() if n.tag == "div" and _has_class(n, _WRAPPER)), None)


def _has_class(node: LexborNode, name: str) -> bool:
    return name in (node.attributes.get("class") or "").split()


def _lift_scripts(root: LexborNode, file_href: FileHref) -> Iterator[str]:
    """mkdocs-jupyter's inline scripts become files, in the same place, with the same type:
    each runs when the inline one would have. (Deferring the classic ones gains no earlier paint
    in Lighthouse and moves their work after the first paint, where it counts as blocking.)"""
    for script in [n for n in root.iter() if n.tag == "script" and "src" not in n.attributes]:
        kind = script.attributes.get("type")
        if not is_executable(kind):
            continue
        href = file_href(script.text(deep=True), "js")
        attributes = f' type="{html.escape(kind)}"' if kind else ""
        script.insert_before(_element(f'<script{attributes} src="{html.escape(href)}"></script>'))
        script.decompose()
        yield href


def _drop_empty_mathjax_loader(scripts: list[LexborNode]) -> None:
    """Remove nbconvert's MathJax 2 loader when mkdocs-jupyter gave it no URL (its default).

    An empty ``src`` loads nothing, and the ``text/x-mathjax-config`` script beside it is read
    only by the MathJax 2 that loader would have loaded. Left in, the config turns into an
    executable script when Material's instant navigation re-inserts the page's scripts.
    """
    loaders = [
        s for s in scripts if "src" in s.attributes and not (s.attributes["src"] or "").strip()
    ]
    if not loaders:
        return
    for script in [
        *loaders,
        *(s for s in scripts if s.attributes.get("type") == "text/x-mathjax-config"),
    ]:
        script.decompose()


def _rebase_urls(wrapper: LexborNode, rebase: Rebase) -> None:
    for tag, attribute in _REBASED.items():
        for node in wrapper.css(f"{tag}[{attribute}]"):
            if (url := rebase(node.attributes.get(attribute) or "")) is not None:
                node.attrs[attribute] = url


def _cells(
    wrapper: LexborNode, notebook: NotebookNode | None, hidden_tags: Collection[str]
) -> Iterator[tuple[LexborNode, NotebookNode | None]]:
    """Each rendered cell with the notebook cell it came from: by the ``cell-id=`` anchor that
    nbconvert writes, else (a notebook older than nbformat 4.5) by order among shown cells."""
    elements = [e for e in wrapper.css("div.jp-Cell") if not _wraps_a_cell(e)]
    cells = list(notebook.cells) if notebook is not None else []
    by_id = {cell.get("id"): cell for cell in cells if cell.get("id")}
    shown = [c for c in cells if not set(hidden_tags) & set(c.get("metadata", {}).get("tags", []))]
    in_order: list[NotebookNode | None] = (
        list(shown) if len(shown) == len(elements) else [None] * len(elements)
    )
    for element, fallback in zip(elements, in_order, strict=True):
        anchor = (element.attributes.get("id") or "").removeprefix("cell-id=")
        yield element, by_id.get(anchor) or fallback


def _wraps_a_cell(element: LexborNode) -> bool:
    """mkdocs-jupyter wraps each code cell in a second ``jp-Cell`` element of its own."""
    first = next(element.iter(), None)
    return first is not None and first.tag == "div" and _has_class(first, "jp-Cell")


def _finish_output_images(
    element: LexborNode, cell: NotebookNode | None, file_href: FileHref
) -> Iterator[str]:
    """Label, size and lift the images the cell's outputs show; yield the URLs of lifted ones."""
    given = (cell.get("metadata", {}).get(METADATA_KEY) or {}).get("alt") if cell else None
    source = cell.get("source", "") if cell else _input_text(element)
    for index, image in enumerate(element.css("div.jp-RenderedImage > img")):
        if (image.attributes.get("alt") or PLACEHOLDER_ALT) == PLACEHOLDER_ALT:
            image.attrs["alt"] = output_alt(given, index, source)
        data = embedded_image(image.attributes.get("src") or "")
        if data is None:
            continue
        content, suffix = data
        if "width" not in image.attributes and (size := png_size(content)):
            image.attrs["width"], image.attrs["height"] = (str(n) for n in size)
        image.attrs["src"] = href = file_href(content, suffix)
        image.attrs["loading"] = "lazy"
        image.attrs["decoding"] = "async"
        yield href


def _input_text(element: LexborNode) -> str:
    editor = element.css_first(".jp-InputArea-editor")
    return editor.text(deep=True) if editor is not None else ""


def output_alt(given: object, index: int, source: str) -> str:
    """Alt text of a cell's ``index``-th output image: the cell's metadata ``mkdocs_colab.alt``
    (a string, or a list with one entry per image), else "Output of the code cell that begins:
    <its first line>"."""
    if isinstance(given, list) and index < len(given):
        return str(given[index])
    if isinstance(given, str) and given:
        return given
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return f"Output of the code cell that begins: {first}"


def embedded_image(url: str) -> tuple[bytes, str] | None:
    """The bytes and file suffix of a ``data:image/...;base64,`` URL (None for anything else)."""
    head, _, payload = url.partition(",")
    mime = head.removeprefix("data:").removesuffix(";base64")
    if not head.startswith("data:") or not head.endswith(";base64") or mime not in _IMAGE_SUFFIXES:
        return None
    try:
        return base64.b64decode("".join(payload.split()), validate=True), _IMAGE_SUFFIXES[mime]
    except binascii.Error:
        return None  # left embedded: the browser shows what it can, as before


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's header, or None if ``data`` is not a PNG."""
    if not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def is_executable(script_type: str | None) -> bool:
    """Whether a browser runs a ``<script>`` of this ``type`` (rather than holding it as data)."""
    return (script_type or "").strip().lower() in EXECUTABLE_SCRIPT_TYPES


def _element(markup: str) -> LexborNode:
    node = LexborHTMLParser(markup).css_first("script")
    assert node is not None
    return node


def asset_name(content: str | bytes, suffix: str) -> str:
    """A file name that changes whenever ``content`` does, so it can be cached for good."""
    data = content.encode() if isinstance(content, str) else content
    return f"notebook.{hashlib.sha256(data).hexdigest()[:12]}.{suffix}"
