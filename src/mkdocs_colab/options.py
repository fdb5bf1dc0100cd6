"""The per-lesson options (``LessonOptions``) and the facts every front end shares about them.

Per-lesson options live in one place per source: the ``mkdocs_colab`` key of a notebook's
metadata, or the ``colab`` key of a Markdown page's front matter. The plugin options that
configure them (``plugins.colab.ColabConfig``) take their defaults from here. Both are
documented in the site's plugin reference.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from .errors import ColabError, Location, shown

LAUNCH_SERVICES = ("colab", "kaggle", "studiolab")
# Colab's `colab.gpuType` values for GPUs; a preference, Colab falls back when none is free.
GPU_TYPES = ("T4", "L4", "A100", "H100")
DEFAULT_GPU = "T4"  # what Colab's free tier offers
METADATA_KEY = "mkdocs_colab"
FRONT_MATTER_KEY = "colab"
# Cell tags: shown on the site only (dropped from the copy), and in the copy only (hidden there).
TAG_SITE_ONLY = "site-only"
TAG_COLAB_ONLY = "colab-only"

# git check-ref-format, reduced to what can appear in a branch name we would link to.
_BAD_REF = re.compile(r"[\x00-\x20~^:?*\[\\]|\.\.|@\{|//|^/|/$|\.lock$|^-")


def check_ref(ref: str) -> str:
    """Return ``ref`` if Colab can open notebooks from it; raise ``ValueError`` saying why not."""
    if not ref or _BAD_REF.search(ref):
        raise ValueError(f"{ref!r} is not a valid git branch name.")
    if "." in ref:
        # Reported to fail: Colab cuts the branch at the dot (tensorflow/hub#15).
        raise ValueError(
            f"{ref!r} contains '.', and Colab cannot open notebooks from such branches. "
            "Use a branch name without dots, such as 'gh-pages'."
        )
    return ref


def check_site_path(path: str) -> str:
    """Return ``path`` normalised if it is a relative folder inside the site; else raise."""
    pure = PurePosixPath(path.strip("/"))
    if not path or path.startswith("/") or ".." in pure.parts or str(pure) in ("", "."):
        raise ValueError(
            f"{shown(path)} must be a folder inside the site, such as 'colab' (relative, no '..')."
        )
    return str(pure)


def check_folders(
    root: Path,
    docs_dir: Path,
    *,
    notebooks_dir: str | None,
    helpers_dirs: Sequence[str],
    cache_dir: str,
) -> None:
    """Raise ``ColabError`` unless every folder option stays inside the project and the cache
    stays out of the sources: eviction deletes what the cache did not write, so a cache in
    ``docs/`` or ``notebooks/`` would delete the site's own files."""
    root = root.resolve()

    def inside(option: str, value: str) -> Path:
        path = (root / value).resolve()
        if not path.is_relative_to(root):
            raise ColabError(
                f"{option} {shown(value)} is outside the project ({path} is not under {root}).",
                where=Location("mkdocs.yml"),
                fix=f"Set {option} to a folder relative to mkdocs.yml, without '..'.",
            )
        return path

    if notebooks_dir:
        inside("notebooks_dir", notebooks_dir)
    for folder in helpers_dirs:
        inside("helpers_dirs", folder)
    cache = inside("cache_dir", cache_dir)
    sources = [docs_dir.resolve()]
    if notebooks_dir:
        sources.append((root / notebooks_dir).resolve())
    if cache == root or any(
        cache.is_relative_to(source) or source.is_relative_to(cache) for source in sources
    ):
        raise ColabError(
            f"cache_dir {cache_dir!r} overlaps the project or its sources ({cache}).",
            where=Location("mkdocs.yml"),
            fix="Use a folder of its own, such as the default '.cache/plugin/colab'.",
        )


@dataclass(frozen=True)
class LessonOptions:
    """What one lesson asks of its Colab copy.

    ``gpu``: ``None`` (no GPU needed) or the GPU type to request.
    ``requirements``: PEP 508 requirements installed when the runtime lacks them.
    ``data``: files, relative to the lesson, fetched from the site when missing.
    ``frameworks``: content-tab labels of a Markdown page; one copy per label, each keeping
    that label's tab of every group of alternatives.
    """

    gpu: str | None = None
    requirements: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()


