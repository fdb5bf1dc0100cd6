"""What pure steps of a build returned, kept in memory between the builds of one process.

``mkdocs serve`` rebuilds the whole site in one process after every change, with new plugin
objects each time; what a page's unchanged content gave last time (its allow-list verdict, its
policy, its converted page) can be reused without reading the disk cache again. Each entry is
keyed by a hash of everything the step reads, and an entry the last build did not use is
dropped when the next one starts, so memory holds one site's worth at most.
"""

from __future__ import annotations

import hashlib
from typing import Generic, TypeVar

T = TypeVar("T")


def digest(*parts: str | bytes) -> str:
    """A hash of ``parts``, each told apart from the next."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big") + data)
    return hasher.hexdigest()


# Page contents a plugin made from inputs it had hashed already, by page: (content, that hash).
_MADE: dict[str, tuple[str, str]] = {}


def made_from(page: str, content: str, inputs: str) -> None:
    """Note that ``content``, now ``page``'s, is a function of what hashes to ``inputs``."""
    _MADE[page] = (content, inputs)


def content_key(page: str, content: str) -> str:
    """A hash that tells ``page``'s ``content`` apart from any other: the hash of its inputs
    while it is the very string made from them (a converted notebook page is some hundred
    kilobytes, which the allow-list and the page pass would each hash again), else the hash of
    the content."""
    made = _MADE.get(page)
    if made is not None and made[0] is content:
        return digest("made from", made[1])
    return digest(content)


def forget_made(page: str | None = None) -> None:
    """Forget what ``made_from`` noted of ``page``, or of every page."""
    if page is None:
        _MADE.clear()
    else:
        _MADE.pop(page, None)


class Memo(Generic[T]):
    def __init__(self) -> None:
        self._entries: dict[str, T] = {}
        self._used: set[str] = set()

    def new_build(self) -> None:
        """Keep what the build before used; forget the rest."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()

    def get(self, key: str) -> T | None:
        if (value := self._entries.get(key)) is not None:
            self._used.add(key)
        return value

    def put(self, key: str, value: T) -> T:
        self._entries[key] = value
        self._used.add(key)
        return value
