"""What content may put on a page: one allow-list, for the build and the contributor check.

A pull request can put markup on the site through many carriers (Markdown, raw cells, every
output type, cell tags, front matter). Whatever the carrier, the question is the same: once a
browser has parsed it, does it hold anything that can run script, load code or send the reader
elsewhere? So the rule is applied to markup as a browser parses it (Lexbor, an HTML5 parser:
``<!-->``, ``--!>`` or an unclosed tag hide nothing from it), element by element, against an
allow-list made for notebooks and documentation as they are: text, tables with their
``<style>``, images, SVG and MathML without script, ``<details>``, embeds from configured hosts.

``unsafe_markup`` lists what the allow-list does not allow; ``sanitized`` removes it, with the
same lists, through nh3 (the Ammonia sanitizer), for sites that choose to publish that way.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3
from selectolax.lexbor import LexborHTMLParser, LexborNode

_HTML = {
    "a", "abbr", "article", "aside", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption",
    "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "i", "iframe", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p",
    "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "source",
    "span", "strike", "strong", "style", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
    "clipboard-copy",  # mkdocs-jupyter's copy button on every code cell
    "progress", "meter",  # the progress bars of tqdm's and transformers' HTML outputs
}  # fmt: skip
_SVG = {
    "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "title", "desc", "metadata",
    "clipPath", "linearGradient", "radialGradient", "stop", "pattern", "mask", "marker",
    "image", "filter", "feBlend", "feColorMatrix", "feComposite", "feFlood",
    "feGaussianBlur", "feMerge", "feMergeNode", "feOffset",
}  # fmt: skip
_MATHML = {
    "math", "annotation", "menclose", "mfrac", "mi", "mn", "mo", "mover", "mpadded",
    "mphantom", "mroot", "mrow", "ms", "mspace", "msqrt", "mstyle", "msub", "msubsup", "msup",
    "mtable", "mtd", "mtext", "mtr", "munder", "munderover", "semantics",
}  # fmt: skip
TAGS = frozenset(_HTML | _SVG | _MATHML)

GLOBAL_ATTRIBUTES = frozenset(
    {"class", "id", "title", "lang", "dir", "style", "role", "tabindex", "hidden", "xmlns"}
)
ATTRIBUTE_PREFIXES = ("data-", "aria-")
# `halign` is not HTML, but pandas writes it on the headers of MultiIndex columns.
_TABLE_CELL = {
    "colspan",
    "rowspan",
    "headers",
    "scope",
    "align",
    "valign",
    "halign",
    "width",
    "height",
    "bgcolor",
}
# `autobuffer` (preload's old name) and `alt` are not HTML, but blog-style notebooks write them.
_MEDIA = {
    "src", "controls", "width", "height", "loop", "muted", "preload", "playsinline", "autoplay",
    "autobuffer", "alt",
}  # fmt: skip
_SVG_PRESENTATION = {
    "clip-path", "clip-rule", "color", "cx", "cy", "d", "dominant-baseline", "dx", "dy",
    "fill", "fill-opacity", "fill-rule", "filter", "font-family", "font-size", "font-style",
    "font-weight", "gradientTransform", "gradientUnits", "height", "in", "in2", "letter-spacing",
    "marker-end", "marker-mid", "marker-start", "markerHeight", "markerUnits", "markerWidth",
    "mask", "mode", "offset", "opacity", "operator", "orient", "patternTransform",
    "patternUnits", "points", "preserveAspectRatio", "r", "refX", "refY", "result", "rx", "ry",
    "stdDeviation", "stop-color", "stop-opacity", "stroke", "stroke-dasharray",
    "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-opacity", "stroke-width", "text-anchor", "transform", "version", "viewBox",
    "visibility", "width", "x", "x1", "x2", "y", "y1", "y2", "values", "type", "focusable",
    "xmlns:xlink", "xml:space", "baseProfile", "clipPathUnits", "maskUnits", "overflow",
}  # fmt: skip
_MATH_ATTRIBUTES = {
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace",
    "columnalign", "rowalign", "encoding", "displaystyle", "scriptlevel", "notation",
}  # fmt: skip
ATTRIBUTES: dict[str, frozenset[str]] = {
    **{tag: frozenset(_SVG_PRESENTATION) for tag in _SVG},
    **{tag: frozenset(_MATH_ATTRIBUTES) for tag in _MATHML},
    "a": frozenset({"href", "name", "target", "rel", "hreflang", "download"}),
    "img": frozenset(
        {
            "src",
            "alt",
            "width",
            "height",
            "loading",
            "decoding",
            "srcset",
            "sizes",
            "align",
            "border",
        }
    ),
    "source": frozenset({"src", "srcset", "type", "media", "sizes", "poster"}),
    "progress": frozenset({"value", "max"}),
    "meter": frozenset({"value", "min", "max", "low", "high", "optimum"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "video": frozenset(_MEDIA | {"poster"}),
    "audio": frozenset(_MEDIA),
    "iframe": frozenset(
        {
            "src",
            "width",
            "height",
            "allow",
            "allowfullscreen",
            "frameborder",
            "loading",
            "referrerpolicy",
        }
    ),
    "input": frozenset({"type", "checked", "disabled", "name"}),
    "label": frozenset({"for"}),
    "style": frozenset({"scoped", "type", "media"}),
    "details": frozenset({"open"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset(_TABLE_CELL),
    "th": frozenset(_TABLE_CELL),
    # bgcolor and the alignments are old HTML, still written by hand-made tables in notebooks.
    "table": frozenset(
        {"border", "cellpadding", "cellspacing", "width", "summary", "align", "bgcolor"}
    ),
    "tr": frozenset({"align", "valign", "bgcolor"}),
    "col": frozenset({"span", "width", "align", "valign", "bgcolor"}),
    "colgroup": frozenset({"span", "width", "align", "valign", "bgcolor"}),
    "time": frozenset({"datetime"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "use": frozenset(_SVG_PRESENTATION | {"href", "xlink:href"}),
    "image": frozenset(_SVG_PRESENTATION | {"href", "xlink:href"}),
    "clipboard-copy": frozenset({"for", ","}),  # mkdocs-jupyter writes a stray "," attribute
    "div": frozenset({"align"}),
    "p": frozenset({"align"}),
}
URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "poster", "cite", "srcset"})
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
INPUT_TYPES = frozenset({"checkbox", "radio"})  # task lists, content tabs
# Inside an SVG's <metadata>, matplotlib writes RDF (rdf:RDF, cc:Work, dc:date): inert data.
_METADATA_NAME = re.compile(r"^[a-z][a-z0-9]*:[a-z][a-z0-9-]*$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # what the URL parser trims from both ends


@dataclass(frozen=True)
class Unsafe:
    """One thing the allow-list does not allow, and the element it is on."""

    what: str  # e.g. "a <script> element", "the attribute onerror= on <img>"
    element: LexborNode  # the element, for the caller to locate (a cell, a line)

    def __str__(self) -> str:
        return self.what


def unsafe_markup(markup: str | LexborNode, *, frame_hosts: Collection[str] = ()) -> list[Unsafe]:
    """Everything in ``markup`` (a fragment, or a parsed element to check below) that the
    allow-list does not allow; ``frame_hosts`` are the origins ``<iframe>`` may embed."""
    root = markup if isinstance(markup, LexborNode) else _fragment(markup)
    return [*_moved_to_the_document(root), *_walk(root, frozenset(frame_hosts))]


def _moved_to_the_document(root: LexborNode) -> Iterator[Unsafe]:
    """A stray ``<body>`` or ``<html>`` tag in content is not an element: the parser moves its
    attributes onto the document's own, where ``onload=`` runs. The content was parsed inside
    a document of its own, whose ``<body>`` and ``<html>`` had none."""
    node = root.parent
    while node is not None:
        if node.tag in ("body", "html") and node.attributes:
            names = ", ".join(f"{name}=" for name in node.attributes)
            yield Unsafe(
                f"a <{node.tag}> tag with {names} (it would apply to the whole page)", node
            )
        node = node.parent


def _fragment(markup: str) -> LexborNode:
    root = LexborHTMLParser(f"<div>{markup}</div>").css_first("body > div")
    assert root is not None
    return root


def _walk(root: LexborNode, frame_hosts: frozenset[str]) -> Iterator[Unsafe]:
    for node in root.traverse(include_text=False):
        tag = node.tag or ""
        if tag.startswith("-"):  # comments and the like: nothing a browser runs
            continue
        if node is root:
            continue
        if _METADATA_NAME.match(tag) and _inside(node, "metadata"):
            continue
        if tag not in TAGS:
            yield Unsafe(f"a <{tag}> element", node)
            continue
        yield from _attributes(node, tag, frame_hosts)


def _inside(node: LexborNode, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _attributes(node: LexborNode, tag: str, frame_hosts: frozenset[str]) -> Iterator[Unsafe]:
    allowed = ATTRIBUTES.get(tag, frozenset())
    for name, value in node.attributes.items():
        if name.startswith("on"):
            yield Unsafe(f"an event handler {name}= on <{tag}>", node)
        elif not (
            name in GLOBAL_ATTRIBUTES or name in allowed or name.startswith(ATTRIBUTE_PREFIXES)
        ):
            yield Unsafe(f"the attribute {name}= on <{tag}>", node)
        elif name in URL_ATTRIBUTES and (
            problem := url_problem(tag, name, value or "", frame_hosts)
        ):
            yield Unsafe(problem, node)
    if tag == "input" and (node.attributes.get("type") or "").lower() not in INPUT_TYPES:
        yield Unsafe(f"an <input type={node.attributes.get('type')!r}> (a form field)", node)
    if tag == "iframe" and "src" not in node.attributes:
        yield Unsafe("an <iframe> without src", node)


def url_problem(tag: str, attribute: str, value: str, frame_hosts: frozenset[str]) -> str | None:
    """Why the URL ``value`` of ``tag``'s ``attribute`` may not stay, or None."""
    for url in _urls(attribute, value):
        scheme = scheme_of(url)
        if tag == "iframe":
            origin = _origin(url)
            if origin not in frame_hosts:
                return f"an <iframe> of {origin or url!r}, which is not a configured frame source"
        elif tag in ("use", "image") and not url.startswith("#"):
            return f"an SVG <{tag}> of {url!r} (only '#id' in the same image may be used)"
        elif scheme == "attachment" and tag in ("img", "source"):
            continue  # a cell attachment's name: a browser loads nothing from it
        elif scheme == "data":
            if not (tag in ("img", "source") and url.lower().startswith("data:image/")):
                return f"a data: URL in <{tag} {attribute}>"
        elif scheme is not None and scheme not in SCHEMES:
            return f"a {scheme}: URL in <{tag} {attribute}>"
    return None


def _urls(attribute: str, value: str) -> list[str]:
    if attribute != "srcset":
        return [value]
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def scheme_of(url: str) -> str | None:
    """The URL's scheme as a browser reads it: controls and spaces around it are dropped, and
    tabs and newlines anywhere, before the scheme is looked at (``java\\tscript:``)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip(_C0_AND_SPACE)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _origin(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme == "https" and parts.netloc else ""


def sanitized(markup: str, *, frame_hosts: Collection[str] = ()) -> str:
    """``markup`` with what ``unsafe_markup`` finds removed, by nh3 with the same lists."""
    hosts = frozenset(frame_hosts)

    def keep_url(element: str, attribute: str, value: str) -> str | None:
        if attribute not in URL_ATTRIBUTES:
            return value
        return None if url_problem(element, attribute, value, hosts) else value

    return nh3.clean(
        markup,
        tags=set(TAGS),
        attributes={"*": set(GLOBAL_ATTRIBUTES), **{t: set(a) for t, a in ATTRIBUTES.items()}},
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        attribute_filter=keep_url,
        url_schemes=set(SCHEMES) | {"data"},
        link_rel=None,
        clean_content_tags={"script"},  # removed with what is inside them
        strip_comments=True,
    )
