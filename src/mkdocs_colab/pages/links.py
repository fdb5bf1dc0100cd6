"""Links of a notebook page: rebased from the notebook's folder to the page, and checked.

MkDocs validates the links of Markdown pages only; a notebook page's links are checked here.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit, urlunsplit

from ..site import relative_url


def rebase_url(url: str, *, page_url: str, published: Callable[[str], str | None]) -> str | None:
    """``url``, written relative to a notebook, as a URL from its page at ``page_url``; None
    when it is not relative or names nothing the site publishes.

    ``published(path)`` gives the site URL (quoted, as MkDocs writes it) of the file or page
    built from the file at ``path`` (unquoted, relative to the notebook), or None.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    found = published(unquote(parts.path))
    if found is None:
        return None
    return urlunsplit(("", "", relative_url(found, page_url), parts.query, parts.fragment))


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
