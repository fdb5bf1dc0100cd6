"""Snippets (``--8<--``), expanded by pymdownx.snippets' own preprocessor with the site's options.

Running the extension itself, not a copy of its rules, gives the Colab copy exactly what the page
shows: base paths tried in order, line ranges and sections, nested snippets, URLs when
``url_download`` is on, and a missing file left out unless ``check_paths`` is on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import markdown
from pymdownx.snippets import SnippetMissingError, SnippetPreprocessor

from ..errors import ColabError, Location

EXTENSION = "pymdownx.snippets"


def snippet_options(options: Mapping[str, Any] | None, *, root: Path) -> dict[str, Any] | None:
    """The site's pymdownx.snippets options, with each base path made absolute from ``root``;
    None for a site that does not use the extension (``options`` None).

    pymdownx resolves ``base_path`` from the working directory, which is the folder of
    mkdocs.yml when the site is built as MkDocs expects (``mkdocs build`` beside it). Resolving
    from that folder gives the same files there, and the same copy wherever the build or the
    command line runs from, which the copy cache relies on.
    """
    if options is None:
        return None
    resolved = dict(options)
    base = resolved.get("base_path", ["."])
    bases = [base] if isinstance(base, str | os.PathLike) else list(base)
    resolved["base_path"] = [str((root / folder).resolve()) for folder in bases]
    return resolved


def expand_snippets(
    lines: list[str], options: Mapping[str, Any] | None, *, page: Path
) -> list[str]:
    """``lines`` with their snippets included; as they are when the site does not use snippets.

    A snippet pymdownx cannot include (missing with ``check_paths``, unreadable, too large)
    is a :class:`ColabError` naming the page line that leads to it.
    """
    if options is None:
        return lines  # without the extension, `--8<--` is text on the page too
    try:
        return _preprocessor(options).run(list(lines))
    except (SnippetMissingError, OSError, ValueError) as error:
        raise _snippet_error(error, lines, options, page) from None


def _preprocessor(options: Mapping[str, Any]) -> SnippetPreprocessor:
    """The extension's preprocessor, configured as the site configures it."""
    md = markdown.Markdown(extensions=[EXTENSION], extension_configs={EXTENSION: dict(options)})
    return md.preprocessors["snippet"]


def _snippet_error(
    error: Exception, lines: list[str], options: Mapping[str, Any], page: Path
) -> ColabError:
    folders = ", ".join(options.get("base_path", ())) or "none"
    fix = (
        "Fix the snippet's path (relative to a base_path of pymdownx.snippets in mkdocs.yml) "
        "or create the file."
    )
    line = _failing_line(lines, options)
    if line is None:  # nothing on the page fails: one of auto_append's snippets does
        problem = f"an auto_append snippet of {EXTENSION}: {error} (base paths: {folders})"
        return ColabError(problem, where=Location(page), fix=fix)
    name = _snippet_name(lines[line - 1])
    problem = f'snippet "{name}": {error} (base paths: {folders})'
    return ColabError(problem, where=Location(page, line=line), fix=fix)


def _failing_line(lines: Sequence[str], options: Mapping[str, Any]) -> int | None:
    """The line (from 1) of the first snippet that fails, by running ever shorter starts of the
    page: the preprocessor reads the lines in order, so a start fails once it holds that line."""
    if _fails([], options):
        return None
    passing, failing = 0, len(lines)  # lines[:passing] expand, lines[:failing] do not
    while failing - passing > 1:
        middle = (passing + failing) // 2
        if _fails(lines[:middle], options):
            failing = middle
        else:
            passing = middle
    return failing


def _fails(lines: Sequence[str], options: Mapping[str, Any]) -> bool:
    try:
        _preprocessor(options).run(list(lines))
    except (SnippetMissingError, OSError, ValueError):
        return True
    return False


def _snippet_name(line: str) -> str:
    """What a snippet line names: the quoted path of ``--8<-- "path"``, or a block-form line."""
    inline = SnippetPreprocessor.RE_ALL_SNIPPETS.match(line)
    if inline is not None and inline["snippet"]:
        return inline["snippet"][1:-1].strip()
    return line.strip()
