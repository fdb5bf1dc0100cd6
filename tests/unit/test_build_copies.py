"""The core builds every lesson's copy without MkDocs; bad input is an error naming the place."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_colab.errors import ColabError
from mkdocs_colab.lessons import (
    CopyCache,
    Project,
    Settings,
    build_copies,
    docs_files,
    folder_files,
)
from mkdocs_colab.markdown import snippet_options
from tests.build.test_plugin_build import FILES, LESSON, MARKDOWN_LESSON, SITE
from tests.conftest import make_notebook, write_site_at


def build(root: Path, **settings):
    sources = {**dict(docs_files(root / "docs")), **dict(folder_files(root, "notebooks"))}
    snippets = snippet_options({"check_paths": True}, root=root)
    project = Project(
        site=SITE,
        settings=Settings(project_root=root, snippets=snippets, **settings),
    )
    return build_copies(
        project, sources, lambda uri: sources[uri].read_text(encoding="utf-8"), CopyCache(None)
    )


def test_every_lesson_gets_a_copy_with_its_launch_links(tmp_path):
    built = {made.path: made for made in build(write_site_at(tmp_path, FILES))}
    assert sorted(built) == [
        "colab/guide/check.ipynb",
        "colab/guide/inside.ipynb",
        "colab/notebooks/lesson.ipynb",
    ]
    lesson = built["colab/notebooks/lesson.ipynb"]
    assert lesson.launch["colab"].endswith("/blob/gh-pages/colab/notebooks/lesson.ipynb")
    assert lesson.copy.warnings == () and not lesson.from_cache


CONFLICT = "\n".join([*LESSON.splitlines()[:2], "<<<<<<< HEAD", *LESSON.splitlines()[2:]])
BAD_LESSONS = [
    ("invalid JSON", "notebooks/lesson.ipynb", LESSON[:-30], "notebooks/lesson.ipynb:"),
    (
        "merge conflict",
        "notebooks/lesson.ipynb",
        CONFLICT,
        "notebooks/lesson.ipynb:3: contains a git merge-conflict marker '<<<<<<<'",
    ),
    (
        "escaping image",
        "notebooks/lesson.ipynb",
        make_notebook(("markdown", "![](../../../etc/passwd)")),
        "notebooks/lesson.ipynb, cell 0 (id cell-0): image '../../../etc/passwd' resolves to",
    ),
    (
        "bad lesson option",
        "notebooks/lesson.ipynb",
        make_notebook(("code", "1"), mkdocs_colab={"gpu": "K80"}),
        "notebooks/lesson.ipynb: 'mkdocs_colab.gpu' is 'K80'.",
    ),
    (
        "page option of the wrong type",
        "docs/guide/check.md",
        MARKDOWN_LESSON.replace("  gpu: true", "  gpu: [T4]"),
        "docs/guide/check.md:3: 'colab.gpu' is ['T4'].",
    ),
    (
        "unknown page option",
        "docs/guide/check.md",
        MARKDOWN_LESSON.replace("  gpu: true", "  gpus: 1"),
        "docs/guide/check.md:3: 'colab' has unknown option(s) 'gpus'.",
    ),
    (
        "missing snippet",
        "docs/guide/check.md",
        MARKDOWN_LESSON + '\n--8<-- "nowhere.md"\n',
        'docs/guide/check.md:29: snippet "nowhere.md"',
    ),
]


@pytest.mark.parametrize(
    ("path", "text", "message"), [b[1:] for b in BAD_LESSONS], ids=[b[0] for b in BAD_LESSONS]
)
def test_bad_lesson_is_an_error_naming_the_file_and_the_place(tmp_path, path, text, message):
    root = write_site_at(tmp_path, {**FILES, path: text})
    with pytest.raises(ColabError) as raised:
        build(root)
    assert message in raised.value.message
    assert "How to fix:" in raised.value.message


def test_a_missing_image_is_a_warning_and_the_copy_is_still_built(tmp_path):
    lesson = make_notebook(("markdown", "![](nope.png)"))
    built = build(write_site_at(tmp_path, {**FILES, "notebooks/lesson.ipynb": lesson}))
    [made] = [m for m in built if m.path == "colab/notebooks/lesson.ipynb"]
    [warning] = made.copy.warnings
    assert "image 'nope.png' points at notebooks/nope.png, which does not exist." in warning


def test_a_page_without_code_is_a_warning_and_the_other_lessons_get_their_copies(tmp_path):
    prose = "---\ncolab: true\n---\n\n# Only prose\n"
    built = build(write_site_at(tmp_path, {**FILES, "docs/guide/prose.md": prose}))
    assert sorted(made.path for made in built) == [
        "colab/guide/check.ipynb",
        "colab/guide/inside.ipynb",
        "colab/notebooks/lesson.ipynb",
    ]
    [warning] = built.warnings
    assert warning.startswith(
        "docs/guide/prose.md:1: has no runnable Python code block, so it gets no Colab copy"
    )
    assert "How to fix: Add a ```python fence" in warning


def test_a_script_on_a_page_is_a_warning_naming_its_line_and_the_copy_leaves_it_out(tmp_path):
    page = "---\ncolab: true\n---\n\n<script>\ngo()\n</script>\n\n```python\nprint(1)\n```\n"
    built = build(write_site_at(tmp_path, {**FILES, "docs/guide/script.md": page}))
    [made] = [m for m in built if m.path == "colab/guide/script.ipynb"]
    [warning] = made.copy.warnings
    assert warning.startswith("docs/guide/script.md:5: has a <script> element")
    assert "<script" not in made.copy.text
