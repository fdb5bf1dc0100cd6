"""Descriptions for pages that do not set one: the first paragraph, as plain text."""

from __future__ import annotations

import pytest

from mkdocs_colab.describe import first_paragraph

CASES = [
    ("# Title\n\nA **short** page about [GPUs](gpus.md).\n\nMore.", "A short page about GPUs."),
    ("---\ntitle: x\n---\n# T\n\nFirst *words* with `code`.", "First words with code."),
    ("# T\n\n!!! note\n    Not this.\n\nThis one.", "This one."),
    ("# T\n\n```python\nx = 1\n\ny = 2\n```\n\nAfter the code.", "After the code."),
    ("# T\n\n- a list\n- item\n\n1. steps\n\n| a | b |\n\nProse.", "Prose."),
    (
        "# T\n\n![img](x.png)\n\nText with an icon :material-check: and attrs { .x }.",
        "Text with an icon and attrs.",
    ),
    ("# T\n\nOne\nparagraph on\ntwo lines.", "One paragraph on two lines."),
    ("# Only a title", None),
    ("# T\n\n" + "word " * 60, ("word " * 32).strip() + "…"),
]


@pytest.mark.parametrize(("markdown", "expected"), CASES)
def test_first_paragraph(markdown, expected):
    assert first_paragraph(markdown) == expected
