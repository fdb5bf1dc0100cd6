"""Lessons and their Colab copies: which files are lessons, how a copy is built and cached."""

from .build import BuiltCopies, BuiltCopy, Project, build_copies, site_path
from .cache import CopyCache, code_hash
from .copies import Copy, Lesson, Settings, make_copy
from .sources import (
    as_lesson,
    check_copy_dir,
    check_links,
    docs_files,
    folder_files,
    front_matter,
    repo_path,
)

__all__ = [
    "BuiltCopies",
    "BuiltCopy",
    "Copy",
    "CopyCache",
    "Lesson",
    "Project",
    "Settings",
    "as_lesson",
    "build_copies",
    "check_copy_dir",
    "check_links",
    "code_hash",
    "docs_files",
    "folder_files",
    "front_matter",
    "make_copy",
    "repo_path",
    "site_path",
]
