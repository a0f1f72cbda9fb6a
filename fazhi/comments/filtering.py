"""The sensitive-word filter: a plain function over text, reusable by any input.

Text and words are normalised the same way before matching — NFKC (full-width → half-width and
other compatibility forms), case folding, traditional → simplified (OpenCC's t2s table) — and
separators (spaces, punctuation, symbols, control characters) are dropped, so ``法 轮``, ``法*轮``
and ``ＦＡ－ＬＵＮ`` all match their word. Matching is one pass of an Aho–Corasick automaton
(pyahocorasick). Matches are reported as spans of the *original* text, for highlighting.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import opencc

BLOCK = "block"
HOLD = "hold"

_t2s = opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _normalise_char(ch: str) -> str:
    """One character's canonical form ('' for a separator); may be several characters."""
    out = []
    for c in unicodedata.normalize("NFKC", ch).casefold():
        if unicodedata.category(c)[0] in "ZPSC":  # separators, punctuation, symbols, controls
            continue
        out.append(c)
    if not out:
        return ""
    # Character by character keeps the mapping to the original text exact; the t2s table is
    # mostly one-to-one per character anyway.
    return "".join(_t2s.convert(c) for c in out)


def normalise(text: str) -> tuple[str, list[int]]:
    """The text's skeleton and, for each skeleton character, its index in ``text``."""
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for c in _normalise_char(ch):
            chars.append(c)
            origin.append(index)
    return "".join(chars), origin


def normalise_word(word: str) -> str:
    return normalise(word.strip())[0]


@dataclass(frozen=True)
class Match:
    word: str  # the listed word, as entered
    action: str  # BLOCK or HOLD
    start: int  # span in the original text
    end: int


@dataclass(frozen=True)
class FilterResult:
    matches: tuple[Match, ...]

    @property
    def blocked(self) -> bool:
        return any(m.action == BLOCK for m in self.matches)

    @property
    def held(self) -> bool:
        return any(m.action == HOLD for m in self.matches)

    @property
    def words(self) -> list[str]:
        """Distinct matched words in order of first appearance."""
        return list(dict.fromkeys(m.word for m in self.matches))

    def words_with(self, action: str) -> list[str]:
        return list(dict.fromkeys(m.word for m in self.matches if m.action == action))


class WordFilter:
    """An automaton built once from ``(word, action)`` pairs; ``check`` is thread-safe."""

    def __init__(self, words: Iterable[tuple[str, str]]):
        self._automaton = ahocorasick.Automaton()
        for word, action in words:
            key = normalise_word(word)
            if not key:
                continue
            existing = self._automaton.get(key, None)
            # The same skeleton listed twice (e.g. 法轮 and 法 轮): block wins over hold.
            if existing is None or (existing[1] == HOLD and action == BLOCK):
                self._automaton.add_word(key, (word.strip(), action, len(key)))
        self.size = len(self._automaton)
        if self.size:
            self._automaton.make_automaton()

    def check(self, text: str) -> FilterResult:
        if not self.size or not text:
            return FilterResult(())
        skeleton, origin = normalise(text)
        matches = [
            Match(word, action, origin[end - length + 1], origin[end] + 1)
            for end, (word, action, length) in self._automaton.iter(skeleton)
        ]
        matches.sort(key=lambda m: (m.start, -m.end))
        return FilterResult(tuple(matches))


def highlight_spans(text: str, result: FilterResult) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_match) parts, overlapping matches merged; for highlighting."""
    spans: list[list[int]] = []
    for m in result.matches:
        if spans and m.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], m.end)
        else:
            spans.append([m.start, m.end])
    parts: list[tuple[str, bool]] = []
    pos = 0
    for start, end in spans:
        if start > pos:
            parts.append((text[pos:start], False))
        parts.append((text[start:end], True))
        pos = end
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts


def parse_word_list(content: str) -> list[str]:
    """Words from an uploaded text file: one a line; blank lines and ``#`` comments skipped."""
    words = []
    for line in content.splitlines():
        word = line.strip().lstrip("\ufeff")
        if word and not word.startswith("#"):
            words.append(word[:100])
    return list(dict.fromkeys(words))
