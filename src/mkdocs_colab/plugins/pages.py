"""The ``colab/pages`` plugin: lighter, accessible notebook pages on top of mkdocs-jupyter.

Each notebook page gets one pass over its rendered HTML (``mkdocs_colab.pages.rewrite``);
mkdocs-jupyter's styles become one pruned stylesheet per distinct style set, its scripts and the
output images become files. Every page gets a description from its first paragraph.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..describe import first_paragraph
from ..errors import ColabError
from ..files import write_atomic
from ..lessons.cache import own_code_hash
from ..notebook import parse_notebook
from ..pages.cache import PassResult, Recorder, pass_key, read_pass, write_pass
from ..pages.css import prune
from ..pages.head import add_to_head
from ..pages.links import broken_links, rebase_url
from ..pages.rewrite import (
    asset_name,
    is_notebook_page,
    may_be_notebook_page,
    rewrite_notebook_page,
)
from ..site import relative_url
from .colab import ASSET_DIR, ColabPlugin
from .jupyter import (
    PageCache,
    Rendered,
    RenderOptions,
    convert_all,
    convert_into,
    converter_version,
    is_tested_version,
    shared_converter,
    warm_up,
)
from .memo import Memo, content_key, digest, forget_made, made_from
from .search import cached_indexing, material_search

log = get_plugin_logger(__name__)

# Material's instant navigation makes every relative URL in the page absolute once its bundle
# has run, to compare the <head> of one page with the next. A stylesheet link whose href
# changes is loaded again, and the whole page is restyled: about 2,200 elements on a notebook
# page. Made at the end of <head>, before the body is parsed, the same change restyles almost
# nothing, and the bundle finds these URLs absolute already.
ABSOLUTE_STYLESHEET_URLS = (
    "for(const l of document.querySelectorAll('link[rel=stylesheet]'))l.href=l.href"
)
# Fewer notebooks to convert than this, and starting worker processes costs more than it saves.
POOL_MIN_NOTEBOOKS = 8
# Between the rebuilds of ``mkdocs serve`` (see ``memo``): page passes, and final pages.
_PASSES: Memo[PassResult] = Memo()
_WITH_HEAD: Memo[str] = Memo()


class PagesConfig(base.Config):
    """Options of the ``colab/pages`` plugin. Each is documented in the plugin reference."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off: notebook pages are left as mkdocs-jupyter renders them."""

    cache = c.Type(bool, default=True)
    """Reuse what depends only on a page's content (its converted notebook, the pass over it,
    its search sections, the pruned stylesheet) when that has not changed."""

    cache_dir = c.Type(str, default=".cache/plugin/colab-pages")
    """Where that cache lives, relative to ``mkdocs.yml``. Unused entries are evicted."""

    convert_jobs = c.Type(int, default=0)
    """Processes that convert notebooks when a build has many to convert: 0, one per CPU core;
    1, none besides the build's own."""


@dataclass
class _Styles:
    """One distinct set of mkdocs-jupyter styles, and every class of the pages that use it."""

    css: str
    classes: set[str] = field(default_factory=set)
    path: str = ""  # site path of its pruned stylesheet, once on_env wrote it


@dataclass
class PagesBuild:
    """What one build knows between events; made anew in ``on_config``."""

    root: Path
    instant: bool  # Material's instant navigation: see ABSOLUTE_STYLESHEET_URLS
    cache_dir: Path | None
    files: dict[str, str | bytes] = field(default_factory=dict)  # lifted files, by site path
    styles: dict[str, _Styles] = field(default_factory=dict)  # by their styles file name
    page_styles: dict[str, str] = field(default_factory=dict)  # page src_uri -> that name
    site_paths: set[str] | None = None  # every file of the site, once all pages exist
    by_path: dict[str, File] | None = None  # every source file by its path, likewise
    cached: set[str] = field(default_factory=set)  # cache entries this build used
    notebooks: NotebookRendering | None = None  # None: mkdocs-jupyter renders them itself


