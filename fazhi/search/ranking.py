"""Ordering rules for results: plain functions, no database.

Scoring every match is what makes naive full-text search slow: a common word such as 经济 matches
half the corpus and bm25/ts_rank would be computed for each. fazhi scores a bounded window
instead: the newest ``window`` matches (documents are keyed by publish time, so the index yields
them in that order for free) plus the newest ``window`` title matches. Title matches come first,
each group by score; matches older than the window follow, newest first.
"""

from __future__ import annotations

from datetime import datetime

# doc_key = publish time in seconds * KEY_SPAN + page id modulo KEY_SPAN: unique per page, and
# ordering by it is ordering by publish time (what FTS5's rowid and a btree give cheaply).
KEY_SPAN = 1 << 22


def doc_key(publish_time: datetime, page_id: int) -> int:
    return int(publish_time.timestamp()) * KEY_SPAN + page_id % KEY_SPAN


def key_bound(moment: datetime, upper: bool = True) -> int:
    """The largest (or smallest) doc_key a document published at ``moment`` can have."""
    base = int(moment.timestamp()) * KEY_SPAN
    return base + KEY_SPAN - 1 if upper else base


def order_window(window: list[tuple[int, float]], title_hits: list[tuple[int, float]]) -> list[int]:
    """Keys in result order: title hits first, then the window; each by score (higher better),
    ties broken by newer first. Scores are "higher is better" (negate bm25 before calling)."""
    titled = {key for key, _ in title_hits}
    first = sorted(title_hits, key=lambda r: (-r[1], -r[0]))
    rest = sorted((r for r in window if r[0] not in titled), key=lambda r: (-r[1], -r[0]))
    return [key for key, _ in first] + [key for key, _ in rest]
