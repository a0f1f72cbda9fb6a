"""Chinese word segmentation for the index and for queries (jieba-rs through rjieba).

The index gets *search-mode* tokens (法律援助 yields 法律, 援助 and 法律援助) so a reader finds an
article by the whole word or its parts; queries are cut in *precise* mode and each word expanded
(see ``word_alternatives``). Both sides go through ``normalize`` and the same dictionary, so a
token means the same thing in the index and in a query. rjieba was chosen over jieba for speed
(about 12x, measured in bench/README.md).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

# The built-in legal and newsroom terms; editors add more in the admin (搜索词典).
BUILTIN_DICTIONARY = "dictionary.txt"


# Characters NFKC leaves as they are and that never join a neighbour (not combining, not the
# second half of a composition): text is normalized run by run between them. Checked in
# tests/test_segment.py.
STABLE_CHARS = (
    "\x00-\x7f\u2014\u2018\u2019\u201c\u201d\u3001\u3002\u3008-\u3011\u3400-\u4dbf\u4e00-\u9fff"
)
_UNSTABLE_RUN = re.compile(f"[^{STABLE_CHARS}]+")


class _JoinsPrevious(Exception):
    pass


def joins_previous(char: str) -> bool:
    """Whether NFKC may merge ``char`` with the character before it (marks, Hangul jamo)."""
    return unicodedata.category(char)[0] == "M" or "\u1100" <= char <= "\u11ff"


@lru_cache(maxsize=4096)
def _nfkc(run: str) -> str:
    if joins_previous(run[0]):
        raise _JoinsPrevious
    return unicodedata.normalize("NFKC", run)


def normalize(text: str) -> str:
    """Full-width to half-width (２０１９ → 2019), lower-case Latin letters: NFKC, then lower().

    Equal to ``unicodedata.normalize("NFKC", text).lower()``, 3-5x faster on Chinese text
    (whose full-width punctuation makes the whole-text NFKC take as long as segmenting it):
    only the runs of characters outside STABLE_CHARS are normalized.
    """
    if not unicodedata.is_normalized("NFKC", text):
        try:
            text = _UNSTABLE_RUN.sub(lambda m: _nfkc(m[0]), text)
        except _JoinsPrevious:
            text = unicodedata.normalize("NFKC", text)
    return text.lower()


def is_token(token: str) -> bool:
    """A token worth indexing: holds a letter or digit (drops punctuation and spaces)."""
    return any(ch.isalnum() for ch in token)


def parse_dictionary(text: str) -> list[str]:
    """One word a line; blank lines, spaces and ``#`` comments ignored; duplicates dropped."""
    words: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        word = normalize(line).split("#", 1)[0].strip()
        if word and " " not in word and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def builtin_words() -> list[str]:
    return parse_dictionary(
        resources.files("fazhi.search").joinpath(BUILTIN_DICTIONARY).read_text("utf-8")
    )


class Segmenter:
    """jieba's default dictionary plus the given words."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        import rjieba  # here: ~33 MB that a worker only needs once it searches or indexes

        self.words = tuple(words)
        self._jieba = rjieba.Jieba()
        for word in self.words:
            self._jieba.add_word(word, None, None)

    def index_tokens(self, text: str) -> list[str]:
        """Search-mode tokens of ``text``, in order, punctuation dropped."""
        return [t for t in self._jieba.cut_for_search(normalize(text)) if is_token(t)]

    def index_text(self, text: str) -> str:
        """Search-mode tokens joined by spaces, for the index. Punctuation tokens are left to the
        FTS5 / PostgreSQL tokenizer to drop (both treat them as separators): filtering them here
        costs a Python call per token, about half the indexing time."""
        return " ".join(self._jieba.cut_for_search(normalize(text)))

    def query_words(self, text: str) -> list[str]:
        """Precise-mode words of a query fragment, punctuation dropped."""
        return [t for t in self._jieba.cut(normalize(text)) if is_token(t)]

    def word_alternatives(self, word: str) -> list[tuple[str, ...]]:
        """Ways ``word`` appears in the index: itself, or the run of its search-mode sub-words.

        Search mode emits only 2-3-character sub-words of long words (高级人民法院 never yields
        人民法院), so 人民法院 alone would miss those articles; its sub-words 人民 民法 法院 as a
        phrase find them. A single sub-word (违约金 → 违约) is not used: it would match far too much.
        """
        subwords = tuple(t for t in self.index_tokens(word) if t != word)
        return [(word,), subwords] if len(subwords) >= 2 else [(word,)]

    def phrase_tokens(self, text: str) -> tuple[str, ...]:
        """A quoted phrase as the index token sequence the same text produces."""
        return tuple(self.index_tokens(text))


_lock = threading.Lock()
_current: tuple[tuple[str, ...], Segmenter] | None = None


def get_segmenter(extra_words: Iterable[str] = ()) -> Segmenter:
    """The process-wide segmenter for the built-in plus ``extra_words`` (rebuilt when they change)."""
    global _current
    words = tuple(builtin_words()) + tuple(extra_words)
    with _lock:
        if _current is None or _current[0] != words:
            _current = (words, Segmenter(words))
        return _current[1]
