"""What a pull request must not publish, found before it is merged.

``check_notebook`` and ``check_page`` return findings: each names the file, the cell (index and
id) or line, what is wrong and how to fix it. ``fix_notebook`` makes the mechanical fixes
(private metadata stripped, cell ids added or made unique) and nothing else. What could run
script is judged by the allow-list the ``colab/policy`` plugin applies to pages (``safety``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbformat import NotebookNode
from nbformat.v4.rwbase import rejoin_lines

from .errors import ColabError, Location
from .notebook import (
    PRIVATE_CELL_KEYS,
    PRIVATE_COLAB_KEYS,
    PRIVATE_NOTEBOOK_KEYS,
    cell_location,
    ensure_cell_ids,
    parse_notebook,
    strip_private_metadata,
    write_notebook,
)
from .policy import VIDEO_FRAMES
from .safety import Unsafe, unsafe_markup
from .transforms.links import find_targets, local_path

# Private data Colab and Jupyter front ends write into notebooks (cell level, notebook level).
DEFAULT_OUTPUT_BUDGET = 1_000_000  # bytes of outputs per notebook

# Token shapes of common providers; a match is reported redacted, never printed whole.
SECRET_PATTERNS = {
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})"),
    "AWS access key id": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "OpenAI API key": re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}"),
    "Hugging Face token": re.compile(r"\bhf_[A-Za-z]{34,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    "PGP private key": re.compile(r"-----BEGIN PGP PRIVATE KEY BLOCK-----"),
    # Three base64url parts, the first two JSON objects ("eyJ" is how '{"' encodes).
    "JSON Web Token": re.compile(
        r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}"
    ),
    # A secret access key is 40 base64 characters with no prefix: found by the name beside it.
    "AWS secret access key": re.compile(
        r"(?i)aws_?secret_?(?:access_?)?key[\"']?\s*[:=]\s*[\"']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])"
    ),
    "Stripe live key": re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}"),
}
# Output types that carry text a reader sees (base64 images are not scanned: no secrets
# there, and scanning them finds random token-shaped strings).
TEXT_MIME_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex", "image/svg+xml")
SCRIPT_MIME_TYPES = ("application/javascript", "text/javascript", "application/x-javascript")
# Outputs nbconvert writes into the page as markup, unescaped. (It escapes text/latex, and shows
# image/svg+xml as an <img>, in which an SVG's scripts do not run.)
MARKUP_MIME_TYPES = ("text/html", "text/vnd.mermaid")


@dataclass(frozen=True)
class Finding:
    where: Location
    problem: str
    fix: str
    fixable: bool = False  # `check --fix` repairs it

    def __str__(self) -> str:
        return ColabError(self.problem, where=self.where, fix=self.fix).message


# -- notebooks -------------------------------------------------------------------------------

# What every lesson of the guide has: the parts a reader looks for first and last.
LESSON_INTRO_PARTS = ("**Prerequisites:**", "**What you will learn**")
LESSON_LAST_HEADING = "## Next steps"
# nbclient skips cells with this tag (downloads, for example); Colab ignores it and runs them.
SKIP_TAG = "skip-execution"
_FIX_RUN = "Run it with 'make run-lessons LESSONS={path}' and commit the outputs."


def check_notebook(
    text: str,
    shown_as: str,
    *,
    output_budget: int = DEFAULT_OUTPUT_BUDGET,
    locate: Callable[[str], Path | None] | None = None,
    frame_hosts: Collection[str] = VIDEO_FRAMES,
) -> list[Finding]:
    """Every finding for one notebook's text. ``locate`` resolves an image's file path (decoded,
    relative to the notebook) to the file, or None when there is none; ``frame_hosts`` are the
    origins its content may embed."""
    try:
        notebook = parse_notebook(text, shown_as=shown_as)
    except ColabError as error:
        return [Finding(error.where or Location(shown_as), error.problem, error.fix or "")]
    raw = nbformat.from_dict(json.loads(text))  # ids as written: validation repairs duplicates
    findings = [
        *_id_findings(raw, shown_as),
        *_private_metadata(notebook, shown_as),
        *_kernel(notebook, shown_as),
        *_output_size(notebook, shown_as, output_budget),
        *unsafe_content(notebook, shown_as, frame_hosts=frame_hosts),
    ]
    findings += _secrets(json.dumps(notebook.metadata), Location(shown_as))
    for index, cell in enumerate(notebook.cells):
        where = cell_location(shown_as, index, cell)
        findings += _secrets(_visible_text(cell), where)
        if cell.cell_type == "markdown" and locate is not None:
            findings += _missing_images(cell.source, where, locate)
    return findings


def _id_findings(notebook: NotebookNode, shown_as: str) -> Iterator[Finding]:
    """One finding per kind of id problem, at its first cell: an old notebook lacks every id,
    and a finding per cell would bury the rest (one --fix mends them all)."""
    seen: set[str] = set()
    missing, repeated = [], []
    for index, cell in enumerate(notebook.cells):
        cell_id = cell.get("id")
        if not cell_id:
            missing.append((index, cell, "has no cell id (nbformat 4.5)"))
        elif cell_id in seen:
            repeated.append((index, cell, f"repeats the cell id {cell_id!r}"))
        seen.add(cell_id)
    for cells in (missing, repeated):
        if cells:
            index, cell, problem = cells[0]
            more = f", as do {len(cells) - 1} more cells" if len(cells) > 1 else ""
            where = cell_location(shown_as, index, cell)
            yield Finding(where, f"{problem}{more}.", _FIX_IDS, fixable=True)


# `make check-fix` runs the command in this project's virtualenv; other sites call the command.
FIX_COMMAND = "'make check-fix' (elsewhere: 'mkdocs-colab check --fix')"
_FIX_IDS = f"Run {FIX_COMMAND} (or re-save in Jupyter)."
_FIX_PRIVATE = f"Run {FIX_COMMAND} to strip it."


def _private_metadata(notebook: NotebookNode, shown_as: str) -> Iterator[Finding]:
    for key in PRIVATE_NOTEBOOK_KEYS:
        if key in notebook.metadata:
            yield Finding(
                Location(shown_as),
                f"carries private metadata 'metadata.{key}'.",
                _FIX_PRIVATE,
                fixable=True,
            )
    for key in PRIVATE_COLAB_KEYS:
        if key in notebook.metadata.get("colab", {}):
            yield Finding(
                Location(shown_as),
                f"carries private metadata 'metadata.colab.{key}'.",
                _FIX_PRIVATE,
                fixable=True,
            )
    for index, cell in enumerate(notebook.cells):
        for key in PRIVATE_CELL_KEYS:
            if key in cell.get("metadata", {}):
                yield Finding(
                    cell_location(shown_as, index, cell),
                    f"carries private metadata '{key}' (written by Colab; may hold your name).",
                    _FIX_PRIVATE,
                    fixable=True,
                )


def _kernel(notebook: NotebookNode, shown_as: str) -> Iterator[Finding]:
    name = notebook.metadata.get("kernelspec", {}).get("name")
    if name != "python3":
        yield Finding(
            Location(shown_as),
            f"uses the kernel {name!r}; lessons run on 'python3'.",
            "In Jupyter choose Kernel > Change kernel > Python 3, then save.",
        )


def _output_size(notebook: NotebookNode, shown_as: str, budget: int) -> Iterator[Finding]:
    sizes = [
        (len(json.dumps(cell.get("outputs", []))), index, cell)
        for index, cell in enumerate(notebook.cells)
    ]
    total = sum(size for size, _, _ in sizes)
    if total > budget:
        size, index, cell = max(sizes, key=lambda item: item[0])
        yield Finding(
            cell_location(shown_as, index, cell),
            f"outputs take {total / 1e6:.1f} MB, over the {budget / 1e6:.1f} MB budget; "
            f"this cell holds {size / 1e6:.1f} MB of them.",
            "Print less, plot smaller (figsize, dpi), or clear that cell's output.",
        )


def _visible_text(cell: NotebookNode) -> str:
    """Every text of a cell a secret can hide in: source, metadata, outputs (images aside)."""
    parts = [cell.source, json.dumps(cell.get("metadata", {}))]
    for output in cell.get("outputs", []):
        parts.append(str(output.get("text", "")))
        parts += [str(output.get("evalue", "")), "\n".join(output.get("traceback", []))]
        data = output.get("data", {})
        parts += [str(data[mime]) for mime in TEXT_MIME_TYPES if mime in data]
        parts += [json.dumps(data[mime]) for mime in data if mime.endswith("json")]
    return "\n".join(parts)


def check_module(text: str, shown_as: str) -> list[Finding]:
    """The findings for a helper module: the secrets in it, each with its line."""
    return [
        finding
        for number, line in enumerate(text.splitlines(), start=1)
        for finding in _secrets(line, Location(shown_as, line=number), held_in="the file")
    ]


def check_modules(paths: Iterable[Path], root: Path) -> list[Finding]:
    """The findings for every Python file among ``paths``: helper modules are published beside
    their lessons and written into Colab copies, so a key in one would be public."""
    root = root.resolve()
    return [
        finding
        for path in sorted({p.resolve() for p in paths if p.suffix == ".py"})
        for finding in check_module(
            path.read_text(encoding="utf-8", errors="replace"), path.relative_to(root).as_posix()
        )
    ]


def _secrets(
    text: str, where: Location, *, held_in: str = "the cell and its output"
) -> Iterator[Finding]:
    for kind, pattern in SECRET_PATTERNS.items():
        if match := pattern.search(text):
            article = "an" if kind[0] in "AEIOU" else "a"
            yield Finding(
                where,
                f"contains what looks like {article} {kind} ({match.group(0)[:6]}...).",
                f"Revoke it now, remove it from {held_in}, and read secrets "
                "with google.colab.userdata or environment variables instead.",
            )


def _missing_images(
    markdown: str, where: Location, locate: Callable[[str], Path | None]
) -> Iterator[Finding]:
    for target in find_targets(markdown):
        relative = local_path(target.url)
        if not target.is_image or relative is None or relative.startswith("/"):
            continue  # a site-root path is the copy's warning (it points it where the site does)
        try:
            path = locate(relative)
        except ColabError as error:
            yield Finding(where, error.problem, error.fix or "")
            continue
        if path is None or not path.exists():
            yield Finding(
                where,
                f"shows the image {target.url!r}, which does not exist.",
                "Fix the path (relative to the file) or add the image.",
            )


# -- script in outputs and Markdown ------------------------------------------------------------


def markup_of(cell: NotebookNode) -> Iterator[str]:
    """Every piece of ``cell`` that a notebook page shows as markup, as the browser gets it:
    Markdown rendered by nbconvert's own renderer, raw cells and these outputs as they are
    (nbconvert writes them unescaped), and the cell's tags (mkdocs-jupyter's tag toolbar
    prints them as they are)."""
    if cell.cell_type == "markdown":
        yield _markdown_html(cell.source, cell.get("attachments", {}))
    elif cell.cell_type == "raw":
        yield cell.source
    yield from (str(tag) for tag in cell.get("metadata", {}).get("tags", []))
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        yield from (str(data[mime]) for mime in MARKUP_MIME_TYPES if mime in data)
        if "text/markdown" in data:
            yield _markdown_html(str(data["text/markdown"]), {})


def _markdown_html(source: str, attachments: dict) -> str:
    """Markdown as nbconvert's HTML exporter renders it for a notebook page (raw HTML kept)."""
    renderer = IPythonRenderer(escape=False, attachments=attachments)
    return MarkdownWithMath(renderer=renderer).render(source)


