"""A Content-Security-Policy for each page, allowing exactly the inline scripts the page has.

Material and mkdocs-jupyter write small inline scripts into every page (Material's differ with
the page's depth), so a fixed policy would need ``'unsafe-inline'``, which allows any injected
script too. Instead each page gets the hashes of its own inline scripts, computed from the
final HTML; anything else that is inline is blocked. GitHub Pages cannot send headers, so the
policy travels in a ``<meta http-equiv>`` tag, the first element of ``<head>``.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable
from html.parser import HTMLParser

from .pages import offset_of

# Script types a browser executes (an empty type is JavaScript); JSON and MathJax config are data.
_EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.head_end: int | None = None  # offset just after the <head> start tag
        self.scripts: list[str] = []
        self._in_script = False
        self._body: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "head" and self.head_end is None:
            line, column = self.getpos()
            self.head_end = (line, column + len(self.get_starttag_text()))
        if tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "").strip().lower()
            self._in_script, self._body = kind in _EXECUTABLE, []

    def handle_data(self, data):
        if self._in_script:
            self._body.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script:
            self.scripts.append("".join(self._body))
            self._in_script = False


def scan(page: str) -> tuple[list[str], int | None]:
    """The inline executable scripts of ``page`` and the offset where ``<head>`` content starts."""
    parser = _Scan()
    parser.feed(page)
    parser.close()
    if parser.head_end is None:
        return parser.scripts, None
    return parser.scripts, offset_of(page, *parser.head_end)


def policy(scripts: Iterable[str], script_hosts: Iterable[str] = ()) -> str:
    hashes = sorted(
        {
            f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
            for s in scripts
        }
    )
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *hashes, *script_hosts],
        # Material and notebook outputs set style attributes; styles cannot run script.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'", "data:"],
        # Material shows the repository's stars and latest release from GitHub's API.
        "connect-src": ["'self'", "https://api.github.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def with_policy(page: str, script_hosts: Iterable[str] = ()) -> str:
    """``page`` with its Content-Security-Policy as the first element of ``<head>``."""
    scripts, at = scan(page)
    if at is None:
        return page
    meta = (
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{html.escape(policy(scripts, script_hosts), quote=False)}">'
    )
    return page[:at] + meta + page[at:]
