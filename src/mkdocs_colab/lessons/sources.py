"""Which files are lessons, and the notebooks folder published beside ``docs/``.

A lesson is every notebook, and every Markdown page whose front matter has ``colab:`` (not
false). Sources are given as a mapping from their path in the site's sources (``src_uri``,
'/'-separated, as MkDocs names files) to the file on disk.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from ..active import active_file_problem
from ..errors import ColabError, Location, yaml_problem
from ..options import FRONT_MATTER_KEY
from ..text import split_front_matter
from .copies import Lesson, key_line

_SKIPPED_PARTS = {".ipynb_checkpoints", "__pycache__"}


def front_matter(text: str, *, shown_as: str = "") -> dict[str, Any]:
    """A Markdown page's front matter, as MkDocs reads it (nothing when it does not parse), so
    that a page is a lesson exactly when the site reads ``colab:`` from it. Front matter that
    names ``colab:`` but does not parse is an error: MkDocs would drop it without a word, and
    the page would silently stop being a lesson."""
    yaml_text = split_front_matter(text).yaml
    if yaml_text is None:
        return {}
    try:
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as error:
        if key_line(text, FRONT_MATTER_KEY) is None:
            return {}
        mark = getattr(error, "problem_mark", None)
        raise ColabError(
            f"its front matter is not valid YAML ({yaml_problem(error)}), so MkDocs would "
            "ignore it and the page would not be a lesson.",
            where=Location(shown_as, line=None if mark is None else mark.line + 2),
            fix="Correct the YAML between the '---' lines; quote a value that contains ': ' "
            "or starts with a character YAML reserves, such as '*', '&', '[' or '{'.",
        ) from None
    return data if isinstance(data, dict) else {}


def repo_path(path: Path, root: Path) -> str:
    """``path`` as messages and GitHub links show it: relative to the project, '/'-separated."""
    return path.resolve().relative_to(root).as_posix()


def as_lesson(src_uri: str, source: Path, text: str, root: Path) -> Lesson | None:
    """The lesson the source file is, if it is one; ``text`` is its content."""
    if src_uri.endswith(".ipynb"):
        return Lesson(source, src_uri, repo_path(source, root))
    if src_uri.endswith(".md"):
        meta = front_matter(text, shown_as=repo_path(source, root))
        if meta.get(FRONT_MATTER_KEY) not in (None, False):
            return Lesson(source, src_uri, repo_path(source, root), front_matter=meta)
    return None


def folder_files(root: Path, folder: str, *, optional: bool = False) -> Iterator[tuple[str, Path]]:
    """Every file of ``folder`` (relative to ``root``) to publish, as (src_uri, path): hidden
    files and Jupyter's checkpoints aside. Its src_uri keeps the folder's name, so that
    ``notebooks/intro.ipynb`` is published at ``notebooks/intro/``. A missing folder is an
    error unless ``optional`` (the default folder, which a site need not have)."""
    path = (root / folder).resolve()
    if optional and not path.exists():
        return
    if not path.is_dir():
        raise ColabError(
            f"notebooks_dir {folder!r} is not a folder (looked for {path}).",
            fix="Create it, or set notebooks_dir: '' to publish notebooks from docs/ only.",
        )
    for file in sorted(path.rglob("*")):
        if file.is_dir() or _SKIPPED_PARTS & set(file.parts) or file.name.startswith("."):
            continue
        uri = file.relative_to(root).as_posix()
        _refuse_active(uri, file)
        yield uri, file


def _refuse_active(uri: str, file: Path) -> None:
    if problem := active_file_problem(file):
        raise ColabError(
            f"{uri} {problem}; published beside the lessons it would run on the site's origin.",
            fix="Remove it from the notebooks folder (an SVG without script, or a PNG, is fine).",
        )


def docs_files(docs_dir: Path) -> Iterator[tuple[str, Path]]:
    """Every file of ``docs_dir``, as MkDocs lists them (hidden files aside)."""
    for file in sorted(docs_dir.rglob("*")):
        relative = file.relative_to(docs_dir)
        if file.is_file() and not any(part.startswith(".") for part in relative.parts):
            yield relative.as_posix(), file


def check_copy_dir(sources: Mapping[str, Path], copy_dir: str) -> None:
    """Refuse sources that the copies would overwrite."""
    for src_uri in sources:
        if src_uri.startswith(f"{copy_dir}/"):
            raise ColabError(
                f"{src_uri} would be overwritten by the Colab copies in {copy_dir}/.",
                fix="Rename that folder or set copy_dir.",
            )


def check_links(files: Mapping[str, Path], root: Path) -> None:
    """Raise ``ColabError`` if a file to publish is a symbolic link (or lies in a linked folder)
    that leads outside the project: the site and the copies would carry the target's bytes."""
    root = root.resolve()
    escaping = {uri: path.resolve() for uri, path in files.items()}
    escaping = {uri: target for uri, target in escaping.items() if not target.is_relative_to(root)}
    if escaping:
        listed = "; ".join(f"{uri} -> {target}" for uri, target in sorted(escaping.items()))
        raise ColabError(
            f"symbolic links lead outside the project: {listed}.",
            fix="Replace each link with a copy of the file inside the project, or remove it.",
        )
