"""What a transform knows besides the notebook: the lesson's context and the run's report."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import ColabError, Location
from ..notebook import cell_location
from ..options import TAG_COLAB_ONLY, TAG_SITE_ONLY, LessonOptions


@dataclass
class Report:
    """What a run noticed: warnings for the user, the files whose content the copy was built
    from, the files it only links to (their published address matters, not their text), and
    the link and image URLs (as the lesson writes them) already reported as broken, which the
    lesson's page need not report again."""

    warnings: list[str] = field(default_factory=list)
    depends_on: set[Path] = field(default_factory=set)
    links_to: set[Path] = field(default_factory=set)
    broken_targets: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class CopyContext:
    """Everything about a lesson that is not in the notebook itself."""

    source: Path  # absolute path of the lesson (notebook or Markdown page)
    shown_as: str  # its path as messages show it (relative to the project)
    project_root: Path  # nothing outside it is read or linked
    title: str
    page_url: str  # absolute URL of the lesson's page on the site
    source_url: str  # the lesson's source on GitHub
    options: LessonOptions = field(default_factory=LessonOptions)
    published_url: Callable[[Path], str | None] = lambda path: None  # absolute URL of a file
    src_uri: str = ""  # its path in the site's sources (docs/ and the published notebooks/)
    site_file: Callable[[str], Path | None] = lambda uri: None  # source file of a site path
    helpers_dirs: tuple[Path, ...] = ()
    embed_images: bool = False
    data_max_bytes: int = 100_000_000  # a declared data file larger than this is refused
    tag_site_only: str = TAG_SITE_ONLY
    tag_colab_only: str = TAG_COLAB_ONLY
    report: Report = field(default_factory=Report)

    def cell_at(self, index: int, cell) -> Location:
        """Where a cell is, for messages."""
        return cell_location(self.shown_as, index, cell)

    def locate(self, relative: str, *, where: Location, what: str) -> Path:
        """The file a relative path in the lesson names (see ``locate``)."""
        return locate(
            relative,
            src_uri=self.src_uri,
            source=self.source,
            project_root=self.project_root,
            site_file=self.site_file,
            where=where,
            what=what,
        )

    def warn(self, problem: str, *, where: Location, fix: str) -> None:
        """Record something the user should fix; under ``mkdocs build --strict`` it fails."""
        self.report.warnings.append(ColabError(problem, where=where, fix=fix).message)


def locate(
    relative: str,
    *,
    src_uri: str,
    source: Path,
    project_root: Path,
    site_file: Callable[[str], Path | None],
    where: Location,
    what: str,
) -> Path:
    """The file a relative path in a lesson names; an error if it leaves the project.

    MkDocs resolves a page's relative paths in the site's tree (``docs/`` with the notebooks
    folder published beside it), so that tree is tried first, then the disk beside the lesson
    (files the site does not publish). Containment is checked on the resolved path (symlinks
    followed), never on string prefixes.
    """
    if relative.startswith("/") or PurePosixPath(relative).is_absolute():
        raise ColabError(
            f"{what} is an absolute path; Colab copies can only use paths inside the project.",
            where=where,
            fix="Use a path relative to the lesson, e.g. 'images/plot.png'.",
        )
    in_site = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), relative))
    found = None if in_site.startswith("..") else site_file(in_site)
    path = (found or source.parent / relative).resolve()
    if not path.is_relative_to(project_root.resolve()):
        raise ColabError(
            f"{what} resolves to {path}, outside the project ({project_root}).",
            where=where,
            fix="Move the file into the project, next to the lesson, and link it relatively.",
        )
    return path
