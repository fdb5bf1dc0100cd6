"""Notebook pages exactly as mkdocs-jupyter renders them, for less: one exporter, one conversion.

mkdocs-jupyter 0.26 renders a notebook page in ``Page.render``, which its ``on_pre_page``
replaces with a function that calls ``convert.nb2html`` and then ``_get_nb_toc_tokens``. The
first builds a new nbconvert app and ``HTMLExporter`` for every notebook, so nbconvert's Jinja
templates are looked up and compiled again each time (most of a cold build); the second converts
the notebook a second time, to Markdown, only to find its headings.

``Converter`` reproduces ``nb2html`` with one exporter made once and reused, and reads the table
of contents from the headings of that one conversion. This relies on what mkdocs-jupyter 0.26
does (the options it hands nbconvert, its template, its highlight filter and the module globals
that filter reads), so it is used only with the versions in ``TESTED_VERSIONS``; the tests
compare its output with ``nb2html``'s, byte for byte, and fail if that behaviour changes.

Two deliberate differences from mkdocs-jupyter: a notebook without a kernel language is
highlighted as Python, where mkdocs-jupyter keeps the language of the notebook it converted
before (so the output would depend on the order, and on which process converted it); and the
table of contents links each heading's own ``id`` in the page, where mkdocs-jupyter's Markdown
pass drops code spans from headings and numbers repeated ones, giving links to no anchor.

The exporter also notes the template files nbconvert 7 inlines into each page (its
``include_css`` and ``include_js`` resources, made in ``HTMLExporter._init_resources``):
mkdocs-jupyter's styles and scripts, most of every page, which the page cache stores once. A
test fails if a page stops naming them.

Nothing here imports MkDocs, so the worker processes that convert notebooks in parallel start
quickly.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from html import escape
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import mkdocs_jupyter
import nbconvert
import nbformat
from markdown.extensions.toc import nest_toc_tokens
from mkdocs_jupyter import convert as _patches  # noqa: F401  (its import patches headings)
from mkdocs_jupyter import nbconvert2
from selectolax.lexbor import LexborHTMLParser

from ..files import write_atomic
from ..notebook import for_renderer
from ..pages.cache import put_back, shared_text, take_out

TESTED_VERSIONS = ("0.26.",)  # mkdocs-jupyter versions whose nb2html Converter reproduces
HEADINGS = "h1, h2, h3, h4, h5, h6"


def converter_version() -> str:
    """mkdocs-jupyter's and nbconvert's versions: a page's HTML depends on both."""
    return f"{mkdocs_jupyter.__version__} {nbconvert.__version__}"


def is_tested_version(version: str = mkdocs_jupyter.__version__) -> bool:
    return version.startswith(TESTED_VERSIONS)


