"""Notebook pages as mkdocs-jupyter renders them, with one exporter for every notebook."""

from __future__ import annotations

import base64
import inspect
import json
from dataclasses import replace
from pathlib import Path

import mkdocs_jupyter
import nbformat
import pytest
from mkdocs_jupyter import nbconvert2, plugin
from selectolax.lexbor import LexborHTMLParser

from mkdocs_colab.plugins import jupyter
from mkdocs_colab.plugins.jupyter import (
    Converter,
    PageCache,
    RenderOptions,
    convert_all,
    convert_into,
)
from tests.conftest import make_notebook

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f5a9ee0000000049454e44ae426082"
    )
).decode()


def outputs_cell() -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("import pandas as pd\nshow(df)", id="outputs")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="loading\n"),
        nbformat.v4.new_output("execute_result", {"text/plain": "42"}, execution_count=1),
        nbformat.v4.new_output("display_data", {"image/png": PNG, "text/plain": "<Figure>"}),
        nbformat.v4.new_output("display_data", {"text/html": "<table><tr><td>1</td></tr></table>"}),
        nbformat.v4.new_output("error", ename="ValueError", evalue="bad", traceback=["Trace"]),
    ]
    return cell


NOTEBOOKS = {
    "headings": make_notebook(
        ("markdown", "# Training a model\n\nWhy & how: a < b."),
        ("markdown", "## Setup\n\nInstall.\n\n### On Colab\n\nSwitch the runtime."),
        outputs_cell(),
        nbformat.v4.new_code_cell("print('Colab')", id="c-only", metadata={"tags": ["colab"]}),
        ("markdown", "## Results\n\nWith $x^2$ and $$\\int_0^1 x\\,dx$$"),
    ),
    "raw and attachment": make_notebook(
        nbformat.v4.new_raw_cell("raw text", id="raw"),
        nbformat.v4.new_markdown_cell(
            "# Plot\n\n![plot](attachment:p.png)",
            id="att",
            attachments={"p.png": {"image/png": PNG}},
        ),
        ("code", "x = 1\nx"),
    ),
    "no kernel language": nbformat.writes(
        nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell("print(1)", id="only")],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        )
    ),
}
OPTIONS = {
    "defaults": RenderOptions(),
    "tags, classes, no prompt": RenderOptions(
        remove_tag_config={"remove_cell_tags": ["colab"]},
        highlight_extra_classes="extra",
        no_prompt=True,
    ),
    "no input, dark, shallow": RenderOptions(
        no_input=True, theme="dark", toc_depth=2, include_requirejs=True
    ),
    "hidden input, mathjax": RenderOptions(show_input=False, custom_mathjax_url="https://m/j.js"),
}


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("notebooks")
    paths = []
    for name, text in NOTEBOOKS.items():
        path = folder / f"{name.replace(' ', '-')}.ipynb"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def mkdocs_jupyter_html(path: str, options: RenderOptions) -> str:
    """What mkdocs-jupyter's own render puts on the page."""
    nbconvert2.kernel_lang = "python"  # it keeps the language of the notebook converted last
    return nbconvert2.nb2html(
        path,
        theme=options.theme,
        allow_errors=options.allow_errors,
        show_input=options.show_input,
        no_input=options.no_input,
        no_prompt=options.no_prompt,
        remove_tag_config=dict(options.remove_tag_config),
        highlight_extra_classes=options.highlight_extra_classes,
        include_requirejs=options.include_requirejs,
        custom_mathjax_url=options.custom_mathjax_url,
    )


def visible(tokens: list[dict]) -> list[tuple]:
    """What a table of contents shows: each entry's level, anchor, text and entries under it."""
    return [(t["level"], t["id"], t["name"], visible(t["children"])) for t in tokens]


def test_the_installed_mkdocs_jupyter_renders_pages_where_and_as_the_converter_expects():
    """The converter reproduces mkdocs-jupyter 0.26: a new version is checked before it is used."""
    assert jupyter.is_tested_version(), mkdocs_jupyter.__version__
    assert not jupyter.is_tested_version("0.27.0")
    assert list(inspect.signature(nbconvert2.nb2html).parameters) == [
        "nb_path",
        "execute",
        "kernel_name",
        "theme",
        "start",
        "end",
        "allow_errors",
        "show_input",
        "no_input",
        "no_prompt",
        "remove_tag_config",
        "highlight_extra_classes",
        "include_requirejs",
        "custom_mathjax_url",
    ]
    render = inspect.getsource(plugin.Plugin.on_pre_page)
    assert "page.render = new_render.__get__(page, Page)" in render
    assert "_get_nb_toc_tokens(" in render
    assert set(RenderOptions.__dataclass_fields__) <= {n for n, _ in plugin.Plugin.config_scheme}


@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
def test_one_converter_gives_each_notebook_the_bytes_mkdocs_jupyter_gives_it(notebooks, options):
    converter = Converter(options)
    for path in notebooks:  # one after the other, as a build converts them
        assert converter.convert(path).content == mkdocs_jupyter_html(path, options), path


