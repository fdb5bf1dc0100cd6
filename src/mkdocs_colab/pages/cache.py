"""The content-hash cache of the notebook page pass (``rewrite.rewrite_notebook_page``).

The pass reads a notebook page's HTML, the notebook and the page's URL, and nothing else but
two callables: ``rebase`` (where the site publishes what a relative URL names: the whole site's
business) and ``file_href`` (a file lifted out of the page, linked from the page's URL). An
entry holds the pass's result, every URL it rebased with what ``rebase`` said, and the files it
lifted; a hit needs every one of those URLs to rebase the same way now, so moving or removing a
page a notebook links to makes the pass run again.

The pages the pass reads are cached too, by the plugin that converts notebooks; ``take_out`` and
``put_back`` let that cache store the text every page holds (mkdocs-jupyter's inlined styles
and scripts, some 580 KB) once.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..files import write_atomic
from .rewrite import FileHref, NotebookPage, Rebase


@dataclass(frozen=True)
class PassResult:
    page: NotebookPage
    files: dict[str, str | bytes]  # what file_href was given, by the site path it chose
    rebased: dict[str, str | None]  # what rebase answered, by the URL it was asked
    styles: str  # the name of the file that holds ``page.css`` (see ``styles_file``), or ""

    @classmethod
    def of(cls, page: NotebookPage, recorder: Recorder) -> PassResult:
        """What the pass gave, with the one copy of its styles that every page shares."""
        styles = styles_file(page.css) if page.css else ""
        if styles:
            page = replace(page, css=_SHARED.setdefault(styles, page.css))
        return cls(page, recorder.files, recorder.rebased, styles)

    def holds_for(self, rebase: Rebase) -> bool:
        """Whether the pass would still find every URL where it found it."""
        return all(rebase(url) == answer for url, answer in self.rebased.items())


def pass_key(
    code: str, content: str, notebook: str | None, hidden: Collection[str], url: str
) -> str:
    """The key of the pass over a page whose HTML hashes to ``content``."""
    blob = json.dumps([code, content, notebook, sorted(hidden), url]).encode()
    return hashlib.sha256(blob).hexdigest()


class Recorder:
    """``rebase`` and ``file_href`` as the pass calls them, with what they answered."""

    def __init__(self, rebase: Rebase, file_href: FileHref, path_of: Any) -> None:
        self._rebase, self._file_href, self._path_of = rebase, file_href, path_of
        self.rebased: dict[str, str | None] = {}
        self.files: dict[str, str | bytes] = {}

    def rebase(self, url: str) -> str | None:
        self.rebased[url] = answer = self._rebase(url)
        return answer

    def file_href(self, content: str | bytes, suffix: str) -> str:
        self.files[self._path_of(content, suffix)] = content
        return self._file_href(content, suffix)


# Text that every page holds (mkdocs-jupyter's styles and scripts, some 600 KB) is stored once,
# in a file named by its hash, and held once in memory, by that name.
_SHARED: dict[str, str] = {}


def styles_file(css: str) -> str:
    """The name of the file that holds the lifted styles ``css`` beside the entries."""
    return f"{hashlib.sha256(css.encode()).hexdigest()}.css"


def shared_text(folder: Path, name: str) -> str:
    """The text of the shared file ``name`` in ``folder``, read once by a process."""
    if name not in _SHARED:
        _SHARED[name] = (folder / name).read_text(encoding="utf-8")
    return _SHARED[name]


def read_pass(folder: Path | None, key: str) -> PassResult | None:
    """The stored result of the pass (to use only if it ``holds_for`` the site's links now)."""
    if folder is None:
        return None
    try:
        entry = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        css = shared_text(folder, entry["css"]) if entry["css"] else ""
        page = NotebookPage(entry["html"], css, frozenset(entry["classes"]), tuple(entry["links"]))
        files = {path: _decoded(value) for path, value in entry["files"].items()}
        rebased = dict(entry["rebased"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return PassResult(page, files, rebased, entry["css"])


def write_pass(folder: Path | None, key: str, result: PassResult) -> None:
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    page = result.page
    if result.styles and not (folder / result.styles).is_file():
        write_atomic(folder / result.styles, page.css)
    entry = {
        "html": page.html,
        "css": result.styles,
        "classes": sorted(page.classes),
        "links": list(page.links),
        "rebased": result.rebased,
        "files": {path: _encoded(content) for path, content in result.files.items()},
    }
    write_atomic(folder / f"{key}.json", json.dumps(entry))


def _encoded(content: str | bytes) -> dict[str, str]:
    if isinstance(content, bytes):
        return {"base64": base64.b64encode(content).decode("ascii")}
    return {"text": content}


def _decoded(value: dict[str, str]) -> str | bytes:
    return base64.b64decode(value["base64"]) if "base64" in value else value["text"]


def take_out(content: str, pieces: tuple[str, ...]) -> tuple[str, list[tuple[int, str]]]:
    """``content`` without each occurrence of ``pieces``, and where each one was: (offset in
    what is left, piece), in order."""
    pieces = tuple(p for p in pieces if p)
    kept: list[str] = []
    places: list[tuple[int, str]] = []
    start = length = 0
    while found := [(at, -len(p), p) for p in pieces if (at := content.find(p, start)) >= 0]:
        index, _, piece = min(found)  # the first; of two there, the longer
        kept.append(content[start:index])
        length += index - start
        places.append((length, piece))
        start = index + len(piece)
    kept.append(content[start:])
    return "".join(kept), places


def put_back(text: str, places: list[tuple[int, str]]) -> str:
    """What ``take_out`` was given, from what it returned."""
    parts, last = [], 0
    for offset, piece in places:
        parts += [text[last:offset], piece]
        last = offset
    parts.append(text[last:])
    return "".join(parts)
