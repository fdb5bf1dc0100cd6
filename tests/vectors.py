"""Script-carrying vectors: every carrier a pull request can use, every parser trick known to
hide a script from one parser and not from a browser, every injection point. Each vector is a
file of its own, so that a message can be checked to name it.

Every payload, if it ran, would open a dialog (``alert``) or leave the site (a navigation or a
request elsewhere); the browser test watches for both.
"""

from __future__ import annotations

import json

from tests.conftest import make_notebook

EVIL = "https://evil.example"
# Markup that runs script or leaves the site in a browser, and why each is here.
PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "script-upper": "<SCRIPT>alert(1)</SCRIPT>",
    "script-newline": "<script\n>alert(1)</script\n>",
    "script-unclosed-src": "<script src=data:,alert(1)//",
    "script-split": "<scr<script>ipt>alert(1)</script>",
    "comment-short": "<!--><script>alert(1)</script>-->",
    "comment-bang": "<!-- --!><script>alert(1)</script> -->",
    "cdata": "<![CDATA[><script>alert(1)</script>]]>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-onerror-newline": "<img src=x onerror\n=alert(1)>",
    "svg-onload": "<svg onload=alert(1)></svg>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-animate": '<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'
    '<text x="20" y="20">click</text></a></svg>',
    "svg-link": '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "svg-foreign": "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
    "javascript-link": '<a href="javascript:alert(1)">x</a>',
    "javascript-mixed-case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "javascript-tab": '<a href="java\tscript:alert(1)">x</a>',
    "javascript-entity-tab": '<a href="java&#x09;script:alert(1)">x</a>',
    "javascript-control": '<a href="&#1;javascript:alert(1)">x</a>',
    "javascript-space": '<a href=" javascript:alert(1)">x</a>',
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "data-html-link": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "iframe-javascript": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe-elsewhere": f'<iframe src="{EVIL}/"></iframe>',
    "meta-refresh": f'<meta http-equiv="refresh" content="0;url={EVIL}/">',
    "base": f'<base href="{EVIL}/">',
    "object": '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "embed": '<embed src="data:text/html,<script>alert(1)</script>">',
    "form": f'<form action="{EVIL}/"><button>go</button></form>',
    "formaction": '<button formaction="javascript:alert(1)">go</button>',
    "details-ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "input-onfocus": "<input autofocus onfocus=alert(1)>",
    "body-onload": "<body onload=alert(1)>",
    "video-source": "<video><source onerror=alert(1)></video>",
    "audio": "<audio src=x onerror=alert(1)></audio>",
    "marquee": "<marquee onstart=alert(1)>x</marquee>",
    "noscript-mxss": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "math-href": '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
    "link-stylesheet": f'<link rel="stylesheet" href="{EVIL}/x.css">',
    "navigate": f"<script>location='{EVIL}/'</script>",
}
# Notebook carriers, each with one payload that shows it is scanned.
NOTEBOOK_CARRIERS = {
    "markdown-cell": lambda p: make_notebook(("markdown", f"# Lesson\n\n{p}")),
    "raw-cell": lambda p: _with_cell({"cell_type": "raw", "metadata": {}, "source": p}),
    "markdown-output": lambda p: _with_output({"text/markdown": p}),
    "mermaid-output": lambda p: _with_output({"text/vnd.mermaid": f"graph TD; A[{p}]"}),
    "cell-tag": lambda p: _with_cell(
        {
            "cell_type": "code",
            "metadata": {"tags": [p]},
            "source": "1",
            "outputs": [],
            "execution_count": None,
        }
    ),
}


def _with_cell(cell: dict) -> str:
    notebook = json.loads(make_notebook(("markdown", "# Lesson")))
    notebook["cells"].append({"id": "carrier", **cell})
    return json.dumps(notebook)


def _with_output(data: dict) -> str:
    return _with_cell(
        {
            "cell_type": "code",
            "metadata": {},
            "source": "show()",
            "execution_count": 1,
            "outputs": [
                {"output_type": "display_data", "metadata": {}, "data": {"text/plain": "x", **data}}
            ],
        }
    )


def corpus() -> dict[str, str]:
    """Every vector as a file of a site: path -> content."""
    files = {}
    for name, payload in PAYLOADS.items():
        files[f"notebooks/html-{name}.ipynb"] = _with_output({"text/html": payload})
        files[f"docs/page-{name}.md"] = f"# Page {name}\n\nSome text.\n\n{payload}\n"
    for name, carrier in NOTEBOOK_CARRIERS.items():
        files[f"notebooks/carrier-{name}.ipynb"] = carrier("<img src=x onerror=alert(1)>")
    files["notebooks/carrier-javascript-output.ipynb"] = _with_output(
        {"application/javascript": "alert(1)"}
    )
    files["docs/page-attr-list.md"] = '# Attributes\n\n![x](x.png){ onerror="alert(1)" }\n'
    files["docs/page-markdown-link.md"] = "# Link\n\n[click](javascript:alert(1))\n"
    # Stripping the image for the description makes a <script> of the text around it.
    files["docs/page-image-trick.md"] = (
        "# D\n\nA <scr![](x.png)ipt>alert(1)</scr![](x.png)ipt> b.\n"
    )
    files["docs/page-md-in-html.md"] = (
        '# Div\n\n<div markdown onclick="alert(1)">\n\n*x*\n\n</div>\n'
    )
    return files


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f5a9ee0000000049454e44ae426082"
)
# What is published because nothing in it can run: text the templates print escaped, and
# outputs that nbconvert escapes (LaTeX) or shows as an image (SVG, whose scripts an <img> does
# not run).
INERT = {
    "notebooks/inert-svg-output.ipynb": _with_output(
        {"image/svg+xml": "<svg onload='alert(1)'><script>alert(1)</script></svg>"}
    ),
    "notebooks/inert-latex-output.ipynb": _with_output(
        {"text/latex": "<img src=x onerror=alert(1)>"}
    ),
    "docs/title-front-matter.md": '---\ntitle: "</title><script>alert(1)</script>"\n---\n\n# T\n',
    "docs/title-escape.md": '---\ntitle: "\\x3Cimg src=x onerror=alert(1)\\x3E"\n---\n\n# T\n',
    "docs/description.md": "---\ndescription: '\"><script>alert(1)</script>'\n---\n\n# D\n",
    "docs/heading-entities.md": "# &lt;img src=x onerror=alert(1)&gt;\n\nText.\n",
}


def site_files() -> dict[str, str | bytes]:
    """The corpus and what is inert, with the image the pages show."""
    return {**corpus(), **INERT, "docs/x.png": PNG, "notebooks/x.png": PNG}
