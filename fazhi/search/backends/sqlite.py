"""SQLite FTS5 backend: jieba tokens in an FTS5 table whose rowid is the document's doc_key.

FTS5 walks a match list in rowid order, so "newest N matches" is ``ORDER BY rowid DESC LIMIT N``
with no sort, and bm25 is computed only for the rows returned. A reader's text reaches MATCH only
as double-quoted strings built by ``fazhi.search.query``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from fazhi.search.backends.base import Filters, SearchBackend, required_tokens
from fazhi.search.query import ParsedQuery, fts5_query, fts5_term

# bm25 column weights: title, lead, body, meta (author, source, channel, tags), filters.
WEIGHTS = "10.0, 3.0, 1.0, 2.0, 0.0"
FTS_TABLES = ("search_fts", "search_title_fts")
# SQLite page cache while a rebuild writes (see ``bulk``), in KiB.
BULK_CACHE_KB = 256 * 1024


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"
    # FTS5 reads a word's whole posting list to count it; past 10,000 matches (shown as 超过 …)
    # it stops: a word in half of 100k articles is counted in a fifth of the time.
    count_cap = 10_000

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
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, lead, body, meta, filters) "
                "VALUES (%s,%s,%s,%s,%s,%s)",
                tokens,
            )
            cursor.executemany(
                "INSERT INTO search_title_fts (rowid, title) VALUES (%s,%s)",
                [row[:2] for row in tokens],
            )

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
        # storage was used.)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = {-BULK_CACHE_KB}")
            for table in FTS_TABLES:
                cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")
        try:
            yield
            with connection.cursor() as cursor:
                for table in FTS_TABLES:
                    cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
                    cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 4)")
        finally:
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
            for table in FTS_TABLES:
                cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
                definition = cursor.fetchone()[0]
                cursor.execute(f"SELECT k, v FROM {table}_config WHERE k != 'version'")
                settings = cursor.fetchall()
                cursor.execute(f"DROP TABLE {table}")
                cursor.execute(definition)
                for key, value in settings:
                    cursor.execute(
                        f"INSERT INTO {table} ({table}, rank) VALUES (%s, %s)", [key, value]
                    )
            # Its delete trigger now finds nothing to remove from the new FTS tables.
            cursor.execute("DELETE FROM search_document")

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
        where, params = self._where(query, filters, low, high)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, -bm25(search_fts, {WEIGHTS}) FROM search_fts "
                f"WHERE {where} ORDER BY rowid DESC LIMIT %s",
                [*params, self.window],
            )
            return [(key, score) for key, score in cursor.fetchall()]

    def _title_scored(
        self, query: ParsedQuery, filters: Filters, low: int, high: int
    ) -> list[tuple[int, float]]:
        """Newest title matches from the titles-only table, then checked against exclusions and
        filters on the main table (a rowid lookup each)."""
        title_only = ParsedQuery(query.text, query.include)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, -bm25(search_title_fts) FROM search_title_fts "
                "WHERE search_title_fts MATCH %s AND rowid BETWEEN %s AND %s "
                "ORDER BY rowid DESC LIMIT %s",
                [fts5_query(title_only), low, high, self.window],
            )
            hits = cursor.fetchall()
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