@pytest.mark.parametrize("depth", [6, 2])
def test_the_table_of_contents_and_title_are_mkdocs_jupyters(notebooks, depth):
    path = notebooks[0]
    rendered = Converter(RenderOptions(toc_depth=depth)).convert(path)
    tokens, title = plugin._get_nb_toc_tokens(path, depth)
    assert visible(rendered.toc_tokens) == visible(tokens)
    assert rendered.title == title == "Training a model"
    assert [t[2] for t in visible(rendered.toc_tokens)[0][3]] == ["Setup", "Results"]


def test_the_table_of_contents_links_every_heading_to_its_own_anchor(tmp_path):
    """Headings with code in them and headings repeated in a notebook are linked to the ids the
    page gives them."""
    path = tmp_path / "repeats.ipynb"
    path.write_text(
        make_notebook(
            ("markdown", "# Using `numpy`"),
            ("markdown", "## Setup\n\nOne."),
            ("markdown", "## Setup\n\nTwo."),
        )
    )
    rendered = Converter(RenderOptions()).convert(str(path))
    page_ids = {h.attributes["id"] for h in LexborHTMLParser(rendered.content).css("h1, h2")}

    def ids(tokens):
        return [i for t in tokens for i in (t["id"], *ids(t["children"]))]

    assert ids(rendered.toc_tokens) == ["using-numpy", "setup", "setup"]
    assert set(ids(rendered.toc_tokens)) <= page_ids
    assert rendered.title == "Using numpy"


def test_converting_in_parallel_gives_the_bytes_of_converting_one_by_one(notebooks):
    options = OPTIONS["tags, classes, no prompt"]
    converter = Converter(options)
    serial = {path: converter.convert(path) for path in reversed(notebooks)}
    texts = {path: Path(path).read_text(encoding="utf-8") for path in notebooks}
    assert dict(convert_all(options, texts, jobs=2)) == {
        path: replace(page, inlined=()) for path, page in serial.items()
    }


def test_a_notebook_without_a_kernel_language_is_highlighted_as_python(notebooks):
    converter = Converter(RenderOptions())
    nbconvert2.kernel_lang = "r"  # what an earlier notebook would leave behind
    html = converter.convert(notebooks[2]).content
    assert "hl-python" in html
    assert "hl-r" not in html


def test_paths_are_files_the_converter_reads(notebooks):
    text = Path(notebooks[0]).read_text(encoding="utf-8")
    converter = Converter(RenderOptions())
    assert converter.convert(notebooks[0], text) == converter.convert(notebooks[0])


def test_a_page_names_the_template_files_it_holds_inline(notebooks):
    """mkdocs-jupyter's styles and scripts, the same on every page, are named with the page, so
    that a cache can store them once."""
    converter = Converter(RenderOptions())
    first, second = (converter.convert(path) for path in notebooks[:2])
    assert first.inlined == second.inlined
    assert sum(map(len, first.inlined)) > len(first.content) / 2  # most of the page
    # The option that adds classes to outputs changes the inlined styles too: still found.
    classes = Converter(RenderOptions(highlight_extra_classes="wide")).convert(notebooks[0])
    assert sum(map(len, classes.inlined)) > len(classes.content) / 2


def test_a_warmed_up_converter_gives_the_bytes_of_a_new_one(notebooks):
    """``mkdocs serve`` warms its converter up between rebuilds; that leaves nothing behind."""
    warmed = Converter(RenderOptions())
    warmed.warm_up()
    assert warmed.warm
    assert [warmed.convert(p) for p in notebooks] == [
        Converter(RenderOptions()).convert(p) for p in notebooks
    ]


def test_pages_stored_by_the_processes_that_convert_them_read_back_as_converted(
    notebooks, tmp_path
):
    """A cold build's worker processes store the pages themselves (sent back, each would carry
    the template files it inlines once more); read from the cache, a page is what it was."""
    cache = PageCache(tmp_path)
    keys = {path: f"key-{n}" for n, path in enumerate(notebooks)}
    texts = {path: Path(path).read_text(encoding="utf-8") for path in notebooks}
    convert_into(cache, RenderOptions(), {p: (k, texts[p]) for p, k in keys.items()}, jobs=2)
    converter = Converter(RenderOptions())
    for path, key in keys.items():
        stored, fresh = cache.read(key, used := set()), converter.convert(path)
        assert stored is not None, path
        assert (stored.content, stored.toc_tokens, stored.title) == (
            fresh.content,
            fresh.toc_tokens,
            fresh.title,
        )
        assert {f"{key}.json", f"{key}.html"} < used  # and the inlined files it was read from


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: {**entry, "toc_tokens": "not a list"},
        lambda entry: {**entry, "toc_tokens": [{"level": 1}]},
        lambda entry: {**entry, "title": 3},
        lambda entry: {**entry, "inlined": [[0, "gone.inlined.html"]]},
    ],
    ids=["toc not a list", "toc token without its keys", "title not text", "inlined file gone"],
)
def test_a_cache_entry_in_another_shape_is_a_miss(notebooks, tmp_path, damage):
    cache = PageCache(tmp_path)
    cache.write("key", Converter(RenderOptions()).convert(notebooks[0]), set())
    entry = tmp_path / "key.json"
    entry.write_text(json.dumps(damage(json.loads(entry.read_text()))))
    assert cache.read("key", set()) is None
