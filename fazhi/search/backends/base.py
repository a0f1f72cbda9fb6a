"""One interface, two index backends (SQLite FTS5, PostgreSQL tsvector)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.utils import timezone

from fazhi.core.content import PublicContent
from fazhi.search.query import ParsedQuery
from fazhi.search.ranking import doc_key, key_bound, order_window
from fazhi.search.segment import Segmenter

SORT_RELEVANCE = "relevance"
SORT_DATE = "date"


@dataclass(frozen=True)
class Filters:
    channel_path: str = ""  # Wagtail tree path of a channel: its descendants only
    author: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None


NO_FILTERS = Filters()


def channel_token(path: str) -> str:
    return "fp" + path.lower()


def author_token(author: str) -> str:
    return "fa" + hashlib.sha1(author.strip().encode()).hexdigest()[:16]


def filter_tokens(path: str, author: str) -> list[str]:
    """Tokens indexed so filters are answered by the index itself (no row lookup per match):
    one per ancestor of the page (Wagtail paths grow 4 characters a level) and one for the
    author. Letters and digits only, so no tokenizer splits them."""
    tokens = [channel_token(path[:end]) for end in range(8, len(path) + 1, 4)]
    return [*tokens, author_token(author)] if author.strip() else tokens


def required_tokens(filters: Filters) -> list[str]:
    tokens = [channel_token(filters.channel_path)] if filters.channel_path else []
    return [*tokens, author_token(filters.author)] if filters.author.strip() else tokens


@dataclass(frozen=True)
class IndexEntry:
    """What the index stores for one page."""

    page_id: int
    content: PublicContent
    url: str
    path: str

    @property
    def doc_key(self) -> int:
        return doc_key(self.content.publish_time, self.page_id)


@dataclass
class Hits:
    total: int
    keys: list[int] = field(default_factory=list)
    exact: bool = True  # False: at least ``total`` (the backend stopped counting there)


class SearchBackend:
    vendor = ""
    # The document table written to (PostgreSQL writes a rebuild into a shadow table).
    table = "search_document"
    # How many of the newest matches (and of the newest title matches) are scored.
    window = 300
    # Counting stops here when set: counting every match of a word in most articles costs more
    # than finding the first page (PostgreSQL visits each matching row).
    count_cap: int | None = None

    def __init__(self, segmenter: Segmenter, window: int | None = None) -> None:
        self.segmenter = segmenter
        if window:
            self.window = window

    # --- writing ------------------------------------------------------------------------------
    def tokens(self, text: str) -> str:
        return self.segmenter.index_text(text)

    def field_tokens(self, entry: IndexEntry) -> dict[str, str]:
        content = entry.content
        meta = " ".join([content.author, content.source, content.channel, *content.tags])
        return {
            "filters": " ".join(filter_tokens(entry.path, content.author)),
            "title": self.tokens(content.title),
            "lead": self.tokens(content.lead),
            "body": self.tokens(content.body),
            "meta": self.tokens(meta),
        }

    def write(self, entries: list[IndexEntry]) -> None:
        """Insert or replace ``entries`` (call inside a transaction)."""
        self.insert(self.prepare(entries))

    def prepare(self, entries: list[IndexEntry]) -> list[list[object]]:
        """The rows ``insert`` writes: segmentation, no database access (so a rebuild can run it
        in worker processes; see ``fazhi.search.bulk``)."""
        rows = []
        for entry in entries:
            t = self.field_tokens(entry)
            rows.append(
                [
                    *self.document_row(entry),
                    *(t["title"], t["lead"], t["body"], t["meta"], t["filters"]),
                ]
            )
        return rows

    def insert(self, rows: list[list[object]]) -> None:
        """Insert or replace prepared rows (call inside a transaction)."""
        raise NotImplementedError

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Settings for writing the whole index at once (``rebuild_search``), inside its
        transaction; the index is complete and tidy when the block ends."""
        yield

    @contextmanager
    def rebuilding(self, resync: Callable[[list[int]], object]) -> Iterator[None]:
        """Replace the whole index by what is written in the block (call inside a transaction):
        the caller writes every indexable page through ``write_entries``.

        Here: the index is emptied and refilled in the caller's transaction (readers see the old
        index until it commits). ``resync(page_ids)`` re-indexes pages changed by others while
        the block ran; backends that write elsewhere than the live index call it (PostgreSQL).
        """
        self.clear()
        yield

    def delete(self, page_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(page_ids), 500):
                chunk = page_ids[start : start + 500]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {self.table} WHERE page_id IN ({marks})", chunk)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")

    @staticmethod
    def document_row(entry: IndexEntry) -> list[object]:
        c = entry.content
        return [
            entry.page_id,
            entry.doc_key,
            c.publish_time,
            c.title,
            c.lead,
            c.body,
            c.author[:255],
            c.source[:255],
            c.channel[:255],
            " ".join(c.tags),
            entry.url,
            entry.path,
        ]

    DOCUMENT_COLUMNS = "page_id, doc_key, publish_time, title, lead, body, author, source, channel, tags, url, path"

    # --- searching ----------------------------------------------------------------------------
    def search(
        self,
        query: ParsedQuery,
        filters: Filters = NO_FILTERS,
        sort: str = SORT_RELEVANCE,
        offset: int = 0,
        limit: int = 20,
        now: datetime | None = None,
    ) -> Hits:
        """Total matches and the doc_keys of results ``offset``..``offset+limit``.

        Documents published after ``now`` (embargoed) are never found.
        """
        if not query.searchable:
            return Hits(0)
        low = key_bound(filters.date_from, upper=False) if filters.date_from else 0
        high = key_bound(min(filters.date_to or now or timezone.now(), now or timezone.now()))
        ranking = sort != SORT_DATE and limit > 0
        if ranking:
            total, window, titled = self.count_and_scored(query, filters, low, high)
        else:
            total, keys = self.count_and_newest(query, filters, low, high, offset, max(limit, 0))
        exact = self.count_cap is None or total <= self.count_cap
        total = total if exact else self.count_cap
        if total == 0 or offset >= total or limit <= 0:
            return Hits(total, exact=exact)
        if not ranking:
            return Hits(total, keys, exact)
        ordered = order_window(window, titled)
        keys = ordered[offset : offset + limit]
        if len(keys) < limit and len(window) == self.window:
            # Past the scored window: older matches, newest first.
            older_than = min(key for key, _ in window)
            skip = max(0, offset - len(ordered))
            title_keys = tuple(k for k, _ in titled)
            keys += self.newest(
                query, filters, low, older_than - 1, skip, limit - len(keys), title_keys
            )
        return Hits(total, keys, exact)

    def count(self, query: ParsedQuery, filters: Filters, low: int, high: int) -> int:
        """Matches, or ``count_cap + 1`` when there are more than ``count_cap``."""
        raise NotImplementedError

    def count_and_newest(
        self, query: ParsedQuery, filters: Filters, low: int, high: int, offset: int, limit: int
    ) -> tuple[int, list[int]]:
        """``count`` and ``newest`` at once (for a backend with a round trip per statement)."""
        total = self.count(query, filters, low, high)
        if total == 0 or offset >= total or limit <= 0:
            return total, []
        return total, self.newest(query, filters, low, high, offset, limit, ())

    def count_and_scored(
        self, query: ParsedQuery, filters: Filters, low: int, high: int
    ) -> tuple[int, list[tuple[int, float]], list[tuple[int, float]]]:
        """``count``, ``scored`` and ``scored(title_only=True)`` at once (a backend with a
        round trip per statement answers them in one)."""
        return (
            self.count(query, filters, low, high),
            self.scored(query, filters, low, high, title_only=False),
            self.scored(query, filters, low, high, title_only=True),
        )

    def scored(
        self, query: ParsedQuery, filters: Filters, low: int, high: int, title_only: bool
    ) -> list[tuple[int, float]]:
        """(doc_key, score: higher is better) of the newest ``window`` matches."""
        raise NotImplementedError

    def newest(
        self,
        query: ParsedQuery,
        filters: Filters,
        low: int,
        high: int,
        offset: int,
        limit: int,
        exclude_keys: tuple[int, ...],
    ) -> list[int]:
        raise NotImplementedError

    def size_bytes(self) -> int:
        """Bytes the index takes (document table, its indexes and the token index)."""
        raise NotImplementedError
