"""Notebook pages: mkdocs-jupyter's styles and scripts lifted, output images labelled and sized."""

from __future__ import annotations

import base64
import struct
import zlib

import nbformat
import pytest
from selectolax.lexbor import LexborHTMLParser

from mkdocs_colab.pages.cache import (
    PassResult,
    Recorder,
    pass_key,
    put_back,
    read_pass,
    take_out,
    write_pass,
)
from mkdocs_colab.pages.css import prune
from mkdocs_colab.pages.head import add_to_head, offset_of
from mkdocs_colab.pages.rewrite import (
    PLACEHOLDER_ALT,
    NotebookPage,
    asset_name,
    is_notebook_page,
    png_size,
    rewrite_notebook_page,
)
from mkdocs_colab.pages.title import after_title


def png(width: int, height: int) -> str:
    chunk = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    ihdr = struct.pack(">I", 13) + b"IHDR" + chunk + struct.pack(">I", zlib.crc32(b"IHDR" + chunk))
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + ihdr).decode()


PNG = png(4, 3)
PLACEHOLDER = f'alt="{PLACEHOLDER_ALT}"'


def cell_html(cell_id: str | None, *outputs: str, code: str = "fig = plot()") -> str:
    """A code cell as mkdocs-jupyter renders it: its own wrapper around nbconvert's cell."""
    anchor = f' id="cell-id={cell_id}"' if cell_id else ""
    children = "".join(f'<div class="jp-OutputArea-child">{o}</div>' for o in outputs)
    return (
        '<div class="jp-Cell jp-CodeCell jp-Notebook-cell">'
        f'<div class="jp-Cell jp-CodeCell jp-Notebook-cell"{anchor}>'
        f'<div class="jp-InputArea-editor"><pre>{code}</pre></div>'
        f'<div class="jp-OutputArea">{children}</div></div></div>'
    )


def image(data: str = PNG) -> str:
    tag = f'<img {PLACEHOLDER} class="" src="data:image/png;base64,{data}">'
    return f'<div class="jp-RenderedImage jp-OutputArea-output">{tag}</div>'


def page(*cells: str, styles: str = "<style>.a{color:red}</style>", scripts: str = "") -> str:
    """A notebook page as mkdocs-jupyter renders it: its styles and scripts beside the wrapper."""
    body = "".join(cells)
    return (
        f'{styles}{scripts}<div class="jupyter-wrapper"><div class="jp-Notebook">{body}</div></div>'
    )


def notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=list(cells))


def code(cell_id: str, source: str = "fig = plot()", alt=None, tags=()) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, id=cell_id)
    if alt is not None:
        cell.metadata["mkdocs_colab"] = {"alt": alt}
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def rewrite(text: str, source=None, file_href=None, hidden=(), rebase=lambda url: None):
    return rewrite_notebook_page(
        text,
        notebook=source,
        hidden_tags=hidden,
        rebase=rebase,
        file_href=Files() if file_href is None else file_href,
    )


def no_files(content, suffix: str) -> str:
    raise AssertionError(f"no {suffix} file should be written, got {content!r}")


class Files(dict):
    """A ``file_href`` that remembers what it was given: {URL: content}."""

    def __call__(self, content, suffix: str) -> str:
        self[url := f"{len(self) + 1}.{suffix}"] = content
        return url


def test_only_mkdocs_jupyters_own_styles_are_lifted():
    table = (
        '<div class="jp-RenderedHTMLCommon jp-OutputArea-output">'
        '<style scoped>.df{}</style><table class="df"></table></div>'
    )
    result = rewrite(
        page(cell_html("t", table), styles='<style>.a{}</style><style type="text/css">.b{}</style>')
    )
    assert result.css == ".a{}\n.b{}"
    assert '<style scoped="">.df{}</style>' in result.html  # the output keeps its own


def test_output_images_become_sized_files_with_alt_text_from_their_cell():
    files = Files()
    result = rewrite(
        page(cell_html("p", image())), notebook(code("p", alt="Loss per epoch")), files
    )
    assert files == {"1.png": base64.b64decode(PNG)}
    assert (
        '<img alt="Loss per epoch" class="" src="1.png" width="4" height="3" '
        'loading="lazy" decoding="async">' in result.html
    )
    assert result.links == ()  # lifted files are the plugin's own, not links to check


