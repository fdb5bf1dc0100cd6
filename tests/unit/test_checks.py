"""What `check` finds in notebooks and pages, and what `check --fix` repairs (nothing more)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import markdown
import nbformat
import pytest

from mkdocs_colab.checks import check_notebook, check_page, fix_notebook
from mkdocs_colab.errors import Location
from mkdocs_colab.transforms.context import locate
from tests.conftest import make_notebook

CLEAN = make_notebook(("markdown", "# Title"), ("code", "print(1)"))
NAME = "notebooks/x.ipynb"


def with_output(output: dict) -> str:
    notebook = json.loads(CLEAN)
    notebook["cells"][1]["outputs"] = [output]
    return json.dumps(notebook)


def display(mime: str, data: str) -> dict:
    return {"output_type": "display_data", "data": {mime: data}, "metadata": {}}


def edited(change) -> str:
    notebook = json.loads(CLEAN)
    change(notebook)
    return json.dumps(notebook)


def no_ids(nb):
    nb["nbformat_minor"] = 0
    for cell in nb["cells"]:
        del cell["id"]


def duplicate_ids(nb):
    nb["cells"][1]["id"] = nb["cells"][0]["id"]


def from_colab(nb):
    nb["metadata"]["colab"] = {"provenance": [{"file_id": "1x"}], "name": "x.ipynb"}
    nb["cells"][1]["metadata"] = {
        "executionInfo": {"user": {"displayName": "Ann Example", "userId": "1234"}},
        "outputId": "5b1f",
        "colab": {"base_uri": "https://localhost:8080/"},
    }
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}


def other_kernel(nb):
    nb["metadata"]["kernelspec"] = {"name": "conda-env-ml-py", "display_name": "ml"}


TOKEN = "ghp_" + "a1B2" * 9
CORPUS = [
    ("invalid JSON", CLEAN[:-40], "notebooks/x.ipynb:", "is not valid JSON"),
    (
        "merge conflict",
        CLEAN.replace('"cells": [', '"cells": [\n<<<<<<< HEAD', 1),
        "notebooks/x.ipynb:3",
        "git merge-conflict marker",
    ),
    ("nbformat 4.0 without ids", edited(no_ids), "cell 0", "has no cell id"),
    ("duplicate ids", edited(duplicate_ids), "cell 1 (id cell-0)", "repeats the cell id 'cell-0'"),
    (
        "onerror in HTML output",
        with_output(display("text/html", "<img src=x onerror=alert(1)>")),
        "cell 1 (id cell-1)",
        "has an event handler onerror= on <img>",
    ),
    (
        "javascript output",
        with_output(display("application/javascript", "alert(1)")),
        "cell 1 (id cell-1)",
        "has an output of type application/javascript",
    ),
    (
        "HTML output with an SVG's script",
        with_output(display("text/html", "<svg><script>alert(1)</script></svg>")),
        "cell 1 (id cell-1)",
        "has a <script> element",
    ),
    (
        "javascript: link in Markdown",
        make_notebook(("markdown", '<a href="javascript:x()">go</a>')),
        "cell 0",
        "a javascript: URL in <a href>",
    ),
    (
        "20 MB output",
        with_output({"output_type": "stream", "name": "stdout", "text": "x" * 20_000_000}),
        "cell 1 (id cell-1)",
        "outputs take 20.0 MB, over the 1.0 MB budget",
    ),
    ("exported from Colab", edited(from_colab), "notebooks/x.ipynb", "private metadata"),
    (
        "token in source",
        make_notebook(("code", f'token = "{TOKEN}"')),
        "cell 0",
        "looks like a GitHub token (ghp_a1...)",
    ),
    (
        "token in output",
        with_output({"output_type": "stream", "name": "stdout", "text": TOKEN}),
        "cell 1",
        "looks like a GitHub token",
    ),
    (
        "other kernel",
        edited(other_kernel),
        "notebooks/x.ipynb",
        "uses the kernel 'conda-env-ml-py'",
    ),
]


@pytest.mark.parametrize(
    ("text", "where", "problem"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_corpus_gets_its_finding(text, where, problem):
    findings = [str(f) for f in check_notebook(text, NAME)]
    assert any(where in f and problem in f and "How to fix: " in f for f in findings), findings


def test_a_clean_notebook_has_no_findings():
    assert check_notebook(CLEAN, NAME) == []


# Shapes found in notebooks from the field that are fine and must not be reported.
FIELD_CLEAN = [
    ("inline LaTeX with <", "The set $\\{x : x<3\\}$ holds $a<b$ and $c <d$."),
    ("display LaTeX with <", "$$\n\\sum_{i<n} x_i < \\epsilon\n$$"),
    ("LaTeX environment with <", "\\begin{align}\na &< b \\\\\nb &<c\n\\end{align}"),
    ("footnote that starts like a link", "A claim[^1].\n\n[^1]: The source is a textbook."),
    # What Jupyter users write to size a pasted image; the page shows no image, nothing runs.
    ("HTML image of an attachment", '<img src="attachment:plot.png" width="300">'),
    # A hand-made table in old HTML (TensorFlow's tutorials).
    (
        "table with bgcolor",
        '<table><colgroup><col span="4"><col span="1" bgcolor="lightblue"></colgroup>'
        '<tr bgcolor="#eee"><td bgcolor="white">5.1</td></tr></table>',
    ),
    # A video the way blog-style notebooks write it (Hugging Face's examples).
    (
        "autoplaying video with a poster",
        '<video alt="A demo" style="max-width: 70%" autoplay loop autobuffer muted playsinline>\n'
        '<source src="https://example.com/demo.mp4" poster="https://example.com/demo.png"'
        ' type="video/mp4"></video>',
    ),
]


@pytest.mark.parametrize("markdown", [c[1] for c in FIELD_CLEAN], ids=[c[0] for c in FIELD_CLEAN])
def test_field_shapes_get_no_finding(markdown):
    text = make_notebook(("markdown", markdown), ("code", "print(1)"))
    assert [str(f) for f in check_notebook(text, NAME)] == []


# The shape pandas writes for a DataFrame with MultiIndex columns (its styles and `halign`).
PANDAS_MULTIINDEX = """<div><style scoped>.dataframe tbody tr th { vertical-align: top; }</style>
<table border="1" class="dataframe"><thead>
<tr><th></th><th colspan="2" halign="left">2010</th></tr>
<tr><th></th><th>pop</th><th>area</th></tr></thead>
<tbody><tr><th>California</th><td>37253956</td><td>423967</td></tr></tbody></table></div>"""


def test_a_training_progress_bar_gets_no_finding():
    # The shape of transformers' Trainer output (and tqdm.notebook's) in a notebook.
    bar = (
        "<div><progress value='1000' max='1000' style='width:300px; height:20px;'></progress>"
        " [1000/1000 02:10, Epoch 3/3]</div><table><tr><th>Step</th><th>Loss</th></tr></table>"
    )
    assert [str(f) for f in check_notebook(with_output(display("text/html", bar)), NAME)] == []


def test_a_pandas_table_with_multiindex_columns_gets_no_finding():
    table = with_output(display("text/html", PANDAS_MULTIINDEX))
    assert [str(f) for f in check_notebook(table, NAME)] == []


def test_an_svg_output_is_shown_as_an_image_in_which_its_scripts_do_not_run():
    svg = with_output(display("image/svg+xml", "<svg onload='alert(1)'><script>x</script></svg>"))
    assert check_notebook(svg, NAME) == []


def test_secrets_are_not_searched_in_base64_images():
    image = with_output(display("image/png", "AKIA" + "A" * 16 + "Zm9vYmFy"))
    assert check_notebook(image, NAME) == []


def test_same_attachment_name_in_two_cells_is_fine():
    cells = []
    for index in range(2):
        cell = nbformat.v4.new_markdown_cell("![](attachment:plot.png)", id=f"a{index}")
        cell.attachments = {"plot.png": {"image/png": f"iVBORw0KGgo{index}"}}
        cells.append(cell)
    assert check_notebook(make_notebook(*cells), NAME) == []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks/plot.png").write_bytes(b"png")
    (tmp_path / "notebooks/my plot.png").write_bytes(b"png")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(b"png")
    os.symlink(outside, tmp_path / "notebooks/out.png")
    return tmp_path


IMAGES = [
    ("![](plot.png)", None),
    ("![](my%20plot.png) ![](<my plot.png>)", None),
    ("![](https://example.org/x.png) ![](data:image/png;base64,AA==)", None),
    ("![](missing.png)", "shows the image 'missing.png', which does not exist"),
    ("![](../../secret.png)", "resolves to"),
    ("![](/img/x.png)", None),  # a site-root path: the copy warns of it
    ("![](out.png)", "outside the project"),
]


@pytest.mark.parametrize(("markdown", "problem"), IMAGES)
def test_images_must_exist_inside_the_project(project, markdown, problem):
    def find(relative):
        path = locate(
            relative,
            src_uri=NAME,
            source=project / NAME,
            project_root=project,
            site_file=lambda uri: None,
            where=Location(NAME),
            what=f"image {relative!r}",
        )
        return path if path.exists() else None

    findings = [
        str(f) for f in check_notebook(make_notebook(("markdown", markdown)), NAME, locate=find)
    ]
    assert (findings == []) if problem is None else any(problem in f for f in findings)


PAGES = [
    ("Some <script>alert(1)</script> text", "docs/p.md:3: has a <script> element"),
    ('<img src="x.png" onload="go()">', "docs/p.md:3: has an event handler onload= on <img>"),
    (f"Token {TOKEN}", "docs/p.md:3: contains what looks like a GitHub token"),
]


@pytest.mark.parametrize(("line", "message"), PAGES)
def test_pages_are_checked_as_rendered_with_the_line_named(line, message):
    page = f"# Title\n\n{line}\n"
    findings = [str(f) for f in check_page(page, "docs/p.md", render=markdown.markdown)]
    assert any(f.startswith(message) for f in findings), findings


def test_fix_strips_private_metadata_and_adds_ids_and_nothing_else():
    broken = edited(lambda nb: (from_colab(nb), no_ids(nb)))
    fixed = fix_notebook(broken, NAME)
    assert check_notebook(fixed, NAME) == []
    before, after = nbformat.reads(broken, 4), nbformat.reads(fixed, 4)
    assert [c.source for c in after.cells] == [c.source for c in before.cells]
    assert after.metadata.colab == {"name": "x.ipynb"}
    assert after.metadata.kernelspec == before.metadata.kernelspec
    assert fix_notebook(fixed, NAME) == fixed


def test_fix_makes_duplicate_ids_unique_keeping_the_first():
    fixed = nbformat.reads(fix_notebook(edited(duplicate_ids), NAME), 4)
    assert fixed.cells[0].id == "cell-0" and fixed.cells[1].id != "cell-0"


def test_fix_leaves_unsafe_output_to_a_person():
    unsafe = with_output(display("application/javascript", "alert(1)"))
    assert "application/javascript" in fix_notebook(unsafe, NAME)


# Token shapes, assembled here so that this file holds no string a secret scanner would flag.
TOKENS = {
    "JSON Web Token": "eyJ" + "hbGciOiJIUzI1NiJ9" + ".eyJ" + "zdWIiOiIxMjM0In0" + "." + "a" * 43,
    "AWS secret access key": "aws_secret_access_key = "
    + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY"
    + "A" * 10,
    "Stripe live key": "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc",
    "PGP private key": "-----BEGIN PGP " + "PRIVATE KEY BLOCK-----",
}


def in_cell_metadata(token: str) -> str:
    notebook = json.loads(CLEAN)
    notebook["cells"][1]["metadata"]["note"] = token
    return json.dumps(notebook)


def in_notebook_metadata(token: str) -> str:
    notebook = json.loads(CLEAN)
    notebook["metadata"]["deploy"] = {"token": token}
    return json.dumps(notebook)


def in_error_value(token: str) -> str:
    error = {"output_type": "error", "ename": "ValueError", "evalue": token, "traceback": []}
    return with_output(error)


def in_json_output(token: str) -> str:
    return with_output(
        {"output_type": "display_data", "data": {"application/json": {"k": token}}, "metadata": {}}
    )


PLACES = {
    "source": lambda token: make_notebook(("code", f"x = {token!r}")),
    "cell metadata": in_cell_metadata,
    "notebook metadata": in_notebook_metadata,
    "error value": in_error_value,
    "JSON output": in_json_output,
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("kind", TOKENS)
def test_a_secret_is_found_wherever_a_notebook_carries_it(kind, place):
    findings = check_notebook(PLACES[place](TOKENS[kind]), NAME)
    assert [f for f in findings if f" {kind} (" in f.problem], findings
    assert all(TOKENS[kind] not in f.problem for f in findings)  # reported redacted
