"""Scaffold a lesson: a notebook or a Markdown page with the right metadata, and its nav entry."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import nbformat
import yaml

from .errors import ColabError, Location
from .files import write_atomic
from .notebook import KERNELSPEC, write_notebook
from .options import METADATA_KEY
from .transforms.generated import code_cell, markdown_cell

INTRO = """\
# {title}

One paragraph: what this lesson does and why it matters.

**Prerequisites:** what the reader should know or have done first.

**What you will learn**

- the first thing
- the second thing"""
DEFAULT_SECTION = "Lessons"
NEXT_STEPS = """\
## Next steps

- Where to go from here, with links to other pages of the guide."""


def scaffold(
    kind: str,
    path: Path,
    *,
    title: str,
    gpu: bool,
    section: str | None,
    config_file: Path,
    docs_dir: Path,
    nav: list | None = None,
) -> tuple[Path, str | None]:
    """Create the lesson at ``path`` (relative to the project) and add it to ``section`` of the
    nav in ``config_file``; pages under ``docs_dir`` are named relative to it, as the nav does.
    Without ``section``, the lesson joins the section of ``nav`` whose pages share its folder,
    else "Lessons"; a site without a nav is left as it is. Returns the file and the section."""
    root = config_file.resolve().parent
    target = (root / path).resolve()
    suffix = ".ipynb" if kind == "notebook" else ".md"
    if target.suffix != suffix:
        raise ColabError(
            f"a {kind} lesson must end with {suffix}, got {path}.", fix=f"Name it *{suffix}."
        )
    if target.exists():
        raise ColabError(f"{path} already exists.", fix="Choose another name.")
    docs_dir = docs_dir.resolve()
    nav_path = (
        target.relative_to(docs_dir)
        if target.is_relative_to(docs_dir)
        else target.relative_to(root)
    ).as_posix()
    text = notebook_text(title, gpu, seed=nav_path) if kind == "notebook" else page_text(title, gpu)
    new_config = None
    if nav is not None or section:  # without a nav, MkDocs lists every page by itself
        section = section or _known_section(nav or [], nav_path)
        new_config = with_nav_entry(
            config_file.read_text(encoding="utf-8"), section, title, nav_path
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    if new_config is not None:
        write_atomic(config_file, new_config)
    return target, section


def _known_section(nav: list, nav_path: str) -> str:
    """The section a new page joins when none is asked for; an error listing the site's own
    sections when the nav has neither one for its folder nor a "Lessons" section."""
    section = section_for(nav, nav_path)
    sections = [
        name
        for item in nav
        if isinstance(item, dict)
        for name, children in item.items()
        if isinstance(children, list)
    ]
    if section != DEFAULT_SECTION or section in sections:
        return section
    listed = ", ".join(repr(name) for name in sections) or "none"
    raise ColabError(
        f"the nav has no section for {nav_path} (its sections: {listed}).",
        where=Location("mkdocs.yml"),
        fix="Pass --section with the section the page belongs to.",
    )


def section_for(nav: list, nav_path: str) -> str:
    """The top-level nav section holding a page in ``nav_path``'s folder, else "Lessons"."""
    folder = nav_path.rpartition("/")[0]
    for item in nav:
        if not isinstance(item, dict):
            continue
        for name, children in item.items():
            if isinstance(children, list) and folder in {
                page.rpartition("/")[0] for page in _pages(children)
            }:
                return name
    return DEFAULT_SECTION


def _pages(nav: list) -> list[str]:
    pages: list[str] = []
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            pages += _pages(value) if isinstance(value, list) else [str(value)]
    return pages


def notebook_text(title: str, gpu: bool, *, seed: str) -> str:
    notebook = nbformat.v4.new_notebook(
        metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    )
    # Every lesson carries its options, even none: the key is where a contributor adds them.
    notebook.metadata[METADATA_KEY] = {"gpu": True} if gpu else {}
    slug = re.sub(r"[^a-z0-9]+", "-", seed.lower()).strip("-")[:40]
    notebook.cells = [
        markdown_cell(INTRO.format(title=title), f"{slug}-intro"),
        code_cell('print("Hello from the first cell")', f"{slug}-code"),
        markdown_cell(NEXT_STEPS, f"{slug}-next"),
    ]
    return write_notebook(notebook)


def page_text(title: str, gpu: bool) -> str:
    colab = "\n  gpu: true" if gpu else " true"
    body = textwrap.dedent(
        """\
        ```python
        print("Hello from the first cell")
        ```
        """
    )
    return (
        f"---\ndescription: One sentence for search engines and link previews.\ncolab:{colab}\n"
        f"---\n\n{INTRO.format(title=title)}\n\n{body}\n{NEXT_STEPS}\n"
    )


def with_nav_entry(config_text: str, section: str, title: str, nav_path: str) -> str:
    """``mkdocs.yml`` text with ``- title: nav_path`` appended to the nav section ``section``.

    Edited as text, not re-dumped as YAML, so comments, ``!ENV`` tags and layout survive.
    """
    lines = config_text.splitlines(keepends=True)
    header = re.compile(rf"^(\s*)- {re.escape(section)}:\s*$")
    for number, line in enumerate(lines):
        if match := header.match(line):
            indent = len(match.group(1))
            end = number + 1
            while end < len(lines) and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
            ):
                end += 1
            while lines[end - 1].strip() == "":
                end -= 1
            child = " " * (indent + 4) if end == number + 1 else _indent_of(lines[end - 1])
            entry = f"{child}- {_yaml_key(title)}: {nav_path}\n"
            return "".join([*lines[:end], entry, *lines[end:]])
    raise ColabError(
        f"mkdocs.yml has no nav section '- {section}:'.",
        where=Location("mkdocs.yml"),
        fix=f"Add '- {section}:' to nav, or pass --section with an existing section.",
    )


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _yaml_key(title: str) -> str:
    """``title`` as its neighbours are written: plain, quoted only where YAML needs it."""
    try:
        plain = yaml.safe_load(f"{title}: x") == {title: "x"}
    except yaml.YAMLError:
        plain = False
    return title if plain else json.dumps(title)  # a JSON string is a YAML double-quoted one
