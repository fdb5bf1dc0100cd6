"""Critic markup (pymdownx.critic) accepted: the page as it reads once its edits are made.

``{++inserted++}`` keeps its text, ``{--deleted--}`` goes, ``{~~old~>new~~}`` becomes ``new``,
``{==highlighted==}`` becomes ``<mark>highlighted</mark>`` (its text alone when it spans
paragraphs, where one inline element cannot), and ``{>>comments<<}`` go. Marks may span lines
and whole blocks; code (fences and inline code) is left alone. The text removed leaves its line
breaks behind, so that the page keeps its line numbers for the messages that name them.
"""

from __future__ import annotations

import re

from ..text import code_spans, fences

_CRITIC = re.compile(
    r"\{\+\+(?P<insert>.*?)\+\+\}"
    r"|\{--(?P<delete>.*?)--\}"
    r"|\{~~(?P<old>.*?)~>(?P<new>.*?)~~\}"
    r"|\{==(?P<mark>.*?)==\}"
    r"|\{>>(?P<comment>.*?)<<\}",
    re.DOTALL,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def accept_critic_marks(lines: list[str]) -> list[str]:
    """``lines`` with every critic mark outside code replaced by what accepting it leaves."""
    text = "\n".join(lines)
    if "{" not in text:
        return lines
    shown = _without_code(lines)
    pieces, last = [], 0
    for match in _CRITIC.finditer(shown):
        pieces += [text[last : match.start()], _accepted(text, match)]
        last = match.end()
    if not pieces:
        return lines
    return ("".join(pieces) + text[last:]).split("\n")


def _accepted(text: str, match: re.Match[str]) -> str:
    """What is left of one mark, its removed text's line breaks after it."""

    def part(name: str) -> str:
        return text[match.start(name) : match.end(name)]

    if match["insert"] is not None:
        return part("insert")
    if match["old"] is not None:
        return part("new") + "\n" * part("old").count("\n")
    if match["mark"] is not None:
        marked = part("mark")
        return marked if _PARAGRAPH_BREAK.search(marked) else f"<mark>{marked}</mark>"
    removed = part("delete") if match["delete"] is not None else part("comment")
    return "\n" * removed.count("\n")


def _without_code(lines: list[str]) -> str:
    """The page with its fences and inline code as spaces: same length, same lines."""
    in_fence = {index for fence in fences(lines) for index in range(fence.start, fence.end)}
    shown = []
    for index, line in enumerate(lines):
        if index in in_fence:
            shown.append(" " * len(line))
            continue
        pieces, last = [], 0
        for span in code_spans(line):
            pieces += [line[last : span.start], " " * (span.end - span.start)]
            last = span.end
        shown.append("".join(pieces) + line[last:])
    return "\n".join(shown)
