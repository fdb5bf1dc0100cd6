"""Material's search index, with each page's sections read from a content-hash cache.

Material's search plugin (9.x) indexes a page in ``SearchIndex.add_entry_from_context``: its
``Parser`` (the standard library's HTML parser) reads the whole of ``page.content`` into
sections, then ``create_entry_for_section`` makes one index entry of each, from the page's
table of contents, URL and metadata. Reading the HTML is the cost, several times that of
everything else the index does, and on a notebook page it reads some hundred kilobytes. The
sections depend on the content alone, so this keeps them by its hash and replays them through
Material's own ``create_entry_for_section``: the index holds what Material would write.

It relies on Material 9's ``Parser``, ``Section`` and ``Element`` (``MATERIAL_VERSIONS``); with
another version, or another search plugin, the index is left to the plugin.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..files import write_atomic
from ..lessons.cache import own_code_hash
from .memo import Memo

MATERIAL_VERSIONS = ("9.",)  # Material versions whose search index this reproduces
_SECTIONS: Memo[list[dict[str, Any]]] = Memo()  # between the rebuilds of ``mkdocs serve``


def material_search(plugin: Any) -> Any | None:
    """The module of ``plugin`` if it is Material's search plugin of a version this knows."""
    try:
        import material
        from material.plugins.search import plugin as search
    except ImportError:
        return None
    if not isinstance(plugin, search.SearchPlugin):
        return None
    return search if material.__version__.startswith(MATERIAL_VERSIONS) else None


def sections_of(search: Any, content: str) -> list[dict[str, Any]]:
    """The sections Material's parser finds in ``content`` that its index keeps."""
    parser = search.Parser()
    parser.feed(content)
    parser.close()
    return [
        {"tag": s.el.tag, "id": s.id, "title": list(s.title), "text": list(s.text)}
        for s in parser.data
        if not s.is_excluded()
    ]


def cached_indexing(search: Any, index: Any, folder: Path | None, used: set[str]) -> Callable:
    """``index.add_entry_from_context``, reading each page's sections from ``folder``'s cache
    (``used`` gets the names of the entries it reads or writes)."""
    import material

    _SECTIONS.new_build()

    def add_entry_from_context(page: Any) -> None:
        if (page.meta.get("search") or {}).get("exclude"):
            return
        blob = json.dumps([own_code_hash(), material.__version__]).encode()
        key = hashlib.sha256(blob + b"\0" + page.content.encode()).hexdigest()
        used.add(f"{key}.json")
        sections = _SECTIONS.get(key) or _read(folder, key)
        if sections is None:
            sections = sections_of(search, page.content)
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
                write_atomic(folder / f"{key}.json", json.dumps(sections))
        for found in _SECTIONS.put(key, sections):
            section = search.Section(search.Element(found["tag"]))
            section.id = found["id"]
            section.title, section.text = list(found["title"]), list(found["text"])
            index.create_entry_for_section(section, page.toc, page.url, page)

    return add_entry_from_context


def _read(folder: Path | None, key: str) -> list[dict[str, Any]] | None:
    if folder is None:
        return None
    try:
        sections = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return sections if isinstance(sections, list) else None