def unsafe_content(
    notebook: NotebookNode, shown_as: str, *, frame_hosts: Collection[str] = VIDEO_FRAMES
) -> list[Finding]:
    """What a notebook would put on its page that could run script there: the allow-list of
    ``mkdocs_colab.safety`` over every carrier (``markup_of``), and script outputs."""
    findings = []
    for index, cell in enumerate(notebook.cells):
        where = cell_location(shown_as, index, cell)
        for output in cell.get("outputs", []):
            for mime in SCRIPT_MIME_TYPES:
                if mime in output.get("data", {}):
                    findings.append(Finding(where, f"has an output of type {mime}.", _FIX_SCRIPT))
        for markup in markup_of(cell):
            findings += [
                Finding(where, f"has {unsafe}.", _FIX_SCRIPT)
                for unsafe in unsafe_markup(markup, frame_hosts=frame_hosts)
            ]
    return findings  # widget state, which loads code on the page, is private metadata too


_FIX_PAGE_SCRIPT = "Remove it: pages must not run script."
_FIX_SCRIPT = (
    "Clear that output (or remove the markup from the cell): pages must not run script from "
    "notebooks. Show a static image or a table instead."
)


# -- Markdown pages ----------------------------------------------------------------------------


def check_page(
    text: str,
    shown_as: str,
    *,
    locate: Callable[[str], Path | None] | None = None,
    render: Callable[[str], str] | None = None,
    frame_hosts: Collection[str] = VIDEO_FRAMES,
) -> list[Finding]:
    """Script, secrets and missing images in a Markdown page. ``render`` turns the page into the
    HTML the site shows (the site's own Markdown extensions); its script findings name the
    first line of the page that holds the element's tag or attribute, where one does."""
    findings = []
    if render is not None:
        for unsafe in unsafe_markup(render(text), frame_hosts=frame_hosts):
            where = Location(shown_as, line=_line_of(text, unsafe))
            findings.append(
                Finding(where, f"has {unsafe}.", "Remove it: pages must not run script.")
            )
    for number, line in enumerate(text.splitlines(), start=1):
        where = Location(shown_as, line=number)
        findings += _secrets(line, where)
        if locate is not None:
            findings += _missing_images(line, where, locate)
    return findings


