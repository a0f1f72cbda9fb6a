"""The reader's query language, parsed into plain data; never handed raw to FTS5 or to_tsquery.

- words separated by spaces (or cut by the segmenter) are ANDed;
- ``"…"`` (straight or curly quotes) is a phrase;
- ``-词`` excludes articles containing the word;
- anything else a reader types (operators, ``*``, ``:``, ``^``, brackets, SQL) is just text: only
  letters and digits become tokens, and backends quote every token themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fazhi.search.segment import Segmenter, normalize

MAX_QUERY_LENGTH = 100

# A token sequence that must occur in this order; one of several makes a term.
Phrase = tuple[str, ...]

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "＂": '"'})
_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One thing that must (or, excluded, must not) match: any of ``alternatives``."""

    text: str  # as shown and highlighted, e.g. 法律援助
    alternatives: tuple[Phrase, ...]


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the query after cutting to MAX_QUERY_LENGTH
    include: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()
    truncated: bool = False
    highlight: tuple[str, ...] = field(default=())

    @property
    def searchable(self) -> bool:
        return bool(self.include)


def cut_query(raw: str, limit: int = MAX_QUERY_LENGTH) -> tuple[str, bool]:
    """The query stripped and cut to ``limit`` characters; True when it was cut."""
    text = " ".join(raw.split())
    return (text[:limit].rstrip(), True) if len(text) > limit else (text, False)


def parse_query(
    raw: str, segmenter: Segmenter, limit: int = MAX_QUERY_LENGTH, legacy: bool = False
) -> ParsedQuery:
    """``legacy``: the index is in token format 1 (see ``Segmenter.word_alternatives``)."""
    text, truncated = cut_query(raw, limit)
    include: list[Term] = []
    exclude: list[Term] = []
    for match in _PART.finditer(text.translate(_QUOTES)):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if quoted is not None:
            terms = _phrase_terms(quoted, segmenter, legacy)
            (exclude if negated else include).extend(terms)
            continue
        if bare.startswith("-") and len(bare) > 1:
            exclude.extend(_word_terms(bare[1:], segmenter, legacy))
        else:
            include.extend(_word_terms(bare, segmenter, legacy))
    include = _unique(include)
    exclude = [t for t in _unique(exclude) if t not in include]
    highlight = tuple(sorted({t.text for t in include}, key=len, reverse=True))
    return ParsedQuery(text, tuple(include), tuple(exclude), truncated, highlight)


def _word_terms(fragment: str, segmenter: Segmenter, legacy: bool = False) -> list[Term]:
    return [
        Term(word, tuple(segmenter.word_alternatives(word, legacy)))
        for word in segmenter.query_words(fragment)
    ]


def _phrase_terms(fragment: str, segmenter: Segmenter, legacy: bool = False) -> list[Term]:
    words = segmenter.query_words(fragment)
    if len(words) <= 1:
        return _word_terms(fragment, segmenter, legacy)
    tokens = segmenter.quoted_phrase(fragment)
    # Highlight what the reader quoted, as it appears in text (spaces between Latin words kept).
    shown = " ".join(normalize(fragment).split())
    return [Term(shown, (tokens,))]


def _unique(terms: list[Term]) -> list[Term]:
    seen: set[Term] = set()
    return [t for t in terms if not (t in seen or seen.add(t))]


def fts5_expression(terms: tuple[Term, ...]) -> str:
    """``terms`` ANDed as an FTS5 expression; every token is a quoted string, so no syntax leaks."""
    return " AND ".join(fts5_term(term) for term in terms)


def fts5_query(
    query: ParsedQuery, column: str | None = None, required: list[str] | tuple[str, ...] = ()
) -> str:
    """The FTS5 MATCH string; ``column`` restricts the included terms to that column;
    ``required`` tokens (filters) must be present too."""
    positive = f"({fts5_expression(query.include)})"
    if column:
        positive = f"{{{column}}} : {positive}"
    for token in required:
        # Filter tokens (fp…, fa…) occur only in the filters column; no column filter, which
        # would read position lists.
        positive = f"({positive} AND {_fts5_string(token)})"
    for term in query.exclude:
        positive += f" NOT {fts5_term(term)}"
    return positive


def fts5_term(term: Term) -> str:
    return "(" + " OR ".join(fts5_phrase(p) for p in term.alternatives) + ")"


def fts5_phrase(phrase: Phrase) -> str:
    return _fts5_string(" ".join(phrase))


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
