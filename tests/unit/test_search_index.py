"""Material's search index, with each page's sections read from the cache: the same entries."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import material
import pytest
from material.plugins.search import plugin as search
from mkdocs.structure.toc import get_toc

from mkdocs_colab.plugins import search as cached_search
from mkdocs_colab.plugins.memo import Memo
from mkdocs_colab.plugins.search import cached_indexing, material_search

CONTENT = """\
<h1 id="training">Training</h1><p>Why &amp; how.</p>
<h2 id="setup">Setup</h2><p>Install <code>torch</code>.</p><pre><code>pip install torch</code></pre>
<div data-search-exclude><h2 id="hidden">Hidden</h2><p>Not indexed.</p></div>
<p>After the hidden part.</p><script>var x = 1;</script><style>p { color: red }</style>
<h3 id="gpu">On a GPU</h3><ul><li>Colab</li><li>Kaggle</li></ul>
"""
TOC = [
    {
        "level": 1,
        "id": "training",
        "name": "Training",
        "children": [
            {
                "level": 2,
                "id": "setup",
                "name": "Setup",
                "children": [
                    {"level": 3, "id": "gpu", "name": "On a GPU", "children": []},
                ],
            },
        ],
    },
]
PAGES = {
    "a notebook page": ({}, CONTENT),
    "tags and boost": ({"tags": ["gpu", 3], "search": {"boost": 2}}, CONTENT),
    "no first heading": ({"title": "From front matter"}, "<p>Text first.</p><h2 id='x'>X</h2>"),
    "excluded": ({"search": {"exclude": True}}, CONTENT),
}


def page(meta: dict, content: str) -> SimpleNamespace:
    return SimpleNamespace(
        meta=meta, content=content, toc=get_toc(TOC), url="guide/", title="Guide"
    )


def test_the_installed_material_indexes_pages_as_the_cache_replays_them():
    assert material.__version__.startswith("9."), material.__version__
    assert material_search(search.SearchPlugin()) is search
    assert material_search(object()) is None
    assert list(inspect.signature(search.SearchIndex.create_entry_for_section).parameters) == [
        "self",
        "section",
        "toc",
        "url",
        "page",
    ]
    assert {"el", "id", "title", "text"} <= set(vars(search.Section(search.Element("h1"))))


@pytest.mark.parametrize(("meta", "content"), PAGES.values(), ids=PAGES.keys())
def test_entries_from_the_cache_are_the_entries_material_makes(
    tmp_path, monkeypatch, meta, content
):
    material_index = search.SearchIndex()
    material_index.add_entry_from_context(page(meta, content))
    used: set[str] = set()
    # Parsed and stored; read back from the disk (a new process); from memory (mkdocs serve).
    for attempt, memo in (("cold", Memo()), ("from disk", Memo()), ("from memory", None)):
        if memo is not None:
            monkeypatch.setattr(cached_search, "_SECTIONS", memo)
        index = search.SearchIndex()
        cached_indexing(search, index, tmp_path, used)(page(meta, content))
        assert index.entries == material_index.entries, attempt
    assert len(list(tmp_path.glob("*.json"))) == (0 if meta.get("search", {}).get("exclude") else 1)