def _line_of(text: str, unsafe: Unsafe) -> int | None:
    """The first line of ``text`` that names the element or attribute ``unsafe`` is about."""
    element = unsafe.element
    needles = [f"<{element.tag}", *(name for name in element.attributes if name in unsafe.what)]
    for number, line in enumerate(text.splitlines(), start=1):
        if any(needle.lower() in line.lower() for needle in needles):
            return number
    return None


# -- --fix ---------------------------------------------------------------------------------------


def fix_notebook(text: str, shown_as: str) -> str:
    """``text`` with private metadata stripped and cell ids added or made unique; nothing else.

    Raises ``ColabError`` for a notebook that cannot be read: that needs a person.
    """
    parse_notebook(text, shown_as=shown_as)  # an unreadable notebook needs a person
    notebook = rejoin_lines(nbformat.from_dict(json.loads(text)))  # ids as written
    strip_private_metadata(notebook)
    seen: set[str] = set()
    for cell in notebook.cells:
        if cell.get("id") in seen:
            del cell["id"]  # given a fresh one below
        elif cell.get("id"):
            seen.add(cell.id)
    ensure_cell_ids(notebook, seed=shown_as)
    fixed = write_notebook(notebook)
    nbformat.validate(nbformat.reads(fixed, as_version=4))
    return fixed


