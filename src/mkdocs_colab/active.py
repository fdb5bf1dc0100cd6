"""Files a browser runs when a reader opens them from the site.

A page's content is judged by the allow-list of ``mkdocs_colab.safety``. A file published as it
is (beside the lessons, or in ``docs/``) is another matter: opened by itself, an ``.html`` or
``.js`` file runs on the site's own origin with no policy at all, and so does an SVG image with
script in it. An SVG opened by itself is parsed as XML, so it is judged here as XML, element by
element, on what can run script in an SVG document: script elements, event handlers, script
URLs (set directly or by an animation), and HTML inside ``<foreignObject>`` that runs or loads
something. What only draws (shapes, text, styles, gradients, filters, editors' metadata in
their own namespaces, HTML text labels) passes: diagrams from draw.io, Inkscape and matplotlib
are published unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from fnmatch import fnmatchcase
from pathlib import Path
from typing import cast
from xml.etree import ElementTree

from .errors import ColabError, Location
from .safety import scheme_of

# Suffixes a web server sends as HTML or JavaScript.
ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".js", ".mjs", ".shtml"})

_SVG = "http://www.w3.org/2000/svg"
_XHTML = "http://www.w3.org/1999/xhtml"
_XLINK = "http://www.w3.org/1999/xlink"
# SVG elements that run script (SVG Tiny's <handler> and <listener> included).
_SVG_SCRIPT = frozenset({"script", "handler", "listener"})
# Animations can set an attribute; set on href, they make a script link of a harmless one.
_SVG_ANIMATION = frozenset({"set", "animate", "animateColor", "animateMotion", "animateTransform"})
# HTML elements that run, load or navigate, inside an SVG's <foreignObject>.
_HTML_ACTIVE = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base",
        "meta", "link", "form", "noscript", "template",
    }
)  # fmt: skip
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data"})
_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def untrusted_active_files(
    files: Mapping[str, Path], root: Path, *, trusted: Iterable[str], scripts: Iterable[str]
) -> list[ColabError]:
    """An error for each of ``files`` (src_uri -> file) that a browser would run, unless the
    site names it: by one of the ``trusted`` glob patterns, or as one of its own ``scripts``
    (``extra_javascript``); ``root`` is the project's folder."""
    patterns, named = tuple(trusted), set(scripts)
    return [
        ColabError(
            f"{problem}; published, it would run on the site's origin, under no policy.",
            where=Location(Path(os.path.relpath(path, root)).as_posix()),
            fix="Remove it, or, if the site publishes it on purpose, add it to the "
            "colab/policy plugin's trusted_files.",
        )
        for uri, path in sorted(files.items())
        if uri not in named
        and not any(fnmatchcase(uri, pattern) for pattern in patterns)
        and (problem := active_file_problem(path))
    ]


def active_file_problem(file: Path) -> str | None:
    """Why a browser would run ``file`` if a reader opened it; None if it would not."""
    suffix = file.suffix.lower()
    if suffix in ACTIVE_SUFFIXES:
        return "is a file a browser runs"
    if suffix == ".svg":
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:  # unreadable: the build's own read reports it
            return None
        if found := svg_script(text):
            return f"is an SVG image that can run script ({found[0]})"
    return None


def svg_script(text: str) -> list[str]:
    """What in the SVG document ``text`` can run script when the file is opened by itself."""
    parser = ElementTree.XMLPullParser(events=("start", "pi"))
    try:
        parser.feed(text)
        parser.close()
    except ElementTree.ParseError as error:
        # A browser shows, and runs, what comes before the error.
        return [f"markup that is not well-formed XML ({error})"]
    found = []
    # typeshed types the events loosely; with these two kinds, each is (kind, Element).
    events = cast(Iterator[tuple[str, ElementTree.Element]], parser.read_events())
    for _, item in events:
        if item.tag is ElementTree.ProcessingInstruction:
            if (item.text or "").startswith("xml-stylesheet"):
                found.append("an <?xml-stylesheet?> instruction (XSLT can make a page of it)")
            continue
        found += _element_script(item)
    return found


def _element_script(element: ElementTree.Element) -> list[str]:
    namespace, tag = _split(element.tag)
    found = []
    # No namespace: a browser shows such a file as an XML tree; judged as SVG all the same.
    svg = namespace in (_SVG, "")
    if (svg and tag in _SVG_SCRIPT) or (namespace == _XHTML and tag in _HTML_ACTIVE):
        found.append(f"a <{tag}> element")
    if svg and tag in _SVG_ANIMATION:
        target = _split(element.get("attributeName", ""))[1].rpartition(":")[2]
        if target in _URL_ATTRIBUTES:
            found.append(f"an animation <{tag}> that sets {target}")
    for name, value in element.attrib.items():
        attribute_namespace, attribute = _split(name)
        if attribute.lower().startswith("on"):
            found.append(f"an event handler {attribute}= on <{tag}>")
        elif attribute in _URL_ATTRIBUTES and attribute_namespace in ("", _XLINK):
            scheme = scheme_of(value)
            if scheme is not None and not _allowed(scheme, tag, value):
                found.append(f"a {scheme}: URL in <{tag} {attribute}>")
    return found


def _allowed(scheme: str, tag: str, url: str) -> bool:
    if scheme == "data":  # an image drawn inside the image
        return tag == "image" and url.strip().lower().startswith("data:image/")
    return scheme in _URL_SCHEMES


def _split(name: str) -> tuple[str, str]:
    """ElementTree's ``{namespace}local`` as (namespace, local)."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name
