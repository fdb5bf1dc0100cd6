"""The Colab copies of a whole site: what the plugin and the command line both call."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ColabError
from ..markdown import NoRunnableCode
from ..site import Site, page_path
from .cache import CopyCache
from .copies import Copy, Lesson, Settings, framework_copy_path, make_copy, page_frameworks
from .sources import as_lesson


@dataclass(frozen=True)
class Project:
    """A site's facts that the copies depend on, however they were read."""

    site: Site
    settings: Settings
    use_directory_urls: bool = True
    launch_services: tuple[str, ...] = ("colab", "kaggle", "studiolab")

    @property
    def root(self) -> Path:
        return self.settings.project_root


@dataclass(frozen=True)
class BuiltCopy:
    lesson: Lesson
    path: str  # site path of the copy
    copy: Copy
    # The lesson's launch bar: name -> link; with frameworks, "frameworks" lists one
    # {"name", "colab", "download"} per copy.
    launch: dict[str, Any]
    from_cache: bool
    framework: str | None = None


class BuiltCopies(list[BuiltCopy]):
    """The copies built, and the warnings of the lessons that got none."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []


def site_path(src_uri: str, use_directory_urls: bool) -> str:
    """Where the file built from source ``src_uri`` lives in the site (unquoted): a page's
    folder or file, else the file itself. Notebooks are pages (mkdocs-jupyter renders them)."""
    if posixpath.splitext(src_uri)[1] in (".md", ".ipynb"):
        return page_path(src_uri, use_directory_urls)
    return src_uri


def build_copies(
    project: Project,
    sources: Mapping[str, Path],
    read: Callable[[str], str],
    cache: CopyCache,
) -> BuiltCopies:
    """The copy of every lesson among ``sources`` (src_uri -> file); ``read(src_uri)`` gives a
    source's text (read once: the plugin hands on what MkDocs read)."""
    by_path = {path.resolve(): uri for uri, path in sources.items()}

    def published_url(path: Path) -> str | None:
        uri = by_path.get(path)
        return None if uri is None else project.site.url(site_path(uri, project.use_directory_urls))

    def address(path: Path) -> str:
        """What a copy's link to ``path`` depends on: the URL, or why there is none."""
        if (url := published_url(path.resolve())) is not None:
            return url
        return "unpublished" if path.exists() else "missing"

    built = BuiltCopies()
    for uri, source in sources.items():
        if not uri.endswith((".md", ".ipynb")):
            continue
        text = read(uri)
        lesson = as_lesson(uri, source, text, project.root)
        if lesson is None:
            continue
        try:
            built += _lesson_copies(
                project, lesson, text, cache, published_url, address, sources.get
            )
        except NoRunnableCode as error:
            # One page that cannot become a notebook costs its copy, not the site's build.
            built.warnings.append(
                ColabError(
                    f"{error.problem}, so it gets no Colab copy", where=error.where, fix=error.fix
                ).message
            )
    return built


def _lesson_copies(
    project, lesson, text, cache, published_url, address, site_file
) -> list[BuiltCopy]:
    """The lesson's copy, or one copy per framework its front matter lists."""
    site, services = project.site, list(project.launch_services)
    uri = lesson.src_uri
    frameworks = page_frameworks(lesson, text, project.settings)
    if not frameworks:
        copy, hit = _copy(project, lesson, text, cache, published_url, address, site_file)
        launch: dict[str, Any] = site.launch_links(uri, lesson.repo_path, services)
        return [BuiltCopy(lesson, site.copy_path(uri), copy, launch, hit)]
    paths = {name: framework_copy_path(site.copy_path(uri), name) for name in frameworks}
    links = {
        name: site.launch_links(uri, lesson.repo_path, services, paths[name]) for name in frameworks
    }
    launch = dict(links[frameworks[0]])  # the other services open the first framework's copy
    launch["frameworks"] = [
        {"name": name, "colab": links[name].get("colab", ""), "download": links[name]["download"]}
        for name in frameworks
    ]
    built = []
    for name in frameworks:
        copy, hit = _copy(
            project, lesson, text, cache, published_url, address, site_file, framework=name
        )
        built.append(BuiltCopy(lesson, paths[name], copy, launch, hit, framework=name))
    return built


def _copy(
    project, lesson, text, cache, published_url, address, site_file, framework: str | None = None
) -> tuple[Copy, bool]:
    """The lesson's copy, from the cache when its inputs are unchanged; and whether it was."""
    site = project.site
    page_url = site.url(page_path(lesson.src_uri, project.use_directory_urls))
    source_url = site.github_blob(site.source_ref, lesson.repo_path)
    key = CopyCache.key(
        text,
        settings=project.settings,
        page_url=page_url,
        source_url=source_url,
        source=lesson.source,
        framework=framework,
    )
    if (copy := cache.get(key, address)) is not None:
        return copy, True
    copy = make_copy(
        lesson,
        text,
        project.settings,
        page_url=page_url,
        source_url=source_url,
        published_url=published_url,
        site_file=site_file,
        framework=framework,
    )
    cache.put(key, copy, address)
    return copy, False
