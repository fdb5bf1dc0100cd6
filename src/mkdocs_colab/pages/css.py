"""Keep only the CSS notebook pages use.

mkdocs-jupyter ships JupyterLab's whole stylesheet (about 600 KB: file browser, toolbars, 78 KB
of UI icons as custom properties) to style a few output areas. A rule is kept when one of its
selectors names only classes the site's notebook pages have (outside ``:not()``); then custom
properties that no kept declaration reads (directly or through another property) are dropped.
Rules without classes (elements, attributes, ``:root``) are kept. Parsing is tinycss2's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import tinycss2
from tinycss2.ast import AtRule, Declaration, FunctionBlock, QualifiedRule

_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
# A class inside :not() is one the element must NOT have: pages lacking it still match.
_NEGATION = re.compile(r":not\([^()]*\)")
_NESTED = ("media", "supports", "layer", "container")


def prune(css: str, used_classes: set[str]) -> str:
    rules = _kept(
        tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), used_classes
    )
    needed = _needed_properties(rules)
    return "\n".join(_serialize(rule, needed) for rule in rules) + "\n"


def _kept(rules: Iterable, used: set[str]) -> list:
    kept = []
    for rule in rules:
        if isinstance(rule, QualifiedRule) and _selected(tinycss2.serialize(rule.prelude), used):
            kept.append(rule)
        elif isinstance(rule, AtRule) and rule.lower_at_keyword in _NESTED and rule.content:
            inner = _kept(tinycss2.parse_rule_list(rule.content, True, True), used)
            if inner:
                kept.append((rule, inner))
        elif isinstance(rule, AtRule):
            kept.append(rule)  # @keyframes, @font-face, @charset: small, and referenced by name
    return kept


def _selected(selectors: str, used: set[str]) -> bool:
    # Splitting at commas also splits :is() lists; each piece then needs only its own classes,
    # which can keep a rule that is unused but never drops one that is used.
    positive = _NEGATION.sub("", selectors)
    return any(set(_CLASS.findall(selector)) <= used for selector in positive.split(","))


def _declarations(rule: QualifiedRule) -> list[Declaration]:
    parsed = tinycss2.parse_declaration_list(rule.content, True, True)
    return [d for d in parsed if isinstance(d, Declaration)]


def _flat(rules: list) -> Iterable[QualifiedRule]:
    for rule in rules:
        if isinstance(rule, tuple):
            yield from _flat(rule[1])
        elif isinstance(rule, QualifiedRule):
            yield rule


def _var_names(tokens: Iterable) -> Iterable[str]:
    for token in tokens:
        if isinstance(token, FunctionBlock):
            if token.lower_name == "var":
                for argument in token.arguments:
                    if argument.type == "ident" and argument.value.startswith("--"):
                        yield argument.value
                        break
            yield from _var_names(token.arguments)
        elif hasattr(token, "content") and isinstance(token.content, list):
            yield from _var_names(token.content)


def _needed_properties(rules: list) -> set[str]:
    """Custom properties read by a kept declaration, directly or through other properties."""
    defines: dict[str, set[str]] = {}
    needed: set[str] = set()
    for rule in _flat(rules):
        for declaration in _declarations(rule):
            reads = set(_var_names(declaration.value))
            if declaration.name.startswith("--"):
                defines.setdefault(declaration.name, set()).update(reads)
            else:
                needed |= reads
    frontier = set(needed)
    while frontier:
        frontier = {v for name in frontier for v in defines.get(name, ())} - needed
        needed |= frontier
    return needed


def _serialize(rule, needed: set[str]) -> str:
    if isinstance(rule, tuple):
        at_rule, inner = rule
        body = "\n".join(_serialize(r, needed) for r in inner)
        return f"@{at_rule.at_keyword}{tinycss2.serialize(at_rule.prelude)}{{\n{body}\n}}"
    if isinstance(rule, AtRule):
        return tinycss2.serialize([rule])
    declarations = [
        f"{d.name}:{tinycss2.serialize(d.value).strip()}{' !important' if d.important else ''}"
        for d in _declarations(rule)
        if not d.name.startswith("--") or d.name in needed
    ]
    selector = tinycss2.serialize(rule.prelude).strip()
    return f"{selector}{{{';'.join(declarations)}}}" if declarations else ""
