"""The sensitive-word filter: a plain function over text, reusable by any input.

Text and words go through one normalisation pipeline before matching, in this order:

1. HTML entities unescaped once (``&#27861;`` → 法; ``&amp;lt;`` → ``&lt;``, no further);
2. tags and comments removed (``法<b></b>轮``, ``法<!-- -->轮``);
3. NFKC (full-width, styled and other compatibility letters → plain ones), case folding;
4. combining marks removed (tone marks ``fǎ`` → ``fa``, ``法\u0336`` → 法);
5. traditional → simplified (OpenCC's t2s table);
6. Cyrillic and Greek letters that look like Latin ones mapped to them (``fаlun`` with а), from
   ICU's confusable table (Unicode TS #39);
7. separators dropped (spaces, punctuation, symbols, controls, invisible characters), and tone
   numbers after a Latin letter (``fa3lun2``).

Each listed word of two or more hanzi is matched with every character as itself or as its
toneless pinyin syllable (pypinyin, heteronyms included, ``ü`` as ``v`` or ``u``): ``falungong``,
``FaLunGong``, ``fa lun gong``, ``fǎ-lún-gōng``, ``fa3lun2gong1``, ``法lun功`` all match 法轮功, while
发轮功 (other hanzi, same pinyin) does not: a pinyin match needs the pinyin written as letters. A run
of text behind a right-to-left override (U+202E) is also checked reversed, as it is displayed.
Matching is one pass of an Aho–Corasick automaton (pyahocorasick) over the normalised text, so it
stays linear in the text's length. Matches are reported as spans of the *original* text.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import icu
import opencc
from pypinyin import Style, pinyin

BLOCK = "block"
HOLD = "hold"

RLO, PDF = "\u202e", "\u202c"
MAX_VARIANTS = 512  # spellings of one word in the automaton (hanzi/pinyin per character)

_t2s = opencc.OpenCC("t2s")
# Tags, comments and entities, recognised where they start: "<" followed by a letter, "/" or "!".
_MARKUP = re.compile(
    r"<!--.*?(?:-->|$)|</?[A-Za-z][^<>]*>|<![^<>]*>|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?",
    re.DOTALL,
)


def _latin_look_alikes() -> dict[str, str]:
    """Lower-case Cyrillic and Greek letters whose TS #39 skeleton is one Latin letter."""
    checker = icu.SpoofChecker()
    table = {}
    letters = icu.UnicodeSet(r"[[[:Cyrillic:][:Greek:]]&[:Ll:]]")
    for ch in letters:
        target = checker.getSkeleton(0, ch).casefold()
        if target == "rn":
            target = "m"
        if len(target) == 1 and "a" <= target <= "z":
            table[ch] = target
    return table


# Lower-case Cyrillic and Greek letters that TS #39 leaves out (they are small capitals there) but
# that pass for Latin ones inside a run of pinyin.
_LATIN = {
    **_latin_look_alikes(),
    **dict(zip("кмтнпгьκτημω", "kmtnnrbktnuw", strict=True)),
}


@lru_cache(maxsize=65536)
def _normalise_char(ch: str) -> str:
    """One character's canonical form ('' for a separator); may be several characters."""
    out = []
    for c in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", ch).casefold()):
        category = unicodedata.category(c)
        if category[0] in "ZPSCM":  # separators, punctuation, symbols, controls, marks
            continue
        out.append(_LATIN.get(c, c))
    if not out:
        return ""
    # Character by character keeps the mapping to the original text exact; the t2s table is
    # mostly one-to-one per character anyway.
    return "".join(_t2s.convert(c) for c in unicodedata.normalize("NFC", "".join(out)))


def _units(text: str) -> Iterable[tuple[str, int, int]]:
    """The text as (characters, start, end): markup removed, entities unescaped once."""
    pos = 0
    for match in _MARKUP.finditer(text):
        for index in range(pos, match.start()):
            yield text[index], index, index + 1
        token = match.group()
        if token.startswith("&"):
            yield html.unescape(token), match.start(), match.end()
        pos = match.end()
    for index in range(pos, len(text)):
        yield text[index], index, index + 1


def _normalise(text: str) -> tuple[str, list[int], list[int]]:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for unit, start, end in _units(text):
        for ch in unit:
            for c in _normalise_char(ch):
                if c in "012345" and chars and "a" <= chars[-1] <= "z":
                    continue  # a tone number: fa3 → fa
                chars.append(c)
                starts.append(start)
                ends.append(end)
    return "".join(chars), starts, ends


def normalise(text: str) -> tuple[str, list[int]]:
    """The text's skeleton and, for each skeleton character, its index in ``text``."""
    skeleton, starts, _ = _normalise(text)
    return skeleton, starts


def normalise_word(word: str) -> str:
    return normalise(word.strip())[0]


def _is_hanzi(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f"


@lru_cache(maxsize=4096)
def _syllables(ch: str) -> tuple[str, ...]:
    readings = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    out: list[str] = []
    for reading in readings[0] if readings else []:
        for spelling in (reading, reading.replace("v", "u")):
            if spelling.isascii() and spelling.isalpha() and spelling not in out:
                out.append(spelling)
    return tuple(out)


def spellings(key: str) -> list[str]:
    """A normalised word and its hanzi-or-pinyin spellings (words of two hanzi or more)."""
    if sum(_is_hanzi(c) for c in key) < 2:
        return [key]
    options = [(c, *_syllables(c)) if _is_hanzi(c) else (c,) for c in key]
    total = 1
    for option in options:
        total *= len(option)
    if total > MAX_VARIANTS:  # keep the first reading of each character only
        options = [option[:2] for option in options]
    variants = ("".join(parts) for parts in itertools.product(*options))
    return list(dict.fromkeys(itertools.islice(variants, MAX_VARIANTS)))


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
        keys: set[str] = set()
        for word, action in words:
            key = normalise_word(word)
            if not key:
                continue
            keys.add(key)
            for spelling in spellings(key):
                existing = self._automaton.get(spelling, None)
                # The same skeleton listed twice (e.g. 法轮 and 法 轮): block wins over hold.
                if existing is None or (existing[1] == HOLD and action == BLOCK):
                    self._automaton.add_word(spelling, (word.strip(), action, len(spelling)))
        self.size = len(keys)  # distinct normalised words
        self.spellings = len(self._automaton)  # with their pinyin spellings
        if self.spellings:
            self._automaton.make_automaton()

    def check(self, text: str) -> FilterResult:
        if not self.spellings or not text:
            return FilterResult(())
        skeleton, starts, ends = _normalise(text)
        matches = [
            Match(word, action, starts[end - length + 1], ends[end])
            for end, (word, action, length) in self._automaton.iter(skeleton)
        ]
        if RLO in text:
            # Shown reversed: each run from an override to its PDF (or the line's end).
            for run in re.finditer(f"{RLO}[^{PDF}\n]*", text):
                first = bisect.bisect_left(starts, run.start())
                last = bisect.bisect_left(starts, run.end())
                shown = skeleton[first:last][::-1]  # as displayed
                for end, (word, action, length) in self._automaton.iter(shown):
                    # shown[k] is skeleton[last - 1 - k]: the match covers these originals
                    low, high = last - 1 - end, last - 1 - (end - length + 1)
                    matches.append(Match(word, action, starts[low], ends[high]))
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