def check_lesson_structure(text: str, shown_as: str) -> list[Finding]:
    """The structure a lesson of the guide follows (``check --lessons``), beyond a valid notebook:
    a title and introduction first, "Next steps" last, lesson options, outputs of one clean run.
    """
    try:
        notebook = parse_notebook(text, shown_as=shown_as)
    except ColabError:
        return []  # check_notebook reports the unreadable file
    if not notebook.cells:
        return [Finding(Location(shown_as), "has no cells.", "Scaffold it with 'make new'.")]
    return [
        *_intro_findings(notebook, shown_as),
        *_next_steps_findings(notebook, shown_as),
        *_options_findings(notebook, shown_as),
        *_run_findings(notebook, shown_as),
    ]


def _intro_findings(notebook: NotebookNode, shown_as: str) -> Iterator[Finding]:
    first = notebook.cells[0]
    where = cell_location(shown_as, 0, first)
    if first.cell_type != "markdown" or not first.source.startswith("# "):
        yield Finding(
            where, "does not open the lesson with '# Title'.", "Make cell 0 Markdown: '# Title'."
        )
        return
    for part in LESSON_INTRO_PARTS:
        if part not in first.source:
            yield Finding(
                where,
                f"lacks {part} in the introduction.",
                f"Add a line '{part}' to cell 0, as in the lesson 'make new' writes.",
            )


def _next_steps_findings(notebook: NotebookNode, shown_as: str) -> Iterator[Finding]:
    index = len(notebook.cells) - 1
    last = notebook.cells[index]
    if last.cell_type != "markdown" or not last.source.startswith(LESSON_LAST_HEADING):
        yield Finding(
            cell_location(shown_as, index, last),
            f"is the last cell but does not start with '{LESSON_LAST_HEADING}'.",
            f"End the lesson with a Markdown cell '{LESSON_LAST_HEADING}' linking onwards.",
        )


def _options_findings(notebook: NotebookNode, shown_as: str) -> Iterator[Finding]:
    options = notebook.metadata.get("mkdocs_colab")
    if not isinstance(options, dict):
        yield Finding(
            Location(shown_as),
            f"has no lesson options (metadata 'mkdocs_colab' is {options!r}).",
            'Add "mkdocs_colab": {} to the notebook metadata ({"gpu": true} if it needs a GPU).',
        )


def _run_findings(notebook: NotebookNode, shown_as: str) -> Iterator[Finding]:
    fix = _FIX_RUN.format(path=shown_as)
    code = [(i, cell) for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    skipped = [(i, cell) for i, cell in code if SKIP_TAG in cell.metadata.get("tags", [])]
    for index, cell in skipped:
        if cell.execution_count is not None or cell.outputs:
            yield Finding(
                cell_location(shown_as, index, cell),
                f"is tagged {SKIP_TAG} but has outputs or an execution count.",
                f"Clear its outputs, then: {fix}",
            )
    ran = [(i, cell) for i, cell in code if (i, cell) not in skipped]
    for expected, (index, cell) in enumerate(ran, start=1):
        where = cell_location(shown_as, index, cell)
        if cell.execution_count != expected:
            yield Finding(
                where,
                f"has execution count {cell.execution_count!r}, not {expected}: "
                "the outputs are not from one clean run.",
                fix,
            )
            return  # one finding says it all: the whole lesson needs a run
        if any(output.output_type == "error" for output in cell.outputs):
            yield Finding(where, "has an error in its outputs.", f"Fix the cell, then: {fix}")
