"""The content-hash cache of Colab copies, and the hash of the plugin's own code it is keyed by."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from ..files import write_atomic
from .copies import Copy

Address = Callable[[Path], str | None]  # where a linked file is published, or why it is not


class CopyCache:
    """Copies keyed by a hash of everything they are built from; unused entries are evicted.

    The key covers the plugin's code, the lesson's text and every input that is not a file.
    Files a copy read while it was built (helper modules, embedded images, data files) are
    recorded with their own hashes and re-checked on a hit, so editing ``helper.py`` rebuilds
    the lessons using it. Files it only links to (pages, images left on the site) are recorded
    with their ``address`` instead: editing a page that a hundred lessons link to rebuilds none
    of them, moving or unpublishing it rebuilds them all.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()

    @staticmethod
    def key(text: str, **inputs: Any) -> str:
        blob = json.dumps(
            {"code": own_code_hash(), "text": text, **inputs}, sort_keys=True, default=_plain
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def get(self, key: str, address: Address = lambda path: None) -> Copy | None:
        """The copy stored under ``key``, if every file it was built from is unchanged and every
        file it links to still has the same ``address`` (see ``put``)."""
        if self.folder is None:
            return None
        entry_path = self.folder / f"{key}.json"
        try:
            entry = json.loads(entry_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        copy = _copy_from(entry)
        if copy is None or any(_file_hash(Path(p)) != h for p, h in entry["files"].items()):
            return None
        if any(address(Path(p)) != a for p, a in entry["links"].items()):
            return None
        self.used.add(entry_path.name)
        return copy

    def put(self, key: str, copy: Copy, address: Address = lambda path: None) -> None:
        """Store ``copy``; ``address(path)`` is what a link to a file turns into (its published
        URL, or why it has none), the same function ``get`` is given."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        entry = {
            "text": copy.text,
            "warnings": list(copy.warnings),
            "broken": list(copy.broken_targets),
            "files": {p: _file_hash(Path(p)) for p in copy.depends_on},
            "links": {p: address(Path(p)) for p in copy.links_to},
        }
        write_atomic(self.folder / f"{key}.json", json.dumps(entry))
        self.used.add(f"{key}.json")

    def evict_unused(self) -> int:
        """Delete entries this build did not use; return how many."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        stale = [p for p in self.folder.glob("*.json") if p.name not in self.used]
        for path in stale:
            path.unlink()
        return len(stale)


def code_hash(package: Path) -> str:
    """A hash of a package's files, bytecode aside. Keying the caches by it rather than by the
    version number means an edited plugin never reuses what the old code made."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if path.is_file() and "__pycache__" not in relative.parts:
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def own_code_hash() -> str:
    return code_hash(Path(__file__).parent.parent)  # the whole package, not this folder


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # missing: a file appearing later invalidates the entry too


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    raise TypeError(f"cannot hash {type(value).__name__}")


def _copy_from(entry: Any) -> Copy | None:
    """The copy an entry holds, or None (a miss) when the entry is not in the shape put wrote."""
    if not isinstance(entry, dict):
        return None
    text, warnings, files = entry.get("text"), entry.get("warnings"), entry.get("files")
    links = entry.get("links")
    if not (isinstance(text, str) and isinstance(warnings, list) and isinstance(files, dict)):
        return None
    broken = entry.get("broken", [])
    if not (isinstance(broken, list) and all(isinstance(w, str) for w in [*warnings, *broken])):
        return None
    if not all(isinstance(p, str) and isinstance(h, str) for p, h in files.items()):
        return None
    if not isinstance(links, dict) or not all(isinstance(p, str) for p in links):
        return None
    return Copy(
        text,
        tuple(warnings),
        depends_on=tuple(files),
        links_to=tuple(links),
        broken_targets=tuple(broken),
    )
