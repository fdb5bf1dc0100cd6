"""One error type for everything a user can fix: it names the place and says what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, and optionally a cell (index and id) or a line."""

    path: Path | str
    cell_index: int | None = None
    cell_id: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        parts = [str(self.path)]
        if self.line is not None:
            parts[0] += f":{self.line}"
        if self.cell_index is not None:
            cell = f"cell {self.cell_index}"
            if self.cell_id:
                cell += f" (id {self.cell_id})"
            parts.append(cell)
        return ", ".join(parts)


class ColabError(Exception):
    """Input the user must fix. ``str()`` gives location, problem and fix on separate lines."""

    def __init__(self, problem: str, *, where: Location | None = None, fix: str | None = None):
        self.problem = problem
        self.where = where
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.where}: {self.problem}" if self.where else self.problem
        if self.fix:
            text += f"\n  How to fix: {self.fix}"
        return text


def yaml_problem(error: Exception) -> str:
    """What went wrong, in one short line (PyYAML's own text spans several lines, with
    snippets of the source); the caller says where."""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    said = f"{context}, {problem}" if context else problem
    return said if len(said) <= 200 else said[:197] + "..."


def shown(value: object, limit: int = 80) -> str:
    """``repr(value)`` for a message, cut to ``limit`` characters: a value from a lesson can be
    megabytes long, and a message is read in a terminal."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}... ({len(text):,} characters)"
