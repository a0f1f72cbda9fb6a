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
from collections.abc import Sequence

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


def occurrences(tokens: str, phrase: str) -> int:
    """How often ``phrase`` (tokens joined by single spaces) occurs in ``tokens`` (the stored
    column: tokens joined by single spaces). Tokens are whole: 法律 is not counted in 法律援助.

    Differs from FTS5's own count only where FTS5 drops a punctuation token between two words
    of the phrase, or a word repeats right after itself (counted once): both rare in prose.
    """
    if not tokens:
        return 0
    count = tokens.count(f" {phrase} ")
    if tokens.startswith(phrase) and tokens[len(phrase) : len(phrase) + 1] in ("", " "):
        count += 1
    if len(tokens) > len(phrase) and tokens.endswith(f" {phrase}"):
        count += 1
    return count


def bm25(
    columns: Sequence[str],
    length: int,
    phrases: Sequence[str],
    idfs: Sequence[float],
    weights: Sequence[float],
    average_length: float,
) -> float:
    """bm25 of one row, "higher is better" (FTS5's bm25() negated).

    ``columns``: the row's stored tokens per column; ``length``: its tokens in all columns (FTS5's
    docsize); ``phrases`` with their ``idfs``; ``weights`` per column; ``average_length``: tokens
    per row in the whole table.
    """
    norm = K1 * (1 - B + B * length / average_length)
    score = 0.0
    for phrase, phrase_idf in zip(phrases, idfs, strict=True):
        frequency = sum(
            weight * occurrences(text, phrase)
            for text, weight in zip(columns, weights, strict=False)
            if weight
        )
        score += phrase_idf * (frequency * (K1 + 1.0)) / (frequency + norm)
    return score