ALTS = [
    ("metadata string", code("c", alt="Loss"), ["Loss", "Loss"]),
    ("metadata list", code("c", alt=["One", "Two"]), ["One", "Two"]),
    (
        "short list",
        code("c", alt=["One"]),
        ["One", "Output of the code cell that begins: fig = plot()"],
    ),
    (
        "no metadata",
        code("c", source="\n  fig = plot()\nfig"),
        ["Output of the code cell that begins: fig = plot()"] * 2,
    ),
]


@pytest.mark.parametrize(("_", "cell", "alts"), ALTS, ids=[row[0] for row in ALTS])
def test_alt_text_comes_from_metadata_or_the_documented_fallback(_, cell, alts):
    result = rewrite(page(cell_html("c", image(), image())), notebook(cell))
    assert [node.attributes["alt"] for node in _images(result.html)] == alts


def test_alt_text_follows_the_image_not_its_position():
    """A raw <img> in a Markdown cell, and an output shown as Markdown before the image, leave
    every alt on its own image."""
    markdown_cell = (
        '<div class="jp-Cell jp-MarkdownCell" id="cell-id=m"><p><img src="x.png"></p></div>'
    )
    shown_as_markdown = '<div class="jp-RenderedMarkdown jp-OutputArea-output"><p>a table</p></div>'
    text = page(markdown_cell, cell_html("a", shown_as_markdown, image()), cell_html("b", image()))
    source = notebook(
        nbformat.v4.new_markdown_cell("<img src='x.png'>", id="m"),
        code("a", alt="A"),
        code("b", alt="B"),
    )
    result = rewrite(text, source)
    assert [node.attributes.get("alt") for node in _images(result.html)] == [None, "A", "B"]


def test_cells_without_ids_are_matched_in_order_among_the_shown_cells():
    source = notebook(
        code("x", alt="hidden", tags=["colab-only"]),
        code("y", alt="First"),
        code("z", alt="Second"),
    )
    for cell in source.cells:
        del cell["id"]
    text = page(cell_html(None, image()), cell_html(None, image()))
    result = rewrite(text, source, hidden=("colab-only",))
    assert [node.attributes["alt"] for node in _images(result.html)] == ["First", "Second"]


def test_without_the_notebook_the_alt_text_comes_from_the_rendered_input():
    result = rewrite(page(cell_html("c", image(), code="plt.show()")), None)
    assert [node.attributes["alt"] for node in _images(result.html)] == [
        "Output of the code cell that begins: plt.show()"
    ]


def test_an_image_that_does_not_decode_is_left_embedded_and_labelled():
    result = rewrite(
        page(cell_html("c", image("not base64!"))), notebook(code("c", alt="Plot")), no_files
    )
    assert '<img alt="Plot" class="" src="data:image/png;base64,not base64!">' in result.html


def test_relative_urls_in_the_notebook_are_rebased_and_others_kept():
    links = (
        '<p><a href="next.ipynb#part">n</a><img src="img/a%20b.png">'
        '<a href="https://x.org/">x</a><a href="missing.png">m</a></p>'
    )
    rebased = {"next.ipynb#part": "../next/#part", "img/a%20b.png": "../img/a%20b.png"}
    result = rewrite(page(links), rebase=rebased.get)
    assert result.links == ("../next/#part", "../img/a%20b.png", "https://x.org/", "missing.png")


def test_a_page_without_styles_or_images_keeps_its_markup():
    text = (
        '<div class="jupyter-wrapper"><p>A &amp; B, <a href="x/">x</a></p><pre>a &lt; b</pre></div>'
    )
    assert rewrite(text, file_href=no_files).html == text


SCRIPTS = """<script>if (a < b) { one() }</script>
<script type="module">await two()</script>
<script type="application/json">{"data": 1}</script>
<script src="kept.js"></script>"""


