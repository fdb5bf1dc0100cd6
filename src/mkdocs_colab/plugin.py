"""MkDocs adapter: typed config in, events out. No notebook logic lives here."""

from __future__ import annotations

import json
import os
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from .config import FRONT_MATTER_KEY, ColabConfig
from .csp import with_policy
from .css import prune
from .describe import first_paragraph
from .errors import ColabError
from .lessons import (
    CopyCache,
    Lesson,
    Settings,
    make_copy,
    make_site_version,
    page_path,
    repo_path,
)
from .pages import (
    ABSOLUTE_STYLESHEET_URLS,
    add_to_head,
    asset_name,
    broken_links,
    rewrite_notebook_page,
)
from .site import Site, find_repo

log = get_plugin_logger(__name__)

_SKIPPED_PARTS = {".ipynb_checkpoints", "__pycache__"}
ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/colab"  # the badges (templates link them) and the notebook pages' files


class ColabPlugin(BasePlugin[ColabConfig]):
    supports_multiple_instances = False

    def on_config(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self.root = Path(config.config_file_path).parent.resolve()
        try:
            self.site = Site.create(
                site_url=config.site_url,
                repo=find_repo(config.repo_url, self.config.repo, os.environ),
                launch_ref=self.config.launch_ref,
                source_ref=self.config.source_ref,
                copy_dir=self.config.copy_dir,
            )
        except ColabError as error:
            raise PluginError(f"[colab] {error.message}") from None
        self.settings = Settings(
            project_root=self.root,
            default_gpu=self.config.gpu_type,
            helpers_dirs=tuple(self.root / d for d in self.config.helpers_dirs),
            embed_images=self.config.copy_images == "embed",
            tag_site_only=self.config.tag_site_only,
            tag_colab_only=self.config.tag_colab_only,
            snippet_dirs=_snippet_dirs(config),
        )
        self.settings_key = CopyCache.key("", settings=self.settings)  # computed once per build
        self.cache = CopyCache(self.root / self.config.cache_dir if self.config.cache else None)
        features = config.theme.get("features") or []
        self.instant = (  # Material's instant navigation: see ABSOLUTE_STYLESHEET_URLS
            self.config.notebook_pages
            and config.theme.name == "material"
            and "navigation.instant" in features
        )
        _hide_colab_only_cells(config, self.config.tag_colab_only)

    # Before mkdocs-jupyter's on_files (priority 0): it must see the notebooks we add.
    @event_priority(50)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        self.publish_notebooks(files, config)
        for badge in sorted(ASSETS.glob("*.svg")):
            files.append(
                File.generated(config, f"{ASSET_DIR}/{badge.name}", abs_src_path=str(badge))
            )
        self.add_copies(files, config)
        return files

    def add_copies(self, files: Files, config: MkDocsConfig) -> None:
        """Add the Colab copy of every lesson to ``files`` and remember its launch links."""
        self.launch: dict[str, dict[str, str]] = {}
        self.alts: dict[str, list[str]] = {}
        self.notebook_css, self.notebook_classes = "", set()
        self.styled: set[str] = set()  # notebook pages that link the notebook stylesheet
        self.notebook_files: dict[str, str | bytes] = {}  # scripts and images, by site path
        self.site_paths: set[str] | None = None
        self.notebooks: dict[str, tuple[Lesson, str]] = {}  # src_uri: lesson, its text
        # Theme files cannot be lesson targets; resolving their paths would cost more than all else.
        self.published = published = {
            Path(f.abs_src_path).resolve(): f
            for f in files
            if f.abs_src_path is not None and Path(f.abs_src_path).is_relative_to(self.root)
        }

        # Sources as they are now: on_pre_page later points notebooks at their site versions.
        self.sources = {f.src_uri: Path(f.abs_src_path) for f in published.values()}

        def published_url(path: Path) -> str | None:
            file = published.get(path)
            return None if file is None else self.site.url(self._site_path(file, config))

        made = cached = 0
        for file in list(files):
            lesson, text, front_matter = self._lesson(file)
            if lesson is None:
                continue
            copy, hit = self._copy(
                lesson,
                text,
                front_matter,
                config,
                published_url=published_url,
                site_file=self.sources.get,
            )
            made, cached = made + (not hit), cached + hit
            for warning in copy.warnings:
                log.warning(warning)
            files.append(
                File.generated(config, self.site.copy_path(file.src_uri), content=copy.text)
            )
            self.launch[file.src_uri] = self.site.launch_links(
                file.src_uri, lesson.repo_path, self.config.launch_services
            )
            if lesson.is_notebook and self.config.notebook_pages:
                self.notebooks[file.src_uri] = (lesson, text)
        log.info(f"Colab copies: {made} built, {cached} from cache, in {self.site.copy_dir}/")

    # Before mkdocs-jupyter's on_pre_page: its renderer reads the file at page.file.abs_src_path.
    @event_priority(50)
    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> None:
        """Have mkdocs-jupyter render the site version of a notebook (paths fixed, sizes set)."""
        found = self.config.enabled and self.notebooks.get(page.file.src_uri)
        if not found:
            return
        lesson, text = found  # the source as this build read it in on_files
        here = page_path(lesson.src_uri, config.use_directory_urls)

        def relative_url(path: Path) -> str | None:
            file = self.published.get(path)
            return None if file is None else get_relative_url(self._site_path(file, config), here)

        key = CopyCache.key(text, settings=self.settings_key, kind="site", page=here)
        version = self.cache.get(key)
        if version is None:
            version = make_site_version(
                lesson,
                text,
                self.settings,
                relative_url=relative_url,
                site_file=self.sources.get,
            )
            self.cache.put(key, version)
        target = self.root / self.config.cache_dir / "site" / lesson.src_uri
        if not target.is_file() or target.read_text(encoding="utf-8") != version.text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(version.text, encoding="utf-8")
        page.file.abs_src_path = str(target)  # the source stays untouched
        self.alts[lesson.src_uri] = list(version.alts)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config, files) -> None:
        if not self.config.enabled:
            return
        uri = page.file.src_uri
        if uri in self.launch:
            page.meta["colab"] = self.launch[uri]
        if not page.meta.get("description"):
            prose = _notebook_prose(markdown) if uri.endswith(".ipynb") else markdown
            if description := first_paragraph(prose):
                page.meta["description"] = description
        if uri in self.outside_docs and page.edit_url:
            # MkDocs builds edit links from docs_dir; these files live beside it.
            page.edit_url = self.site.github_blob(self.site.source_ref, uri, action="edit")

    def on_page_content(self, html: str, /, *, page: Page, config, files: Files) -> str | None:
        """Notebook pages: files instead of inline CSS, scripts and images; alt text on outputs."""
        alts = self.alts.get(page.file.src_uri) if self.config.enabled else None
        if alts is None:
            return None

        lifted = set()  # URLs of files written in on_env

        def file_href(content: str | bytes, suffix: str) -> str:
            path = _asset_path(content, suffix)
            self.notebook_files[path] = content
            lifted.add(url := get_relative_url(path, page.url))
            return url

        result = rewrite_notebook_page(html, alts, file_href)
        if result.css:
            self.notebook_css = self.notebook_css or result.css
            self.styled.add(page.file.src_uri)
        self.notebook_classes |= result.classes
        # MkDocs validates links in Markdown pages only; notebook pages are checked here.
        links = [url for url in result.links if url not in lifted]
        if self.site_paths is None:  # every page is in files by now; computed once a build
            self.site_paths = {f.dest_uri for f in files}
        base = urlsplit(config.site_url or "/").path
        for url in broken_links(links, page.file.dest_uri, self._in_site, base=base):
            log.warning(
                f"{page.file.src_uri}: the page links to {url!r}, which the site does not have.\n"
                "  How to fix: correct the path in the notebook (relative to the notebook)."
            )
        return result.html

    def on_env(self, env, /, *, config: MkDocsConfig, files: Files) -> None:
        if not self.config.enabled:
            return
        for path, content in self.notebook_files.items():
            files.append(File.generated(config, path, content=content))
        if self.notebook_css:
            css = self._pruned_css()
            self.stylesheet = _asset_path(css, "css")
            files.append(File.generated(config, self.stylesheet, content=css))

    # Last: the policy must hash the final HTML, after every other plugin has changed it.
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        head = ""
        if page.file.src_uri in self.styled:
            href = get_relative_url(self.stylesheet, page.url)
            head += f'<link rel="stylesheet" href="{escape(href)}">'
        if self.instant:
            head += f"<script>{ABSOLUTE_STYLESHEET_URLS}</script>"
        if head:
            try:
                output = add_to_head(output, head)
            except ValueError as error:
                raise PluginError(
                    f"[colab] {page.file.src_uri}: {error}, so the plugin has nowhere to link "
                    "the notebook stylesheet or add its script.\n  How to fix: give the theme's "
                    "page template a <head> element (MkDocs' and Material's have one)."
                ) from None
        return with_policy(output, self.config.csp_script_hosts) if self.config.csp else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and (evicted := self.cache.evict_unused()):
            log.debug(f"Evicted {evicted} unused cache entries")

    # -- helpers -------------------------------------------------------------------------

    def publish_notebooks(self, files: Files, config: MkDocsConfig) -> None:
        """Publish the notebooks folder (lessons, images, helpers) as if it were in docs/."""
        self.outside_docs: set[str] = set()
        if not self.config.notebooks_dir:
            return
        folder = (self.root / self.config.notebooks_dir).resolve()
        if not folder.is_dir():
            raise PluginError(
                f"[colab] notebooks_dir {self.config.notebooks_dir!r} is not a folder "
                f"(looked for {folder}).\n  How to fix: create it, or set notebooks_dir: '' "
                "to publish notebooks from docs/ only."
            )
        for path in sorted(folder.rglob("*")):
            if path.is_dir() or _SKIPPED_PARTS & set(path.parts) or path.name.startswith("."):
                continue
            uri = path.relative_to(self.root).as_posix()
            if files.get_file_from_path(uri) is not None:
                raise PluginError(
                    f"[colab] {uri} exists both in {self.config.notebooks_dir}/ and in docs/."
                    "\n  How to fix: keep one of them."
                )
            files.append(File(uri, str(self.root), config.site_dir, config.use_directory_urls))
            self.outside_docs.add(uri)
        for file in files:
            if file.src_uri.startswith(f"{self.site.copy_dir}/"):
                raise PluginError(
                    f"[colab] {file.src_uri} would be overwritten by the Colab copies in "
                    f"{self.site.copy_dir}/.\n  How to fix: rename that folder or set copy_dir."
                )

    def _lesson(self, file: File) -> tuple[Lesson | None, str, dict[str, Any]]:
        """The lesson ``file`` is, if it is one, with its text (read once) and front matter."""
        not_a_lesson = None, "", {}
        if file.abs_src_path is None or file.generated_by is not None:
            return not_a_lesson
        if not file.src_uri.endswith((".md", ".ipynb")):
            return not_a_lesson
        text, meta = file.content_string, {}
        if file.src_uri.endswith(".md"):
            _, meta = get_data(text)
            if meta.get(FRONT_MATTER_KEY) in (None, False):
                return not_a_lesson
        source = Path(file.abs_src_path)
        return Lesson(source, file.src_uri, repo_path(source, self.root)), text, meta

    def _copy(self, lesson, text, front_matter, config, **lookups):
        """The lesson's copy, from the cache when its inputs are unchanged; and whether it was."""
        page_url = self.site.url(page_path(lesson.src_uri, config.use_directory_urls))
        source_url = self.site.github_blob(self.site.source_ref, lesson.repo_path)
        key = CopyCache.key(
            text,
            settings=self.settings_key,
            page_url=page_url,
            source_url=source_url,
            source=lesson.source,
        )
        if (copy := self.cache.get(key)) is not None:
            return copy, True
        try:
            copy = make_copy(
                lesson,
                text,
                self.settings,
                page_url=page_url,
                source_url=source_url,
                front_matter=front_matter,
                **lookups,
            )
        except ColabError as error:
            raise PluginError(f"[colab] {error.message}") from None
        self.cache.put(key, copy)
        log.debug(f"Colab copy of {lesson.repo_path} built")
        return copy, False

    def _in_site(self, path: str) -> bool:
        """Whether the built site has ``path``: a file, or a folder with an index.html."""
        paths = self.site_paths or set()
        return path in (".", "") or path in paths or f"{path.rstrip('/')}/index.html" in paths

    def _pruned_css(self) -> str:
        """The notebook CSS pruned to the classes pages use; cached, as pruning takes a while."""
        key = CopyCache.key(self.notebook_css, classes=sorted(self.notebook_classes))
        cached = self.root / self.config.cache_dir / "site" / f"{key}.css"
        if cached.is_file():
            return cached.read_text(encoding="utf-8")
        css = prune(self.notebook_css, self.notebook_classes)
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(css, encoding="utf-8")
        return css

    @staticmethod
    def _site_path(file: File, config: MkDocsConfig) -> str:
        # Notebooks are still plain files here; mkdocs-jupyter turns them into pages later.
        if file.src_uri.endswith(".ipynb") or file.is_documentation_page():
            return page_path(file.src_uri, config.use_directory_urls)
        return file.url


