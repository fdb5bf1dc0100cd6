"""A Content-Security-Policy for each page: its own scripts, and nothing a page's content adds.

Material writes small inline scripts into every page (one differs with the page's depth), so a
fixed policy would need ``'unsafe-inline'``, which allows any injected script too. Instead each
page gets the hashes of its inline scripts, computed from the final HTML, and the exact URLs of
the scripts and stylesheets its markup loads. Content cannot add either: the allow-list
(``mkdocs_colab.safety``) admits no ``<script>`` or ``<link>`` into a page's content, so what the
final HTML holds is the theme's, the site configuration's and the plugins' own. Scripts loaded
later by those scripts (Mermaid, on pages with a diagram) are named by their exact URL too, never
by a whole host: a whole CDN allows any package on it.

GitHub Pages cannot send headers, so the policy travels in a ``<meta http-equiv>`` tag, the
first element of ``<head>``.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from .pages.head import head_bounds
from .pages.rewrite import is_executable

# Material loads Mermaid from unpkg, mkdocs-jupyter from cdnjs (its module loads chunks from the
# same folder), each only on a page with a diagram.
MERMAID = (
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/mermaid/11.10.0/",
    "https://cdnjs.cloudflare.com/ajax/libs/mermaid-layout-elk/0.1.9/",
)
# Embeds from video hosts that notebooks commonly carry.
VIDEO_FRAMES = (
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
)
GOOGLE_FONTS_CSS = "https://fonts.googleapis.com"
GOOGLE_FONTS = "https://fonts.gstatic.com"  # where the Google Fonts stylesheet loads fonts from


@dataclass(frozen=True)
class Sources:
    """The sources a site allows beyond its own origin, by kind (CSP source expressions)."""

    scripts: tuple[str, ...] = MERMAID
    styles: tuple[str, ...] = ()
    fonts: tuple[str, ...] = ()
    frames: tuple[str, ...] = VIDEO_FRAMES
    connect: tuple[str, ...] = ("https://api.github.com",)  # Material's repository facts
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)  # any other directive


@dataclass(frozen=True)
class _Scan:
    inline_scripts: list[str]
    script_urls: list[str]
    stylesheet_urls: list[str]
    head_start: int | None


def scan(page: str) -> _Scan:
    """What ``page`` loads and runs, and the offset where its ``<head>`` content starts."""
    tree = LexborHTMLParser(page)  # Lexbor (C) parses the whole page; the standard parser the head
    inline, urls = [], []
    for script in tree.css("script"):
        if not is_executable(script.attributes.get("type")):
            continue
        if (src := script.attributes.get("src")) is None:
            inline.append(script.text(deep=True))
        elif _external(src):
            urls.append(src)
    sheets = [
        href
        for link in tree.css("link[href]")
        if "stylesheet" in (link.attributes.get("rel") or "").split()
        and _external(href := link.attributes.get("href") or "")
    ]
    return _Scan(inline, urls, sheets, head_bounds(page)[0])


def _external(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


def _exact(url: str) -> str:
    """A URL as a CSP source that matches that file only (no query: CSP ignores it)."""
    parts = urlsplit(url if not url.startswith("//") else f"https:{url}")
    return f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"


def policy(found: _Scan, sources: Sources = Sources()) -> str:
    hashes = sorted(
        {
            f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
            for s in found.inline_scripts
        }
    )
    styles = sorted({_exact(u) for u in found.stylesheet_urls})
    fonts = list(sources.fonts)
    if any(u.startswith(GOOGLE_FONTS_CSS) for u in found.stylesheet_urls):
        fonts.append(GOOGLE_FONTS)
    directives = {
        "default-src": ["'self'"],
        "script-src": [
            "'self'",
            *hashes,
            *_unique(sources.scripts, map(_exact, found.script_urls)),
        ],
        # Material and notebook outputs set style attributes; styles cannot run script.
        "style-src": ["'self'", "'unsafe-inline'", *_unique(sources.styles, styles)],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'", "data:", *_unique(fonts)],
        "frame-src": [*_unique(sources.frames)] or ["'none'"],
        "connect-src": ["'self'", *_unique(sources.connect)],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        **{name: list(values) for name, values in sources.extra.items()},
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _unique(*groups: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(source for group in groups for source in group))


def with_policy(page: str, sources: Sources = Sources(), from_content: Collection[str] = ()) -> str:
    """``page`` with its Content-Security-Policy as the first element of ``<head>``. What is in
    ``from_content`` (inline scripts and script or stylesheet URLs the page's content held) is
    not allowed, even though the page has it."""
    found = scan(page)
    excluded = set(from_content)
    for kept in (found.inline_scripts, found.script_urls, found.stylesheet_urls):
        kept[:] = [item for item in kept if item not in excluded]
    if found.head_start is None:
        return page
    meta = (
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{html.escape(policy(found, sources), quote=True)}">'
    )
    return page[: found.head_start] + meta + page[found.head_start :]
