"""Notebook pages: styles and scripts lifted into shared files, output images labelled and sized."""

from __future__ import annotations

import base64
import struct
import zlib

import nbformat
import pytest

from mkdocs_colab.css import prune
from mkdocs_colab.pages import (
    PLACEHOLDER_ALT,
    add_to_head,
    asset_name,
    offset_of,
    page_links,
    rewrite_notebook_page,
)
from mkdocs_colab.transforms.site import output_image_alts, png_size, size_images


def png(width: int, height: int) -> str:
    chunk = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    ihdr = struct.pack(">I", 13) + b"IHDR" + chunk + struct.pack(">I", zlib.crc32(b"IHDR" + chunk))
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + ihdr).decode()


PNG = png(4, 3)
PAGE = f"""<style>.a{{color:red}}</style>
<style type="text/css">
.b{{color:blue}}</style>
<div class="jp-Cell"><img alt="{PLACEHOLDER_ALT}" class="" src="data:image/png;base64,{PNG}">
<p><img src="attachment.png" alt="A diagram"></p>
<img src="data:image/png;base64,not base64!" /></div>"""


def no_files(content, suffix: str) -> str:
    raise AssertionError(f"no {suffix} file should be written, got {content!r}")


class Files(dict):
    """A ``file_href`` that remembers what it was given: {URL: content}."""

    def __call__(self, content, suffix: str) -> str:
        self[url := f"{len(self) + 1}.{suffix}"] = content
        return url


def test_styles_are_lifted_and_output_images_become_files_with_alt_text():
    files = Files()
    page = rewrite_notebook_page(PAGE, ["First plot", "Second plot"], files)
    assert page.html.startswith('\n\n<div class="jp-Cell">')
    assert page.css == ".a{color:red}\n\n.b{color:blue}"
    assert files == {"1.png": base64.b64decode(PNG)}
    assert (
        '<img alt="First plot" class="" src="1.png" loading="lazy" decoding="async">' in page.html
    )
    assert '<img src="attachment.png" alt="A diagram">' in page.html  # Markdown's: untouched
    # Not decodable: left as it was, labelled all the same.
    assert '<img src="data:image/png;base64,not base64!" alt="Second plot">' in page.html
    assert page.classes == {"jp-Cell"}
    assert page.links == ("1.png", "attachment.png", "data:image/png;base64,not base64!")


def test_a_page_without_styles_or_images_is_unchanged():
    text = '<p>A &amp; B, <a href="x/">x</a></p><pre>a &lt; b</pre>'
    assert rewrite_notebook_page(text, [], no_files).html == text


SCRIPTS = """<script>if (a < b) { one() }</script>
<script type="module">await two()</script>
<script type="application/json">{"data": 1}</script>
<script src="kept.js"></script>"""


def test_inline_scripts_move_to_files_in_order_and_data_stays():
    files = Files()
    page = rewrite_notebook_page(SCRIPTS, [], files)
    assert files == {"1.js": "if (a < b) { one() }", "2.js": "await two()"}
    assert page.html == (
        '<script src="1.js"></script>\n<script type="module" src="2.js"></script>\n'
        '<script type="application/json">{"data": 1}</script>\n<script src="kept.js"></script>'
    )


MATHJAX = """<p>$x$</p><script src="{url}"> </script>
<script type="text/x-mathjax-config">init_mathjax();</script>"""


def test_a_mathjax_loader_without_url_goes_with_its_config():
    assert rewrite_notebook_page(MATHJAX.format(url=""), [], no_files).html == ("<p>$x$</p>\n")
    with_url = MATHJAX.format(url="https://cdn.example/mathjax.js")
    assert rewrite_notebook_page(with_url, [], no_files).html == with_url


def test_page_links_lists_every_url():
    text = '<a href="a/">a</a><link href="s.css"><img src="i.png"><script src="j.js"></script>'
    assert page_links(text) == ["a/", "s.css", "i.png", "j.js"]


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
    assert png_size(png(486, 322)) == (486, 322)
    assert png_size(base64.b64encode(b"GIF89a....").decode()) is None


def image_cell(*alts, metadata=None, tags=()):
    outputs = [
        nbformat.v4.new_output("display_data", {"image/png": png(10, 20), "text/plain": "<Figure>"})
        for _ in alts
    ]
    cell = nbformat.v4.new_code_cell("fig = plot()\nfig", outputs=outputs, id="c")
    cell.metadata.update(metadata or {}, tags=list(tags))
    return cell


def test_output_images_get_their_size():
    notebook = nbformat.v4.new_notebook(cells=[image_cell("x")])
    sized = size_images(notebook, context=None)
    assert sized.cells[0].outputs[0].metadata["image/png"] == {"width": 10, "height": 20}


ALTS = [
    (image_cell("a", metadata={"mkdocs_colab": {"alt": "Loss per epoch"}}), ["Loss per epoch"]),
    (image_cell("a", "b", metadata={"mkdocs_colab": {"alt": ["One", "Two"]}}), ["One", "Two"]),
    (image_cell("a"), ["Output of the code cell that begins: fig = plot()"]),
    (image_cell("a", tags=["colab-only"]), []),
]


@pytest.mark.parametrize(("cell", "alts"), ALTS)
def test_alt_text_comes_from_metadata_or_the_documented_fallback(cell, alts):
    notebook = nbformat.v4.new_notebook(cells=[cell])
    assert output_image_alts(notebook, "colab-only") == alts


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
