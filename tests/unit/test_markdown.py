"""Specification of page_to_notebook: MkDocs + Material Markdown in, Colab notebook out."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest

from mkdocs_colab.errors import ColabError
from mkdocs_colab.markdown import page_to_notebook, snippet_options

if TYPE_CHECKING:
    from _pytest.mark.structures import ParameterSet

PAGE = Path("docs/lesson.md")
PAGE_URL = "https://example.org/guide/lesson/"
RUNNABLE = "```python\nprint('ready')\n```"


def convert(text: str, *folders: Path, check_paths: bool = True) -> nbformat.NotebookNode:
    """The notebook of ``text``; pymdownx.snippets on, with ``folders`` as its base paths."""
    options = {"base_path": [str(folder) for folder in folders], "check_paths": check_paths}
    return page_to_notebook(textwrap.dedent(text), path=PAGE, page_url=PAGE_URL, snippets=options)


def markdown_of(notebook: nbformat.NotebookNode) -> str:
    return "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def code_of(notebook: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def lowered(markdown: str) -> str:
    """The notebook Markdown for a page made of ``markdown`` and one runnable block."""
    notebook = convert(textwrap.dedent(markdown) + "\n" + RUNNABLE + "\n")
    assert code_of(notebook) == ["print('ready')"]
    return markdown_of(notebook)


def case(page: str, expected: str, id: str) -> ParameterSet:
    return pytest.param(textwrap.dedent(page), textwrap.dedent(expected).strip("\n"), id=id)


# --- Lowering MkDocs-only syntax: Markdown in, notebook Markdown out ------------------------

ADMONITIONS = [
    case(
        """
        !!! note "Read this first"
            Body line one
            and two.
        """,
        """
        > **Read this first**
        >
        > Body line one
        > and two.
        """,
        id="titled",
    ),
    case(
        """
        !!! warning
            Careful.
        """,
        """
        > **Warning**
        >
        > Careful.
        """,
        id="no-title-uses-type",
    ),
    case(
        """
        !!! tip ""
            Just the body.
        """,
        """
        > Just the body.
        """,
        id="empty-title-no-title-line",
    ),
    case(
        """
        ??? note "Click to open"
            Hidden.
        """,
        """
        <details>
        <summary>Click to open</summary>

        Hidden.

        </details>
        """,
        id="collapsible-becomes-details",
    ),
    case(
        """
        ???+ note
            Open by default.
        """,
        """
        <details open>
        <summary>Note</summary>

        Open by default.

        </details>
        """,
        id="collapsible-open-becomes-open-details",
    ),
    case(
        """
        !!! info inline end "Side"
            Beside the text.
        """,
        """
        > **Side**
        >
        > Beside the text.
        """,
        id="extra-classes",
    ),
    case(
        """
        !!! note "Outer"
            Outer text.

            !!! warning "Inner"
                Inner text.

            Outer again.
        """,
        """
        > **Outer**
        >
        > Outer text.
        >
        > > **Inner**
        > >
        > > Inner text.
        >
        > Outer again.
        """,
        id="nested",
    ),
    case(
        """
        !!! example

            First paragraph.

            Second paragraph.
        Not in the admonition.
        """,
        """
        > **Example**
        >
        > First paragraph.
        >
        > Second paragraph.

        Not in the admonition.
        """,
        id="paragraphs-and-end",
    ),
    case(
        "!!! note\n\tTab-indented body.\n", "> **Note**\n>\n> Tab-indented body.", id="tab-indent"
    ),
    case(
        """
        !!! note "Title only"
        """,
        """
        > **Title only**
        """,
        id="no-body",
    ),
    case(
        """
        !!! tip "Run this :rocket:"
            Body.
        """,
        """
        > **Run this 🚀**
        >
        > Body.
        """,
        id="title-is-lowered",
    ),
    case(
        """
        - Step one

            !!! note
                In a list.
        """,
        """
        - Step one

            > **Note**
            >
            > In a list.
        """,
        id="inside-list-item",
    ),
]

CONTENT_TABS = [
    case(
        """
        === "PyTorch"

            Use torch.

        === "TensorFlow"

            Use tf.
        """,
        """
        #### PyTorch

        Use torch.

        #### TensorFlow

        Use tf.
        """,
        id="no-heading-before",
    ),
    case(
        """
        ## Install

        === "pip"
            Use pip.
        ===! "conda"
            Use conda.
        ===+ "uv"
            Use uv.
        """,
        """
        ## Install

        ### pip

        Use pip.

        ### conda

        Use conda.

        ### uv

        Use uv.
        """,
        id="below-heading-and-variants",
    ),
    case(
        """
        # Lesson

        === "Outer"

            === "Inner"

                Deep.

        After.
        """,
        """
        # Lesson

        ## Outer

        ### Inner

        Deep.

        After.
        """,
        id="nested",
    ),
]

ATTRIBUTE_LISTS = [
    case("## Setup { #setup }\n", '<a id="setup"></a>\n## Setup', id="heading-id-kept-before-it"),
    case("## Setup {: .special #s }\n", '<a id="s"></a>\n## Setup', id="heading-colon-form"),
    case("## Setup { .special }\n", "## Setup", id="heading-without-id"),
    case("A paragraph.\n{: #para }\n", 'A paragraph.\n<a id="para"></a>', id="own-line-id"),
    case(
        "[](){#numeric-constraints}\n\nText.\n",
        '<a id="numeric-constraints"></a>\n\nText.',
        id="autorefs-anchor",
    ),
    case('![Plot](plot.png){ width="300" }\n', "![Plot](plot.png)", id="image-width"),
    case(
        "[Open](https://colab.research.google.com){ .md-button .md-button--primary } now.\n",
        "[Open](https://colab.research.google.com) now.",
        id="link-classes",
    ),
    case(
        "![Logo](logo.png){ align=left loading=lazy }\n",
        "![Logo](logo.png)",
        id="unquoted-values",
    ),
    case("A paragraph.\n{: .note }\n", "A paragraph.", id="own-line"),
    case("Lines of text.\n{ .annotate }\n", "Lines of text.", id="annotate"),
    case("Use `{ .class }` in code.\n", "Use `{ .class }` in code.", id="inline-code-untouched"),
    case("A set {a, b} and {x}.\n", "A set {a, b} and {x}.", id="braces-in-text-untouched"),
    case("Template {{ page.title }}.\n", "Template {{ page.title }}.", id="jinja-untouched"),
]

ICONS_AND_EMOJI = [
    case("Done :material-check: today\n", "Done today", id="material-middle"),
    case(":fontawesome-brands-github: GitHub\n", "GitHub", id="fontawesome-start"),
    case("Ship it :octicons-rocket-24:\n", "Ship it", id="octicons-end"),
    case(
        "[:simple-googlecolab: Open](https://colab.research.google.com)\n",
        "[Open](https://colab.research.google.com)",
        id="simple-in-link",
    ),
    case("[Colab :simple-googlecolab:](c.md)\n", "[Colab](c.md)", id="icon-ends-link-text"),
    case("Green :material-check:{ .green } ok\n", "Green ok", id="icon-with-attributes"),
    case(
        "[:material-github:](https://github.com/octo/x)\n",
        "[github](https://github.com/octo/x)",
        id="icon-only-link-gets-the-icon-name",
    ),
    case(
        "See [:octicons-mark-github-16:](https://github.com) and "
        "[:fontawesome-brands-x-twitter:](x.md)\n",
        "See [mark github](https://github.com) and [x twitter](x.md)",
        id="icon-only-links-without-style-or-size",
    ),
    case("Launch :rocket:\n", "Launch 🚀", id="emoji"),
    case(":warning: Careful\n", "\u26a0\ufe0f Careful", id="emoji-text-default-gets-selector"),
    case(":white_check_mark: :+1:\n", "✅ 👍", id="emoji-and-alias"),
    case("Adjacent :rocket::tada:\n", "Adjacent 🚀🎉", id="emoji-adjacent"),
    case("Unknown :not_an_emoji_xyz:\n", "Unknown :not_an_emoji_xyz:", id="unknown-left-alone"),
    case("At 10:30:45 sharp\n", "At 10:30:45 sharp", id="clock-time-untouched"),
    case("Code `:rocket: :material-check:`\n", "Code `:rocket: :material-check:`", id="in-code"),
]

FOOTNOTES_AND_ABBREVIATIONS = [
    case(
        """
        GPUs are fast[^speed] and cheap[^1].

        [^1]: Sometimes.
        [^speed]: For matrix maths.
            Especially large ones.
        """,
        """
        GPUs are fast<sup>2</sup> and cheap<sup>1</sup>.

        **Notes**

        1. Sometimes.
        2. For matrix maths.
           Especially large ones.
        """,
        id="footnotes-in-definition-order",
    ),
    case(
        """
        Fast[^a].

        [^a]: First paragraph.

            Second paragraph.

            - item one
            - item two

            ```bash
            nvidia-smi
            ```

        After.
        """,
        """
        Fast<sup>1</sup>.

        After.

        **Notes**

        1. First paragraph.

           Second paragraph.

           - item one
           - item two

           ```bash
           nvidia-smi
           ```
        """,
        id="indented-footnote-body-with-paragraphs-list-and-code",
    ),
    case(
        """
        !!! note
            Inside[^b].

            [^b]: A note in a box.
                Continued.
        """,
        """
        > **Note**
        >
        > Inside<sup>1</sup>.

        **Notes**

        1. A note in a box.
           Continued.
        """,
        id="footnote-defined-inside-an-admonition",
    ),
    case(
        """
        - Fast[^1]

          [^1]:
            Counted from the margin.
        """,
        """
        - Fast<sup>1</sup>

        **Notes**

        1. Counted from the margin.
        """,
        id="footnote-label-indented-body-at-four",
    ),
    case("No such note[^missing].\n", "No such note[^missing].", id="undefined-reference-stays"),
    case(
        """
        The HTML spec.

        *[HTML]: Hyper Text Markup Language
        """,
        'The <abbr title="Hyper Text Markup Language">HTML</abbr> spec.',
        id="abbreviation-keeps-its-expansion",
    ),
    case(
        """
        !!! tip "Words"
            The W3C writes HTML, not HTMLX, `HTML` or [W3C](https://w3c.org/HTML).

        *[HTML]: Hyper Text Markup Language
        *[W3C]: World Wide Web "Consortium"
        """,
        "> **Words**\n>\n"
        '> The <abbr title="World Wide Web &quot;Consortium&quot;">W3C</abbr> writes '
        '<abbr title="Hyper Text Markup Language">HTML</abbr>, not HTMLX, `HTML` or '
        '[<abbr title="World Wide Web &quot;Consortium&quot;">W3C</abbr>](https://w3c.org/HTML).',
        id="abbreviations-whole-words-outside-code-and-urls",
    ),
    case(
        "## HTML basics\n\nHTML.\n\n*[HTML]: Hyper Text\n",
        '## HTML basics\n\n<abbr title="Hyper Text">HTML</abbr>.',
        id="abbreviation-not-in-a-heading-which-names-the-notebook",
    ),
    case(
        "Uses HTML.\n\n*[HTML]:\n",
        "Uses HTML.",
        id="empty-abbreviation-defines-none",
    ),
]

DIAGRAMS_KEYS_AND_MARKS = [
    case(
        """
        ```mermaid
        graph LR
          A --> B
        ```
        """,
        f"*Diagram: [see it on the page]({PAGE_URL})*",
        id="mermaid",
    ),
    case(
        "Press ++ctrl+alt+del++.\n",
        "Press <kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd>.",
        id="keys",
    ),
    case('Type ++"Hello"++.\n', "Type <kbd>Hello</kbd>.", id="keys-quoted"),
    case(
        'Press ++cmd+alt+"&Uuml;"++.\n',
        "Press <kbd>Cmd</kbd>+<kbd>Alt</kbd>+<kbd>Ü</kbd>.",
        id="keys-entity-escaped-once",
    ),
    case('Type ++"a<b"++.\n', "Type <kbd>a&lt;b</kbd>.", id="keys-markup-escaped"),
    case("Both C++ and C++ stay.\n", "Both C++ and C++ stay.", id="cpp-untouched"),
    case("A ==marked== word.\n", "A <mark>marked</mark> word.", id="mark"),
    case("An ^^inserted^^ word.\n", "An <ins>inserted</ins> word.", id="ins"),
    case("A ~~deleted~~ word.\n", "A ~~deleted~~ word.", id="del-is-gfm"),
    case("If a == b and b == c.\n", "If a == b and b == c.", id="comparison-untouched"),
    case("Call `#!python len(x)`.\n", "Call `len(x)`.", id="inlinehilite-prefix"),
    case("A `#!/bin/sh` line.\n", "A `#!/bin/sh` line.", id="shebang-in-code-untouched"),
]

CRITIC_MARKUP = [
    case("Add {++this++} here.\n", "Add this here.", id="insertion-kept"),
    case("Some {--wrong --}words.\n", "Some words.", id="deletion-dropped"),
    case("Tabs {~~is~>are~~} great.\n", "Tabs are great.", id="substitution-new-text"),
    case("A {==key point==} here.\n", "A <mark>key point</mark> here.", id="highlight-marked"),
    case(
        "A {==point==}{>>Check this.<<} here.\n",
        "A <mark>point</mark> here.",
        id="comment-dropped",
    ),
    case(
        """
        Here is more {--text
        that goes--}text and {++text that
        stays ++}here.
        """,
        "Here is more \ntext and text that\nstays here.",  # the line break stays: a space
        id="marks-across-lines",
    ),
    case(
        """
        Before.

        {--

        * removed item

        --}

        {++

        * added item

        ++}
        """,
        """
        Before.

        * added item
        """,
        id="whole-blocks",
    ),
    case(
        "Code `{++x++}` stays.\n\n```text\n{--y--}\n```\n",
        "Code `{++x++}` stays.\n\n```text\n{--y--}\n```",
        id="code-untouched",
    ),
    case(
        "!!! note\n    Use {~~foo~>bar~~}.\n",
        "> **Note**\n>\n> Use bar.",
        id="inside-an-admonition",
    ),
]

CODE_BLOCKS_THAT_STAY_MARKDOWN = [
    case("```bash\npip install torch\n```\n", "```bash\npip install torch\n```", id="bash"),
    case("```text\nplain\n```\n", "```text\nplain\n```", id="text"),
    case(
        '```yaml title="mkdocs.yml"\nsite_name: x\n```\n',
        "```yaml\nsite_name: x\n```",
        id="yaml-attributes-dropped",
    ),
    case("```\nno language\n```\n", "```\nno language\n```", id="no-language"),
    case(
        '``` title="Footnote"\nText[^1]\n```\n',
        "```\nText[^1]\n```",
        id="attributes-without-language-are-not-a-language",
    ),
    case('```hl_lines="4"\nx\n```\n', "```\nx\n```", id="glued-attribute-not-a-language"),
    case('```{ .sh title="x" }\nls\n```\n', "```sh\nls\n```", id="brace-form-language"),
    case("``` { .no-copy }\nls\n```\n", "```\nls\n```", id="brace-form-class-only"),
    case("``` { .yaml .no-copy }\na: 1\n```\n", "```yaml\na: 1\n```", id="class-after-language"),
    case(
        "```{ .pycon .no-colab }\n>>> 1 + 1\n2\n```\n",
        "```pycon\n>>> 1 + 1\n2\n```",
        id="pycon-marked-no-colab-stays-shown",
    ),
    case(
        "````markdown\n```python\nx = 1\n```\n````\n",
        "````markdown\n```python\nx = 1\n```\n````",
        id="python-example-inside-markdown-fence",
    ),
    case(
        "```text\n!!! note\n:rocket: { .x } ==m== [^1]\n```\n",
        "```text\n!!! note\n:rocket: { .x } ==m== [^1]\n```",
        id="nothing-lowered-inside",
    ),
    case(
        "1. Install:\n\n    ```python\n    import torch\n    ```\n",
        "1. Install:\n\n    ```python\n    import torch\n    ```",
        id="python-indented-in-list",
    ),
    case(
        '!!! tip\n    ```python title="x.py"\n    x = 1\n    ```\n',
        "> **Tip**\n>\n> ```python\n> x = 1\n> ```",
        id="python-in-admonition-stays-quoted",
    ),
]

NO_COLAB_MARKER = [
    case("```{ .python .no-colab }\nx = 1\n```\n", "```python\nx = 1\n```", id="brace-form"),
    case("```python { .no-colab }\nx = 1\n```\n", "```python\nx = 1\n```", id="class"),
    case(
        '```python { .no-colab title="slow.py" }\nx = 1\n```\n',
        "```python\nx = 1\n```",
        id="class-with-attributes",
    ),
    case("```python no-colab\nx = 1\n```\n", "```python\nx = 1\n```", id="bare-word"),
    case(
        '```py title="a.py" no-colab\nx = 1\n```\n', "```python\nx = 1\n```", id="with-attributes"
    ),
]

PASSES_THROUGH = [
    case(
        """
        # Title

        Some *emphasis*, **strong**, a [link](other.md#part) and ![img](img/a.png).

        | a | b |
        |---|---|
        | 1 | 2 |

        - item
            - nested item

        > A real quote.

        <div class="grid" markdown>
        text
        </div>
        """,
        """
        # Title

        Some *emphasis*, **strong**, a [link](other.md#part) and ![img](img/a.png).

        | a | b |
        |---|---|
        | 1 | 2 |

        - item
            - nested item

        > A real quote.

        text
        """,
        id="plain-markdown",
    ),
    case(
        "Two trailing spaces  \nbreak the line.\n",
        "Two trailing spaces  \nbreak the line.",
        id="hard-break",
    ),
]


DEFINITION_LISTS = [
    case(
        """
        Epoch
        :   One pass over the training data.
        """,
        """
        **Epoch**

        > One pass over the training data.
        """,
        id="term-and-definition",
    ),
    case(
        """
        GPU
        Accelerator
        :   A chip for parallel maths.
            It has its own memory.
        """,
        """
        **GPU**\\
        **Accelerator**

        > A chip for parallel maths.
        > It has its own memory.
        """,
        id="two-terms-continued-definition",
    ),
    case(
        """
        Batch

        :   A group of samples.

        :   A dose, in chemistry.
        """,
        """
        **Batch**

        > A group of samples.

        > A dose, in chemistry.
        """,
        id="loose-two-definitions",
    ),
    case(
        """
        `train()`
        :   Trains the model.

            !!! warning
                Slow on a CPU.
        """,
        """
        **`train()`**

        > Trains the model.
        >
        > > **Warning**
        > >
        > > Slow on a CPU.
        """,
        id="admonition-inside",
    ),
    case(
        """
        `seed`
        :   Fix it first:

            ```bash
            export SEED=0
            ```
        """,
        """
        **`seed`**

        > Fix it first:
        >
        > ```bash
        > export SEED=0
        > ```
        """,
        id="fence-inside",
    ),
    case(
        """
        ## Install

        Tool
        :   Pick one:

            === "pip"
                Use pip.
        """,
        """
        ## Install

        **Tool**

        > Pick one:
        >
        > ### pip
        >
        > Use pip.
        """,
        id="tab-inside",
    ),
    case(
        """
        Term :rocket:
        :   Body with ++ctrl+c++.
        Not in it.
        """,
        """
        **Term 🚀**

        > Body with <kbd>Ctrl</kbd>+<kbd>C</kbd>.

        Not in it.
        """,
        id="inline-lowered-and-end",
    ),
    case(
        """
        <!-- md:option type:note -->

        :   !!! note
                A note.
        """,
        """
        <!-- md:option type:note -->

        > > **Note**
        > >
        > > A note.
        """,
        id="comment-term-kept-as-is",
    ),
    case(":   A colon line with no term.\n", ":   A colon line with no term.", id="no-term"),
    case("Ratio 1:2 and a: b.\n", "Ratio 1:2 and a: b.", id="colons-in-prose-untouched"),
]

BLOCKS = [
    case(
        """
        /// tip | Use a GPU
        Turn it on.
        ///
        """,
        """
        > **Use a GPU**
        >
        > Turn it on.
        """,
        id="admonition-type-with-title",
    ),
    case(
        """
        /// warning
        Careful.
        ///
        """,
        """
        > **Warning**
        >
        > Careful.
        """,
        id="admonition-type-no-title",
    ),
    case(
        """
        /// admonition | Custom
            type: note

        Body.
        ///
        """,
        """
        > **Custom**
        >
        > Body.
        """,
        id="generic-admonition-options-dropped",
    ),
    case(
        """
        /// details | Show more
            open: True
            type: tip

        Hidden.
        ///
        """,
        """
        <details open>
        <summary>Show more</summary>

        Hidden.

        </details>
        """,
        id="details-open",
    ),
    case(
        """
        /// details | Show more
        Hidden.
        ///
        """,
        """
        <details>
        <summary>Show more</summary>

        Hidden.

        </details>
        """,
        id="details",
    ),
    case(
        """
        /// tab | pip
        Use pip.
        ///

        /// tab | conda
        Use conda.
        ///
        """,
        """
        #### pip

        Use pip.

        #### conda

        Use conda.
        """,
        id="tabs",
    ),
    case(
        """
        /// html | div.note
        Inside *HTML*.
        ///
        """,
        """
        Inside *HTML*.
        """,
        id="html-unwrapped",
    ),
    case(
        """
        ![Plot](plot.png)

        /// caption
        Loss per epoch.
        ///
        """,
        """
        ![Plot](plot.png)

        *Loss per epoch.*
        """,
        id="caption",
    ),
    case(
        """
        //// note | Outer
        Outer.

        /// tip | Inner
        Inner.
        ///

        Outer again.
        ////
        """,
        """
        > **Outer**
        >
        > Outer.
        >
        > > **Inner**
        > >
        > > Inner.
        >
        > Outer again.
        """,
        id="nested-more-slashes",
    ),
    case(
        """
        /// note | Outer
        /// tip | Inner
        Inner.
        ///
        ///
        After.
        """,
        """
        > **Outer**
        >
        > > **Inner**
        > >
        > > Inner.

        After.
        """,
        id="nested-same-slashes",
    ),
    case(
        """
        - Step one

            /// note
            In a list.
            ///
        """,
        """
        - Step one

            > **Note**
            >
            > In a list.
        """,
        id="inside-list-item",
    ),
    case(
        """
        /// note
        ```text
        ///
        ```
        ///
        """,
        """
        > **Note**
        >
        > ```text
        > ///
        > ```
        """,
        id="slashes-in-a-fence-do-not-close",
    ),
]


@pytest.mark.parametrize(("page", "expected"), ADMONITIONS)
def test_admonitions_become_block_quotes(page: str, expected: str) -> None:
    assert lowered(page) == expected


@pytest.mark.parametrize(("page", "expected"), CONTENT_TABS)
def test_content_tabs_become_headings(page: str, expected: str) -> None:
    assert lowered(page) == expected


@pytest.mark.parametrize(("page", "expected"), ATTRIBUTE_LISTS)
def test_attribute_lists_are_removed_and_their_ids_kept_as_anchors(
    page: str, expected: str
) -> None:
    assert lowered(page) == expected


@pytest.mark.parametrize(("page", "expected"), ICONS_AND_EMOJI)
def test_icons_are_removed_and_emoji_become_unicode(page: str, expected: str) -> None:
    assert lowered(page) == expected


@pytest.mark.parametrize(("page", "expected"), FOOTNOTES_AND_ABBREVIATIONS)
def test_footnotes_become_notes_and_abbreviations_expand(page: str, expected: str) -> None:
    assert lowered(page) == expected


@pytest.mark.parametrize(("page", "expected"), DIAGRAMS_KEYS_AND_MARKS)
def test_diagrams_keys_and_marks(page: str, expected: str) -> None:
    assert lowered(page) == expected


@pytest.mark.parametrize(("page", "expected"), CRITIC_MARKUP)
def test_critic_markup_is_accepted(page: str, expected: str) -> None:
    assert lowered(page) == expected


@pytest.mark.parametrize(("page", "expected"), CODE_BLOCKS_THAT_STAY_MARKDOWN)
def test_code_blocks_that_stay_markdown(page: str, expected: str) -> None:
    assert lowered(page) == expected


@pytest.mark.parametrize(("page", "expected"), NO_COLAB_MARKER)
def test_no_colab_marker_keeps_python_as_a_clean_markdown_fence(page: str, expected: str) -> None:
    assert lowered(page) == expected


@pytest.mark.parametrize(("page", "expected"), PASSES_THROUGH)
def test_markdown_that_is_not_mkdocs_specific_passes_through(page: str, expected: str) -> None:
    assert lowered(page) == expected


@pytest.mark.parametrize(("page", "expected"), DEFINITION_LISTS)
def test_definition_lists_become_bold_terms_and_quoted_definitions(
    page: str, expected: str
) -> None:
    assert lowered(page) == expected


@pytest.mark.parametrize(("page", "expected"), BLOCKS)
def test_pymdownx_blocks_lower_like_their_admonition_and_tab_twins(
    page: str, expected: str
) -> None:
    assert lowered(page) == expected


def test_python_in_a_block_tab_is_a_code_cell_and_leaves_no_block_marker() -> None:
    notebook = convert("/// tab | PyTorch\n```python\nimport torch\n```\n///\n\nAfter.\n")
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code", "markdown"]
    assert code_of(notebook) == ["import torch"]
    assert markdown_of(notebook) == "#### PyTorch\n\nAfter."


# --- Code cells ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        pytest.param("```python", id="python"),
        pytest.param("```py", id="py"),
        pytest.param("``` py", id="space-before-language"),
        pytest.param("```python3", id="python3"),
        pytest.param("```py3", id="py3"),
        pytest.param("```ipython3", id="ipython3"),
        pytest.param('```python linenums="1" hl_lines="2"', id="attributes"),
        pytest.param("```python { .annotate }", id="brace-attributes"),
        pytest.param('```{ .python linenums="1" }', id="brace-form"),
        pytest.param("````python", id="four-backticks"),
        pytest.param("~~~python", id="tildes"),
    ],
)
def test_python_fences_become_clean_code_cells(opening: str) -> None:
    closing = re.match(r"[`~]+", opening)[0]
    notebook = convert(f"Intro.\n\n{opening}\nx = 1\n{closing}\n\nOutro.\n")
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code", "markdown"]
    assert code_of(notebook) == ["x = 1"]
    assert markdown_of(notebook) == "Intro.\n\nOutro."


TITLED_BLOCKS = [
    pytest.param(
        'Write the app:\n\n```python title="main.py"\napp = 1\n```\n\nRun `python main.py`.\n',
        "%%writefile main.py\napp = 1",
        id="file-the-page-runs-is-written",
    ),
    pytest.param(
        '```py title="main.py" linenums="1"\napp = 1\n```\n\nThen `uvicorn main:app`.\n',
        "%%writefile main.py\napp = 1",
        id="module-the-page-serves-is-written",
    ),
    pytest.param(
        '```python title="models.py"\nx = 1\n```\n\n```python\nfrom models import x\n```\n',
        "%%writefile models.py\nx = 1",
        id="module-another-block-imports-is-written",
    ),
    pytest.param(
        '```python title="train.py"\nx = 1\n```\n', "# train.py\nx = 1", id="only-a-title"
    ),
    pytest.param(
        '```{ .python title="Training loop" }\nx = 1\n```\n',
        "# Training loop\nx = 1",
        id="title-not-a-file",
    ),
    pytest.param(
        '```python title="src/app.py"\nx = 1\n```\n\nRun src/app.py.\n',
        "# src/app.py\nx = 1",
        id="path-in-a-folder-stays-a-comment",
    ),
    pytest.param(
        '```python title="no-colab.py"\nx = 1\n```\n',
        "# no-colab.py\nx = 1",
        id="marker-in-a-title-is-no-marker",
    ),
]


@pytest.mark.parametrize(("page", "first_cell"), TITLED_BLOCKS)
def test_a_code_block_title_is_kept_as_a_file_the_page_uses_or_a_comment(
    page: str, first_cell: str
) -> None:
    assert code_of(convert(page))[0] == first_cell


def test_a_console_session_becomes_the_code_typed_at_its_prompts() -> None:
    page = (
        "```pycon\n>>> total = 0\n>>> for n in range(3):\n...     total += n\n...\n"
        ">>> total\n3\n```\n"
    )
    assert code_of(convert(page)) == ["total = 0\nfor n in range(3):\n    total += n\n\ntotal"]


def test_a_python_fence_written_as_a_session_runs_without_its_prompts() -> None:
    page = "```python\n>>> import math\n>>> math.floor(2.5)\n2\n```\n"
    assert code_of(convert(page)) == ["import math\nmath.floor(2.5)"]


def test_a_fence_its_tests_skip_is_shown_not_run() -> None:
    page = '```py test="skip"\nimport requests\n```\n\n' + RUNNABLE + "\n"
    notebook = convert(page)
    assert code_of(notebook) == ["print('ready')"]
    assert "```python\nimport requests\n```" in markdown_of(notebook)


def test_shell_and_magic_lines_stay_as_written() -> None:
    source = "!pip install -q torch\n%matplotlib inline\n%time sum(range(10))"
    assert code_of(convert(f"```python\n{source}\n```\n")) == [source]


def test_code_cells_keep_their_blank_lines_and_braces() -> None:
    source = 'config = {"a": 1}\n\n\nprint(f"{config}")  # { .not-an-attribute }'
    assert code_of(convert(f"```python\n{source}\n```\n")) == [source]


def test_a_tilde_fence_around_backticks_stays_one_code_cell() -> None:
    source = 'example = """\n````\n"""'
    assert code_of(convert(f"~~~python\n{source}\n~~~\n")) == [source]


ALTERNATIVE_TABS = """
# Lesson

=== "PyTorch"

    ```python
    import torch
    ```

=== "NumPy"

    ```python title="np.py"
    import numpy as np
    ```

Shared prose.
"""


def test_only_the_first_of_alternative_tabs_runs_and_the_others_show_their_code() -> None:
    notebook = convert(ALTERNATIVE_TABS)
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code", "markdown"]
    assert code_of(notebook) == ["import torch"]
    assert notebook.cells[2].source == (
        "## NumPy\n\n```python\nimport numpy as np\n```\n\nShared prose."
    )


@pytest.mark.parametrize(
    ("framework", "code"),
    [("PyTorch", "import torch"), ("numpy", "# np.py\nimport numpy as np")],
)
def test_a_framework_copy_keeps_only_that_tab_of_each_group(framework: str, code: str) -> None:
    page = textwrap.dedent(ALTERNATIVE_TABS)
    notebook = page_to_notebook(page, path=PAGE, page_url=PAGE_URL, framework=framework)
    assert code_of(notebook) == [code]
    assert markdown_of(notebook) == "# Lesson\n\nShared prose."


def test_a_group_without_the_framework_keeps_every_tab() -> None:
    page = '=== "pip"\n    Use pip.\n\n=== "conda"\n    Use conda.\n\n' + RUNNABLE + "\n"
    notebook = page_to_notebook(page, path=PAGE, page_url=PAGE_URL, framework="JAX")
    assert markdown_of(notebook) == "#### pip\n\nUse pip.\n\n#### conda\n\nUse conda."


@pytest.mark.parametrize(
    ("second", "code"),
    [
        pytest.param('===! "B"', ["a = 1", "b = 1"], id="marked-starts-a-group"),
        pytest.param('=== "B!"', ["a = 1"], id="exclamation-in-a-title-does-not"),
    ],
)
def test_a_tab_marked_to_start_a_group_starts_one(second: str, code: list[str]) -> None:
    body = "\n    ```python\n    {} = 1\n    ```\n"
    notebook = convert('=== "A"' + body.format("a") + second + body.format("b"))
    assert code_of(notebook) == code


def test_block_tabs_are_alternatives_too_and_new_starts_a_group() -> None:
    notebook = convert(
        """
        /// tab | 3.9
        ```python
        x = 9
        ```
        ///

        /// tab | 3.12
        ```python
        x = 12
        ```
        ///

        /// tab | Again
            new: true

        ```python
        y = 1
        ```
        ///
        """
    )
    assert code_of(notebook) == ["x = 9", "y = 1"]
    assert "#### 3.12\n\n```python\nx = 12\n```" in markdown_of(notebook)


TABS_IN_CONTAINERS = [
    pytest.param(
        """
        1. Install:

            === "pip"

                ```python
                !pip install torch
                ```

        2. Train.
        """,
        ["1. Install:\n\n    #### pip", "!pip install torch", "2. Train."],
        id="in-a-list-item",
    ),
    pytest.param(
        """
        * Generic classes:

            === "3.10"

                ```python
                x = 1
                ```

                1. A note on it.

            Then wrap it.

        After the list.
        """,
        [
            "* Generic classes:\n\n    #### 3.10",
            "x = 1",
            "1. A note on it.\n\nThen wrap it.\n\nAfter the list.",
        ],
        id="rest-of-the-item-is-not-an-indented-code-block",
    ),
    pytest.param(
        """
        !!! tip "Try it"
            === "NumPy"
                ```python
                import numpy
                ```
            Then look.
        """,
        ["> **Try it**\n>\n> #### NumPy", "import numpy", "> Then look."],
        id="in-an-admonition",
    ),
    pytest.param(
        """
        ??? note "More"
            === "NumPy"
                ```python
                import numpy
                ```
        """,
        [
            "<details>\n<summary>More</summary>\n\n#### NumPy\n\n```python\nimport numpy\n```"
            "\n\n</details>",
            "print('ready')",
        ],
        id="in-a-collapsible-block-it-stays-shown",
    ),
]


@pytest.mark.parametrize(("page", "cells"), TABS_IN_CONTAINERS)
def test_python_in_a_tab_runs_even_inside_a_list_item_or_an_admonition(
    page: str, cells: list[str]
) -> None:
    page = textwrap.dedent(page) + ("\n" + RUNNABLE + "\n" if "???" in page else "")
    assert [cell.source for cell in convert(page).cells] == cells


def test_extra_blank_lines_do_not_split_markdown_cells() -> None:
    notebook = convert("One.\n\n\n\nTwo.\n\n\n```python\nx = 1\n```\n\n\n\nThree.\n")
    assert [cell.source for cell in notebook.cells] == ["One.\n\nTwo.", "x = 1", "Three."]


# --- Each Markdown cell renders alone ----------------------------------------------------------


def test_a_cell_gets_the_reference_definitions_it_uses_from_elsewhere_on_the_page() -> None:
    notebook = convert(
        """
        See the [list of lexers] and the [docs][guide], not [this].

        ```python
        x = 1
        ```

        More in the [Guide][].

        [list of lexers]: https://pygments.org/docs/lexers/
        [Guide]: https://example.org/guide "The guide"
        """
    )
    assert [cell.source for cell in notebook.cells] == [
        "See the [list of lexers] and the [docs][guide], not [this].\n\n"
        "[list of lexers]: https://pygments.org/docs/lexers/\n"
        '[Guide]: https://example.org/guide "The guide"',
        "x = 1",
        "More in the [Guide][].\n\n[list of lexers]: https://pygments.org/docs/lexers/\n"
        '[Guide]: https://example.org/guide "The guide"',
    ]


def test_a_reference_used_before_a_colon_is_resolved_too() -> None:
    notebook = convert("Pass [`linenums`][numbers]:\n\n" + RUNNABLE + "\n\n[numbers]: #numbers\n")
    assert notebook.cells[0].source == "Pass [`linenums`][numbers]:\n\n[numbers]: #numbers"


def test_a_reference_the_page_does_not_define_becomes_its_text() -> None:
    page = "Like a [dict][], see [here][pydantic.ConfigDict] or [`x`][x]; [brackets] stay.\n"
    notebook = convert(page + "\n" + RUNNABLE + "\n")
    assert notebook.cells[0].source == "Like a dict, see here or `x`; [brackets] stay."


def test_a_definition_inside_an_admonition_serves_the_whole_page() -> None:
    notebook = convert(
        "Read [the docs].\n\n" + RUNNABLE + "\n\n!!! note\n    [the docs]: https://example.org\n"
    )
    assert notebook.cells[0].source == "Read [the docs].\n\n[the docs]: https://example.org"


MARKDOWN_IN_HTML = [
    case(
        """
        <div class="grid cards" markdown>

        - **Fast**
        - **Simple**

        </div>
        """,
        """
        - **Fast**
        - **Simple**
        """,
        id="div-unwrapped",
    ),
    case(
        """
        <div markdown="1">
        <div class="inner" markdown>
        Nested *text*.
        </div>
        </div>
        After.
        """,
        """
        Nested *text*.

        After.
        """,
        id="nested",
    ),
    case(
        """
        <figure markdown="span">
          ![Plot](plot.png)
          <figcaption>A plot</figcaption>
        </figure>
        """,
        """
        ![Plot](plot.png)
        <figcaption>A plot</figcaption>
        """,
        id="figure-span",
    ),
    case(
        '<div class="plain">\n<p>HTML alone.</p>\n</div>\n',
        '<div class="plain">\n<p>HTML alone.</p>\n</div>',
        id="html-without-markdown-stays",
    ),
]


@pytest.mark.parametrize(("page", "expected"), MARKDOWN_IN_HTML)
def test_html_wrappers_with_markdown_inside_give_their_content(page: str, expected: str) -> None:
    assert lowered(page) == expected


def test_a_markdown_wrapper_around_code_leaves_no_stray_closing_tag() -> None:
    notebook = convert(
        '<div class="result" markdown>\n\n```python\nx = 1\n```\n\nShown.\n\n</div>\n'
    )
    assert [cell.source for cell in notebook.cells] == ["x = 1", "Shown."]


# --- Snippets --------------------------------------------------------------------------------


@pytest.fixture
def snippets(tmp_path: Path) -> Path:
    folder = tmp_path / "snippets"
    (folder / "sub").mkdir(parents=True)
    files = {
        "note.md": '!!! note "Shared"\n    Included :rocket:\n',
        "train.py": "import torch\nmodel = torch.nn.Linear(2, 1)\nprint(model)\n",
        "sections.py": (
            "# --8<-- [start:setup]\nimport numpy as np\n# --8<-- [end:setup]\nprint('rest')\n"
        ),
        "outer.md": 'Outer.\n\n--8<-- "sub/inner.md"\n',
        "sub/inner.md": "Inner ==text==.\n",
        "loop-a.md": '--8<-- "loop-b.md"\n',
        "loop-b.md": '--8<-- "loop-a.md"\n',
    }
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    (tmp_path / "secret.md").write_text("outside\n", encoding="utf-8")
    return folder


SNIPPET_USES = [
    pytest.param(
        '--8<-- "note.md"\n\n' + RUNNABLE,
        "> **Shared**\n>\n> Included 🚀",
        ["print('ready')"],
        id="inline-form-is-lowered",
    ),
    pytest.param(
        "--8<--\nnote.md\n;commented-out.md\nsub/inner.md\n--8<--\n\n" + RUNNABLE,
        "> **Shared**\n>\n> Included 🚀\n\nInner <mark>text</mark>.",
        ["print('ready')"],
        id="block-form",
    ),
    pytest.param(
        '```python\n--8<-- "train.py"\n```\n',
        "",
        ["import torch\nmodel = torch.nn.Linear(2, 1)\nprint(model)"],
        id="into-a-code-fence",
    ),
    pytest.param(
        '```python\n--8<-- "train.py:2:3"\n```\n',
        "",
        ["model = torch.nn.Linear(2, 1)\nprint(model)"],
        id="line-range",
    ),
    pytest.param(
        '```python\n--8<-- "sections.py:setup"\n```\n',
        "",
        ["import numpy as np"],
        id="section",
    ),
    pytest.param(
        '--8<-- "outer.md"\n\n' + RUNNABLE,
        "Outer.\n\nInner <mark>text</mark>.",
        ["print('ready')"],
        id="nested",
    ),
    pytest.param(
        '- Item\n\n    --8<-- "sub/inner.md"\n\n' + RUNNABLE,
        "- Item\n\n    Inner <mark>text</mark>.",
        ["print('ready')"],
        id="keeps-indentation",
    ),
    pytest.param(
        ';--8<-- "note.md"\n\n' + RUNNABLE,
        '--8<-- "note.md"',
        ["print('ready')"],
        id="escaped-is-shown",
    ),
]


@pytest.mark.parametrize(("page", "markdown", "code"), SNIPPET_USES)
def test_snippets_are_included_then_lowered(
    snippets: Path, page: str, markdown: str, code: list[str]
) -> None:
    notebook = convert(page, snippets)
    assert markdown_of(notebook) == markdown
    assert code_of(notebook) == code


def test_snippet_folders_are_tried_in_order(tmp_path: Path, snippets: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / "note.md").write_text("From the first folder.\n", encoding="utf-8")
    notebook = convert('--8<-- "note.md"\n\n' + RUNNABLE, first, snippets)
    assert markdown_of(notebook) == "From the first folder."
    notebook = convert('--8<-- "train.py"\n\n' + RUNNABLE, first, snippets)
    assert markdown_of(notebook).startswith("import torch")


def test_snippet_folders_are_resolved_from_the_site_folder(tmp_path: Path) -> None:
    options = snippet_options(
        {"base_path": ["includes", "/abs"], "check_paths": True}, root=tmp_path
    )
    assert options == {"base_path": [str(tmp_path / "includes"), "/abs"], "check_paths": True}
    assert snippet_options({"base_path": "one"}, root=tmp_path)["base_path"] == [
        str(tmp_path / "one")
    ]
    assert snippet_options({}, root=tmp_path) == {"base_path": [str(tmp_path)]}
    assert snippet_options(None, root=tmp_path) is None


# What pymdownx.snippets leaves out of the page, the copy leaves out too.
SNIPPETS_LEFT_OUT = [
    pytest.param('--8<-- "loop-a.md"', True, "Before.\n\nAfter.", id="include-loop"),
    pytest.param('--8<-- "missing.md"', False, "Before.\n\nAfter.", id="missing-unchecked"),
    pytest.param('--8<-- "../secret.md"', False, "Before.\n\nAfter.", id="outside-unchecked"),
]


@pytest.mark.parametrize(("include", "check_paths", "markdown"), SNIPPETS_LEFT_OUT)
def test_snippets_the_site_leaves_out_are_left_out(
    snippets: Path, include: str, check_paths: bool, markdown: str
) -> None:
    page = f"Before.\n\n{include}\n\nAfter.\n\n{RUNNABLE}\n"
    notebook = convert(page, snippets, check_paths=check_paths)
    assert markdown_of(notebook) == markdown


def test_deeply_nested_snippets_are_included(tmp_path: Path) -> None:
    for level in range(12):
        (tmp_path / f"level{level}.md").write_text(f'--8<-- "level{level + 1}.md"\n')
    (tmp_path / "level12.md").write_text("Deep.\n")
    notebook = convert(f'--8<-- "level0.md"\n\n{RUNNABLE}\n', tmp_path)
    assert markdown_of(notebook) == "Deep."


def test_without_the_extension_snippet_lines_are_text() -> None:
    page = f'--8<-- "note.md"\n\n{RUNNABLE}\n'
    notebook = page_to_notebook(page, path=PAGE, page_url=PAGE_URL, snippets=None)
    assert markdown_of(notebook) == '--8<-- "note.md"'


SNIPPET_ERRORS = [
    pytest.param(
        '--8<-- "missing.md"', "Snippet at path 'missing.md' could not be found", 7, id="missing"
    ),
    pytest.param(
        '--8<-- "../secret.md"',
        "Snippet at path '../secret.md' could not be found",
        7,
        id="outside",
    ),
    pytest.param(
        "--8<--\nnote.md\n../secret.md\n--8<--",
        "Snippet at path '../secret.md' could not be found",
        9,
        id="block-form-names-the-file-line",
    ),
    pytest.param('--8<-- "SECRET_ABSOLUTE"', "could not be found", 7, id="absolute-path"),
    pytest.param(
        '--8<-- "train.py:nosuchsection"',
        "Snippet section 'nosuchsection' could not be located",
        7,
        id="no-section",
    ),
]


@pytest.mark.parametrize(("include", "problem", "line"), SNIPPET_ERRORS)
def test_snippet_errors_name_the_page_line_and_snippet(
    snippets: Path, include: str, problem: str, line: int
) -> None:
    include = include.replace("SECRET_ABSOLUTE", str(snippets.parent / "secret.md"))
    page = f"---\ncolab: true\n---\n\n# Lesson\n\n{include}\n\n{RUNNABLE}\n"
    with pytest.raises(ColabError) as caught:
        convert(page, snippets)
    error = caught.value
    assert problem in error.problem
    assert str(snippets) in error.problem  # the base paths it looked in
    assert error.where is not None
    assert (error.where.path, error.where.line) == (PAGE, line)  # counted with the front matter
    assert error.fix
    assert str(error).startswith(f"docs/lesson.md:{line}: snippet ")


def test_missing_nested_snippet_names_the_including_line(tmp_path: Path) -> None:
    (tmp_path / "outer.md").write_text('Text.\n\n--8<-- "gone.md"\n', encoding="utf-8")
    with pytest.raises(ColabError) as caught:
        convert(f'Intro.\n\n--8<-- "outer.md"\n\n{RUNNABLE}\n', tmp_path)
    assert caught.value.problem.startswith('snippet "outer.md": ')
    assert "Snippet at path 'gone.md' could not be found" in caught.value.problem
    assert caught.value.where.line == 3


def test_a_failing_auto_append_snippet_names_the_page(snippets: Path) -> None:
    options = {"base_path": [str(snippets)], "check_paths": True, "auto_append": ["gone.md"]}
    with pytest.raises(ColabError) as caught:
        page_to_notebook(RUNNABLE, path=PAGE, page_url=PAGE_URL, snippets=options)
    assert "auto_append" in caught.value.problem
    assert (caught.value.where.path, caught.value.where.line) == (PAGE, None)


# --- Errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("---\ncolab: true\n---\n\n# Only prose\n", id="prose-only"),
        pytest.param("```bash\nls\n```\n", id="only-other-languages"),
        pytest.param("```python no-colab\nx = 1\n```\n", id="only-no-colab"),
        pytest.param("!!! note\n    ```python\n    x = 1\n    ```\n", id="only-in-admonition"),
        pytest.param("```python\n\n```\n", id="only-empty"),
    ],
)
def test_page_without_runnable_python_is_an_error(page: str) -> None:
    with pytest.raises(ColabError) as caught:
        convert(page)
    assert caught.value.problem == "has no runnable Python code block"
    assert (caught.value.where.path, caught.value.where.line) == (PAGE, 1)
    assert "remove the Colab opt-in" in caught.value.fix


# --- The notebook ----------------------------------------------------------------------------

RICH_PAGE = """\
---
title: Training on a GPU
colab: true
---

# Training on a GPU { #training }

:material-rocket-launch: Let's train :rocket: a model.[^gpu] Press ++shift+enter++ to run.

!!! tip "Before you start"
    Switch the runtime :octicons-gear-16: to GPU. ==Really.==

    ??? note "Why?"
        Because it is ^^faster^^ { .x }.

=== "pip"

    ```python
    !pip install -q torch
    ```

===+ "conda"

    ```bash
    conda install pytorch
    ```

```python title="train.py" linenums="1"
import torch
device = "cuda" if torch.cuda.is_available() else "cpu"
```

```python { .no-colab }
# shown, not run
```

--8<-- "note.md"

```mermaid
graph LR
  CPU --> GPU
```

![Speed-up](img/speedup.png){ width="400" }
{: .figure }

*[GPU]: Graphics Processing Unit

[^gpu]: A graphics card.
"""

LEFTOVER_MKDOCS_SYNTAX = ["!!!", "???", "===", "--8<--", "{ .", "{: ", ":material-", "[^"]


@pytest.fixture
def rich_notebook(snippets: Path) -> nbformat.NotebookNode:
    return page_to_notebook(
        RICH_PAGE, path=PAGE, page_url=PAGE_URL, snippets={"base_path": [str(snippets)]}
    )


@pytest.mark.parametrize("syntax", LEFTOVER_MKDOCS_SYNTAX)
def test_no_mkdocs_syntax_survives_in_markdown_cells(
    rich_notebook: nbformat.NotebookNode, syntax: str
) -> None:
    for cell in rich_notebook.cells:
        if cell.cell_type == "markdown":
            assert syntax not in cell.source, cell.source


def test_rich_page_cells(rich_notebook: nbformat.NotebookNode) -> None:
    assert code_of(rich_notebook) == [
        "!pip install -q torch",
        '# train.py\nimport torch\ndevice = "cuda" if torch.cuda.is_available() else "cpu"',
    ]
    markdown = markdown_of(rich_notebook)
    assert markdown.startswith(
        '<a id="training"></a>\n# Training on a GPU\n\nLet\'s train 🚀 a model.<sup>1</sup>'
    )
    assert "<kbd>Shift</kbd>+<kbd>Enter</kbd>" in markdown
    assert "> <details>\n> <summary>Why?</summary>\n>\n> Because" in markdown
    assert "```bash\nconda install pytorch\n```" in markdown
    assert "```python\n# shown, not run\n```" in markdown
    assert markdown.endswith("**Notes**\n\n1. A graphics card.")
    assert "title:" not in markdown


def test_notebook_is_valid_nbformat_4_5_for_a_python_kernel(
    rich_notebook: nbformat.NotebookNode,
) -> None:
    nbformat.validate(rich_notebook)
    assert (rich_notebook.nbformat, rich_notebook.nbformat_minor) == (4, 5)
    assert rich_notebook.metadata == {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    assert all(cell.metadata == {} for cell in rich_notebook.cells)
    assert all(
        cell.outputs == [] and cell.execution_count is None
        for cell in rich_notebook.cells
        if cell.cell_type == "code"
    )


def test_cell_ids_are_valid_unique_and_deterministic(
    rich_notebook: nbformat.NotebookNode, snippets: Path
) -> None:
    ids = [cell.id for cell in rich_notebook.cells]
    assert all(re.fullmatch(r"[a-zA-Z0-9-_]{1,64}", cell_id) for cell_id in ids)
    assert len(set(ids)) == len(ids)
    again = page_to_notebook(
        RICH_PAGE, path=PAGE, page_url=PAGE_URL, snippets={"base_path": [str(snippets)]}
    )
    assert [cell.id for cell in again.cells] == ids
    elsewhere = page_to_notebook(
        RICH_PAGE,
        path=Path("docs/other.md"),
        page_url=PAGE_URL,
        snippets={"base_path": [str(snippets)]},
    )
    assert not set(ids) & {cell.id for cell in elsewhere.cells}


def test_front_matter_is_dropped_and_a_leading_rule_stays_markdown() -> None:
    notebook = convert("---\ntitle: x\n---\n---\n\nText.\n\n---\n\nMore.\n\n" + RUNNABLE)
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code"]
    assert notebook.cells[0].source == "***\n\nText.\n\n---\n\nMore."


def test_windows_line_endings_are_read() -> None:
    notebook = convert("# T\r\n\r\n!!! note\r\n    Body.\r\n\r\n```python\r\nx = 1\r\n```\r\n")
    assert markdown_of(notebook) == "# T\n\n> **Note**\n>\n> Body."
    assert code_of(notebook) == ["x = 1"]


SCRIPTS = [
    pytest.param(
        '<script src="https://unpkg.com/tablesort.min.js"></script>\n',
        "",
        4,
        id="one-line",
    ),
    pytest.param(
        "<script>\n  document$.subscribe(() => {\n    render()\n  })\n</script>\n\nAfter.\n",
        "After.",
        4,
        id="block-to-its-closing-tag",
    ),
    pytest.param(
        '!!! note\n    Plots.\n\n    <SCRIPT type="module">\n    go()\n    </SCRIPT>\n',
        "> **Note**\n>\n> Plots.",
        7,
        id="inside-an-admonition",
    ),
]


@pytest.mark.parametrize(("script", "left", "line"), SCRIPTS)
def test_a_script_is_left_out_with_a_warning_naming_the_page_line(
    script: str, left: str, line: int
) -> None:
    page = f"---\ntitle: T\n---\n{script}\n{RUNNABLE}\n"  # the script starts on line 4
    warnings: list[ColabError] = []
    notebook = page_to_notebook(page, path=PAGE, page_url=PAGE_URL, warn=warnings.append)
    markdown = markdown_of(notebook)
    assert "script" not in markdown.lower()
    assert markdown == left
    assert [str(warning.where) for warning in warnings] == [f"{PAGE}:{line}"]
    assert "<script>" in warnings[0].problem
    assert "extra_javascript" in (warnings[0].fix or "")


def test_script_in_code_is_kept_as_code() -> None:
    warnings: list[ColabError] = []
    page = "```html\n<script>go()</script>\n```\n\n" + RUNNABLE
    notebook = page_to_notebook(page, path=PAGE, page_url=PAGE_URL, warn=warnings.append)
    assert "```html\n<script>go()</script>\n```" in markdown_of(notebook)
    assert warnings == []


LINK_PAGE = """\
# Lesson

LINK

```python
import torch
```

## Set up: step one!

```python
torch.manual_seed(0)
```

## Checking the GPU { #gpu-check }

[](){#tuned}
Tuning.

## Set up: step one!

### Using `json_schema_extra`

```python
print(torch.cuda.is_available())
```
"""
# The page's Markdown cells: 0 from "# Lesson", 1 "## Set up", 2 "## Checking the GPU" on.
IN_PAGE_LINKS = [
    pytest.param("[the set-up](#set-up-step-one)", "[the set-up](#scrollTo={1})", id="slug"),
    pytest.param("[top](#lesson)", "[top](#scrollTo={0})", id="heading-of-the-same-cell"),
    pytest.param("[check](#gpu-check)", "[check](#scrollTo={2})", id="id-the-page-gives"),
    pytest.param("[tuned](#tuned)", "[tuned](#scrollTo={2})", id="autorefs-anchor"),
    pytest.param(
        "[Jupyter](#Checking-the-GPU)", "[Jupyter](#scrollTo={2})", id="jupyter-heading-id"
    ),
    pytest.param("[again](#set-up-step-one_1)", "[again](#scrollTo={2})", id="repeated-slug"),
    pytest.param("[code](#using-json_schema_extra)", "[code](#scrollTo={2})", id="code-in-heading"),
    pytest.param(
        '[titled](#gpu-check "The check")', '[titled](#scrollTo={2} "The check")', id="title"
    ),
    pytest.param(
        "[check][c]\n\n[c]: #gpu-check", "[check][c]\n\n[c]: #scrollTo={2}", id="reference"
    ),
    pytest.param("[other](#nowhere)", "[other](#nowhere)", id="not-on-the-page-left-alone"),
    pytest.param("`[code](#lesson)`", "`[code](#lesson)`", id="inline-code-left-alone"),
    pytest.param("[site](other.md#lesson)", "[site](other.md#lesson)", id="other-page-untouched"),
]


@pytest.mark.parametrize(("link", "expected"), IN_PAGE_LINKS)
def test_in_page_links_point_at_the_cell_that_holds_their_target(link: str, expected: str) -> None:
    """Colab gives headings and anchors no target a link can reach, only cells, by id."""
    notebook = convert(LINK_PAGE.replace("LINK", link))
    ids = [cell.id for cell in notebook.cells if cell.cell_type == "markdown"]
    assert len(ids) == 3
    intro = notebook.cells[0].source
    assert intro == "# Lesson\n\n" + expected.format(*ids)


def test_an_id_the_page_gives_stays_as_an_anchor_before_its_heading() -> None:
    check = convert(LINK_PAGE).cells[4]
    assert check.source.startswith(
        '<a id="gpu-check"></a>\n## Checking the GPU\n\n<a id="tuned"></a>\nTuning.'
    )
