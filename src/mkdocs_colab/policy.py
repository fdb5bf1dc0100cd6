"""A Content-Security-Policy for each page, allowing exactly the inline scripts the page has.

Material writes small inline scripts into every page (one differs with the page's depth), so a
fixed policy would need ``'unsafe-inline'``, which allows any injected script too. Instead each
page gets the hashes of its own inline scripts, computed from the final HTML; anything else
that is inline is blocked. GitHub Pages cannot send headers, so the policy travels in a
``<meta http-equiv>`` tag, the first element of ``<head>``.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable

from selectolax.lexbor import LexborHTMLParser

from .pages.head import head_bounds
from .pages.rewrite import is_executable


def scan(page: str) -> tuple[list[str], int | None]:
    """The inline executable scripts of ``page`` and the offset where ``<head>`` content starts."""
    # Lexbor (C) parses the whole page; the standard parser only reads the head.
    scripts = [
        script.text(deep=True)
        for script in LexborHTMLParser(page).css("script:not([src])")
        if is_executable(script.attributes.get("type"))
    ]
    return scripts, head_bounds(page)[0]


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
