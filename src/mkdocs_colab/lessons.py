"""One lesson in, one Colab-ready copy out: the pipeline every front end (MkDocs, CLI) runs."""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from .checks import refuse_unsafe
from .config import FRONT_MATTER_KEY, METADATA_KEY, lesson_options
from .errors import Location
from .markdown import page_to_notebook
from .notebook import parse_notebook, write_notebook
from .transforms import CopyContext, Report, make_colab_ready
from .transforms.site import output_image_alts, site_version


@dataclass(frozen=True)
class Lesson:
    """A notebook, or a Markdown page that opted in, and where it lives."""

    source: Path  # absolute path
    src_uri: str  # path inside the site's sources, e.g. "notebooks/intro.ipynb"
    repo_path: str  # path inside the repository, for "View source"

    @property
    def is_notebook(self) -> bool:
        return self.source.suffix == ".ipynb"


@dataclass(frozen=True)
class Settings:
    """The plugin options a copy depends on (they are part of its cache key)."""

    project_root: Path
    default_gpu: str = "T4"
    helpers_dirs: tuple[Path, ...] = ()
    embed_images: bool = False
    tag_site_only: str = "site-only"
    tag_colab_only: str = "colab-only"
    snippet_dirs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Copy:
    text: str  # the notebook, serialised
    warnings: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = field(default=(), repr=False)
    alts: tuple[str, ...] = ()  # site versions: alt text of each output image


def repo_path(path: Path, root: Path) -> str:
    """``path`` as messages and GitHub links show it: relative to the project, '/'-separated."""
    return path.resolve().relative_to(root).as_posix()


def page_path(src_uri: str, use_directory_urls: bool) -> str:
    """Site path of the page MkDocs (or mkdocs-jupyter) renders from ``src_uri``."""
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def key_line(text: str, key: str) -> int | None:
    """Line number of ``key:`` in the front matter of a Markdown page, for messages."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return None
        if line.startswith(f"{key}:"):
            return number
    return None


def lesson_title(notebook: NotebookNode, fallback: str) -> str:
    """The first level-1 heading of the lesson, else a title made from its file name."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return posixpath.splitext(posixpath.basename(fallback))[0].replace("-", " ").capitalize()


def make_copy(
    lesson: Lesson,
    text: str,
    settings: Settings,
    *,
    page_url: str,
    source_url: str,
    published_url: Callable[[Path], str | None],
    site_file: Callable[[str], Path | None] = lambda uri: None,
    front_matter: Mapping[str, Any] | None = None,
) -> Copy:
    """Build the copy of ``lesson`` whose source text is ``text``."""
    if lesson.is_notebook:
        notebook = parse_notebook(text, shown_as=lesson.repo_path)
        refuse_unsafe(notebook, lesson.repo_path)  # its outputs are shown on the site as they are
        raw, key = notebook.metadata.get(METADATA_KEY), METADATA_KEY
    else:
        notebook = page_to_notebook(
            text,
            path=Path(lesson.repo_path),
            page_url=page_url,
            snippet_dirs=settings.snippet_dirs,
        )
        raw, key = (front_matter or {}).get(FRONT_MATTER_KEY), FRONT_MATTER_KEY
    where = Location(lesson.repo_path, line=None if lesson.is_notebook else key_line(text, key))
    options = lesson_options(raw, where=where, key=key, default_gpu=settings.default_gpu)
    context = CopyContext(
        source=lesson.source,
        shown_as=lesson.repo_path,
        project_root=settings.project_root,
        title=(front_matter or {}).get("title") or lesson_title(notebook, lesson.src_uri),
        page_url=page_url,
        source_url=source_url,
        options=options,
        published_url=published_url,
        src_uri=lesson.src_uri,
        site_file=site_file,
        helpers_dirs=settings.helpers_dirs,
        embed_images=settings.embed_images,
        tag_site_only=settings.tag_site_only,
        tag_colab_only=settings.tag_colab_only,
        report=Report(),
    )
    result = make_colab_ready(notebook, context)  # the notebook was parsed for this copy alone
    return Copy(
        text=write_notebook(result),
        warnings=tuple(context.report.warnings),
        depends_on=tuple(sorted(str(p) for p in context.report.depends_on)),
    )


def make_site_version(
    lesson: Lesson,
    text: str,
    settings: Settings,
    *,
    relative_url: Callable[[Path], str | None],
    site_file: Callable[[str], Path | None],
) -> Copy:
    """The notebook as the site renders it (see ``transforms.site``), and its images' alt text."""
    # The Colab copy of the same text was validated, in this build or when it was cached.
    notebook = parse_notebook(text, shown_as=lesson.repo_path, validate=False)
    context = CopyContext(
        source=lesson.source,
        shown_as=lesson.repo_path,
        project_root=settings.project_root,
        title="",
        page_url="",
        source_url="",
        published_url=relative_url,
        src_uri=lesson.src_uri,
        site_file=site_file,
        report=Report(),  # its warnings repeat the Colab copy's: not reported twice
    )
    result = site_version(notebook, context)
    return Copy(
        text=write_notebook(result),
        depends_on=tuple(sorted(str(p) for p in context.report.depends_on)),
        alts=tuple(output_image_alts(result, settings.tag_colab_only)),
    )


class CopyCache:
    """Copies keyed by a hash of everything they are built from; unused entries are evicted.

    The key covers the plugin's code, the lesson's text and every input that is not a file.
    Files a copy read while it was built (helper modules, embedded images, link targets) are
    recorded with their own hashes and re-checked on a hit, so editing ``helper.py`` rebuilds
    the lessons using it.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()

    @staticmethod
    def key(text: str, **inputs: Any) -> str:
        blob = json.dumps(
            {"code": _own_code_hash(), "text": text, **inputs}, sort_keys=True, default=_plain
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def get(self, key: str) -> Copy | None:
        if self.folder is None:
            return None
        entry_path = self.folder / f"{key}.json"
        try:
            entry = json.loads(entry_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if any(_file_hash(Path(p)) != h for p, h in entry["files"].items()):
            return None
        self.used.add(entry_path.name)
        return Copy(
            text=entry["text"],
            warnings=tuple(entry["warnings"]),
            depends_on=tuple(entry["files"]),
            alts=tuple(entry.get("alts", ())),
        )

    def put(self, key: str, copy: Copy) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        entry = {
            "text": copy.text,
            "warnings": list(copy.warnings),
            "files": {p: _file_hash(Path(p)) for p in copy.depends_on},
            "alts": list(copy.alts),
        }
        (self.folder / f"{key}.json").write_text(json.dumps(entry), encoding="utf-8")
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
def _own_code_hash() -> str:
    return code_hash(Path(__file__).parent)


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
