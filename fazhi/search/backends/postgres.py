"""PostgreSQL backend: jieba tokens in ``tsvector`` columns ('simple' configuration, GIN index).

The reader's words reach PostgreSQL only as bound parameters of ``phraseto_tsquery('simple', …)``,
combined with ``&&``, ``||`` and ``!!`` here: nothing a reader types is parsed as tsquery syntax.
ts_rank_cd reads the whole (TOASTed) vector, so only the newest ``window`` matches are scored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from fazhi.search.backends.base import Filters, SearchBackend, required_tokens
from fazhi.search.query import ParsedQuery, Term

VECTOR_SQL = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') || "
    "setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D') || "
    "to_tsvector('simple', %s)"
)
# Token columns of a prepared row (after the document columns), as named in the staging table.
STAGED_TOKENS = ("t_title", "t_lead", "t_body", "t_meta", "t_filters")
GIN_INDEXES = ("search_document_vector", "search_document_title_vector")
LIVE = "search_document"
SHADOW = "search_document_rebuild"
# Building a GIN index in one pass sorts its entries in this much memory (a session setting).
BUILD_MEMORY = "256MB"


def _term_sql(term: Term) -> tuple[str, list[object]]:
    parts = ["phraseto_tsquery('simple', %s)"] * len(term.alternatives)
    return "(" + " || ".join(parts) + ")", [" ".join(p) for p in term.alternatives]


def tsquery_sql(terms: tuple[Term, ...]) -> tuple[str, list[object]]:
    """The terms ANDed as a tsquery expression with bound parameters."""
    sql, params = [], []
    for term in terms:
        s, p = _term_sql(term)
        sql.append(s)
        params += p
    return "(" + " && ".join(sql) + ")", params


def full_query_sql(query: ParsedQuery) -> tuple[str, list[object]]:
    sql, params = tsquery_sql(query.include)
    for term in query.exclude:
        s, p = _term_sql(term)
        sql += f" && !!{s}"
        params += p
    return f"({sql})", params


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    window = 200
    count_cap = 10_000

    def search(self, *args, **kwargs):
        # A word in half the articles looks cheap to the planner as a sequential scan, which
        # detoasts every vector (about 10x slower than the GIN bitmap): use the indexes.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
            return super().search(*args, **kwargs)

    def insert(self, rows: list[list[object]]) -> None:
        if not rows:
            return
        # COPY into a staging table, then one INSERT ... SELECT that builds the vectors: a
        # round trip and a statement per batch instead of per row.
        columns = self.DOCUMENT_COLUMNS.split(", ")
        staged = ", ".join([*columns, *STAGED_TOKENS])
        vector = VECTOR_SQL % ("t_title", "t_lead", "t_meta", "t_body", "t_filters")
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*columns[1:], "vector", "title_vector"])
        # A rebuild's shadow table has no unique index while it is loaded (and needs none: each
        # page comes once).
        conflict = "" if self._loading else f" ON CONFLICT (page_id) DO UPDATE SET {updates}"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS search_stage (LIKE {LIVE}, "
                + ", ".join(f"{t} text" for t in STAGED_TOKENS)
                + ") ON COMMIT DROP"
            )
            with cursor.cursor.copy(f"COPY search_stage ({staged}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {self.table} ({self.DOCUMENT_COLUMNS}, vector, title_vector) "
                f"SELECT {self.DOCUMENT_COLUMNS}, {vector}, to_tsvector('simple', t_title) "
                f"FROM search_stage{conflict}"
            )
            cursor.execute("TRUNCATE search_stage")

    _loading = False

    @contextmanager
    def rebuilding(self, resync: Callable[[list[int]], object]) -> Iterator[None]:
        """Load a shadow table without indexes, build its indexes in one pass each, then swap it
        in for the live table: building a GIN index from sorted entries is several times cheaper
        than maintaining it row by row (≈ 600 distinct tokens an article), and searches read the
        live table throughout — they wait only for the rename at the end.

        Pages published, edited or removed while the shadow was loaded were written to the live
        table by their signal handlers: before the swap, with writers held off, those pages (rows
        the live table got after this transaction began, and shadow rows the live table lacks)
        are indexed again from the pages themselves by ``resync``.
        """
        with connection.cursor() as cursor:
            cursor.execute("SELECT txid_current()::text")
            started = cursor.fetchone()[0]
            cursor.execute(f"DROP TABLE IF EXISTS {SHADOW}")
            cursor.execute(f"CREATE TABLE {SHADOW} (LIKE {LIVE} INCLUDING DEFAULTS)")
        self.table, self._loading = SHADOW, True
        try:
            yield
            self._loading = False
            renames = self._index_shadow()
            with connection.cursor() as cursor:
                # Readers go on; writers (signal handlers) wait until the swap commits.
                cursor.execute(f"LOCK TABLE {LIVE} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute(
                    f"SELECT page_id FROM {LIVE} WHERE age(xmin) < age(%s::xid) "
                    f"UNION SELECT s.page_id FROM {SHADOW} s "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {LIVE} l WHERE l.page_id = s.page_id)",
                    [str(int(started) % 2**32)],
                )
                changed = [row[0] for row in cursor.fetchall()]
            if changed:
                resync(changed)
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {LIVE} RENAME TO {SHADOW}_old")
                cursor.execute(f"ALTER TABLE {SHADOW} RENAME TO {LIVE}")
                cursor.execute(f"DROP TABLE {SHADOW}_old")
                for temporary, name in renames:
                    cursor.execute(f'ALTER INDEX "{temporary}" RENAME TO "{name}"')
        finally:
            self.table, self._loading = LIVE, False

    def _index_shadow(self) -> list[tuple[str, str]]:
        """The live table's indexes and constraints, created on the loaded shadow table under
        temporary names; returns (temporary, live name) pairs to rename after the swap."""
        renames = []
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid), k.conname, "
                "pg_get_constraintdef(k.oid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid "
                "WHERE i.indrelid = %s::regclass ORDER BY c.relname",
                [LIVE],
            )
            for n, (name, definition, constraint, constraint_sql) in enumerate(cursor.fetchall()):
                temporary = f"search_rebuild_{n}"
                if constraint:
                    cursor.execute(
                        f'ALTER TABLE {SHADOW} ADD CONSTRAINT "{temporary}" {constraint_sql}'
                    )
                else:
                    # CREATE [UNIQUE] INDEX name ON [schema.]search_document USING ...
                    head = re.match(
                        r"^(CREATE (?:UNIQUE )?INDEX )\S+ ON (?:\S+\.)?\S+ ", definition
                    )
                    assert head, definition
                    rest = definition[head.end() :]
                    cursor.execute(f'{head[1]}"{temporary}" ON {SHADOW} {rest}')
                renames.append((temporary, name))
            cursor.execute(f"ANALYZE {SHADOW}")
        return renames

    @contextmanager
    def bulk(self) -> Iterator[None]:
        if self._loading:  # a shadow table: no GIN index yet
            yield
            return
        # GIN indexes take new entries into a pending list and merge it in sorted batches:
        # a larger list for the rebuild (about 1.5x faster measured), merged before commit so
        # searches afterwards do not scan it.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL gin_pending_list_limit = '128MB'")
        yield
        with connection.cursor() as cursor:
            for index in GIN_INDEXES:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            cursor.execute("RESET gin_pending_list_limit")

    def _where(
        self, query: ParsedQuery, filters: Filters, low: int, high: int, title_only: bool = False
    ) -> tuple[str, list[object]]:
        q_sql, q_params = full_query_sql(query)
        where = f"d.vector @@ {q_sql} AND d.doc_key BETWEEN %s AND %s"
        params = [*q_params, low, high]
        if title_only:
            t_sql, t_params = tsquery_sql(query.include)
            where += f" AND d.title_vector @@ {t_sql}"
            params += t_params
        for token in required_tokens(filters):
            # A filter is a token in the same GIN index: no row lookup per match.
            where += " AND d.vector @@ plainto_tsquery('simple', %s)"
            params.append(token)
        return where, params

    def count(self, query: ParsedQuery, filters: Filters, low: int, high: int) -> int:
        where, params = self._where(query, filters, low, high)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {LIVE} d WHERE {where} LIMIT %s) c",
                [*params, self.count_cap + 1],
            )
            return cursor.fetchone()[0]

    def scored(
        self, query: ParsedQuery, filters: Filters, low: int, high: int, title_only: bool
    ) -> list[tuple[int, float]]:
        where, params = self._where(query, filters, low, high, title_only)
        q_sql, q_params = full_query_sql(query)
        # Rank only the rows the inner LIMIT keeps (a target-list rank would run for every match).
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT w.doc_key, ts_rank_cd(r.vector, {q_sql}) FROM "
                f"(SELECT d.doc_key FROM {LIVE} d WHERE {where} "
                f"ORDER BY d.doc_key DESC LIMIT %s) w JOIN {LIVE} r ON r.doc_key = w.doc_key",
                [*q_params, *params, self.window],
            )
            return [(key, float(score)) for key, score in cursor.fetchall()]

    def newest(self, query, filters, low, high, offset, limit, exclude_keys) -> list[int]:
        where, params = self._where(query, filters, low, high)
        if exclude_keys:
            where += " AND NOT (d.doc_key = ANY(%s))"
            params.append(list(exclude_keys))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.doc_key FROM {LIVE} d WHERE {where} "
                "ORDER BY d.doc_key DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [LIVE])
            return int(cursor.fetchone()[0])