def test_mkdocs_jupyters_inline_scripts_move_to_files_in_order_and_data_stays():
    files = Files()
    result = rewrite(SCRIPTS, file_href=files)
    assert files == {"1.js": "if (a < b) { one() }", "2.js": "await two()"}
    assert result.html == (
        '<script src="1.js"></script>\n<script type="module" src="2.js"></script>\n'
        '<script type="application/json">{"data": 1}</script>\n<script src="kept.js"></script>'
    )


def test_scripts_inside_the_notebook_are_not_moved_to_files():
    output = '<div class="jp-OutputArea-output"><script>alert(1)</script></div>'
    result = rewrite(page(cell_html("c", output)), file_href=no_files)
    assert "<script>alert(1)</script>" in result.html


MATHJAX = """<p>$x$</p><script src="{url}"> </script>
<script type="text/x-mathjax-config">init_mathjax();</script>"""


def test_a_mathjax_loader_without_url_goes_with_its_config():
    assert rewrite(MATHJAX.format(url=""), file_href=no_files).html == "<p>$x$</p>\n"
    with_url = MATHJAX.format(url="https://cdn.example/mathjax.js")
    assert rewrite(with_url, file_href=no_files).html == with_url


def test_notebook_pages_are_told_by_mkdocs_jupyters_wrapper():
    assert is_notebook_page(page())
    assert not is_notebook_page("<p>jupyter-wrapper is a word here</p>")
    assert not is_notebook_page('<div><div class="jupyter-wrapper"></div></div>')  # not its own


def _images(text: str):
    return LexborHTMLParser(text).css("img")


def test_asset_names_follow_content():
    assert asset_name("a", "css") != asset_name("b", "css")
    assert asset_name("a", "css") == asset_name("a", "css") == asset_name(b"a", "css")
    assert asset_name("a", "js").endswith(".js")


@pytest.mark.parametrize(("line", "column", "offset"), [(1, 0, 0), (1, 3, 3), (2, 0, 4), (3, 1, 9)])
def test_offset_of(line, column, offset):
    assert offset_of("abc\ndef\ngh", line, column) == offset


CSS = """
:root { --used: 1px; --chained: var(--used); --unused: url(data:image/svg+xml;base64,AAAA); }
.jp-Cell { margin: var(--chained); }
.jp-FileBrowser { color: red; }
.jp-Cell .jp-Toolbar, .jp-OutputArea { padding: 0 !important; }
@media (max-width: 600px) { .jp-Cell { margin: 0 } .jp-Dialog { margin: 1px } }
.jp-Cell:not(.jp-mod-active, .jp-mod-dirty) .jp-OutputArea { opacity: .5 }
@keyframes spin { to { transform: rotate(1turn) } }
pre { line-height: 125% }
"""


def test_css_keeps_what_pages_use_and_the_properties_it_reads():
    pruned = prune(CSS, {"jp-Cell", "jp-OutputArea"})
    assert ".jp-Cell{margin:var(--chained)}" in pruned
    assert ":root{--used:1px;--chained:var(--used)}" in pruned
    assert ".jp-Cell .jp-Toolbar, .jp-OutputArea{padding:0 !important}" in pruned
    assert "@media (max-width: 600px) {\n.jp-Cell{margin:0}\n}" in pruned
    assert "@keyframes spin" in pruned and "pre{line-height:125%}" in pruned
    # a page lacking the classes inside :not() is exactly what that rule matches
    assert ".jp-Cell:not(.jp-mod-active, .jp-mod-dirty) .jp-OutputArea{opacity:.5}" in pruned
    for gone in ("jp-FileBrowser", "--unused", "jp-Dialog"):
        assert gone not in pruned


def test_png_size_reads_the_header():
    assert png_size(base64.b64decode(png(486, 322))) == (486, 322)
    assert png_size(b"GIF89a....") is None


def test_markup_goes_at_the_end_of_the_head():
    page = '<html><head><title>T</title>\n<script>"</head>"</script></head><body>x</body></html>'
    assert add_to_head(page, "<link>") == (
        '<html><head><title>T</title>\n<script>"</head>"</script><link></head><body>x</body></html>'
    )
    # HTML lets a page leave out </head>: the head then ends where the body starts.
    assert add_to_head("<title>T</title><body>x", "<link>") == "<title>T</title><link><body>x"


