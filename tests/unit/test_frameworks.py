"""One Colab copy per framework: a page listing content-tab labels gets a copy per label, each
of which runs on its own, and every copy's Markdown cells render alone with no MkDocs syntax."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt
from nbclient import NotebookClient
from nbconvert import MarkdownExporter
from selectolax.lexbor import LexborHTMLParser

from mkdocs_colab.errors import ColabError
from mkdocs_colab.markdown import page_to_notebook
from mkdocs_colab.text import blank_code
from tests.conftest import write_site_at
from tests.unit.test_build_copies import FILES, build

# A page in the shapes framework-neutral lessons take: every code block in tabs of the same
# labels, prose and Material syntax around them, and a reference link defined at the end.
TENSORS = textwrap.dedent(
    """\
    ---
    colab:
      frameworks: [NumPy, PyTorch]
    ---

    # Tensors

    Make an array, then [sum it][sum].

    === "NumPy"

        ```python
        import numpy as np
        x = np.arange(6).reshape(2, 3)
        ```

    === "PyTorch"

        ```python
        import torch
        x = torch.arange(6).reshape(2, 3)
        ```

    !!! tip "Shapes"
        Both give a 2 by 3 array.

    Array
    :   A grid of numbers of one type.

    /// tab | NumPy
    ```python
    print(int(x.sum()))
    ```
    ///

    /// tab | PyTorch
    ```python
    print(int(x.sum().item()))
    ```
    ///

    [sum]: https://numpy.org/doc/stable/reference/generated/numpy.sum.html
    """
)

RAW_SYNTAX = re.compile(r"^[ >]*(?:!!!|\?\?\?|===|/{3,}|: {1,3}\S)|\{ ?[.#:]", re.MULTILINE)
RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    root = write_site_at(
        tmp_path_factory.mktemp("site"), {**FILES, "docs/guide/tensors.md": TENSORS}
    )
    built = build(root)
    return {made.path: nbformat.reads(made.copy.text, as_version=4) for made in built}


@pytest.fixture(scope="module")
def launch(tmp_path_factory) -> dict:
    root = write_site_at(
        tmp_path_factory.mktemp("site"), {**FILES, "docs/guide/tensors.md": TENSORS}
    )
    [made, *_] = [made for made in build(root) if made.lesson.src_uri == "guide/tensors.md"]
    return made.launch


def test_one_copy_per_framework_and_none_under_the_plain_name(copies):
    assert [path for path in copies if "tensors" in path] == [
        "colab/guide/tensors-numpy.ipynb",
        "colab/guide/tensors-pytorch.ipynb",
    ]


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("colab/guide/tensors-numpy.ipynb", ["import numpy as np", "print(int(x.sum()))"]),
        ("colab/guide/tensors-pytorch.ipynb", ["import torch", "print(int(x.sum().item()))"]),
    ],
)
def test_each_copy_keeps_its_framework_s_tabs_alone(copies, path, code):
    cells = [cell.source for cell in copies[path].cells if cell.cell_type == "code"]
    assert [cell.splitlines()[0] for cell in cells[-2:]] == code
    other = "torch" if "numpy" in path else "numpy"
    assert other not in "\n".join(cells)


@pytest.mark.parametrize(
    "path", ["colab/guide/tensors-numpy.ipynb", "colab/guide/tensors-pytorch.ipynb"]
)
def test_each_copy_runs_in_an_empty_folder(copies, path, tmp_path):
    notebook = copies[path]
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    [printed] = [
        output["text"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.get("name") == "stdout"
    ]
    assert printed.strip() == "15"


def test_the_launch_bar_offers_one_colab_link_per_framework(launch):
    assert [(copy["name"], copy["colab"].rsplit("/", 1)[1]) for copy in launch["frameworks"]] == [
        ("NumPy", "tensors-numpy.ipynb"),
        ("PyTorch", "tensors-pytorch.ipynb"),
    ]
    assert launch["colab"].endswith("/colab/guide/tensors-numpy.ipynb")


@pytest.mark.parametrize(
    "frameworks",
    ["[NumPy, numpy]", "[C++, C]", "['', PyTorch]", "{PyTorch: 1}"],
    ids=["twice", "same-file-name", "empty", "not-a-list"],
)
def test_frameworks_that_cannot_name_one_copy_each_are_an_error_naming_the_key(
    tmp_path, frameworks
):
    page = TENSORS.replace("[NumPy, PyTorch]", frameworks)
    root = write_site_at(tmp_path, {**FILES, "docs/guide/tensors.md": page})
    with pytest.raises(ColabError) as raised:
        build(root)
    assert raised.value.message.startswith("docs/guide/tensors.md:2: 'colab")
    assert "How to fix:" in raised.value.message


def test_a_framework_no_tab_is_labelled_with_is_a_warning(tmp_path):
    page = TENSORS.replace("[NumPy, PyTorch]", "[NumPy, JAX]")
    root = write_site_at(tmp_path, {**FILES, "docs/guide/tensors.md": page})
    [jax] = [made for made in build(root) if made.framework == "JAX"]
    [warning] = jax.copy.warnings
    assert warning.startswith("docs/guide/tensors.md:2: 'colab.frameworks' lists 'JAX', but no")


def test_a_tab_title_with_an_icon_matches_its_label():
    page = TENSORS.replace('=== "PyTorch"', '=== ":simple-pytorch: PyTorch"')
    notebook = page_to_notebook(page, path=Path("t.md"), page_url="u", framework="pytorch")
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].startswith("import torch")


def assert_renders_alone(source: str, where: str) -> None:
    """A Markdown cell rendered on its own (markdown-it, CommonMark + GFM tables and
    strikethrough; and nbconvert's Markdown exporter) shows no MkDocs syntax, no empty list
    item and no reference link left in brackets."""
    html = LexborHTMLParser(RENDER.render(source))
    for code in html.css("code, pre"):
        code.decompose()
    shown = html.body.text() if html.body else ""
    assert not RAW_SYNTAX.search(shown), f"{where}: raw MkDocs syntax"
    assert all(item.text(strip=True) or item.css_first("img") for item in html.css("li")), (
        f"{where}: an empty list item"
    )
    unresolved = re.findall(r"\[[^\[\]]+\]\[[^\[\]]*\]", shown)
    assert not unresolved, f"{where}: unresolved reference links {unresolved}"
    single = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(source)])
    body, _ = MarkdownExporter().from_notebook_node(single)
    assert not RAW_SYNTAX.search(blank_code(body)), f"{where}: raw syntax in nbconvert's output"


def test_every_markdown_cell_renders_alone_without_mkdocs_syntax(copies):
    for path, notebook in copies.items():
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "markdown":
                assert_renders_alone(cell.source, f"{path}, cell {index}")
