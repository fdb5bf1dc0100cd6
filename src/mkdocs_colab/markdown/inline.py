"""Inline lowering: MkDocs-only syntax in a line of prose rewritten, its inline code untouched."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import cache

from pymdownx import emoji1_db, keymap_db, twemoji_db

from ..text import code_spans

_INLINE_HILITE = re.compile(r"^(?P<space> ?)#![\w+#.-]+[ \t]+")
_PROTECTED = re.compile("\x00(\\d+)\x00")

_ATTR_ITEM = r"""(?:[.#][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s"'{}]+))"""
ATTRIBUTE_LIST = re.compile(
    rf"(?:(?<=\S)[ \t]+)?\{{:?[ \t]*{_ATTR_ITEM}(?:[ \t]+{_ATTR_ITEM})*[ \t]*\}}"
)

_ICON = r":(?:material|fontawesome|octicons|simple)-[\w-]+:"
_ICON_AT_END = re.compile(rf"[ \t]*{_ICON}[ \t]*$|[ \t]*{_ICON}(?=\])")
_ICON_WITH_SPACE = re.compile(rf"{_ICON}[ \t]*")
_ICON_ONLY_LINK_TEXT = re.compile(rf"(?<![\\!])\[[ \t]*(?P<icon>{_ICON})[ \t]*\](?=\()")

_EMOJI = re.compile(r"(?<!\w):[+\-\w]+:(?!\w)")
_KEYS = re.compile(r'\+\+(?P<keys>(?:[\w-]+|"[^"]+")(?:\+(?:[\w-]+|"[^"]+"))*)\+\+')
_KEY = re.compile(r'"[^"]+"|[^+]+')
_FOOTNOTE_REFERENCE = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
_MARK = re.compile(r"(?<![=\w])==(?![=\s])(?P<text>.+?)(?<![=\s])==(?![=\w])")
_INS = re.compile(r"(?<![\^\w])\^\^(?![\^\s])(?P<text>.+?)(?<![\^\s])\^\^(?![\^\w])")


class Abbreviations:
    """The page's abbreviations (``*[HTML]: Hyper Text Markup Language``), word -> expansion."""

    def __init__(self, expansions: Mapping[str, str]) -> None:
        self.expansions = dict(expansions)
        words = sorted(self.expansions, key=len, reverse=True)  # "HTML5" before "HTML"
        alternatives = "|".join(re.escape(word) for word in words)
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if words else None

    def expand(self, text: str) -> str:
        """Each use of a word outside markup, code and URLs as ``<abbr title="...">``, the way
        the site shows it, so that the expansion is still there in Colab."""
        if self.pattern is None:
            return text
        pieces, last = [], 0
        for skipped in _NOT_PROSE.finditer(text):
            pieces += [self._wrap(text[last : skipped.start()]), skipped[0]]
            last = skipped.end()
        return "".join(pieces) + self._wrap(text[last:])

    def _wrap(self, text: str) -> str:
        assert self.pattern is not None

        def abbr(match: re.Match[str]) -> str:
            title = html.escape(self.expansions[match[0]], quote=True)
            return f'<abbr title="{title}">{match[0]}</abbr>'

        return self.pattern.sub(abbr, text)


NO_ABBREVIATIONS = Abbreviations({})
# Where an abbreviation must not be expanded: HTML tags, link destinations, URLs, inline code.
_NOT_PROSE = re.compile(r"<[^>]*>|\]\([^)]*\)|\bhttps?://[^\s)>\]]+|\x00\d+\x00")


def lower_inline(
    line: str,
    footnote_numbers: Mapping[str, int],
    abbreviations: Abbreviations = NO_ABBREVIATIONS,
) -> str | None:
    """Lower one line of prose outside inline code; None when nothing is left of it."""
    text, spans = _protect_code_spans(line)
    text = _remove_attribute_lists(text)
    text = _remove_icons(text)
    text = _replace_emoji(text)
    text = _replace_keys(text)
    text = _replace_footnote_references(text, footnote_numbers)
    text = _MARK.sub(r"<mark>\g<text></mark>", text)
    text = _INS.sub(r"<ins>\g<text></ins>", text)
    text = abbreviations.expand(text)
    if line.strip() and not text.strip():
        return None  # the line was only an attribute list or an icon
    return _PROTECTED.sub(lambda match: spans[int(match[1])], text)


def _protect_code_spans(line: str) -> tuple[str, list[str]]:
    """Swap inline code for placeholders so no lowering reaches inside it."""
    spans: list[str] = []
    pieces, last = [], 0
    for span in code_spans(line):
        ticks = "`" * span.ticks
        code = line[span.start + span.ticks : span.end - span.ticks]
        code = _INLINE_HILITE.sub(r"\g<space>", code)  # `#!python x` -> `x`
        spans.append(ticks + code + ticks)
        pieces += [line[last : span.start], f"\x00{len(spans) - 1}\x00"]
        last = span.end
    return "".join(pieces) + line[last:], spans


def _remove_attribute_lists(text: str) -> str:
    """Attribute lists go; one that gives an id leaves an ``<a id>`` anchor in its place, so that
    links to it still have a target. An empty link left then (``[](){#id}``, mkdocs-autorefs'
    anchor) goes too."""

    def anchor(match: re.Match[str]) -> str:
        ids = attribute_ids(match[0])
        return "".join(f'<a id="{html.escape(id_)}"></a>' for id_ in ids)

    return _EMPTY_LINK.sub("", ATTRIBUTE_LIST.sub(anchor, text))


def attribute_ids(text: str) -> list[str]:
    """The ids (``#name``) the attribute lists in ``text`` give."""
    return [
        item[1:]
        for attributes in ATTRIBUTE_LIST.finditer(text)
        for item in re.findall(_ATTR_ITEM, attributes[0])
        if item.startswith("#")
    ]


_EMPTY_LINK = re.compile(r"(?<![\\!])\[\]\(\)")


def _remove_icons(text: str) -> str:
    """Drop icons with the space after them, or before them at the end of a line or a link; a
    link whose text is only an icon gets the icon's name instead, so that it stays a link."""
    text = _ICON_ONLY_LINK_TEXT.sub(lambda match: f"[{_icon_name(match['icon'])}]", text)
    return _ICON_WITH_SPACE.sub("", _ICON_AT_END.sub("", text))


def _icon_name(shortcode: str) -> str:
    """``:fontawesome-brands-github:`` -> ``github``: the words of its name, without the icon
    set, the style and the size."""
    words = shortcode.strip(":").split("-")[1:]
    if words and words[0] in _ICON_STYLES:
        words = words[1:]
    if len(words) > 1 and words[-1].isdigit():
        words = words[:-1]
    return " ".join(words)


_ICON_STYLES = frozenset({"brands", "regular", "solid"})


def _replace_emoji(text: str) -> str:
    table = _emoji_by_shortcode()
    return _EMOJI.sub(lambda match: table.get(match[0], match[0]), text)


@cache
def _emoji_by_shortcode() -> dict[str, str]:
    """``:rocket:`` -> the character, from the Twemoji index that the site's emoji use."""
    # The Twemoji index leaves out the variation selector that makes ⚠ (:warning:) and friends
    # show as emoji rather than as text; the EmojiOne index records which code points need it.
    needs_selector = {
        entry["unicode"]
        for entry in emoji1_db.emoji.values()
        if "unicode" in entry and entry.get("unicode_alt") == entry["unicode"] + "-fe0f"
    }
    table: dict[str, str] = {}
    for shortcode, entry in twemoji_db.emoji.items():
        if "unicode" not in entry:
            continue  # Material adds its icons (no code point) to this index when loaded
        points = entry["unicode"] + ("-fe0f" if entry["unicode"] in needs_selector else "")
        table[shortcode] = "".join(chr(int(point, 16)) for point in points.split("-"))
    for alias, shortcode in twemoji_db.aliases.items():
        if shortcode in table:
            table[alias] = table[shortcode]
    return table


def _replace_keys(text: str) -> str:
    """``++ctrl+alt+del++`` -> ``<kbd>Ctrl</kbd>+<kbd>Alt</kbd>+<kbd>Del</kbd>``."""

    def keyboard(match: re.Match[str]) -> str:
        names = [_key_name(key) for key in _KEY.findall(match["keys"])]
        if any(name is None for name in names):
            return match[0]  # pymdownx.keys leaves unknown keys as text too
        # A quoted key may be an entity (``"&Uuml;"``): read it as the character it names, so
        # that escaping shows the character, not the entity's text.
        return "+".join(f"<kbd>{html.escape(html.unescape(name or ''))}</kbd>" for name in names)

    return _KEYS.sub(keyboard, text)


def _key_name(key: str) -> str | None:
    if key.startswith('"'):
        return key[1:-1].strip() or None
    canonical = keymap_db.aliases.get(key.lower(), key.lower())
    return keymap_db.keymap.get(canonical)


def _replace_footnote_references(text: str, numbers: Mapping[str, int]) -> str:
    def superscript(match: re.Match[str]) -> str:
        number = numbers.get(match["label"])
        return match[0] if number is None else f"<sup>{number}</sup>"

    return _FOOTNOTE_REFERENCE.sub(superscript, text)
