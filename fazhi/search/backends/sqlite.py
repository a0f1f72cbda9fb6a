"""SQLite FTS5 backend: jieba tokens in an FTS5 table whose rowid is the document's doc_key.

FTS5 walks a match list in rowid order, so "newest N matches" is ``ORDER BY rowid DESC LIMIT N``
with no sort, and bm25 is computed only for the rows returned. A reader's text reaches MATCH only
as double-quoted strings built by ``fazhi.search.query``.

bm25() has a fixed cost besides: for each word's IDF it counts the documents holding the word by
walking the word's whole posting list, once per statement — 28-60 ms for a word in half of
1,000,000 articles, whatever the LIMIT. So a large index keeps the newest
``SEARCH_RECENT_DOCUMENTS`` documents a second time, in the *recent* tables, and ranks there
first: when they hold a full window of matches, those are exactly the newest matches of the whole
index (the recent tables hold every document from their oldest one on), scored with the recent
documents' IDF. Matches too few to fill the window there are ranked on the whole index: by bm25()
when the words' posting lists are short, else (common words ANDed into a rare combination) in
Python by the same formula (``fazhi.search.fts5``), from the window's stored tokens and the
recent documents' IDFs, which costs the same 10-15 ms however large the index.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from fazhi.search.backends.base import Filters, SearchBackend, required_tokens
from fazhi.search.fts5 import idf, scores, varints
from fazhi.search.query import ParsedQuery, Phrase, fts5_phrase, fts5_query, fts5_term


@dataclass(frozen=True)
class Fts5Tables:
    """An FTS5 table of the index, and its twin holding the newest documents alone."""

    name: str
    recent: str
    columns: tuple[str, ...]
    weights: tuple[float, ...]  # bm25 column weights

    def bm25(self, table: str) -> str:
        return f"bm25({table}, {', '.join(map(str, self.weights))})"


# Title, lead, body, meta (author, source, channel, tags), filters (channel and author tokens).
DOCUMENTS = Fts5Tables(
    "search_fts",
    "search_recent_fts",
    ("title", "lead", "body", "meta", "filters"),
    (10.0, 3.0, 1.0, 2.0, 0.0),
)
# Titles alone, so "title matches first" reads only title postings.
TITLES = Fts5Tables("search_title_fts", "search_recent_title_fts", ("title",), (1.0,))
MAIN_TABLES = (DOCUMENTS.name, TITLES.name)
FTS_TABLES = (*MAIN_TABLES, DOCUMENTS.recent, TITLES.recent)
# The recent tables are filled once the index holds this many times SEARCH_RECENT_DOCUMENTS: on a
# smaller index bm25's walks are short anyway, and filling them costs a rebuild ~0.45 ms an article.
RECENT_FROM = 4
# A rebuild fills them with at most this share of the index (then writes make them grow up to
# SEARCH_RECENT_DOCUMENTS): at 100k articles the newest 10,000 answer the bench's queries as fast
# as the newest 20,000 (p99 10.0-11.2 vs 11.0-11.1 ms; 5,000: 16.4-16.8) and take half the fill's
# 8-9 s. A window fills from them when the words are in 300 / 10,000 of the articles; rarer words
# have posting lists short enough for bm25() on the whole index at that size.
RECENT_SHARE = 10
# A window ranked on a whole table is scored in Python (``fazhi.search.fts5``) instead of by
# bm25() when bm25() would walk more postings than this for its IDFs (~70 ns each): reading and
# scoring the window's 300 rows costs 10-12 ms (measured at 100k articles, mostly reading the
# stored body tokens), as much as walking about 200,000.
PYTHON_FROM_POSTINGS = 200_000
# SQLite page cache while a rebuild writes (see ``bulk``), in KiB.
BULK_CACHE_KB = 256 * 1024


def fts5_totals(cursor, table: str) -> tuple[int, int]:
    """(rows, tokens in all columns) of an FTS5 table, from its averages record (what bm25()
    reads: one row, whatever the table's size). (0, 0) while FTS5 keeps them in memory (it writes
    them when a transaction commits)."""
    cursor.execute(f"SELECT block FROM {table}_data WHERE id = 1")
    found = cursor.fetchone()
    counts = varints(found[0]) if found and found[0] else [0]
    return counts[0], sum(counts[1:])


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"
    # FTS5 reads a word's whole posting list to count it; past 10,000 matches (shown as 超过 …)
    # it stops: a word in half of 100k articles is counted in a fifth of the time.
    count_cap = 10_000
    _in_bulk = False

    def insert(self, rows: list[list[object]]) -> None:
        if not rows:
            return
        self.delete([row[0] for row in rows])
        # document_row() holds 12 columns, then the tokens of title, lead, body, meta, filters;
        # row[1] is doc_key, the FTS rowid.
        tokens = [[row[1], *row[12:]] for row in rows]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO search_document ({self.DOCUMENT_COLUMNS}) "
                f"VALUES ({','.join(['%s'] * 12)})",
                [row[:12] for row in rows],
            )
            self._insert_tokens(cursor, "search_fts", "search_title_fts", tokens)
            if not self._in_bulk:
                self._keep_recent(cursor, tokens)

    @staticmethod
    def _insert_tokens(cursor, table: str, title_table: str, tokens: list[list[object]]) -> None:
        cursor.executemany(
            f"INSERT INTO {table} (rowid, title, lead, body, meta, filters) "
            "VALUES (%s,%s,%s,%s,%s,%s)",
            tokens,
        )
        cursor.executemany(
            f"INSERT INTO {title_table} (rowid, title) VALUES (%s,%s)",
            [row[:2] for row in tokens],
        )

    # --- the recent tables ----------------------------------------------------------------------
    @staticmethod
    def recent_state(cursor) -> tuple[int, int | None]:
        """(documents in the recent tables, the oldest one's doc_key or None when empty)."""
        # FTS5's docsize table holds a row per document: counted without reading the text.
        cursor.execute("SELECT count(*), min(id) FROM search_recent_fts_docsize")
        count, oldest = cursor.fetchone()
        return count, oldest

    def _keep_recent(self, cursor, tokens: list[list[object]]) -> None:
        """Written documents at least as new as the recent tables' oldest go there too (so they
        keep holding every document from their oldest on); the oldest ones beyond
        SEARCH_RECENT_DOCUMENTS are dropped. Empty recent tables stay empty (small index)."""
        count, oldest = self.recent_state(cursor)
        if oldest is None:
            return
        if not settings.SEARCH_RECENT_DOCUMENTS:  # turned off since they were filled
            self._recreate(cursor, (DOCUMENTS.recent, TITLES.recent))
            return
        newer = [row for row in tokens if row[0] >= oldest]
        self._insert_tokens(cursor, "search_recent_fts", "search_recent_title_fts", newer)
        surplus = count + len(newer) - settings.SEARCH_RECENT_DOCUMENTS
        if surplus > 0:
            cursor.execute(
                "SELECT id FROM search_recent_fts_docsize ORDER BY id LIMIT 1 OFFSET %s",
                [surplus - 1],
            )
            newest_dropped = cursor.fetchone()[0]
            for table in (DOCUMENTS.recent, TITLES.recent):
                cursor.execute(f"DELETE FROM {table} WHERE rowid <= %s", [newest_dropped])

    def fill_recent(self) -> int:
        """Replace the recent tables' content by the newest documents, SEARCH_RECENT_DOCUMENTS
        of them or RECENT_SHARE of the index if fewer, when the index holds at least RECENT_FROM
        times SEARCH_RECENT_DOCUMENTS (else empty them); returns how many documents they hold.
        Run by ``bulk`` (``rebuild_search``)."""
        with connection.cursor() as cursor:
            self._recreate(cursor, (DOCUMENTS.recent, TITLES.recent))
            cursor.execute("SELECT count(*) FROM search_fts_docsize")
            rows = cursor.fetchone()[0]
            cap = settings.SEARCH_RECENT_DOCUMENTS
            wanted = min(cap, rows // RECENT_SHARE)
            if not wanted or rows < RECENT_FROM * cap:
                return 0
            cursor.execute(
                "SELECT id FROM search_fts_docsize ORDER BY id DESC LIMIT 1 OFFSET %s", [wanted - 1]
            )
            oldest = cursor.fetchone()[0]
            for tables in (DOCUMENTS, TITLES):
                columns = ", ".join(tables.columns)
                cursor.execute(
                    f"INSERT INTO {tables.recent} (rowid, {columns}) "
                    f"SELECT rowid, {columns} FROM {tables.name} WHERE rowid >= %s",
                    [oldest],
                )
                cursor.execute(f"INSERT INTO {tables.recent} ({tables.recent}) VALUES ('optimize')")
            return self.recent_state(cursor)[0]

    @contextmanager
    def bulk(self) -> Iterator[None]:
        # Merging FTS5 segments as they are written costs a third of a rebuild; one
        # 'optimize' at the end leaves a single segment (faster queries too). automerge is a
        # setting stored in the table, so it is put back (FTS5's default, 4).
        # A rebuild is one transaction: with SQLite's default 2 MB page cache, the pages FTS5
        # writes and merges are spilled to the WAL and read back again and again. A 256 MB cache
        # (an upper bound, taken as needed) cuts the writer's time per article at 100k by about
        # a sixth (bench/README.md, branch buildrate). A connection setting, so put back
        # afterwards. (temp_store cannot be changed inside a transaction once temporary
        # storage was used.) The recent tables are filled from the finished index at the end.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = {-BULK_CACHE_KB}")
            for table in MAIN_TABLES:
                cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")
        self._in_bulk = True
        try:
            yield
            self._in_bulk = False
            with connection.cursor() as cursor:
                for table in MAIN_TABLES:
                    cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
                    cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 4)")
            self.fill_recent()
        finally:
            self._in_bulk = False
            # On the driver's connection: after an error Django refuses statements until the
            # transaction ends, and this must not hide that error.
            if connection.connection is not None:
                connection.connection.execute(f"PRAGMA cache_size = {int(cache_size)}")

    def clear(self) -> None:
        # DELETE on an FTS5 table removes row by row, reading and tokenizing each stored row
        # again (as costly as indexing it: half of a rebuild over a full index). The tables are
        # dropped and created again from their own definitions instead, their settings copied
        # over, in the caller's transaction (readers see the old index until it commits).
        with connection.cursor() as cursor:
            self._recreate(cursor, FTS_TABLES)
            # Its delete trigger now finds nothing to remove from the new FTS tables.
            cursor.execute("DELETE FROM search_document")

    @staticmethod
    def _recreate(cursor, tables) -> None:
        """Empty FTS5 ``tables`` by dropping and creating them again, settings kept."""
        for table in tables:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
            definition = cursor.fetchone()[0]
            cursor.execute(f"SELECT k, v FROM {table}_config WHERE k != 'version'")
            table_settings = cursor.fetchall()
            cursor.execute(f"DROP TABLE {table}")
            cursor.execute(definition)
            for key, value in table_settings:
                cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES (%s, %s)", [key, value])

    def _where(
        self, query: ParsedQuery, filters: Filters, low: int, high: int
    ) -> tuple[str, list[object]]:
        match = fts5_query(query, required=required_tokens(filters))
        return "search_fts MATCH %s AND rowid BETWEEN %s AND %s", [match, low, high]

    def count(self, query: ParsedQuery, filters: Filters, low: int, high: int) -> int:
        where, params = self._where(query, filters, low, high)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE {where} LIMIT %s)",
                [*params, self.count_cap + 1],
            )
            return cursor.fetchone()[0]

    def scored(
        self, query: ParsedQuery, filters: Filters, low: int, high: int, title_only: bool
    ) -> list[tuple[int, float]]:
        if title_only:
            return self._title_scored(query, filters, low, high)
        match = fts5_query(query, required=required_tokens(filters))
        return self._newest_scored(DOCUMENTS, match, low, high, _phrases(query))

    def _newest_scored(
        self, tables: Fts5Tables, match: str, low: int, high: int, phrases: list[Phrase]
    ) -> list[tuple[int, float]]:
        """(doc_key, score) of the newest ``window`` rows matching ``match``, scored by bm25: on
        the recent table when it holds a full window (see the module's docstring), else on the
        whole table — in Python when bm25() would walk long posting lists there."""
        with connection.cursor() as cursor:
            rows = self._bm25_window(cursor, tables, tables.recent, match, low, high)
            if len(rows) == self.window:
                return rows
            recent_rows, _ = fts5_totals(cursor, tables.recent)
            if recent_rows:
                # Documents holding each phrase among the recent ones: a short walk each, and
                # (scaled) an estimate of the walks bm25() would make on the whole table.
                documents = [self._documents(cursor, tables.recent, p) for p in phrases]
                rows_in_all, tokens_in_all = fts5_totals(cursor, tables.name)
                if (
                    rows_in_all
                    and sum(documents) * rows_in_all / recent_rows > PYTHON_FROM_POSTINGS
                ):
                    idfs = [idf(recent_rows, found) for found in documents]
                    average = tokens_in_all / rows_in_all
                    return self._python_window(
                        cursor, tables, match, low, high, phrases, idfs, average
                    )
            return self._bm25_window(cursor, tables, tables.name, match, low, high)

    def _bm25_window(
        self, cursor, tables: Fts5Tables, table: str, match: str, low: int, high: int
    ) -> list[tuple[int, float]]:
        cursor.execute(
            f"SELECT rowid, -{tables.bm25(table)} FROM {table} "
            f"WHERE {table} MATCH %s AND rowid BETWEEN %s AND %s ORDER BY rowid DESC LIMIT %s",
            [match, low, high, self.window],
        )
        return cursor.fetchall()

    @staticmethod
    def _documents(cursor, table: str, phrase: Phrase) -> int:
        cursor.execute(
            f"SELECT count(*) FROM {table} WHERE {table} MATCH %s", [fts5_phrase(phrase)]
        )
        return cursor.fetchone()[0]

    def _python_window(
        self,
        cursor,
        tables: Fts5Tables,
        match: str,
        low: int,
        high: int,
        phrases: list[Phrase],
        idfs: list[float],
        average_length: float,
    ) -> list[tuple[int, float]]:
        """The window's rows read from the table's own storage (its stored tokens and sizes,
        FTS5's shadow tables ``_content`` and ``_docsize``) and scored by ``fts5.bm25``."""
        weighted = [i for i, weight in enumerate(tables.weights) if weight]
        weights = [tables.weights[i] for i in weighted]
        table = tables.name
        cursor.execute(
            f"SELECT w.id, d.sz, {', '.join(f'c.c{i}' for i in weighted)} FROM "
            f"(SELECT rowid AS id FROM {table} WHERE {table} MATCH %s "
            "AND rowid BETWEEN %s AND %s ORDER BY rowid DESC LIMIT %s) AS w "
            f"JOIN {table}_content AS c ON c.id = w.id JOIN {table}_docsize AS d ON d.id = w.id "
            "ORDER BY w.id DESC",
            [match, low, high, self.window],
        )
        texts = [" ".join(phrase) for phrase in phrases]
        return scores(cursor.fetchall(), texts, idfs, weights, average_length)

    def _title_scored(
        self, query: ParsedQuery, filters: Filters, low: int, high: int
    ) -> list[tuple[int, float]]:
        """Newest title matches from the titles-only table, then checked against exclusions and
        filters on the main table (a rowid lookup each)."""
        title_only = ParsedQuery(query.text, query.include)
        hits = self._newest_scored(TITLES, fts5_query(title_only), low, high, _phrases(query))
        with connection.cursor() as cursor:
            if hits and query.exclude:
                # Rows holding an excluded word within the hits' key range (a rowid lookup per
                # hit is far slower on long posting lists).
                keys = [key for key, _ in hits]
                cursor.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                    "AND rowid BETWEEN %s AND %s",
                    [" OR ".join(fts5_term(t) for t in query.exclude), min(keys), max(keys)],
                )
                excluded = {row[0] for row in cursor.fetchall()}
                hits = [hit for hit in hits if hit[0] not in excluded]
            if hits and (filters.channel_path or filters.author.strip()):
                kept = self._filter_keys([key for key, _ in hits], filters)
                hits = [hit for hit in hits if hit[0] in kept]
            return [(key, score) for key, score in hits]

    @staticmethod
    def _filter_keys(keys: list[int], filters: Filters) -> set[int]:
        sql, params = "", []
        if filters.channel_path:
            sql += " AND substr(path, 1, %s) = %s"
            params += [len(filters.channel_path), filters.channel_path]
        if filters.author.strip():
            sql += " AND author = %s"
            params.append(filters.author.strip())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT doc_key FROM search_document WHERE doc_key IN "
                f"({','.join(['%s'] * len(keys))}){sql}",
                [*keys, *params],
            )
            return {row[0] for row in cursor.fetchall()}

    def newest(self, query, filters, low, high, offset, limit, exclude_keys) -> list[int]:
        where, params = self._where(query, filters, low, high)
        if exclude_keys:
            where += f" AND rowid NOT IN ({','.join(['%s'] * len(exclude_keys))})"
            params += list(exclude_keys)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM search_fts WHERE {where} "
                "ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            try:
                cursor.execute(
                    "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_%%' "
                    "OR name LIKE 'sqlite_autoindex_search_%%'"
                )
                return int(cursor.fetchone()[0] or 0)
            except Exception:  # dbstat is a compile-time option
                return 0


def _phrases(query: ParsedQuery) -> list[Phrase]:
    """The phrases of the included terms, in the order bm25() sees them."""
    return [phrase for term in query.include for phrase in term.alternatives]
