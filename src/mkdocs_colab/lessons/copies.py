"""One lesson in, one Colab-ready copy out: the pipeline every front end (MkDocs, CLI) runs."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from ..errors import Location
from ..markdown import page_to_notebook
from ..notebook import parse_notebook, write_notebook
from ..options import (
    DEFAULT_GPU,
    FRONT_MATTER_KEY,
    METADATA_KEY,
    TAG_COLAB_ONLY,
    TAG_SITE_ONLY,
    lesson_options,
)
from ..text import split_front_matter
from ..transforms import CopyContext, Report, make_colab_ready


@dataclass(frozen=True)
class Lesson:
    """A notebook, or a Markdown page that opted in, and where it lives."""

    source: Path  # absolute path
    src_uri: str  # path inside the site's sources, e.g. "notebooks/intro.ipynb"
    repo_path: str  # path inside the repository, for "View source"
    front_matter: Mapping[str, Any] = field(default_factory=dict, compare=False)  # pages only

    @property
    def is_notebook(self) -> bool:
        return self.source.suffix == ".ipynb"


@dataclass(frozen=True)
class Settings:
    """The plugin options a copy depends on (they are part of its cache key)."""

    project_root: Path
    default_gpu: str = DEFAULT_GPU
    helpers_dirs: tuple[Path, ...] = ()
    embed_images: bool = False
    data_max_bytes: int = 100_000_000
    tag_site_only: str = TAG_SITE_ONLY
    tag_colab_only: str = TAG_COLAB_ONLY
    snippets: Mapping[str, Any] | None = None  # pymdownx.snippets' options; None: not used


@dataclass(frozen=True)
class Copy:
    text: str  # the notebook, serialised
    warnings: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = field(default=(), repr=False)  # files it holds the content of
    links_to: tuple[str, ...] = field(default=(), repr=False)  # files it holds the address of


def repo_path(path: Path, root: Path) -> str:
    """``path`` as messages and GitHub links show it: relative to the project, '/'-separated."""
    return path.resolve().relative_to(root).as_posix()


def key_line(text: str, key: str) -> int | None:
    """Line number of ``key:`` in the front matter of a Markdown page, for messages."""
    front_matter = split_front_matter(text).yaml
    lines = (front_matter or "").splitlines()
    return next((n for n, line in enumerate(lines, start=2) if line.startswith(f"{key}:")), None)


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
) -> Copy:
    """Build the copy of ``lesson`` whose source text is ``text``."""
    if lesson.is_notebook:
        notebook = parse_notebook(text, shown_as=lesson.repo_path)
        raw, key = notebook.metadata.get(METADATA_KEY), METADATA_KEY
    else:
        notebook = page_to_notebook(
            text,
            path=Path(lesson.repo_path),
            page_url=page_url,
            snippets=settings.snippets,
        )
        raw, key = lesson.front_matter.get(FRONT_MATTER_KEY), FRONT_MATTER_KEY
    where = Location(lesson.repo_path, line=None if lesson.is_notebook else key_line(text, key))
    options = lesson_options(raw, where=where, key=key, default_gpu=settings.default_gpu)
    context = CopyContext(
        source=lesson.source,
        shown_as=lesson.repo_path,
        project_root=settings.project_root,
        title=lesson.front_matter.get("title") or lesson_title(notebook, lesson.src_uri),
        page_url=page_url,
        source_url=source_url,
        options=options,
        published_url=published_url,
        src_uri=lesson.src_uri,
        site_file=site_file,
        helpers_dirs=settings.helpers_dirs,
        embed_images=settings.embed_images,
        data_max_bytes=settings.data_max_bytes,
        tag_site_only=settings.tag_site_only,
        tag_colab_only=settings.tag_colab_only,
        report=Report(),
    )
    result = make_colab_ready(notebook, context)  # the notebook was parsed for this copy alone
    return Copy(
        text=write_notebook(result),
        warnings=tuple(context.report.warnings),
        depends_on=tuple(sorted(str(p) for p in context.report.depends_on)),
        links_to=tuple(sorted(str(p) for p in context.report.links_to)),
    )