@dataclass
class NotebookRendering:
    """Notebook pages rendered as mkdocs-jupyter would, with one converter (see ``jupyter``)
    and a content-hash cache of what they rendered to."""

    jupyter: Any  # mkdocs-jupyter's plugin, whose pages these are (it ships no types)
    options: RenderOptions
    cache: PageCache | None
    jobs: int
    converted: dict[str, Rendered] = field(default_factory=dict)  # by source path, this build
    # (key, JSON) of each notebook, by source path: read in on_files, used when its page renders
    read: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, config: MkDocsConfig, cache_dir: Path | None, jobs: int):
        """How this build renders notebooks; None where mkdocs-jupyter must do it itself: it
        is absent, a version whose rendering ``Converter`` does not reproduce, or it executes
        notebooks."""
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is None or not is_tested_version() or jupyter.config["execute"]:
            return None
        cache = None if cache_dir is None else PageCache(cache_dir / "notebooks")
        return cls(jupyter, RenderOptions.of(jupyter.config), cache, jobs or os.cpu_count() or 1)

    def takes(self, file: File) -> bool:
        return file.src_uri.endswith(".ipynb") and self.jupyter.should_include(file)

    def keyed(self, src_uri: str, path: str) -> tuple[str, str]:
        """The JSON of notebook ``src_uri`` at ``path``, read once, and its page's cache key:
        (key, JSON). The key is the key of what is converted, even if the file changes."""
        if (known := self.read.pop(path, None)) is not None:
            return known
        text = Path(path).read_bytes().decode("utf-8-sig")  # as MkDocs decodes a source
        blob = json.dumps(
            [own_code_hash(), converter_version(), self.options.as_key(), src_uri],
            sort_keys=True,
        ).encode()
        return hashlib.sha256(blob + b"\0" + text.encode()).hexdigest(), text

    def convert_many(self, files: list[File]) -> None:
        """Convert, in parallel, the notebooks of ``files`` that the cache does not hold."""
        self.read = {str(f.abs_src_path): self.keyed(f.src_uri, str(f.abs_src_path)) for f in files}
        missing = {
            path: (key, text)
            for path, (key, text) in self.read.items()
            if self.cache is None or not self.cache.has(key)
        }
        if self.jobs < 2 or len(missing) < POOL_MIN_NOTEBOOKS:
            return  # each is converted when its page renders: a pool would cost more
        jobs = min(self.jobs, len(missing) // (POOL_MIN_NOTEBOOKS // 2))
        if self.cache is None:
            texts = {path: text for path, (_, text) in missing.items()}
            self.converted.update(convert_all(self.options, texts, jobs))
        else:  # each process stores its pages: they are read when they render
            convert_into(self.cache, self.options, missing, jobs)
        log.info(f"Notebook pages: {len(missing)} converted in {jobs} processes")

    def rendered(self, path: str, text: str, key: str, used: set[str]) -> Rendered:
        """The page of the notebook at ``path``, whose JSON is ``text`` and ``key`` its key:
        from the cache, from the pool, or converted now."""
        if self.cache is not None and (hit := self.cache.read(key, used)) is not None:
            return hit
        rendered = self.converted.pop(path, None)
        if rendered is None:
            rendered = shared_converter(self.options).convert(path, text)
            log.debug(f"Notebook pages: {path} converted by the build's own process")
        if self.cache is not None:
            self.cache.write(key, rendered, used)
        return rendered

    def replace_render(self, page: Page, used: set[str]) -> None:
        """Make ``page.render`` do what mkdocs-jupyter's own render does, by this converter."""
        ignore_h1_titles = self.jupyter.config["ignore_h1_titles"]
        # Where it is now: the colab plugin points a notebook whose widget metadata nbconvert
        # cannot read at a cleaned copy while mkdocs-jupyter's render runs, and the converter
        # cleans it itself.
        path = str(page.file.abs_src_path)

        def render(page: Page, config: MkDocsConfig, files: Files) -> None:
            key, text = self.keyed(page.file.src_uri, path)
            rendered = self.rendered(path, text, key, used)
            page.content = rendered.content
            made_from(page.file.src_uri, page.content, key)
            page.toc = get_toc(rendered.toc_tokens)  # type: ignore[arg-type]
            if rendered.title is not None and not ignore_h1_titles:
                page.title = rendered.title

        page.render = render.__get__(page, Page)  # type: ignore[method-assign]


class NotebookPagesPlugin(BasePlugin[PagesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._build: PagesBuild | None = None
        self.dirty = False
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A dirty build renders only the pages that changed; the others' stylesheets are unused
        # this time but not stale, so eviction waits for a full build.
        self.dirty = dirty
        self.serving = command == "serve"

    @property
    def build(self) -> PagesBuild:
        if self._build is None:
            raise PluginError("[colab/pages] the plugin's state is read before on_config made it")
        return self._build

    # After the search plugin's on_config (priority 0), which makes the index this wraps.
    @event_priority(-10)
    def on_config(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        root = Path(config.config_file_path).parent.resolve()
        features = config.theme.get("features") or []
        _PASSES.new_build()
        _WITH_HEAD.new_build()
        forget_made()
        cache_dir = root / self.config.cache_dir if self.config.cache else None
        self._build = PagesBuild(
            root=root,
            instant=config.theme.name == "material" and "navigation.instant" in features,
            cache_dir=cache_dir,
            notebooks=NotebookRendering.of(config, cache_dir, self.config.convert_jobs),
        )
        self._index_from_cache(config, cache_dir)

    def _index_from_cache(self, config: MkDocsConfig, cache_dir: Path | None) -> None:
        """Let Material's search index read each page's sections from the cache."""
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        module = material_search(plugin)
        if module is None or plugin is None or not getattr(plugin, "search_index", None):
            return
        index = plugin.search_index
        folder = None if cache_dir is None else cache_dir / "search"
        index.add_entry_from_context = cached_indexing(module, index, folder, self.build.cached)

    # After mkdocs-jupyter's on_files (priority 0), which makes notebooks pages.
    @event_priority(-10)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> None:
        notebooks = self.build.notebooks if self.config.enabled else None
        if notebooks is not None and not self.dirty:  # a dirty build renders only a few
            notebooks.convert_many([f for f in files if notebooks.takes(f)])

    # After mkdocs-jupyter's on_pre_page (priority 0), which sets the render this replaces.
    @event_priority(-10)
    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> None:
        notebooks = self.build.notebooks if self.config.enabled else None
        if notebooks is not None and notebooks.takes(page.file):
            notebooks.replace_render(page, self.build.cached)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config, files) -> None:
        if not self.config.enabled or page.meta.get("description"):
            return
        uri = page.file.src_uri
        prose = _notebook_prose(markdown) if uri.endswith(".ipynb") else markdown
        if description := first_paragraph(prose):
            page.meta["description"] = description

    def on_page_content(self, html: str, /, *, page: Page, config, files: Files) -> str | None:
        if not self.config.enabled or not may_be_notebook_page(html):
            return None
        build = self.build
        try:
            result = self._page_pass(html, page, files, config)
        finally:
            forget_made(page.file.src_uri)  # its content is replaced: let it go
        if result is None:
            return None
        if result.styles:
            styles = build.styles.setdefault(result.styles, _Styles(result.page.css))
            styles.classes.update(result.page.classes)
            build.page_styles[page.file.src_uri] = result.styles
            build.cached.add(result.styles)
        if build.site_paths is None:  # every page is in files by now; computed once a build
            build.site_paths = {f.dest_uri for f in files}
        base_path = urlsplit(config.site_url or "/").path
        reported = _reported_by_the_copy(config, page.file.src_uri)
        links = result.page.links
        for url in broken_links(links, page.file.dest_uri, self._in_site, base=base_path):
            if unquote(url) in reported:
                continue  # the Colab copy's warning names it, with its cell
            log.warning(
                f"{page.file.src_uri}: the page links to {url!r}, which the site does not have.\n"
                "  How to fix: correct the path in the notebook (relative to the notebook)."
            )
        return result.page.html

    def _page_pass(
        self, html: str, page: Page, files: Files, config: MkDocsConfig
    ) -> PassResult | None:
        """The one pass over a notebook page, from the cache when its inputs are unchanged;
        None when ``html`` is not a notebook page."""
        build = self.build
        published = self._published_from(page.file, files)

        def rebase(url: str) -> str | None:
            return rebase_url(url, page_url=page.url, published=published)

        def asset_path(content: str | bytes, suffix: str) -> str:
            return f"{ASSET_DIR}/{asset_name(content, suffix)}"

        def file_href(content: str | bytes, suffix: str) -> str:
            return relative_url(asset_path(content, suffix), page.url)

        folder = None if build.cache_dir is None else build.cache_dir / "passes"
        source = page.file.content_string if page.file.src_uri.endswith(".ipynb") else None
        hidden = _hidden_tags(config)
        content = content_key(page.file.src_uri, html)
        key = pass_key(own_code_hash(), content, source, hidden, page.url)
        hit = _PASSES.get(key) or read_pass(folder, key)
        if hit is not None and hit.holds_for(rebase):
            build.cached.add(f"{key}.json")
            build.files.update(_PASSES.put(key, hit).files)
            return hit
        if not is_notebook_page(html):
            return None
        recorder = Recorder(rebase, file_href, asset_path)
        page_after = rewrite_notebook_page(
            html,
            notebook=_source_notebook(page),
            hidden_tags=hidden,
            rebase=recorder.rebase,
            file_href=recorder.file_href,
        )
        result = PassResult.of(page_after, recorder)
        build.files.update(result.files)
        write_pass(folder, key, result)
        build.cached.add(f"{key}.json")
        return _PASSES.put(key, result)

    def on_env(self, env, /, *, config: MkDocsConfig, files: Files) -> None:
        if not self.config.enabled:
            return
        build = self.build
        for path, content in build.files.items():
            files.append(File.generated(config, path, content=content))
        for styles in build.styles.values():
            css = self._pruned(styles)
            styles.path = f"{ASSET_DIR}/{asset_name(css, 'css')}"
            files.append(File.generated(config, styles.path, content=css))

    # After the other plugins, before the policy (-100), which must hash the final HTML.
    @event_priority(-50)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        build = self.build
        head = ""
        if (key := build.page_styles.get(page.file.src_uri)) is not None:
            href = relative_url(build.styles[key].path, page.url)
            head += f'<link rel="stylesheet" href="{escape(href)}">'
        if build.instant:
            head += f"<script>{ABSOLUTE_STYLESHEET_URLS}</script>"
        if not head:
            return None
        key = digest(head, output)
        if (cached := _WITH_HEAD.get(key)) is not None:
            return cached
        try:
            return _WITH_HEAD.put(key, add_to_head(output, head))
        except ValueError as error:
            raise PluginError(
                f"[colab/pages] {page.file.src_uri}: {error}, so the plugin has nowhere to link "
                "the notebook stylesheet or add its script.\n  How to fix: give the theme's "
                "page template a <head> element (MkDocs' and Material's have one)."
            ) from None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        notebooks = self.build.notebooks if self.config.enabled else None
        if self.serving and notebooks is not None:
            # The next rebuild may follow a notebook's edit: have its converter ready, once a
            # `mkdocs serve` (half a second). Not in a thread: a conversion sets module
            # globals that mkdocs-jupyter's own renders (of jupytext pages) read too.
            warm_up(notebooks.options)
        folder = self.build.cache_dir if self.config.enabled and not self.dirty else None
        if folder is None or not folder.is_dir():
            return
        entries = [*folder.glob("*.css"), *folder.glob("notebooks/*.json")]
        entries += [*folder.glob("notebooks/*.html"), *folder.glob("passes/*.css")]
        entries += [*folder.glob("search/*.json"), *folder.glob("passes/*.json")]
        for stale in (p for p in entries if p.name not in self.build.cached):
            stale.unlink()

    def _published_from(self, source: File, files: Files) -> Callable[[str], str | None]:
        """The URL of what a path relative to ``source`` names: looked up in the site's tree
        (``docs/`` with the notebooks folder beside it), as MkDocs resolves a page's links, then
        on disk beside the source (a notebook linking ``../docs/page.md``)."""
        by_path = self.build.by_path
        if by_path is None:  # every source is in files by now; computed once a build
            by_path = self.build.by_path = {
                os.path.normpath(f.abs_src_path): f for f in files if f.abs_src_path
            }
        folder = posixpath.dirname(source.src_uri)

        def published(relative: str) -> str | None:
            in_site = posixpath.normpath(posixpath.join(folder, relative))
            found = None if in_site.startswith("..") else files.get_file_from_path(in_site)
            if found is None and source.abs_src_path:
                beside = os.path.join(os.path.dirname(source.abs_src_path), relative)
                found = by_path.get(os.path.normpath(beside))
            return None if found is None else found.url

        return published

    def _in_site(self, path: str) -> bool:
        """Whether the built site has ``path``: a file, or a folder with an index.html."""
        paths = self.build.site_paths or set()
        return path in (".", "") or path in paths or f"{path.rstrip('/')}/index.html" in paths

    def _pruned(self, styles: _Styles) -> str:
        """The styles pruned to the classes their pages use; cached, as pruning takes a while."""
        folder = self.build.cache_dir
        blob = json.dumps([own_code_hash(), styles.css, sorted(styles.classes)])
        name = f"{hashlib.sha256(blob.encode()).hexdigest()}.css"
        if folder is not None and (folder / name).is_file():
            self.build.cached.add(name)
            return (folder / name).read_text(encoding="utf-8")
        css = prune(styles.css, styles.classes)
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(folder / name, css)
            self.build.cached.add(name)
        return css


def _source_notebook(page: Page):
    """The page's notebook, for each cell's alt text; None when it is not notebook JSON."""
    if not page.file.src_uri.endswith(".ipynb"):
        return None  # a script or Markdown file that mkdocs-jupyter read with jupytext
    try:
        # Validated, when it is a lesson, by the Colab plugin; the pass reads metadata only.
        return parse_notebook(page.file.content_string, shown_as=page.file.src_uri, validate=False)
    except ColabError:
        return None


def _reported_by_the_copy(config: MkDocsConfig, src_uri: str) -> set[str]:
    """The broken URLs of a lesson that the ``colab`` plugin already warned about, unquoted."""
    colab = config.plugins.get("colab")
    found = colab.reported_broken(src_uri) if isinstance(colab, ColabPlugin) else frozenset()
    return {unquote(url) for url in found}


def _hidden_tags(config: MkDocsConfig) -> frozenset[str]:
    """The tags of the cells mkdocs-jupyter leaves off the page."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return frozenset()
    return frozenset(jupyter.config["remove_tag_config"].get("remove_cell_tags", ()))


def _notebook_prose(text: str) -> str:
    """The Markdown cells of a notebook's JSON (the page "markdown" MkDocs reads for it)."""
    try:
        cells = json.loads(text).get("cells", [])
    except ValueError:
        return ""
    sources = (c.get("source", "") for c in cells if c.get("cell_type") == "markdown")
    return "\n\n".join(s if isinstance(s, str) else "".join(s) for s in sources)
