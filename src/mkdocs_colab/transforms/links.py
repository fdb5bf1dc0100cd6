"""Make every relative image and link in Markdown cells work from Colab.

Colab opens a copy on its own, without the folder it came from, so ``![](img/x.png)`` and
``[next](other.ipynb)`` point at nothing. Each relative target becomes the absolute URL of the
file (or page) on the published site, or, for images with ``copy_images: embed``, a ``data:``
URI. Targets are resolved on disk first: a target outside the project (``../..``, a symlink out)
is an error, a missing one a warning. A site-root path (``/img/x.png``) is a warning, and
becomes the URL the site's page gives it.

Colab does not show cell attachments (``![](attachment:x.png)``, what Jupyter writes for a
pasted image), so a copy carries none: each becomes a ``data:`` URI, as Colab writes pasted
images itself.

Markdown destinations (``[](x)``, ``![](x)``, ``[id]: x``) are located in the cell text outside
code (code blocks and code spans as CommonMark has them: :func:`mkdocs_colab.text.blank_code`);
HTML tags (``<img src>``, ``<a href>``, ``<source src>``) are located and re-written with the
standard library's HTML parser, never with a pattern over HTML.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from nbformat import NotebookNode

from ..errors import Location
from ..text import blank_code
from .context import CopyContext

# A URL with a scheme (http:, data:, mailto:, attachment:) or protocol-relative: left alone.
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
# [text](dest "title") and ![alt](dest): `dest` is <...> or has no spaces (balanced parens ok).
_INLINE = re.compile(
    r"(?P<bang>!?)\[(?:[^\[\]\\]|\\.|\[[^\]]*\])*\]\(\s*"
    r"(?P<dest><[^<>\n]*>|(?:[^\s()<>]|\([^\s()]*\))+)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
# [label]: dest, a link reference definition; [^label]: text is a footnote, not one.
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*(?P<dest><[^<>\n]*>|\S+)", re.MULTILINE)
_HTML_URL_ATTRS = {"img": "src", "source": "src", "video": "src", "a": "href"}


@dataclass(frozen=True)
class Target:
    """One URL in a cell's text: where it is, what it is, and whether it shows an image."""

    start: int
    end: int
    url: str
    is_image: bool
    tag: tuple[str, list[tuple[str, str | None]], bool] | None = None  # HTML: name, attrs, />


def rewrite_links(notebook: NotebookNode, context: CopyContext) -> NotebookNode:
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            cell.source = _rewrite_cell(cell, context.cell_at(index, cell), context)
        cell.pop("attachments", None)  # each one the text shows is a data: URI by now
    return notebook


def _rewrite_cell(cell: NotebookNode, where: Location, context: CopyContext) -> str:
    text = cell.source
    pieces, last = [], 0
    for target in sorted(find_targets(text), key=lambda t: t.start):
        new_url = _new_url(target, cell, where, context)
        if new_url is None:
            continue
        pieces += [text[last : target.start], _with_url(target, new_url)]
        last = target.end
    return "".join(pieces) + text[last:]


def find_targets(text: str) -> Iterator[Target]:
    """Every image and link destination in Markdown ``text``, code excluded."""
    visible = blank_code(text)  # what Colab renders as code holds no targets
    for match in _INLINE.finditer(visible):
        start, end = match.span("dest")
        yield Target(start, end, _strip_angles(text[start:end]), is_image=bool(match["bang"]))
    for match in _REFERENCE.finditer(visible):
        start, end = match.span("dest")
        yield Target(start, end, _strip_angles(text[start:end]), is_image=False)
    yield from _html_targets(visible, text)


def _strip_angles(dest: str) -> str:
    return dest[1:-1] if dest.startswith("<") and dest.endswith(">") else dest


class _TagFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[tuple[int, int], str, str, list, bool]] = []

    def handle_starttag(self, tag, attrs):
        self._record(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag, attrs):
        self._record(tag, attrs, self_closing=True)

    def _record(self, tag, attrs, self_closing):
        if tag in _HTML_URL_ATTRS:
            raw = self.get_starttag_text() or ""  # set while a start tag is handled
            self.tags.append((self.getpos(), raw, tag, attrs, self_closing))


def _html_targets(visible: str, text: str) -> Iterator[Target]:
    finder = _TagFinder()
    finder.feed(visible)
    finder.close()
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    for (line, column), raw, tag, attrs, self_closing in finder.tags:
        url = dict(attrs).get(_HTML_URL_ATTRS[tag])
        if url is None:
            continue
        start = line_starts[line - 1] + column
        yield Target(start, start + len(raw), url, tag != "a", tag=(tag, attrs, self_closing))


