"""The ``colab`` plugin: Colab-ready copies of every lesson and the launch links of its page.

A thin adapter: it gathers the site's facts and files, hands them to the core
(``mkdocs_colab.lessons``), and puts what comes back into the build.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..checks import check_modules
from ..errors import ColabError
from ..lessons import (
    CopyCache,
    Project,
    Settings,
    build_copies,
    check_copy_dir,
    check_links,
    folder_files,
    repo_path,
)
from ..markdown import snippet_options
from ..notebook import for_renderer, parse_notebook, read_source
from ..options import (
    DEFAULT_GPU,
    GPU_TYPES,
    LAUNCH_SERVICES,
    TAG_COLAB_ONLY,
    TAG_SITE_ONLY,
    check_folders,
    check_ref,
    check_site_path,
)
from ..pages.title import after_title
from ..site import Site, find_repo
from .memo import Memo, digest

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent.parent / "assets"
ASSET_DIR = "assets/colab"  # the badges (templates link them) and the notebook pages' files
LAUNCH_CSS = f"{ASSET_DIR}/launch.css"
LAUNCH_TEMPLATE = "partials/colab-launch.html"
TEMPLATES = Path(__file__).parent.parent / "templates"  # partials/colab-launch.html
DEFAULT_NOTEBOOKS_DIR = "notebooks"


class _Checked(c.Type):
    """A string option passed through one of the core's checks, with its message."""

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
    """GitHub ``owner/name`` the launch links point at. Default: the owner/name in
    ``repo_url`` (or ``GITHUB_REPOSITORY``, with ``repo_from_env``)."""

    repo_from_env = c.Type(bool, default=False)
    """Take the repository from ``GITHUB_REPOSITORY`` when it is set, so that a fork's CI
    build links to the fork. Off by default: in a monorepo it names another repository."""

    launch_ref = _Checked(check_ref, default="gh-pages")
    """Branch the copies are published on; launch links open ``blob/<launch_ref>/...``."""

    launch_bar = c.Type(bool, default=True)
    """Put the launch bar under each lesson's title. Off: only ``page.meta.colab`` is set,
    for a site whose own templates show launch links."""

    launch_services = c.ListOfItems(c.Choice(LAUNCH_SERVICES), default=list(LAUNCH_SERVICES))
    """Which launch badges to show, in order: any of ``colab``, ``kaggle``, ``studiolab``."""

    source_ref = _Checked(check_ref, default="main")
    """Branch the sources live on; "View source" links open ``blob/<source_ref>/...``."""

    copy_dir = _Checked(check_site_path, default="colab")
    """Folder of the built site that receives the Colab-ready copies."""

    copy_images = c.Choice(("url", "embed"), default="url")
    """How relative images reach Colab: ``url`` links them on the published site, ``embed``
    stores them in the copy as ``data:`` URIs (works offline, makes the copy larger)."""

    data_max_mb = c.Type((int, float), default=100)
    """The largest data file a lesson may declare, in MB: Colab downloads it from the site."""

    gpu_type = c.Choice(GPU_TYPES, default=DEFAULT_GPU)
    """GPU requested for lessons that set ``gpu: true``. Colab treats it as a preference."""

    notebooks_dir = c.Optional(c.Type(str))
    """Folder, relative to ``mkdocs.yml``, whose notebooks, images and helper files are
    published beside the docs. Unset: ``notebooks`` if there is one. An empty string publishes
    nothing from outside ``docs_dir``."""

    helpers_dirs = c.ListOfItems(c.Type(str), default=[])
    """Extra folders, relative to ``mkdocs.yml``, searched for helper modules that lessons
    import. The lesson's own folder is always searched first."""

    tag_site_only = c.Type(str, default=TAG_SITE_ONLY)
    """Cell tag: shown on the site, dropped from the Colab copy."""

    tag_colab_only = c.Type(str, default=TAG_COLAB_ONLY)
    """Cell tag: kept in the Colab copy, hidden on the site."""

    cache = c.Type(bool, default=True)
    """Reuse a copy when its inputs have not changed (content-hash cache)."""

    cache_dir = c.Type(str, default=".cache/plugin/colab")
    """Where the cache lives, relative to ``mkdocs.yml``. Unused entries are evicted."""


