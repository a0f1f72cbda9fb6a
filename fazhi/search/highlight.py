"""Snippets and ``<mark>`` highlighting taken from the original text (never the segmented one)."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from django.utils.safestring import SafeString, mark_safe

# What django.utils.html.escape does, without its lazy-string wrapper (a third of the time of
# rendering 20 results).
escape = html.escape

# Letters and digits NFKC changes (full-width, circled, superscript, compatibility forms); the
# full-width punctuation of every Chinese sentence (，：（）) is left alone, for speed.
_NEEDS_NFKC = re.compile(
    "[\u00aa-\u00be\u2070-\u209f\u2100-\u218f\u2460-\u24ff\u3200-\u33ff"
    "\uf900-\ufaff\ufb00-\ufb4f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uffdc]"
)


def _fold_char(char: str) -> str:
    """NFKC of one character when that is one character (positions must not move)."""
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def _fold_table() -> dict[int, str]:
    # Every character of _NEEDS_NFKC's ranges, folded once (NFKC per match was most of the
    # folding time of a search's snippets; str.translate over the whole text was slower still).
    ranges = re.findall(r"(.)-(.)", _NEEDS_NFKC.pattern)
    chars = (chr(code) for low, high in ranges for code in range(ord(low), ord(high) + 1))
    return {ord(ch): folded for ch in chars if (folded := _fold_char(ch)) != ch}


_FOLD = _fold_table()


def _fold_match(match: re.Match) -> str:
    char = match.group()
    return _FOLD.get(ord(char), char)


def _fold(text: str) -> str:
    """A comparable form of ``text`` (NFKC per character, lower case) with positions unchanged."""
    folded = _NEEDS_NFKC.sub(_fold_match, text)
    lowered = folded.lower()
    if len(lowered) == len(text):
        return lowered
    # A character whose lower case is two (İ → i̇) stays as it is, so spans keep their places.
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in folded)


def _pattern(needles: Iterable[str]) -> re.Pattern[str] | None:
    needles = sorted({n for n in needles if n}, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in needles)) if needles else None


def match_spans(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of any needle in ``text``, longest needle first."""
    pattern = _pattern(needles)
    if pattern is None or not text:
        return []
    return [m.span() for m in pattern.finditer(_fold(text))]


def highlight(text: str, needles: Iterable[str]) -> SafeString:
    """``text`` escaped, with every needle wrapped in ``<mark>``."""
    return _render(text, match_spans(text, needles))


# Snippets fold the text's first this many characters, then four times as many, ... until the
# first match is seen whole: it is usually near the top, and folding is the costly part.
SNIPPET_PREFIX = 512


def _first_match(
    text: str, pattern: re.Pattern[str], longest: int, needed: int
) -> tuple[str, re.Match[str] | None]:
    """The folded form of a prefix of ``text`` and the first match in it: the same match as in
    the whole folded text (every needle that could start at or before it fits in the prefix),
    and ``needed`` characters after its start folded too."""
    size = SNIPPET_PREFIX
    while True:
        folded = _fold(text[:size])
        first = pattern.search(folded)
        if size >= len(text) or (first and first.start() + max(longest, needed) <= size):
            return folded, first
        size *= 4


def snippet(text: str, needles: Iterable[str], length: int = 120) -> SafeString:
    """About ``length`` characters of ``text`` around the first match, marked and escaped."""
    text = " ".join(text.split())
    needles = [n for n in needles if n]
    pattern = _pattern(needles)
    folded, first = (
        _first_match(text, pattern, max(map(len, needles)), length) if pattern else ("", None)
    )
    if first is None:
        cut = text[:length]
        return mark_safe(escape(cut) + ("…" if len(text) > length else ""))
    start = max(0, min(first.start() - length // 4, len(text) - length))
    end = min(len(text), start + length)
    # Only the window's matches (a common word occurs dozens of times in the article); a match
    # running over an edge of the window is not marked.
    inside = [
        (m.start() - start, m.end() - start)
        for m in pattern.finditer(folded, start, end)
        if m.end() <= end
    ]
    body = _render(text[start:end], inside)
    return mark_safe(("…" if start else "") + body + ("…" if end < len(text) else ""))


def _render(text: str, spans: list[tuple[int, int]]) -> SafeString:
    parts, last = [], 0
    for start, end in spans:
        parts.append(escape(text[last:start]))
        parts.append("<mark>" + escape(text[start:end]) + "</mark>")
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