def _notebook_prose(text: str) -> str:
    """The Markdown cells of a notebook's JSON (the page "markdown" MkDocs reads for it)."""
    try:
        cells = json.loads(text).get("cells", [])
    except ValueError:
        return ""
    sources = (c.get("source", "") for c in cells if c.get("cell_type") == "markdown")
    return "\n\n".join(s if isinstance(s, str) else "".join(s) for s in sources)


def site_file(files: Files, uri: str) -> Path | None:
    """The source file published at site path ``uri``, if any."""
    file = files.get_file_from_path(uri)
    return None if file is None or file.abs_src_path is None else Path(file.abs_src_path)


def _asset_path(content: str | bytes, suffix: str) -> str:
    """Site path of a notebook pages' file: the asset folder, a name from its content."""
    return f"{ASSET_DIR}/{asset_name(content, suffix)}"


def _snippet_dirs(config: MkDocsConfig) -> tuple[Path, ...]:
    """The base paths of pymdownx.snippets, resolved like the extension does (from cwd)."""
    options = config.mdx_configs.get("pymdownx.snippets", {})
    base = options.get("base_path", ["."])
    bases = [base] if isinstance(base, str) else list(base)
    root = Path(config.config_file_path).parent
    return (*((root / b).resolve() for b in bases), Path(config.docs_dir).resolve())


def _hide_colab_only_cells(config: MkDocsConfig, tag: str) -> None:
    """Tell mkdocs-jupyter to leave Colab-only cells off the site page."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return
    remove = dict(jupyter.config["remove_tag_config"])
    remove["remove_cell_tags"] = sorted({*remove.get("remove_cell_tags", ()), tag})
    jupyter.config["remove_tag_config"] = remove