def project_of(
    options: ColabConfig,
    *,
    config_file: Path,
    site_url: str | None,
    repo_url: str | None,
    use_directory_urls: bool,
    snippets: Mapping[str, Any] | None,
) -> Project:
    """The core's view of a site whose ``colab`` options are ``options`` (validated): what the
    plugin and the command line both hand to ``build_copies``."""
    root = config_file.resolve().parent
    site = Site.create(
        site_url=site_url,
        repo=find_repo(repo_url, options.repo, os.environ, from_env=options.repo_from_env),
        launch_ref=options.launch_ref,
        source_ref=options.source_ref,
        copy_dir=options.copy_dir,
    )
    settings = Settings(
        project_root=root,
        default_gpu=options.gpu_type,
        helpers_dirs=tuple(root / d for d in options.helpers_dirs),
        embed_images=options.copy_images == "embed",
        data_max_bytes=round(options.data_max_mb * 1_000_000),
        tag_site_only=options.tag_site_only,
        tag_colab_only=options.tag_colab_only,
        snippets=snippet_options(snippets, root=root),
    )
    return Project(
        site=site,
        settings=settings,
        use_directory_urls=use_directory_urls,
        launch_services=tuple(options.launch_services),
    )


def notebook_files(options: ColabConfig, root: Path) -> list[tuple[str, Path]]:
    """The files of the notebooks folder, as (src_uri, path): none if it is switched off, or
    if it is left unset and the site has no ``notebooks/``."""
    folder = DEFAULT_NOTEBOOKS_DIR if options.notebooks_dir is None else options.notebooks_dir
    if not folder:
        return []
    return list(folder_files(root, folder, optional=options.notebooks_dir is None))


def copy_cache(options: ColabConfig, root: Path) -> CopyCache:
    return CopyCache(root / options.cache_dir if options.cache else None)


@dataclass
class ColabBuild:
    """What one build knows between events; made anew in ``on_config``, so that every
    ``mkdocs serve`` rebuild starts clean."""

    project: Project
    cache: CopyCache
    launch: dict[str, dict[str, str]] = field(default_factory=dict)  # src_uri -> launch bar
    broken: dict[str, frozenset[str]] = field(default_factory=dict)  # src_uri -> reported URLs
    outside_docs: set[str] = field(default_factory=set)  # src_uris published from notebooks_dir
    env: Environment | None = None  # the theme's, with the package's templates after its own
    render_dir: tempfile.TemporaryDirectory | None = None  # notebooks as the renderer gets them