def test_a_page_without_a_head_cannot_take_markup_there():
    with pytest.raises(ValueError, match="no <head> end tag"):
        add_to_head("<p>a fragment</p>", "<link>")


BAR = '<nav class="colab-launch"></nav>'
TITLE_CASES = [
    ("title first", "<h1>Title</h1><p>Text</p>", f"<h1>Title</h1>{BAR}<p>Text</p>"),
    ("no title", "<p>Text</p>", f"{BAR}<p>Text</p>"),
    ("the first of two", "<h1>A</h1><h1>B</h1>", f"<h1>A</h1>{BAR}<h1>B</h1>"),
    # the parser reads a long page in pieces: a tag cut in two, a title far down
    ("end tag cut in two", "x" * 8190 + "<h1>T</h1 >y", "x" * 8190 + f"<h1>T</h1 >{BAR}y"),
    ("far down", "<p>x</p>" * 5000 + "<h1>T</h1>", "<p>x</p>" * 5000 + f"<h1>T</h1>{BAR}"),
    ("in a comment", "<!-- <h1>no</h1> --><h1>T</h1>", f"<!-- <h1>no</h1> --><h1>T</h1>{BAR}"),
]


@pytest.mark.parametrize(
    ("content", "expected"), [c[1:] for c in TITLE_CASES], ids=[c[0] for c in TITLE_CASES]
)
def test_the_launch_bar_goes_right_after_the_first_title(content, expected):
    assert after_title(content, BAR) == expected


def test_a_stored_page_pass_is_reused_only_while_its_links_rebase_the_same_way(tmp_path):
    def rebase(url):
        return {"second.ipynb": "../second/"}.get(url)

    def path_of(content, suffix):
        return f"assets/{asset_name(content, suffix)}"

    recorder = Recorder(rebase, lambda content, suffix: "../" + path_of(content, suffix), path_of)
    assert recorder.rebase("second.ipynb") == "../second/"
    assert recorder.rebase("gone.md") is None
    image, script = recorder.file_href(b"\x89PNG", "png"), recorder.file_href("alert(1)", "js")
    page = NotebookPage("<p>page</p>", "p{}", frozenset({"a"}), ("../second/",))
    key = pass_key("code", "hash of the html", "{}", {"hidden"}, "notebooks/first/")
    write_pass(tmp_path, key, PassResult.of(page, recorder))

    hit = read_pass(tmp_path, key)
    assert hit is not None and hit.page == page and hit.holds_for(rebase)
    assert (tmp_path / hit.styles).read_text() == "p{}"  # stored once, beside the entries
    assert hit.files == {image[3:]: b"\x89PNG", script[3:]: "alert(1)"}
    assert not hit.holds_for(lambda url: "../elsewhere/" if url == "second.ipynb" else None)
    assert not hit.holds_for(lambda url: rebase(url) or "../gone/")  # a missing page appeared
    assert key != pass_key("code", "hash of the html", "{}", {"hidden"}, "notebooks/other/")
    assert key != pass_key("code", "hash of other html", "{}", {"hidden"}, "notebooks/first/")


@pytest.mark.parametrize(
    "content",
    [
        "<style>A</style><p>page</p><script>B</script>",
        "<p>before</p><style>A</style><style>A</style><p>after</p>",  # repeated, adjacent
        "<style>A</style>",  # nothing else
        "<p>neither piece</p>",
        "",
    ],
)
def test_a_stored_page_holds_the_shared_pieces_once_and_reads_back_as_it_was(content):
    pieces = ("<style>A</style>", "<script>B</script>", "")
    text, places = take_out(content, pieces)
    assert "<style>A</style>" not in text and "<script>B</script>" not in text
    assert len(places) == sum(content.count(p) for p in pieces if p)
    assert put_back(text, places) == content


def test_of_two_pieces_that_start_at_the_same_place_the_longer_is_taken_out():
    text, places = take_out("<style>A</style>!", ("<style>", "<style>A</style>"))
    assert (text, places) == ("!", [(0, "<style>A</style>")])