def _with_url(target: Target, url: str) -> str:
    if target.tag is None:
        return f"<{url}>" if " " in url else url
    tag, attrs, self_closing = target.tag
    name = _HTML_URL_ATTRS[tag]
    parts = [tag] + [
        key if value is None else f'{key}="{html.escape(url if key == name else value)}"'
        for key, value in attrs
    ]
    return f"<{' '.join(parts)}{' /' if self_closing else ''}>"


def local_path(url: str) -> str | None:
    """The file path a URL in a lesson names, decoded (``my%20plot.png`` is ``my plot.png``);
    None for what names no file of the project: an external URL, an anchor, nothing."""
    if not url or url.startswith(("#", "?")) or _EXTERNAL.match(url):
        return None
    return unquote(urlsplit(url).path)


def _new_url(target: Target, cell, where: Location, context: CopyContext) -> str | None:
    """The URL to write instead of ``target.url``, or None to leave it as it is."""
    url = target.url
    kind = "image" if target.is_image else "link"
    if url.startswith("attachment:"):
        return _attachment_data(url, cell, where, context)
    if (relative := local_path(url)) is None:
        return None
    if relative.startswith("/"):
        context.report.broken_targets.add(url)  # reported here, not again by the page
        return _from_site_root(url, kind, where, context)
    parts = urlsplit(url)
    path = context.locate(relative, where=where, what=f"{kind} {url!r}")
    if target.is_image and context.embed_images:
        context.report.depends_on.add(path)  # its bytes go into the copy
    else:
        context.report.links_to.add(path)  # only its address does: editing it changes nothing
    if not path.exists():
        _warn_broken(
            url,
            context,
            f"{kind} {url!r} points at {_shown(path, context)}, which does not exist.",
            where=where,
            fix="Fix the path (it is relative to the lesson) or add the file.",
        )
        return None
    if target.is_image and context.embed_images:
        return data_uri(mimetypes.guess_type(path.name)[0], path.read_bytes())
    published = context.published_url(path)
    if published is None:
        _warn_broken(
            url,
            context,
            f"{kind} {url!r} points at {_shown(path, context)}, which the site does not publish.",
            where=where,
            fix="Move the file under docs/ or the notebooks folder, or set copy_images: embed.",
        )
        return None
    return published + (f"#{parts.fragment}" if parts.fragment else "")


def _from_site_root(url: str, kind: str, where: Location, context: CopyContext) -> str:
    """A site-root path (``/img/x.png``): MkDocs warns and the page's browser resolves it from
    the host, so the copy gets that same absolute URL, with a warning too."""
    absolute = urljoin(context.page_url, url)
    context.warn(
        f"{kind} {url!r} starts at the web server's root; the copy points it at {absolute}, as "
        "the site's page does, which works only where the site is at the root of its host.",
        where=where,
        fix=f"Use a path relative to the lesson (for example {url.lstrip('/')!r} from the "
        "site's top folder, with '../' for each folder the lesson is in).",
    )
    return absolute


def _warn_broken(url: str, context: CopyContext, problem: str, *, where: Location, fix: str):
    """Warn that a target is broken, once per lesson (at its first cell), and note it, so that
    the lesson's page does not warn again."""
    if url not in context.report.broken_targets:
        context.warn(problem, where=where, fix=fix)
        context.report.broken_targets.add(url)


def data_uri(mime: str | None, data: bytes | str) -> str:
    """A ``data:`` URI of ``data`` (bytes, or base64 text as notebooks store it)."""
    encoded = data if isinstance(data, str) else base64.b64encode(data).decode("ascii")
    return f"data:{mime or 'application/octet-stream'};base64,{''.join(encoded.split())}"


def _attachment_data(url: str, cell, where: Location, context: CopyContext) -> str | None:
    """The ``data:`` URI of the cell attachment ``url`` names; None (and a warning) when the
    cell has no such attachment."""
    name = unquote(url.removeprefix("attachment:"))
    bundle = cell.get("attachments", {}).get(name) or {}
    mime = next((m for m in bundle if m.startswith("image/")), None)
    if mime is None:
        context.warn(
            f"image {url!r} names an attachment the cell does not have.",
            where=where,
            fix="Paste the image into the cell again, or link an image file beside the lesson.",
        )
        return None
    data = bundle[mime]
    return data_uri(mime, "".join(data) if isinstance(data, list) else data)


def _shown(path: Path, context: CopyContext) -> str:
    return str(path.relative_to(context.project_root.resolve()))
