"""The lesson structure `make check` enforces (``check --lessons``): each rule, cell and fix."""

from __future__ import annotations

import nbformat
import pytest

from mkdocs_colab.checks import check_lesson_structure

INTRO = "# Title\n\nWhy.\n\n**Prerequisites:** none.\n\n**What you will learn**\n\n- a"
NEXT = "## Next steps\n\n- onwards"


def lesson(*cells, options=None, counts=None, error=False) -> str:
    notebook = nbformat.v4.new_notebook()
    if options is not None:
        notebook.metadata["mkdocs_colab"] = options
    code_number = 0
    for index, (kind, source) in enumerate(cells):
        if kind == "markdown":
            notebook.cells.append(nbformat.v4.new_markdown_cell(source, id=f"c{index}"))
            continue
        count = counts[code_number] if counts else code_number + 1
        code_number += 1
        cell = nbformat.v4.new_code_cell(source, id=f"c{index}", execution_count=count)
        if error:
            cell.outputs = [nbformat.v4.new_output("error", ename="E", evalue="x", traceback=[])]
        notebook.cells.append(cell)
    return nbformat.writes(notebook)


GOOD = [("markdown", INTRO), ("code", "1"), ("markdown", NEXT)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (lesson(*GOOD, options={}), []),
        (
            lesson(("markdown", "Title"), *GOOD[1:], options={}),
            ["x.ipynb, cell 0 (id c0): does not open the lesson with '# Title'."],
        ),
        (
            lesson(
                ("markdown", INTRO.replace("**What you will learn**", "")), *GOOD[1:], options={}
            ),
            ["x.ipynb, cell 0 (id c0): lacks **What you will learn** in the introduction."],
        ),
        (
            lesson(*GOOD[:2], options={}),
            ["x.ipynb, cell 1 (id c1): is the last cell but does not start with '## Next steps'."],
        ),
        (
            lesson(*GOOD),
            ["x.ipynb: has no lesson options (metadata 'mkdocs_colab' is None)."],
        ),
        (
            lesson(*GOOD, options={}, counts=[None]),
            [
                "x.ipynb, cell 1 (id c1): has execution count None, not 1: "
                "the outputs are not from one clean run."
            ],
        ),
        (
            lesson(*GOOD, options={}, error=True),
            ["x.ipynb, cell 1 (id c1): has an error in its outputs."],
        ),
    ],
    ids=["good", "no-title", "no-learn", "no-next-steps", "no-options", "not-run", "error"],
)
def test_lesson_structure(text, expected):
    findings = check_lesson_structure(text, "x.ipynb")
    assert [f"{f.where}: {f.problem}" for f in findings] == expected
    assert all(f.fix for f in findings), "every finding says how to fix it"
