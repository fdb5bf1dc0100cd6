"""One lesson in, one Colab-ready copy out: the pipeline every front end (MkDocs, CLI) runs."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from ..errors import ColabError, Location
from ..markdown import has_tab_labelled, page_to_notebook
from ..notebook import parse_notebook, write_notebook
from ..options import (
    DEFAULT_GPU,
    FRONT_MATTER_KEY,
    GPU_TYPES,
    METADATA_KEY,
    TAG_COLAB_ONLY,
    TAG_SITE_ONLY,
    framework_slug,
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
    broken_targets: tuple[str, ...] = ()  # URLs the warnings report broken, as written


def repo_path(path: Path, root: Path) -> str:
    """``path`` as messages and GitHub links show it: relative to the project, '/'-separated."""
    return path.resolve().relative_to(root).as_posix()


def key_line(text: str, key: str) -> int | None:
    """Line number of ``key:`` in the front matter of a Markdown page, for messages."""
    front_matter = split_front_matter(text).yaml
    lines = (front_matter or "").splitlines()
    return next((n for n, line in enumerate(lines, start=2) if line.startswith(f"{key}:")), None)


def page_frameworks(lesson: Lesson, text: str, settings: Settings) -> tuple[str, ...]:
    """The content-tab labels a Markdown page asks one copy each for (none: one copy)."""
    if lesson.is_notebook:
        return ()
    where = Location(lesson.repo_path, line=key_line(text, FRONT_MATTER_KEY))
    raw = lesson.front_matter.get(FRONT_MATTER_KEY)
    options = lesson_options(
        raw, where=where, key=FRONT_MATTER_KEY, default_gpu=settings.default_gpu
    )
    return options.frameworks


def _with_saved_runtime(raw: Any, notebook: NotebookNode) -> Any:
    """The lesson's options, with the GPU the notebook was saved on in Colab when they do not
    say: Colab writes ``accelerator: GPU`` and ``colab.gpuType``, and the copy drops both."""
    if notebook.metadata.get("accelerator") != "GPU":
        return raw
    if raw is None or raw is True:
        raw = {}
    if not isinstance(raw, Mapping) or "gpu" in raw:
        return raw  # the author's word, or a mistake that lesson_options names
    saved = notebook.metadata.get("colab", {}).get("gpuType")
    return {**raw, "gpu": saved if saved in GPU_TYPES else True}


def framework_copy_path(copy_path: str, framework: str) -> str:
    """``colab/guide/tensors.ipynb`` for PyTorch: ``colab/guide/tensors-pytorch.ipynb``."""
    return f"{posixpath.splitext(copy_path)[0]}-{framework_slug(framework)}.ipynb"


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
    framework: str | None = None,
) -> Copy:
    """Build the copy of ``lesson`` whose source text is ``text``; for a page, the copy of
    one ``framework`` (a content-tab label) when it names one."""
    left_out: list[ColabError] = []  # what the page lowering leaves out, reported below
    if lesson.is_notebook:
        notebook = parse_notebook(text, shown_as=lesson.repo_path)
        raw, key = _with_saved_runtime(notebook.metadata.get(METADATA_KEY), notebook), METADATA_KEY
    else:
        notebook = page_to_notebook(
            text,
            path=Path(lesson.repo_path),
            page_url=page_url,
            snippets=settings.snippets,
            framework=framework,
            warn=left_out.append,
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
    for warning in left_out:
        context.report.warnings.append(warning.message)
    if framework is not None and not has_tab_labelled(text, framework):
        context.warn(
            f"'{FRONT_MATTER_KEY}.frameworks' lists {framework!r}, but no content tab of the page "
            "has that label, so its copy is the same as the others.",
            where=where,
            fix='Spell the label as the tabs do (=== "PyTorch" or /// tab | PyTorch), or '
            "remove it from the list.",
        )
    result = make_colab_ready(notebook, context)  # the notebook was parsed for this copy alone
    return Copy(
        text=write_notebook(result),
        warnings=tuple(context.report.warnings),
        depends_on=tuple(sorted(str(p) for p in context.report.depends_on)),
        links_to=tuple(sorted(str(p) for p in context.report.links_to)),
        broken_targets=tuple(sorted(context.report.broken_targets)),
    )