_LESSON_KEYS = {"gpu", "requirements", "data", "frameworks"}


def lesson_options(raw: Any, *, where: Location, key: str, default_gpu: str) -> LessonOptions:
    """Validate a lesson's options (notebook metadata or front matter) into ``LessonOptions``."""
    if raw is None or raw is True:
        return LessonOptions()
    if not isinstance(raw, Mapping):
        raise ColabError(
            f"'{key}' must be a mapping (or true), got {type(raw).__name__} {shown(raw)}.",
            where=where,
            fix=f"Write '{key}: {{gpu: true, requirements: [...], data: [...]}}'.",
        )
    unknown = sorted(set(raw) - _LESSON_KEYS)
    if unknown:
        raise ColabError(
            f"'{key}' has unknown option(s) {', '.join(map(repr, unknown))}.",
            where=where,
            fix=f"Use only {', '.join(sorted(_LESSON_KEYS))} (see the plugin reference).",
        )
    return LessonOptions(
        gpu=_gpu(raw.get("gpu", False), where=where, key=key, default=default_gpu),
        requirements=tuple(
            _requirement(r, where=where, key=key) for r in _strings(raw, "requirements", where, key)
        ),
        data=tuple(_data_path(p, where=where, key=key) for p in _strings(raw, "data", where, key)),
        frameworks=_frameworks(raw, where=where, key=key),
    )


def framework_slug(label: str) -> str:
    """How a framework's label names its copy: ``scikit-learn`` for "scikit-learn", ``c`` for
    "C++"; empty for a label of no letters or digits."""
    return re.sub(r"[^a-z0-9]+", "-", label.casefold()).strip("-")


def _frameworks(raw: Mapping, *, where: Location, key: str) -> tuple[str, ...]:
    """Content-tab labels, one Colab copy each, named by its slug: slugs must be distinct."""
    labels = [label.strip() for label in _strings(raw, "frameworks", where, key)]
    slugs = [framework_slug(label) for label in labels]
    if not all(slugs) or len(set(slugs)) < len(slugs):
        raise ColabError(
            f"'{key}.frameworks' is {labels!r}: each label must be given once, with a letter or "
            "digit, and no two may differ only in case or punctuation (each names a copy file).",
            where=where,
            fix="List each content-tab label once, as the tabs spell it, e.g. "
            "'frameworks: [PyTorch, NumPy]'.",
        )
    return tuple(labels)


def _gpu(value: Any, *, where: Location, key: str, default: str) -> str | None:
    if value is False or value is None:
        return None
    if value is True:
        return default
    if value in GPU_TYPES:
        return value
    raise ColabError(
        f"'{key}.gpu' is {shown(value)}.",
        where=where,
        fix=f"Use true, false or one of {', '.join(GPU_TYPES)}.",
    )


def _strings(raw: Mapping, name: str, where: Location, key: str) -> list[str]:
    value = raw.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ColabError(
            f"'{key}.{name}' must be a list of strings, got {shown(value)}.",
            where=where,
            fix=f"Write '{name}: [\"...\"]'.",
        )
    return value


def _requirement(spec: str, *, where: Location, key: str) -> str:
    try:
        return str(Requirement(spec))
    except InvalidRequirement as error:
        raise ColabError(
            f"'{key}.requirements' has {shown(spec)}, which is not a valid requirement "
            f"({str(error).splitlines()[0][:200]}).",
            where=where,
            fix="Write it as pip would take it, e.g. 'scikit-learn>=1.4'.",
        ) from None


def _data_path(path: str, *, where: Location, key: str) -> str:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "://" in path:
        raise ColabError(
            f"'{key}.data' has {shown(path)}; data files must sit in or below the lesson's folder.",
            where=where,
            fix="Move the file next to the lesson and list it by its relative path.",
        )
    return str(pure)
