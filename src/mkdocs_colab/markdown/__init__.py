"""Turn a MkDocs + Material lesson page into a Colab-ready notebook.

Pages are written for Python-Markdown with the Material theme and pymdown-extensions; Colab
renders plain CommonMark/GFM with a little HTML. So the page is first *lowered*: every
MkDocs-only construct is rewritten as Markdown that Colab shows correctly. Then jupytext
(``jupytext.reads(text, fmt="md")``) splits the result into cells. Relative links and images
are left alone; later transforms make them absolute.

Which blocks become code cells
------------------------------
A fence that starts at column 0 of the page (or of a content tab, wherever the tab is) whose
language is ``python``, ``py``, ``py3``, ``python3``, ``ipython`` or ``ipython3``.
Material/pymdownx attributes after the language (``linenums="1" hl_lines="2"``, or the
``{ .python }`` form) are dropped, and ``!shell`` and ``%magic`` lines stay exactly as written.
A console session (``pycon``, ``python-console``, or a Python fence whose first line starts
with ``>>>``) becomes the code typed after its ``>>>`` and ``...`` prompts; the output it shows
is left out, as running the cell shows it again.

A title (``title="main.py"``) is kept as the cell's first line: ``%%writefile main.py`` when it
is a plain ``.py`` file name that the page names elsewhere (``python main.py``, ``from main
import app``, ``uvicorn main:app``), since the lesson then uses the block as a file; otherwise a
``# main.py`` comment.

The tabs of a content-tab group are alternatives (a "Python 3.9" and a "Python 3.12" variant, a
"PyTorch" and a "JAX" one): only the first tab with Python runs, the others show their code as
Markdown. With a ``framework`` (one copy per label), a group with a tab of that label keeps that
tab alone, without its heading. Python in a tab runs even when the tab sits in a list item or an
admonition: the code cell breaks out of the list or the quote, which continues after it.

Everything else stays Markdown: fences in other languages (``bash``, ``text``, ``yaml``,
none; a fence with only attributes, ```` ``` title="x" ```` or ```` ``` { .no-copy } ````, has
none), Python fences indented inside list items, and Python fences inside
admonitions. An admonition becomes a block quote, and its code stays in the quote as an example
to read, not a cell to run, the way the page presents it.

Keeping a Python block as prose: the ``no-colab`` marker
--------------------------------------------------------
Give the fence the class ``.no-colab``, in either of pymdownx.superfences' brace forms::

    ```{ .python .no-colab }
    ```python { .no-colab title="slow.py" }

The block stays in the notebook's Markdown as a clean ```` ```python ```` fence, with the marker
and the other attributes removed. On the site the class only adds ``class="no-colab"`` to the
code block, so the page looks the same.

A bare word (```` ```python no-colab ````) is accepted here too, but superfences does not
accept it: the site would show that fence as inline text. Use the class form on MkDocs pages.

What MkDocs-only syntax lowers to
---------------------------------
- Admonitions ``!!! note "Title"``: a block quote, ``> **Title**``, ``>``, then the quoted
  body. No title gives the capitalised type (``**Note**``); ``""`` gives no title line. Nested
  admonitions nest the quotes.
- Collapsible ``??? note "Title"``: ``<details>`` with ``<summary>Title</summary>``, a blank
  line, the body, a blank line, ``</details>``; ``???+`` gives ``<details open>``.
- Definition lists (``Term`` then ``:   definition``): the term in bold (several terms on
  their own lines), then each definition as a block quote, its body lowered like an
  admonition's.
- pymdownx.blocks ``/// name | title`` (any number of slashes, nested, indented, YAML options
  under the header dropped): an admonition type (``/// tip``) or ``/// admonition`` like
  ``!!!``; ``/// details`` like ``???`` (``open: true`` gives ``<details open>``);
  ``/// tab`` like ``===``; ``/// caption`` in italics; ``/// html`` and other blocks their
  content alone.
- Content tabs ``=== "PyTorch"`` (and ``===!``, ``===+``): a heading one level below the nearest
  preceding heading (``####`` if there is none), then the tab's body, de-indented, so that its
  Python fences become code cells.
- ``<div markdown>`` and other elements with md_in_html's ``markdown`` attribute: their
  content, without the wrapper, so that no cell holds an opening tag whose closing tag is in
  another cell.
- Reference links: each Markdown cell gets, at its end, the page's definitions of the labels it
  uses (Colab renders every cell alone); cells that held only definitions go. A full or
  collapsed reference whose label the page does not define (``[dict][]``, a cross-reference
  mkdocs-autorefs resolves on the site) becomes its text.
- Snippets ``--8<-- "file.md"`` in every form: included by pymdownx.snippets' own preprocessor
  with the site's options, so the copy holds what the page shows, then lowered like the page.
  A snippet the extension refuses (missing, with ``check_paths``) is a
  :class:`~mkdocs_colab.errors.ColabError` naming the page line.
- Attribute lists ``{ .class }``, ``{: #id }``, ``{ width="300" }``: removed, with the blanks
  before them; a line that held only an attribute list goes. An id stays as an anchor,
  ``<a id="id"></a>``: on its own line before a heading, in place elsewhere; mkdocs-autorefs'
  ``[](){#id}`` becomes that anchor alone.
- In-page links (``[see](#setup)``, ``[label]: #setup``) to a target on the page: the link
  ``#scrollTo=<cell id>`` of the cell that holds it, the one in-notebook link Colab follows
  (see :mod:`mkdocs_colab.markdown.anchors`).
- Material icons ``:material-check:``, ``:fontawesome-...:``, ``:octicons-...:``,
  ``:simple-...:``: removed, with the blank after them; a link whose text is only an icon
  (``[:material-github:](URL)``) gets the icon's name as its text (``[github](URL)``).
- Emoji ``:rocket:``: the Unicode character, from pymdownx's Twemoji index (the site's).
  Unknown shortcodes are left alone.
- Footnotes ``[^1]``: ``<sup>1</sup>``, numbered in definition order as Python-Markdown does;
  the definitions ``[^1]: text`` become a numbered **Notes** list at the end of the page.
- Abbreviations ``*[HTML]: Hyper Text Markup Language``: each use of the word outside code, URLs
  and headings becomes ``<abbr title="Hyper Text Markup Language">HTML</abbr>``, as on the site;
  the definition line is removed. (Headings stay plain: the first names the notebook.)
- Critic markup (pymdownx.critic), accepted: ``{++text++}`` keeps the text, ``{--text--}`` and
  ``{>>comment<<}`` go, ``{~~old~>new~~}`` becomes ``new``, ``{==text==}`` becomes
  ``<mark>text</mark>``; marks may span lines and whole blocks.
- Mermaid fences: ``*Diagram: [see it on the page](PAGE_URL)*``.
- ``<script>`` blocks (from a line that starts with ``<script`` to the one with ``</script>``):
  left out, each reported to ``warn`` with the page line it starts on; Colab does not run a
  page's script, and ``check`` rejects script on a page.
- Keys ``++ctrl+alt+del++``: ``<kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd>``; a quoted key
  that is an entity (``++"&Uuml;"++``) shows its character.
- ``==mark==`` and ``^^ins^^``: ``<mark>mark</mark>`` and ``<ins>ins</ins>``
  (``~~del~~`` is GFM and stays).
- Inline code with an inlinehilite language, `` `#!python len(x)` ``: `` `len(x)` ``.
- Code annotations: the ``{ .annotate }`` attribute list goes; ``(1)`` markers stay as text.

Nothing inside code fences or inline code (as :mod:`mkdocs_colab.text` finds them) is lowered,
except that snippets are expanded everywhere, as pymdownx.snippets does. Markdown that is not
MkDocs-specific passes through as written. Known gaps: four-space indented code blocks outside
lists are treated as prose, and inline code is recognised line by line.
"""

from .assembly import NoRunnableCode, page_to_notebook
from .blocks import has_tab_labelled
from .snippets import snippet_options

__all__ = ["NoRunnableCode", "has_tab_labelled", "page_to_notebook", "snippet_options"]

# The modules, in the order the page flows through them: front_matter (the page as lines),
# snippets (pymdownx.snippets), critic (its marks accepted), blocks (the block lowerings in
# order, over lowering's shared loop: fenced, containers, definitions), inline (icons, emoji,
# keys, attribute lists, abbreviations), assembly (jupytext's cells, references, ids), anchors
# (in-page links to cells).
