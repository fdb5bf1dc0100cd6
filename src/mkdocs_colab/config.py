"""The plugin's options (``ColabConfig``) and the per-lesson options (``LessonOptions``).

Plugin options are set in ``mkdocs.yml`` under ``plugins: - colab:``. Per-lesson options live
in one place per source: the ``mkdocs_colab`` key of a notebook's metadata, or the ``colab``
key of a Markdown page's front matter. Both are documented in the site's plugin reference.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from packaging.requirements import InvalidRequirement, Requirement

from .errors import ColabError, Location

LAUNCH_SERVICES = ("colab", "kaggle", "studiolab")
# Colab's `colab.gpuType` values for GPUs; a preference, Colab falls back when none is free.
GPU_TYPES = ("T4", "L4", "A100", "H100")
METADATA_KEY = "mkdocs_colab"
FRONT_MATTER_KEY = "colab"

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
            f"{path!r} must be a folder inside the site, such as 'colab' (relative, no '..')."
        )
    return str(pure)


class _Checked(c.Type):
    """A string option passed through one of the checks above, with its message."""

    def __init__(self, check, default: str) -> None:
        super().__init__(str, default=default)
        self._check = check

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        try:
            return self._check(value)
        except ValueError as error:
            raise c.ValidationError(str(error)) from None


class ColabConfig(base.Config):
    """Options of the ``colab`` plugin. Each is documented in the site's plugin reference."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off (no copies, no launch bar), e.g. for quick local previews."""

    repo = c.Optional(c.Type(str))
    """GitHub ``owner/name`` the launch links point at. Default: ``GITHUB_REPOSITORY`` from
    the environment (so forks get their own links), else the owner/name in ``repo_url``."""

    launch_ref = _Checked(check_ref, default="gh-pages")
    """Branch the copies are published on; launch links open ``blob/<launch_ref>/...``."""

    launch_services = c.ListOfItems(c.Choice(LAUNCH_SERVICES), default=list(LAUNCH_SERVICES))
    """Which launch badges to show, in order: any of ``colab``, ``kaggle``, ``studiolab``."""

    source_ref = _Checked(check_ref, default="main")
    """Branch the sources live on; "View source" links open ``blob/<source_ref>/...``."""

    copy_dir = _Checked(check_site_path, default="colab")
    """Folder of the built site that receives the Colab-ready copies."""

    copy_images = c.Choice(("url", "embed"), default="url")
    """How relative images reach Colab: ``url`` links them on the published site, ``embed``
    stores them in the copy as cell attachments (works offline, makes the copy larger)."""

    gpu_type = c.Choice(GPU_TYPES, default="T4")
    """GPU requested for lessons that set ``gpu: true``. Colab treats it as a preference."""

    notebooks_dir = c.Type(str, default="notebooks")
    """Folder, relative to ``mkdocs.yml``, whose notebooks, images and helper files are
    published beside the docs. An empty string publishes nothing from outside ``docs_dir``."""

    helpers_dirs = c.ListOfItems(c.Type(str), default=[])
    """Extra folders, relative to ``mkdocs.yml``, searched for helper modules that lessons
    import. The lesson's own folder is always searched first."""

    tag_site_only = c.Type(str, default="site-only")
    """Cell tag: shown on the site, dropped from the Colab copy."""

    tag_colab_only = c.Type(str, default="colab-only")
    """Cell tag: kept in the Colab copy, hidden on the site."""

    notebook_pages = c.Type(bool, default=True)
    """Improve notebook pages: paths that resolve from the page, one pruned stylesheet instead
    of ~600 KB of inline CSS, shared script files, output images as files with alt text and
    sizes, checked links."""

    csp = c.Type(bool, default=True)
    """Give every page a Content-Security-Policy that allows only its own inline scripts."""

    csp_script_hosts = c.ListOfItems(
        c.Type(str), default=["https://unpkg.com", "https://cdnjs.cloudflare.com"]
    )
    """Hosts pages may load scripts from: Material loads Mermaid from unpkg, and
    mkdocs-jupyter loads it from cdnjs, only on pages that have a diagram."""

    cache = c.Type(bool, default=True)
    """Reuse a copy when its inputs have not changed (content-hash cache)."""

    cache_dir = c.Type(str, default=".cache/plugin/colab")
    """Where the cache lives, relative to ``mkdocs.yml``. Unused entries are evicted."""


@dataclass(frozen=True)
class LessonOptions:
    """What one lesson asks of its Colab copy.

    ``gpu``: ``None`` (no GPU needed) or the GPU type to request.
    ``requirements``: PEP 508 requirements installed when the runtime lacks them.
    ``data``: files, relative to the lesson, fetched from the site when missing.
    """

    gpu: str | None = None
    requirements: tuple[str, ...] = ()
    data: tuple[str, ...] = ()


_LESSON_KEYS = {"gpu", "requirements", "data"}


def lesson_options(raw: Any, *, where: Location, key: str, default_gpu: str) -> LessonOptions:
    """Validate a lesson's options (notebook metadata or front matter) into ``LessonOptions``."""
    if raw is None or raw is True:
        return LessonOptions()
    if not isinstance(raw, Mapping):
        raise ColabError(
            f"'{key}' must be a mapping (or true), got {type(raw).__name__} {raw!r}.",
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
    )


def _gpu(value: Any, *, where: Location, key: str, default: str) -> str | None:
    if value is False or value is None:
        return None
    if value is True:
        return default
    if value in GPU_TYPES:
        return value
    raise ColabError(
        f"'{key}.gpu' is {value!r}.",
        where=where,
        fix=f"Use true, false or one of {', '.join(GPU_TYPES)}.",
    )


def _strings(raw: Mapping, name: str, where: Location, key: str) -> list[str]:
    value = raw.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ColabError(
            f"'{key}.{name}' must be a list of strings, got {value!r}.",
            where=where,
            fix=f"Write '{name}: [\"...\"]'.",
        )
    return value


def _requirement(spec: str, *, where: Location, key: str) -> str:
    try:
        return str(Requirement(spec))
    except InvalidRequirement as error:
        raise ColabError(
            f"'{key}.requirements' has {spec!r}, which is not a valid requirement ({error}).",
            where=where,
            fix="Write it as pip would take it, e.g. 'scikit-learn>=1.4'.",
        ) from None


def _data_path(path: str, *, where: Location, key: str) -> str:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "://" in path:
        raise ColabError(
            f"'{key}.data' has {path!r}; data files must sit in or below the lesson's folder.",
            where=where,
            fix="Move the file next to the lesson and list it by its relative path.",
        )
    return str(pure)
