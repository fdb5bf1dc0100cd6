"""What a transform knows besides the notebook: the lesson's context and the run's report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import LessonOptions
from ..errors import ColabError, Location


@dataclass
class Report:
    """What a run noticed: warnings for the user, and the files the copy was built from."""

    warnings: list[str] = field(default_factory=list)
    depends_on: set[Path] = field(default_factory=set)


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
    helpers_dirs: tuple[Path, ...] = ()
    embed_images: bool = False
    tag_site_only: str = "site-only"
    tag_colab_only: str = "colab-only"
    report: Report = field(default_factory=Report)

    def cell_at(self, index: int, cell) -> Location:
        """Where a cell is, for messages."""
        return Location(self.shown_as, cell_index=index, cell_id=cell.get("id"))

    def warn(self, problem: str, *, where: Location, fix: str) -> None:
        """Record something the user should fix; under ``mkdocs build --strict`` it fails."""
        self.report.warnings.append(ColabError(problem, where=where, fix=fix).message)
