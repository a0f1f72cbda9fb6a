"""FTS5's bm25(), computed in Python for a window of rows: plain functions, no database.

FTS5's bm25() gets each phrase's IDF by counting the documents that hold the phrase, walking the
phrase's whole posting list once per statement (28-60 ms for a word in half of 1,000,000
articles). When a window of rows has to be ranked on a large table and its words are common, the
SQLite backend instead reads what bm25() reads for those rows — each column's stored tokens and
the row's size in tokens — and computes the same formula here, with document frequencies it
already knows (see ``fazhi.search.backends.sqlite``).

The formula is FTS5's (ext/fts5/fts5_aux.c): k1 = 1.2, b = 0.75, a phrase's frequency is the sum
of the column weights of its occurrences, the row's length is its tokens in all columns, and an
IDF below zero (a phrase in more than half the rows) counts as 1e-6.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

K1 = 1.2
B = 0.75
IDF_FLOOR = 1e-6


def varints(blob: bytes) -> list[int]:
    """The unsigned varints packed in ``blob`` (SQLite's format, which FTS5 uses in its records:
    big-endian groups of 7 bits, the high bit set on all but the last byte; a 9th byte carries 8
    bits)."""
    values: list[int] = []
    position, end = 0, len(blob)
    while position < end:
        value = 0
        for index in range(9):
            byte = blob[position]
            position += 1
            if index == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values


def idf(rows: int, documents: int) -> float:
    """FTS5's IDF of a phrase found in ``documents`` of ``rows``."""
    value = math.log((rows - documents + 0.5) / (documents + 0.5))
    return value if value > 0 else IDF_FLOOR


def spaced(tokens: str) -> str:
    """Stored tokens between two spaces, so ``str.count`` of a spaced phrase counts whole tokens
    (法律 is not counted in 法律援助)."""
    return f" {tokens} " if tokens else ""


def scores(
    rows: Iterable[Sequence],
    phrases: Sequence[str],
    idfs: Sequence[float],
    weights: Sequence[float],
    average_length: float,
) -> list[tuple[int, float]]:
    """(rowid, bm25 "higher is better": FTS5's bm25() negated) of each row.

    ``rows``: (rowid, FTS5 docsize record, stored tokens of each column weighted in ``weights``);
    ``phrases`` (tokens joined by single spaces) with their ``idfs``; ``average_length``: tokens
    per row in the whole table. A phrase's occurrences are counted in the stored tokens, which
    differs from FTS5's count in two cases rare in prose: FTS5 skips a punctuation token between
    two of the phrase's words, and counts a word repeated right after itself twice (研究 研究).

    Written for speed (300 rows of ~1,500 tokens, per query): one ``str.count`` per column and
    phrase (doubling the spaces to count repeats exactly made scoring 7x slower, measured).
    """
    needles = [spaced(phrase) for phrase in phrases]
    scale = K1 + 1.0
    scored = []
    for key, size, *columns in rows:
        norm = K1 * (1 - B + B * sum(varints(size)) / average_length)
        texts = [(spaced(text), weight) for text, weight in zip(columns, weights, strict=True)]
        score = 0.0
        for needle, phrase_idf in zip(needles, idfs, strict=True):
            frequency = 0.0
            for text, weight in texts:
                if text:
                    frequency += weight * text.count(needle)
            score += phrase_idf * frequency * scale / (frequency + norm)
        scored.append((key, score))
    return scored