class ColabPlugin(BasePlugin[ColabConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._build: ColabBuild | None = None
        self.dirty = False
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A dirty build may skip lessons; their cache entries are unused this time, not stale.
        self.dirty = dirty
        self.serving = command == "serve"

    def reported_broken(self, src_uri: str) -> frozenset[str]:
        """The link and image URLs of a lesson its copy's warnings already report as broken,
        so that its page does not report them a second time."""
        if not self.config.enabled or self._build is None:
            return frozenset()
        return self._build.broken.get(src_uri, frozenset())

    @property
    def build(self) -> ColabBuild:
        if self._build is None:
            raise PluginError("[colab] the plugin's state is read before on_config made it")
        return self._build

    def on_config(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        try:
            check_folders(
                Path(config.config_file_path).parent,
                Path(config.docs_dir),
                notebooks_dir=self.config.notebooks_dir,
                helpers_dirs=self.config.helpers_dirs,
                cache_dir=self.config.cache_dir,
            )
            project = project_of(
                self.config,
                config_file=Path(config.config_file_path),
                site_url=_published_site_url(config) if self.serving else config.site_url,
                repo_url=config.repo_url,
                use_directory_urls=config.use_directory_urls,
                snippets=_snippets(config),
            )
        except ColabError as error:
            raise PluginError(f"[colab] {error.message}") from None
        self._build = ColabBuild(project, copy_cache(self.config, project.root))
        _hide_colab_only_cells(config, self.config.tag_colab_only)
        if self.config.launch_bar and LAUNCH_CSS not in config.extra_css:
            config.extra_css.append(LAUNCH_CSS)

    # Before mkdocs-jupyter's on_files (priority 0): it must see the notebooks we add.
    @event_priority(50)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        build = self.build
        self._publish_notebooks(files, config)
        for asset in [*sorted(ASSETS.glob("*.svg")), ASSETS / "launch.css"]:
            files.append(
                File.generated(config, f"{ASSET_DIR}/{asset.name}", abs_src_path=str(asset))
            )
        root = build.project.root
        # Theme files cannot be lessons, and resolving their paths would cost more than all else.
        sources = {
            f.src_uri: Path(f.abs_src_path)
            for f in files
            if f.abs_src_path is not None
            and f.generated_by is None
            and Path(f.abs_src_path).is_relative_to(root)
        }
        try:
            check_links(sources, root)
            notebooks = _read_notebooks(sources, root)
            check_copy_dir(sources, build.project.site.copy_dir)
            built = build_copies(
                build.project,
                sources,
                lambda uri: (
                    notebooks[uri] if uri in notebooks else files.src_uris[uri].content_string
                ),
                build.cache,
            )
        except ColabError as error:
            raise PluginError(f"[colab] {error.message}") from None
        # The build refuses what `check` reports: a key in a published or copied helper module.
        copied = [Path(p) for made in built for p in made.copy.depends_on]
        if findings := check_modules([*sources.values(), *copied], root):
            raise PluginError("\n".join(f"[colab] {finding}" for finding in findings))
        for warning in built.warnings:
            log.warning(warning)
        copies = []
        for made in built:
            for warning in made.copy.warnings:
                log.warning(warning)
            copies.append(File.generated(config, made.path, content=made.copy.text))
            build.launch[made.lesson.src_uri] = made.launch
            build.broken[made.lesson.src_uri] = frozenset(made.copy.broken_targets)
        helpers = [files.src_uris[uri] for uri in sorted(build.outside_docs)]
        _refuse_pages_of(config, helpers, copies)
        for copy in copies:
            files.append(copy)
        cached = sum(m.from_cache for m in built)
        log.info(
            f"Colab copies: {len(built) - cached} built, {cached} from cache, "
            f"in {build.project.site.copy_dir}/"
        )
        return files

    def on_nav(self, nav, /, *, config: MkDocsConfig, files: Files) -> None:
        if not self.config.enabled:
            return
        unrendered = [
            uri
            for uri in sorted(self.build.launch)
            if uri.endswith(".ipynb") and not files.src_uris[uri].is_documentation_page()
        ]
        if unrendered:
            log.warning(
                f"Colab copies are written for {', '.join(unrendered[:3])}"
                f"{' and more' if len(unrendered) > 3 else ''}, but no plugin renders "
                "notebooks as pages, so they have no page and no launch bar."
                "\n  How to fix: pip install mkdocs-jupyter (or mkdocs-colab[jupyter]) and "
                "add '- mkdocs-jupyter' after '- colab' under plugins: in mkdocs.yml."
            )

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Let templates find the package's launch bar after the theme's own folders, so that a
        site's ``custom_dir`` (the first of them) still overrides it."""
        if not self.config.enabled:
            return env
        if isinstance(env.loader, FileSystemLoader):
            if str(TEMPLATES) not in env.loader.searchpath:
                env.loader.searchpath.append(str(TEMPLATES))
        else:
            raise PluginError(
                f"[colab] the theme's template loader ({type(env.loader).__name__}) takes no "
                "extra folder, so the launch bar cannot be rendered.\n  How to fix: set "
                "'launch_bar: false' under colab in mkdocs.yml and show page.meta.colab in "
                "the theme's templates."
            )
        self.build.env = env
        return env

    # After mkdocs-jupyter's on_pre_page (priority 0), which gives the page its render method.
    @event_priority(-50)
    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        """Render a notebook whose metadata nbconvert cannot read from a cleaned copy of it."""
        if not self.config.enabled or not page.file.src_uri.endswith(".ipynb"):
            return page
        cleaned = for_renderer(page.file.content_string)
        if cleaned is None:
            return page
        build = self.build
        if build.render_dir is None:
            build.render_dir = tempfile.TemporaryDirectory(prefix="mkdocs-colab-")
        folder = Path(build.render_dir.name) / str(len(os.listdir(build.render_dir.name)))
        folder.mkdir()
        path = folder / Path(page.file.src_uri).name
        path.write_text(cleaned, encoding="utf-8")
        _render_from(page, str(path))
        return page

    def on_page_context(self, context, /, *, page: Page, config: MkDocsConfig, nav):
        """Put the launch bar right under the lesson's title, on any theme."""
        if not (self.config.enabled and self.config.launch_bar):
            return context
        if page.file.src_uri not in self.build.launch:  # not a lesson, or one that got no copy
            return context
        if self.build.env is None:
            raise PluginError("[colab] the launch bar is rendered before on_env gave a theme")
        bar = self.build.env.get_template(LAUNCH_TEMPLATE).render(context)
        page.content = after_title(page.content or "", bar)
        return context

    def on_page_markdown(self, markdown: str, /, *, page: Page, config, files) -> None:
        if not self.config.enabled:
            return
        uri = page.file.src_uri
        if uri in self.build.launch:
            page.meta["colab"] = self.build.launch[uri]
        if uri in self.build.outside_docs and page.edit_url:
            # MkDocs builds edit links from docs_dir; these files live beside it.
            site = self.build.project.site
            page.edit_url = site.github_blob(site.source_ref, uri, action="edit")

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self.build.render_dir is not None:
            self.build.render_dir.cleanup()
        if self.config.enabled and not self.dirty and (evicted := self.build.cache.evict_unused()):
            log.debug(f"Evicted {evicted} unused cache entries")

    def _publish_notebooks(self, files: Files, config: MkDocsConfig) -> None:
        """Publish the notebooks folder (lessons, images, helpers) as if it were in docs/."""
        root = self.build.project.root
        try:
            found = notebook_files(self.config, root)
        except ColabError as error:
            raise PluginError(f"[colab] {error.message}") from None
        for uri, _ in found:
            if files.get_file_from_path(uri) is not None:
                folder = uri.split("/", 1)[0]
                raise PluginError(
                    f"[colab] {uri} exists both in {folder}/ and in docs/."
                    "\n  How to fix: keep one of them."
                )
            files.append(File(uri, str(root), config.site_dir, config.use_directory_urls))
            self.build.outside_docs.add(uri)


# Between the rebuilds of ``mkdocs serve``: the notebooks found readable, by a hash of their text.
_READABLE: Memo[bool] = Memo()


def _read_notebooks(sources: Mapping[str, Path], root: Path) -> dict[str, str]:
    """The text of every notebook, read once for the whole step. Stops on a notebook no
    renderer can read (its encoding, its JSON), with the check's own message: mkdocs-jupyter
    and nbconvert would stop on it with a traceback."""
    _READABLE.new_build()
    texts = {}
    for uri, path in sources.items():
        if uri.endswith(".ipynb"):
            shown = repo_path(path, root)
            texts[uri] = read_source(path, shown, notebook=True)
            if _READABLE.get(key := digest(texts[uri])) is None:
                parse_notebook(texts[uri], shown_as=shown, validate=False)
                _READABLE.put(key, True)
    return texts


def _render_from(page: Page, path: str) -> None:
    """Make ``page.render`` read the notebook at ``path``: mkdocs-jupyter's render reads the
    file at ``page.file.abs_src_path`` when it runs, and every other reader wants the source."""
    render, source = page.render, page.file.abs_src_path

    def render_cleaned(config: MkDocsConfig, files: Files) -> None:
        page.file.abs_src_path = path
        try:
            render(config, files)
        finally:
            page.file.abs_src_path = source

    page.render = render_cleaned  # type: ignore[method-assign]


def _snippets(config: MkDocsConfig) -> dict[str, Any] | None:
    """pymdownx.snippets' options as the site sets them; None when it does not use it."""
    if "pymdownx.snippets" not in config.markdown_extensions:
        return None
    return config.mdx_configs.get("pymdownx.snippets", {})


def _hide_colab_only_cells(config: MkDocsConfig, tag: str) -> None:
    """Tell mkdocs-jupyter to leave Colab-only cells off the site page."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return
    remove = dict(jupyter.config["remove_tag_config"])
    remove["remove_cell_tags"] = sorted({*remove.get("remove_cell_tags", ()), tag})
    jupyter.config["remove_tag_config"] = remove


def _refuse_pages_of(config: MkDocsConfig, helpers: list[File], copies: list[File]) -> None:
    """Stop when mkdocs-jupyter would render a helper module or a Colab copy as a page: its
    default ``include`` has ``*.py``, and before 0.26.2 it also took generated files."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return
    if pages := [
        f.src_uri for f in helpers if f.src_uri.endswith(".py") and jupyter.should_include(f)
    ]:
        raise PluginError(
            f"[colab] mkdocs-jupyter would turn the helper module {pages[0]} into a page "
            f"(its include patterns are {jupyter.config['include']}).\n  How to fix: set "
            "'include: [\"*.ipynb\"]' under mkdocs-jupyter in mkdocs.yml."
        )
    if pages := [f.src_uri for f in copies if jupyter.should_include(f)]:
        raise PluginError(
            f"[colab] mkdocs-jupyter would render the Colab copy {pages[0]} as a page.\n"
            "  How to fix: upgrade mkdocs-jupyter to 0.26.2 or newer."
        )


def _published_site_url(config: MkDocsConfig) -> str | None:
    """The site_url of mkdocs.yml: ``mkdocs serve`` replaces it with its own address, but the
    copies' links (and so their cache keys) must point where the site is published."""
    from mkdocs.utils import yaml_load

    with open(config.config_file_path, "rb") as file:
        return (yaml_load(file) or {}).get("site_url") or None