@dataclass(frozen=True)
class RenderOptions:
    """The mkdocs-jupyter options a page's HTML and table of contents depend on."""

    theme: str = ""
    allow_errors: bool = True
    show_input: bool = True
    no_input: bool = False
    no_prompt: bool = False
    remove_tag_config: Mapping[str, Any] = field(default_factory=dict)
    highlight_extra_classes: str = ""
    include_requirejs: bool = False
    custom_mathjax_url: str = ""
    toc_depth: int = 6

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> RenderOptions:
        """The options of mkdocs-jupyter's validated config."""
        return cls(**{name: config[name] for name in cls.__dataclass_fields__})

    def as_key(self) -> dict[str, Any]:
        return {name: repr(getattr(self, name)) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Rendered:
    """What mkdocs-jupyter's render sets on a page: its HTML, its headings and its title."""

    content: str
    toc_tokens: list[dict[str, Any]]
    title: str | None
    # The template's own styles and scripts that ``content`` holds inline: the same text on
    # every page (some 580 KB of it), which a cache can store once.
    inlined: tuple[str, ...] = ()


def _keep_markup(element: Any) -> str:
    # nb2html's replacement for nbconvert's clean_html filter: SVG and rdkit outputs pass as
    # they are (nbconvert's issue 1894).
    return element.decode() if isinstance(element, bytes) else str(element)


class _Exporter(nbconvert2.HTMLExporter):
    """mkdocs-jupyter's exporter, noting the template files it inlines (nbconvert 7's
    ``include_css`` and ``include_js`` resources) as it renders a notebook."""

    inlined: list[str]

    def _init_resources(self, resources: dict[str, Any]) -> dict[str, Any]:
        resources = super()._init_resources(resources)
        self.inlined = []
        for name in ("include_css", "include_js"):
            resources[name] = self._noting(resources[name])
        return resources

    def _noting(self, include: Any) -> Any:
        def noted(*args: Any, **kwargs: Any) -> Any:
            markup = include(*args, **kwargs)
            self.inlined.append(str(markup))
            return markup

        return noted


class Converter:
    """``nb2html`` of mkdocs-jupyter 0.26 for ``.ipynb`` files that are not executed, with the
    exporter (and its compiled templates) made once for every notebook it converts."""

    def __init__(self, options: RenderOptions) -> None:
        self.options = options
        self.warm = False  # whether it has converted a notebook yet (see warm_up)
        app = nbconvert2.get_nbconvert_app(
            execute=False,
            kernel_name="",
            allow_errors=options.allow_errors,
            show_input=options.show_input,
            no_input=options.no_input,
            no_prompt=options.no_prompt,
            remove_tag_config=dict(options.remove_tag_config),
        )
        nbconvert2.default_filters["clean_html"] = _keep_markup  # as nb2html sets it
        self.exporter = _Exporter(
            config=app.config,
            template_file="mkdocs_html/notebook.html.j2",
            extra_template_paths=[nbconvert2.settings.templates_dir],
            preprocessors=[nbconvert2.SubCell],
            filters={
                "highlight_code": nbconvert2.mk_custom_highlight_code(
                    extra_css_classes=options.highlight_extra_classes
                )
            },
            theme=options.theme,
            mathjax_url=options.custom_mathjax_url,
        )

    def convert(self, path: str, text: str | None = None) -> Rendered:
        """The page of the notebook at ``path`` (whose JSON is ``text``, when already read)."""
        if text is None:
            with open(path, encoding="utf-8") as file:
                text = file.read()
        # Colab's widget state without a 'state' mapping stops nbconvert: render it cleaned.
        notebook = nbformat.reads(for_renderer(text) or text, as_version=4)
        # The highlight filter numbers code cells and reads the kernel's language from these.
        nbconvert2.cell_id = 0
        kernelspec = notebook.metadata.get("kernelspec")
        language = kernelspec.get("language") if isinstance(kernelspec, dict) else None
        nbconvert2.kernel_lang = language if isinstance(language, str) else "python"
        body, resources = self.exporter.from_notebook_node(notebook, _resources(path, self.options))
        content = (
            body
            + f"""
        <style>
        {resources["inlining"]["css"]}
        </style>
        """
        )
        inlined = self.exporter.inlined
        if extra := self.options.highlight_extra_classes:

            def classed(text: str) -> str:
                return text.replace("jp-OutputArea-output", f"jp-OutputArea-output {extra}")

            # The inlined styles name that class too: the same replace keeps them findable.
            content, inlined = classed(content), [classed(piece) for piece in inlined]
        tokens = toc_tokens(content, self.options.toc_depth)
        title = next((t["name"] for t in _flat(tokens) if t["level"] == 1), None)
        found = tuple(dict.fromkeys(p for p in inlined if p and p in content))
        self.warm = True
        return Rendered(content, tokens, title, found)

    def warm_up(self) -> None:
        """Convert a small notebook and drop the page: the first conversion in a process
        compiles nbconvert's templates and its filters' regular expressions (half a second
        on a 2-core machine, six times what each later notebook takes)."""
        markdown = nbformat.v4.new_markdown_cell("# Title\n\nSome *prose*, a [link](page.md).")
        code = nbformat.v4.new_code_cell("1 + 1")
        code.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
        notebook = nbformat.v4.new_notebook(cells=[markdown, code])
        resources = {"mkdocs": {"test": "value"}, "metadata": {"name": "warm-up", "path": ""}}
        self.exporter.from_notebook_node(notebook, resources)
        self.warm = True


# One converter per process, kept from one build to the next (``mkdocs serve`` rebuilds in the
# process it started in) while the options are the same.
_SHARED: list[Converter] = []


def shared_converter(options: RenderOptions) -> Converter:
    """The process's converter for ``options``."""
    if not _SHARED or _SHARED[0].options != options:
        _SHARED[:] = [Converter(options)]
    return _SHARED[0]


def warm_up(options: RenderOptions) -> None:
    """Warm the process's converter for ``options`` up, unless it has converted already."""
    converter = shared_converter(options)
    if not converter.warm:
        converter.warm_up()


def _resources(path: str, options: RenderOptions) -> dict[str, Any]:
    """The resources nbconvert's ``from_filename`` starts from, as nb2html calls it."""
    folder, name = os.path.split(path)
    modified = datetime.datetime.fromtimestamp(os.path.getmtime(path), tz=datetime.timezone.utc)
    return {
        "mkdocs": {"test": "value", "include_requirejs": options.include_requirejs},
        "metadata": {
            "name": os.path.splitext(name)[0],
            "path": folder,
            "modified_date": modified.strftime("%B %-d, %Y"),
        },
    }


def toc_tokens(content: str, depth: int) -> list[dict[str, Any]]:
    """The table of contents of a converted notebook, in Python-Markdown's token shape: the
    headings of its Markdown cells (those nbconvert gave an ``id``), down to ``depth``."""
    tree = LexborHTMLParser(content)
    flat = []
    for cell in tree.css(".jp-MarkdownCell"):
        for heading in cell.css(HEADINGS):
            level = int((heading.tag or "h6")[1])
            if "id" not in heading.attributes or level > depth:
                continue
            for anchor in heading.css("a.anchor-link"):
                anchor.decompose()
            name = escape(heading.text(deep=True).strip(), quote=False)
            flat.append({"level": level, "id": heading.attributes["id"] or "", "name": name})
    nested: list[dict[str, Any]] = nest_toc_tokens(flat)  # type: ignore[arg-type,assignment]
    return nested


def _flat(tokens: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for token in tokens:
        yield token
        yield from _flat(token["children"])


# The cache of converted pages ---------------------------------------------------------------


class PageCache:
    """Converted pages in ``folder``, by key. Each page's HTML is a file of its own, read as
    it is (as JSON, decoding the escapes of some hundred kilobytes of HTML would cost most of a
    rebuild), without the template files it inlines: those are stored once, beside the pages.
    A ``used`` set gets the name of every file a page is read from or written to."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def has(self, key: str) -> bool:
        return (self.folder / f"{key}.json").is_file()

    def read(self, key: str, used: set[str]) -> Rendered | None:
        try:
            entry = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            text = (self.folder / f"{key}.html").read_text(encoding="utf-8")
            places = [(int(o), shared_text(self.folder, name)) for o, name in entry["inlined"]]
            tokens, title = entry["toc_tokens"], entry["title"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not _is_toc(tokens) or not isinstance(title, str | None):
            return None  # an entry in another shape is a miss
        rendered = Rendered(put_back(text, places), tokens, title)
        used.update({f"{key}.json", f"{key}.html", *(name for _, name in entry["inlined"])})
        return rendered

    def write(self, key: str, rendered: Rendered, used: set[str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        text, places = take_out(rendered.content, rendered.inlined)
        names = []
        for offset, piece in places:
            name = f"{hashlib.sha256(piece.encode()).hexdigest()}.inlined.html"
            if not (self.folder / name).is_file():
                write_atomic(self.folder / name, piece)
            names.append((offset, name))
        write_atomic(self.folder / f"{key}.html", text)
        entry = {"toc_tokens": rendered.toc_tokens, "title": rendered.title, "inlined": names}
        write_atomic(self.folder / f"{key}.json", json.dumps(entry))  # last: it marks a hit
        used.update({f"{key}.json", f"{key}.html", *(name for _, name in names)})


def _is_toc(tokens: Any) -> bool:
    """Whether ``tokens`` is a table of contents in Python-Markdown's token shape."""
    return isinstance(tokens, list) and all(
        isinstance(t, dict)
        and isinstance(t.get("level"), int)
        and isinstance(t.get("id"), str)
        and isinstance(t.get("name"), str)
        and _is_toc(t.get("children"))
        for t in tokens
    )


# Converting across processes ------------------------------------------------------------------

_worker: Converter | None = None
_worker_cache: PageCache | None = None


def _start_worker(options: RenderOptions, cache: PageCache | None) -> None:
    global _worker, _worker_cache
    _worker, _worker_cache = Converter(options), cache


def _convert_in_worker(task: tuple[str, str, str]) -> Rendered | None:
    """The page of the notebook at ``path`` whose JSON is ``text``; None once stored in the
    cache under ``key`` (sent back, a page would carry the template files it inlines once
    more)."""
    assert _worker is not None, "the pool's initializer makes the converter"
    path, text, key = task
    rendered = _worker.convert(path, text)
    if _worker_cache is None:
        return replace(rendered, inlined=())  # only a cache needs them
    _worker_cache.write(key, rendered, set())
    return None


def _in_processes(
    options: RenderOptions, tasks: list[tuple[str, str, str]], jobs: int, cache: PageCache | None
) -> Iterator[Rendered | None]:
    """``_convert_in_worker`` of each task, by ``jobs`` processes, each with one converter, in
    the order of ``tasks``, each as soon as it and those before are done.

    Each notebook's page depends on its text alone (``Converter.convert`` resets the globals
    it reads), so the pages are the same bytes whichever process converts them. Processes
    are spawned, not forked: ``mkdocs serve`` has threads running, and a fork copies their
    locks in whatever state they are."""
    context = get_context("spawn")
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(options, cache)
    ) as pool:
        chunk = max(1, len(tasks) // (jobs * 4))
        yield from pool.map(_convert_in_worker, tasks, chunksize=chunk)


def convert_all(
    options: RenderOptions, texts: Mapping[str, str], jobs: int
) -> Iterator[tuple[str, Rendered]]:
    """The notebook at each path of ``texts``, whose JSON that is, converted by ``jobs``
    processes, as (path, page) in the order of ``texts``."""
    tasks = [(path, text, "") for path, text in texts.items()]
    for (path, _, _), rendered in zip(
        tasks, _in_processes(options, tasks, jobs, None), strict=True
    ):
        assert rendered is not None, "without a cache, a worker sends each page back"
        yield path, rendered


def convert_into(
    cache: PageCache, options: RenderOptions, notebooks: Mapping[str, tuple[str, str]], jobs: int
) -> None:
    """The notebook at each path of ``notebooks``, with its (key, JSON), converted by ``jobs``
    processes and stored in ``cache`` under its key."""
    tasks = [(path, text, key) for path, (key, text) in notebooks.items()]
    for _ in _in_processes(options, tasks, jobs, cache):
        pass  # stored by the process that converted it
