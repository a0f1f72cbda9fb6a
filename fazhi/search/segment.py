"""Chinese word segmentation for the index and for queries (jieba-rs through rjieba).

The index gets *search-mode* tokens (法律援助 yields 法律, 援助 and 法律援助) plus, for long words,
every longer dictionary word they contain (高级人民法院 also yields 人民法院: search mode emits only
2-3-character sub-words), so a reader finds an article by the whole word or any word inside it;
queries are cut in *precise* mode, and a dictionary word is then one token lookup in the index
(see ``word_alternatives``). Both sides go through ``normalize`` and the same dictionary, so a
token means the same thing in the index and in a query. rjieba was chosen over jieba for speed
(about 12x, measured in bench/README.md).
"""

from __future__ import annotations

import operator
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
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
# Search mode emits a long word's 2- and 3-character sub-words; the index adds the longer ones.
LONGEST_SUBWORD = 4
# What a segmenter remembers of its dictionary's answers is forgotten past this many pairs
# (about 100 MB): a corpus has millions of distinct token pairs, the frequent ones come back.
MEMO_LIMIT = 1_000_000


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


@dataclass
class _Known:
    """Dictionary answers already looked up (see ``Segmenter.extra_words``)."""

    words: set[str] = field(default_factory=set)  # joined pairs that are words
    not_words: set[str] = field(default_factory=set)  # joined pairs that are not
    inside: dict[str, tuple[str, ...]] = field(default_factory=dict)  # token -> words inside
    plain: set[str] = field(default_factory=set)  # tokens with no longer word inside


class Segmenter:
    """jieba's default dictionary plus the given words."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        # Here: ~25 MB that a worker only needs once it searches or indexes; without the
        # package's own default instance (another ~30 MB, fazhi/adapters/rjieba_module.py).
        from fazhi.adapters.rjieba_module import jieba_class

        self.words = tuple(words)
        self._jieba = jieba_class()()
        for word in self.words:
            self._jieba.add_word(word, None, None)
        self._known = _Known()

    def index_tokens(self, text: str) -> list[str]:
        """Index tokens of ``text`` (see ``index_text``), in order, punctuation dropped."""
        return [t for t in self.index_text(text).split(" ") if is_token(t)]

    def index_text(self, text: str) -> str:
        """The tokens of ``text`` for the index, joined by spaces: search-mode tokens in text
        order, then the dictionary words search mode does not emit (``extra_words``).

        Every dictionary word of the text is then a token whether precise mode kept it whole, cut
        it inside a longer word or split it two and two: a query word is one token lookup, never a
        phrase. The extra words go at the end so the token sequence a quoted phrase matches is
        search mode's own. Punctuation tokens are left to the FTS5 / PostgreSQL tokenizer to drop
        (both treat them as separators): filtering them here costs a Python call per token."""
        tokens = self._jieba.cut_for_search(normalize(text))
        extra = self.extra_words(tokens)
        return " ".join([*tokens, *extra]) if extra else " ".join(tokens)

    def extra_words(self, tokens: list[str]) -> list[str]:
        """Dictionary words of 4+ characters missing from search-mode ``tokens``, sorted:

        - inside a word of 5+ characters (search mode emits only the 2- and 3-character ones):
          高级人民法院 → 人民法院;
        - two adjacent tokens joined (市场 经济 → 市场经济): precise mode splits 社会主义市场经济体制
          into 社会主义 市场 经济体制, and search mode emits 经济 right after 市场 (a long word's
          sub-words come first). Sub-words of one word overlap (人民 民法): joined they are not
          words, so nothing false is added.

        Python per token would cost as much as segmenting: pairs and tokens go through set
        operations against what is already known (not words, no words inside), and only new
        ones reach the dictionary.
        """
        known = self._known
        if len(known.not_words) > MEMO_LIMIT:
            self._known = known = _Known()
        found: set[str] = set()
        # ``a - b`` walks a (small) and probes b; ``a -= b`` would walk all of b.
        pairs = set(map(operator.add, tokens, tokens[1:])) - known.not_words
        for pair in pairs:
            if pair in known.words:
                found.add(pair)
            elif len(pair) >= LONGEST_SUBWORD and self._jieba.has_word(pair):
                known.words.add(pair)
                found.add(pair)
            else:
                known.not_words.add(pair)
        present = set(tokens)
        for token in present - known.plain:
            inside = known.inside.get(token)
            if inside is None:
                inside = tuple(self.contained_words(token)) if len(token) > LONGEST_SUBWORD else ()
                if inside:
                    known.inside[token] = inside
                else:
                    known.plain.add(token)
            found.update(inside)
        return sorted(found - present)

    def contained_words(self, word: str) -> list[str]:
        """Dictionary words of 4 or more characters inside ``word`` (not ``word`` itself), in
        order of position then length: 高级人民法院 → [人民法院]."""
        return [
            word[start : start + size]
            for start in range(len(word))
            for size in range(LONGEST_SUBWORD, len(word) - start + 1)
            if size < len(word) and self._jieba.has_word(word[start : start + size])
        ]

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is in the dictionary (built-in, jieba's or the editors')."""
        return self._jieba.has_word(word)

    def query_words(self, text: str) -> list[str]:
        """Precise-mode words of a query fragment, punctuation dropped."""
        return [t for t in self._jieba.cut(normalize(text)) if is_token(t)]

    def word_alternatives(self, word: str, legacy: bool = False) -> list[tuple[str, ...]]:
        """Ways ``word`` appears in the index.

        A dictionary word is indexed as one token wherever it occurs, inside a longer word or
        across two tokens too (see ``extra_words``), so it is one token lookup — no phrase, which
        PostgreSQL's GIN index answers only by rechecking every candidate. A word jieba's HMM cut
        (not in the dictionary) may be segmented differently in a longer text: it is also looked
        for as the phrase of its search-mode sub-words, when there are at least two (a single
        sub-word, 违约金 → 违约, would match far too much). ``legacy``: the index was built before
        the extra words (format 1, see ``fazhi.search.models.INDEX_FORMAT``): every long word
        needs the phrase.
        """
        if not legacy and self.is_word(word):
            return [(word,)]
        subwords = tuple(t for t in self.phrase_tokens(word) if t != word)
        return [(word,), subwords] if len(subwords) >= 2 else [(word,)]

    def phrase_tokens(self, text: str) -> tuple[str, ...]:
        """A quoted phrase as the index token sequence the same text produces."""
        return tuple(t for t in self._jieba.cut_for_search(normalize(text)) if is_token(t))

    def quoted_phrase(self, text: str) -> tuple[str, ...]:
        """The shortest token sequence that finds the same texts as ``phrase_tokens(text)``.

        Search mode emits a word's sub-words right before the word itself (社会 会主 主义 社会主义),
        wherever the word occurs; so when the phrase starts with a word of 4+ characters (never
        itself a sub-word, which has 2 or 3), the sub-words before it add nothing but position
        checks: "社会主义 市场 经济 市场经济" matches where the 7-token phrase does, 2-5x faster
        (measured on 100,000 articles). The token after the word must be shorter than 4
        characters, so the pair cannot be two extra words side by side (see ``index_text``).
        """
        tokens = self.phrase_tokens(text)
        words = self.query_words(text)
        first = words[0] if words else ""
        if len(first) < LONGEST_SUBWORD or first not in tokens:
            return tokens
        start = tokens.index(first)
        rest = tokens[start + 1 : start + 2]
        if not rest or len(rest[0]) >= LONGEST_SUBWORD:
            return tokens
        if not all(token in first for token in tokens[:start]):
            return tokens
        return tokens[start:]


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
