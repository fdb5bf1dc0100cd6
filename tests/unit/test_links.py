"""Relative images and links in Markdown cells become absolute site URLs (or data: URIs)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from mkdocs_colab.errors import ColabError
from mkdocs_colab.transforms import CopyContext
from mkdocs_colab.transforms.links import find_targets, local_path, rewrite_links

SITE = "https://octo.github.io/lessons/"
PNG = bytes.fromhex("89504e470d0a1a0a")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in (
        "notebooks/img/plot.png",
        "notebooks/img/my plot.png",
        "docs/pic.png",
        "notebooks/other.ipynb",
        "notebooks/unpublished/x.png",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(PNG)
    return tmp_path


def context(project: Path, **overrides) -> CopyContext:
    published = {
        project / "notebooks/img/plot.png": "notebooks/img/plot.png",
        project / "notebooks/img/my plot.png": "notebooks/img/my%20plot.png",
        project / "docs/pic.png": "pic.png",
        project / "notebooks/other.ipynb": "notebooks/other/",
    }
    fields = dict(
        source=project / "notebooks/lesson.ipynb",
        shown_as="notebooks/lesson.ipynb",
        project_root=project,
        title="Lesson",
        page_url=SITE + "notebooks/lesson/",
        source_url="https://github.com/octo/lessons/blob/main/notebooks/lesson.ipynb",
        published_url=lambda p: SITE + published[p] if p in published else None,
    )
    return CopyContext(**{**fields, **overrides})


def rewrite(markdown: str, ctx: CopyContext) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown, id="md")])
    return rewrite_links(notebook, ctx).cells[0]


IMG = SITE + "notebooks/img/plot.png"
REWRITES = [
    ("![](img/plot.png)", f"![]({IMG})"),
    ("![a plot](./img/plot.png 'A title')", f"![a plot]({IMG} 'A title')"),
    ("![](img/my%20plot.png)", f"![]({SITE}notebooks/img/my%20plot.png)"),
    ("![](<img/my plot.png>)", f"![]({SITE}notebooks/img/my%20plot.png)"),
    ("![](../docs/pic.png)", f"![]({SITE}pic.png)"),
    ('<img src="img/plot.png" alt="x" width="300">', f'<img src="{IMG}" alt="x" width="300">'),
    ("<img src='img/plot.png'/>", f'<img src="{IMG}" />'),
    ('<a href="other.ipynb#setup">next</a>', f'<a href="{SITE}notebooks/other/#setup">next</a>'),
    ("[next](other.ipynb)", f"[next]({SITE}notebooks/other/)"),
    ("[next](other.ipynb#part-2)", f"[next]({SITE}notebooks/other/#part-2)"),
    ("[ref]: img/plot.png", f"[ref]: {IMG}"),
    (
        "Two: ![](img/plot.png) and [o](other.ipynb)",
        f"Two: ![]({IMG}) and [o]({SITE}notebooks/other/)",
    ),
]
UNCHANGED = [
    "![](https://example.org/x.png)",
    "![](data:image/png;base64,iVBORw0KGgo=)",
    "[top](#setup)",
    "A claim.[^1]\n\n[^1]: The footnote, not a link to 'The'.",
    "[mail](mailto:a@b.c)",
    "`![](img/missing.png)` in code",
    "```\n![](../../../etc/passwd)\n```",
    "~~~python\n<img src='/abs.png'>\n~~~",
    "Plain text with (parentheses) and [brackets].",
]


@pytest.mark.parametrize(("markdown", "expected"), REWRITES)
def test_relative_targets_become_site_urls(project, markdown, expected):
    ctx = context(project)
    assert rewrite(markdown, ctx).source == expected
    assert ctx.report.warnings == []


@pytest.mark.parametrize("markdown", UNCHANGED)
def test_external_anchor_and_code_targets_stay(project, markdown):
    ctx = context(project)
    assert rewrite(markdown, ctx).source == markdown
    assert ctx.report.warnings == []


ESCAPES = [
    ("![](../../../etc/passwd)", "image '../../../etc/passwd' resolves to"),
    ("[x](../../outside.md)", "link '../../outside.md' resolves to"),
]


@pytest.mark.parametrize(("markdown", "message"), ESCAPES)
def test_paths_leaving_the_project_are_refused(project, markdown, message):
    with pytest.raises(ColabError) as caught:
        rewrite(markdown, context(project))
    assert caught.value.message.startswith(f"notebooks/lesson.ipynb, cell 0 (id md): {message}")


SITE_ROOT_PATHS = [
    ("![](/img/x.png)", "![](https://octo.github.io/img/x.png)", "image '/img/x.png'"),
    (
        '<img src="/images/x.png">',
        '<img src="https://octo.github.io/images/x.png">',
        "image '/images/x.png'",
    ),
    ("[API](/api/models/#fields)", "[API](https://octo.github.io/api/models/#fields)", "link"),
]


@pytest.mark.parametrize(("markdown", "rewritten", "named"), SITE_ROOT_PATHS)
def test_site_root_paths_warn_and_point_where_the_page_points(project, markdown, rewritten, named):
    ctx = context(project)
    assert rewrite(markdown, ctx).source == rewritten
    [warning] = ctx.report.warnings
    assert warning.startswith(f"notebooks/lesson.ipynb, cell 0 (id md): {named}")
    assert "starts at the web server's root" in warning and "How to fix:" in warning


def test_symlink_out_of_the_project_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    outside.write_bytes(PNG)
    os.symlink(outside, project / "notebooks/img/link.png")
    with pytest.raises(ColabError, match="outside the project"):
        rewrite("![](img/link.png)", context(project))


def test_missing_image_is_a_warning_naming_the_cell(project):
    ctx = context(project)
    assert rewrite("![](img/nope.png)", ctx).source == "![](img/nope.png)"
    [warning] = ctx.report.warnings
    assert warning.startswith("notebooks/lesson.ipynb, cell 0 (id md): image 'img/nope.png'")
    assert "does not exist" in warning


def test_a_broken_target_is_reported_once_per_lesson_at_its_first_cell(project):
    ctx = context(project)
    cells = [nbformat.v4.new_markdown_cell("[x](gone.ipynb)", id=f"md{i}") for i in range(3)]
    rewrite_links(nbformat.v4.new_notebook(cells=cells), ctx)
    [warning] = ctx.report.warnings
    assert warning.startswith("notebooks/lesson.ipynb, cell 0 (id md0): link 'gone.ipynb'")
    assert ctx.report.broken_targets == {"gone.ipynb"}


def test_unpublished_image_is_a_warning(project):
    ctx = context(project)
    rewrite("![](unpublished/x.png)", ctx)
    assert "which the site does not publish" in ctx.report.warnings[0]


def test_embedded_images_become_data_uris(project):
    cell = rewrite(
        "![](img/plot.png) <img src='img/plot.png'>", context(project, embed_images=True)
    )
    uri = "data:image/png;base64,iVBORw0KGgo="
    assert cell.source == f'![]({uri}) <img src="{uri}">'
    assert "attachments" not in cell


def attached(markdown: str, attachments: dict) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(markdown, id="md", attachments=attachments)
    return nbformat.v4.new_notebook(cells=[cell])


ATTACHMENTS = [
    # (Markdown, the cell's attachments, the copy's Markdown): what Jupyter writes for a paste
    (
        "![image.png](attachment:image.png)",
        {"image.png": {"image/png": "iVBORw0KGgo="}},
        "![image.png](data:image/png;base64,iVBORw0KGgo=)",
    ),
    (
        '<img src="attachment:a%20b.jpg" width="40">',
        {"a b.jpg": {"image/jpeg": ["/9j/", "4AAQ\n"]}},
        '<img src="data:image/jpeg;base64,/9j/4AAQ" width="40">',
    ),
]


@pytest.mark.parametrize(("markdown", "attachments", "expected"), ATTACHMENTS)
def test_cell_attachments_become_data_uris_as_colab_shows_none(
    project, markdown, attachments, expected
):
    ctx = context(project)
    cell = rewrite_links(attached(markdown, attachments), ctx).cells[0]
    assert cell.source == expected
    assert "attachments" not in cell
    assert ctx.report.warnings == []


def test_a_missing_attachment_is_a_warning_naming_the_cell(project):
    ctx = context(project)
    cell = rewrite_links(attached("![](attachment:gone.png)", {}), ctx).cells[0]
    assert cell.source == "![](attachment:gone.png)"
    [warning] = ctx.report.warnings
    assert warning.startswith("notebooks/lesson.ipynb, cell 0 (id md): image 'attachment:gone.png'")


def test_every_target_is_found_once():
    text = "![a](x.png) [b](y.md)\n[c]: z.md\n<img src='w.png'>\n`[d](no.md)`"
    assert sorted(t.url for t in find_targets(text)) == ["w.png", "x.png", "y.md", "z.md"]


LOCAL_PATHS = [
    ("img/plot.png", "img/plot.png"),
    ("img/my%20plot.png", "img/my plot.png"),
    ("other.ipynb#setup", "other.ipynb"),
    ("data.csv?raw=1", "data.csv"),
    ("../docs/a.md", "../docs/a.md"),
    ("#setup", None),
    ("https://example.org/x.png", None),
    ("data:image/png;base64,AA==", None),
    ("//cdn.example.org/x.png", None),
    ("", None),
]


@pytest.mark.parametrize(("url", "path"), LOCAL_PATHS)
def test_local_path_names_the_file_or_nothing(url, path):
    assert local_path(url) == path
