"""An SVG file opened by itself is an XML document: it is refused when it can run script there,
and published when it only draws, as diagrams from draw.io, Inkscape and matplotlib do."""

from __future__ import annotations

import pytest

from mkdocs_colab.active import active_file_problem, svg_script
from tests.conftest import matplotlib_svg

SVG = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
XHTML = 'xmlns="http://www.w3.org/1999/xhtml"'

SCRIPTED = {
    # name: (document, what is said)
    "script": (f"<svg {SVG}><script>alert(1)</script></svg>", "a <script> element"),
    "cdata-script": (
        f"<svg {SVG}><script><![CDATA[alert(1)]]></script></svg>",
        "a <script> element",
    ),
    "no-namespace": ("<svg><script>alert(1)</script></svg>", "a <script> element"),
    "onload": (f"<svg {SVG} onload='alert(1)'/>", "an event handler onload= on <svg>"),
    "handler-case": (f"<svg {SVG} OnLoad='alert(1)'/>", "an event handler OnLoad= on <svg>"),
    "xlink-javascript": (
        f"<svg {SVG} {XLINK}><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
        "a javascript: URL in <a href>",
    ),
    "tab-in-scheme": (
        f"<svg {SVG}><a href='java&#x09;script:alert(1)'><text>x</text></a></svg>",
        "a javascript: URL in <a href>",
    ),
    "animate-href": (
        f'<svg {SVG}><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>',
        "an animation <animate> that sets href",
    ),
    "set-xlink-href": (
        f'<svg {SVG} {XLINK}><a><set attributeName="xlink:href" to="javascript:alert(1)"/>'
        "</a></svg>",
        "an animation <set> that sets href",
    ),
    "foreign-img-onerror": (
        f"<svg {SVG}><foreignObject><img {XHTML} src='x' onerror='alert(1)'/>"
        "</foreignObject></svg>",
        "an event handler onerror= on <img>",
    ),
    "foreign-iframe": (
        f"<svg {SVG}><foreignObject><iframe {XHTML} src='https://x.example'/></foreignObject></svg>",
        "a <iframe> element",
    ),
    "foreign-meta-refresh": (
        f"<svg {SVG}><foreignObject><meta {XHTML} http-equiv='refresh' content='0;url=https://x.example'/>"
        "</foreignObject></svg>",
        "a <meta> element",
    ),
    "data-link": (
        f"<svg {SVG}><a href='data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;'>"
        "<text>x</text></a></svg>",
        "a data: URL in <a href>",
    ),
    "stylesheet-instruction": (
        f'<?xml-stylesheet type="text/xsl" href="page.xsl"?><svg {SVG}/>',
        "an <?xml-stylesheet?> instruction",
    ),
    "not-well-formed": (f"<svg {SVG}><script>alert(1)</script><g>", "not well-formed XML"),
}

DRAWS_ONLY = {
    "draw.io label": (
        f'<svg {SVG} {XLINK} host="65bd71144e" content="&lt;mxfile&gt;"><switch><foreignObject>'
        f'<div {XHTML} style="display:flex"><div><font color="#000">Server</font><br/>'
        "<span>TLS</span></div></div></foreignObject><text x='1' y='1'>Server</text></switch>"
        "<a xlink:href='https://example.com/docs'><rect width='2' height='2'/></a></svg>"
    ),
    "inkscape metadata": (
        f'<svg {SVG} xmlns:svg="http://www.w3.org/2000/svg" '
        'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
        'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" enable-background="new">'
        '<sodipodi:namedview inkscape:zoom="1"/><filter filterUnits="userSpaceOnUse"/>'
        '<path d="M0 0h1" inkscape:label="logo"/></svg>'
    ),
    "embedded raster": (
        f"<svg {SVG} {XLINK}><image xlink:href='data:image/png;base64,iVBORw0KGgo='/></svg>"
    ),
    "illustrator entities": (
        '<!DOCTYPE svg [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]>'
        '<svg xmlns="&ns_svg;"><style>.a{fill:red}</style><circle class="a" r="1"/></svg>'
    ),
    "animation of geometry": (
        f'<svg {SVG}><circle r="1"><animate attributeName="r" values="1;2;1" dur="1s"/>'
        "</circle></svg>"
    ),
}


@pytest.mark.parametrize("name", SCRIPTED)
def test_an_svg_that_can_run_script_is_named_with_what_runs(name):
    document, said = SCRIPTED[name]
    found = svg_script(document)
    assert found and said in found[0], found


@pytest.mark.parametrize("name", DRAWS_ONLY)
def test_an_svg_that_only_draws_passes(name):
    assert svg_script(DRAWS_ONLY[name]) == []


def test_a_matplotlib_figure_passes():
    assert svg_script(matplotlib_svg()) == []


@pytest.mark.parametrize("suffix", [".html", ".HTM", ".xhtml", ".js", ".mjs", ".shtml"])
def test_html_and_javascript_files_always_run(tmp_path, suffix):
    file = tmp_path / f"page{suffix}"
    file.write_text("<p>hi</p>")
    assert active_file_problem(file) == "is a file a browser runs"


def test_an_image_or_data_file_does_not_run(tmp_path):
    for name in ("plot.png", "data.csv", "notes.txt", "plot.svg"):
        (tmp_path / name).write_text(f"<svg {SVG}/>" if name.endswith(".svg") else "x")
        assert active_file_problem(tmp_path / name) is None
