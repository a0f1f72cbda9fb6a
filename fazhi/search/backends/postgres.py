"""PostgreSQL backend: jieba tokens in ``tsvector`` columns ('simple' configuration, GIN index).

The vectors live in their own narrow table, ``search_vector`` (doc_key, vector, title_vector),
not in ``search_document``: a GIN match still visits the table's row of every match (for
visibility), and a row of search_document (title, lead, TOAST pointers…) fills a page alone, so
counting 10,000 matches read 10,000 pages; ``search_vector``'s rows are a few dozen bytes, its
whole heap a few MB that stays in memory.

The reader's words reach PostgreSQL only as bound parameters of ``phraseto_tsquery('simple', …)``,
combined with ``&&``, ``||`` and ``!!`` here: nothing a reader types is parsed as tsquery syntax.
ts_rank_cd reads the whole (TOASTed) vector, so only the newest ``window`` matches are scored.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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
GIN_INDEXES = ("search_vector_vector", "search_vector_title_vector")
DOCUMENTS = "search_document"
VECTORS = "search_vector"
TABLES = (DOCUMENTS, VECTORS)  # in the order their constraints are built (the vectors' foreign key)
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


@dataclass(frozen=True)
class TokenShares:
    """ANALYZE's statistics of the vectors: the share of rows holding each of the commonest
    tokens (about 1,000 per column, from a sample of 30,000 rows), and the share below which
    tokens are left out (an upper bound for any token not listed)."""

    rows: float
    text: dict[str, float]
    text_floor: float
    title: dict[str, float]
    title_floor: float
    # ANALYZE's histogram of doc_key (about 100 bounds, each bucket an equal share of the rows):
    # how many rows a date range holds, without counting them.
    keys: tuple[int, ...] = ()
    # Rows inserted, updated or deleted since that ANALYZE (pg_stat_user_tables).
    changed: float = 0.0

    def range_share(self, low: int, high: int) -> float:
        """The estimated share of rows whose doc_key is in ``low``..``high`` (1.0 unknown),
        counting every row changed since ANALYZE as in the range: the histogram knows nothing
        of them (new articles fall past its last bound), and too low an estimate would walk a
        range far larger than thought."""
        bounds = self.keys
        if len(bounds) < 2:
            return 1.0

        def below(key: int) -> float:  # the share of rows under ``key``, interpolated
            if key <= bounds[0]:
                return 0.0
            if key >= bounds[-1]:
                return 1.0
            i = bisect_right(bounds, key) - 1
            step = bounds[i + 1] - bounds[i]
            return (i + ((key - bounds[i]) / step if step else 0.0)) / (len(bounds) - 1)

        return max(0.0, below(high + 1) - below(low)) + self.changed / max(self.rows, 1.0)


# Database name -> (monotonic time read, statistics or None): read at most once a minute.
_SHARES: dict[str, tuple[float, TokenShares | None]] = {}
SHARES_SECONDS = 60.0


def token_shares() -> TokenShares | None:
    """The vectors' token statistics (None before the first ANALYZE), cached per process."""
    name = connection.settings_dict["NAME"]
    cached = _SHARES.get(name)
    if cached and time.monotonic() - cached[0] < SHARES_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.attname, s.most_common_elems::text::text[], s.most_common_elem_freqs, "
            "c.reltuples FROM pg_stats s JOIN pg_class c ON c.oid = %s::regclass "
            "WHERE s.schemaname = current_schema() AND s.tablename = %s "
            "AND s.attname IN ('vector', 'title_vector') AND s.most_common_elems IS NOT NULL",
            [VECTORS, VECTORS],
        )
        found = {name: (elems, freqs, rows) for name, elems, freqs, rows in cursor.fetchall()}
        cursor.execute(
            "SELECT s.histogram_bounds::text::bigint[], t.n_mod_since_analyze FROM pg_stats s "
            "JOIN pg_stat_user_tables t ON t.relid = %s::regclass WHERE s.schemaname = "
            "current_schema() AND s.tablename = %s AND s.attname = 'doc_key'",
            [VECTORS, VECTORS],
        )
        histogram = cursor.fetchone()
    shares = None
    if len(found) == 2:
        # most_common_elem_freqs: one per token, then the minimum and maximum of them.
        (t_elems, t_freqs, rows), (h_elems, h_freqs, _) = found["vector"], found["title_vector"]
        shares = TokenShares(
            float(rows),
            dict(zip(t_elems, t_freqs, strict=False)),
            t_freqs[-2],
            dict(zip(h_elems, h_freqs, strict=False)),
            h_freqs[-2],
            tuple(histogram[0] or ()) if histogram else (),
            float(histogram[1] or 0) if histogram else 0.0,
        )
    _SHARES[name] = (time.monotonic(), shares)
    return shares


def _share_bound(tokens: list[tuple[Term, ...]], shares: dict[str, float], floor: float) -> float:
    """An upper bound of the share of rows matching every term of every group: a row matching
    an AND holds each of its tokens, so the rarest token bounds it (alternatives add up)."""
    bound = 1.0
    for terms in tokens:
        for term in terms:
            alternatives = sum(
                min(shares.get(token.lower(), floor) for token in phrase) if phrase else 1.0
                for phrase in term.alternatives
            )
            bound = min(bound, alternatives)
    return bound


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    window = 200
    count_cap = 10_000
    # A window walks the doc_key index when its capped count is exceeded and the cap is at
    # least this share of the index (see ``_gates``).
    dense_share = 0.1
    # The same for the title window (a title vector is small: testing one is cheaper).
    title_count_cap = 5_000
    title_dense_share = 0.05
    # With ANALYZE's token statistics (``token_shares``): a window walks only when the share of
    # matching rows is at least this (the walk tests about 1/share rows for each of the window's
    # 200, ≈ 15 µs each; the bitmap reads each match past the count's cap, ≈ 2 µs each: the two
    # cost the same near 0.18 at 100,000 articles); and a lone word whose share makes at least
    # ``certain_over`` x ``count_cap`` matches is not counted at all.
    walk_share = 0.18
    certain_over = 2
    # A date range holding fewer rows than this fraction of the words' matches (by the
    # statistics) is walked row by row (``_walks_range``): testing a row detoasts its vector,
    # ≈ 12 µs, where the GIN bitmap reads every match of the words, in range or not, ≈ 0.6 µs
    # each (measured at 100,000 articles: 发展, 47,890 matches, in the last 30 days — 778 rows,
    # 363 matches — 32-71 ms by the bitmap, 9.7 ms walked).
    range_walk_ratio = 1 / 20

    @staticmethod
    def _fetch(sql: str, params: list[object]) -> list[tuple]:
        """Rows of a search statement, run with sequential scans off.

        A word in half the articles looks cheap to the planner as a sequential scan, which
        detoasts every vector (about 10x slower than the GIN bitmap). ``SET LOCAL`` and the
        statement go in one query string (Django's psycopg cursor binds parameters client-side):
        one round trip, and without an explicit transaction the string runs as one implicit
        transaction block, at whose end the setting lapses; inside a caller's transaction it is
        put back by the last statement.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                f"SET LOCAL enable_seqscan = off; {sql}; SET LOCAL enable_seqscan TO DEFAULT",
                params,
            )
            cursor.cursor.nextset()
            return cursor.fetchall()

    def insert(self, rows: list[list[object]]) -> None:
        if not rows:
            return
        # COPY into a staging table, then one INSERT ... SELECT per table (the vectors built by
        # to_tsvector): a round trip and a statement per batch instead of per row.
        columns = self.DOCUMENT_COLUMNS.split(", ")
        staged = ", ".join([*columns, *STAGED_TOKENS])
        vector = VECTOR_SQL % ("t_title", "t_lead", "t_meta", "t_body", "t_filters")
        documents, vectors = self._tables[DOCUMENTS], self._tables[VECTORS]
        doc_conflict = vec_conflict = ""
        if not self._loading:  # a rebuild's shadow tables get each page once, and no index yet
            updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns[1:])
            doc_conflict = f" ON CONFLICT (page_id) DO UPDATE SET {updates}"
            vec_conflict = (
                " ON CONFLICT (doc_key) DO UPDATE SET vector = EXCLUDED.vector, "
                "title_vector = EXCLUDED.title_vector"
            )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS search_stage (LIKE {DOCUMENTS}, "
                + ", ".join(f"{t} text" for t in STAGED_TOKENS)
                + ") ON COMMIT DROP"
            )
            with cursor.cursor.copy(f"COPY search_stage ({staged}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            # A changed doc_key (new publish time) reaches the vector row by ON UPDATE CASCADE.
            cursor.execute(
                f"INSERT INTO {documents} ({self.DOCUMENT_COLUMNS}) "
                f"SELECT {self.DOCUMENT_COLUMNS} FROM search_stage{doc_conflict}"
            )
            cursor.execute(
                f"INSERT INTO {vectors} (doc_key, vector, title_vector) "
                f"SELECT doc_key, {vector}, to_tsvector('simple', t_title) "
                f"FROM search_stage{vec_conflict}"
            )
            cursor.execute("TRUNCATE search_stage")

    _loading = False
    # Live table -> table written (a rebuild writes shadow tables).
    _tables = {t: t for t in TABLES}

    @property
    def table(self) -> str:  # type: ignore[override]  # deletes go to the documents table
        return self._tables[DOCUMENTS]

    @contextmanager
    def rebuilding(self, resync: Callable[[list[int]], object]) -> Iterator[None]:
        """Load shadow tables without indexes, build their indexes in one pass each, then swap
        them in for the live tables: building a GIN index from sorted entries is several times
        cheaper than maintaining it row by row (≈ 600 distinct tokens an article), and searches
        read the live tables throughout — they wait only for the renames at the end.

        Pages published, edited or removed while the shadows were loaded were written to the
        live tables by their signal handlers: before the swap, with writers held off, those pages
        (live rows written after this transaction began, and shadow rows the live table lacks)
        are indexed again from the pages themselves by ``resync``.
        """
        shadows = {t: f"{t}_rebuild" for t in TABLES}
        with connection.cursor() as cursor:
            cursor.execute("SELECT txid_current()::text")
            started = cursor.fetchone()[0]
            for live in reversed(TABLES):
                cursor.execute(f"DROP TABLE IF EXISTS {shadows[live]}")
            for live in TABLES:
                cursor.execute(f"CREATE TABLE {shadows[live]} (LIKE {live} INCLUDING DEFAULTS)")
        self._tables, self._loading = shadows, True
        try:
            yield
            self._loading = False
            renames = [r for live in TABLES for r in self._index_shadow(live, shadows)]
            with connection.cursor() as cursor:
                # Readers go on; writers (signal handlers) wait until the swap commits.
                cursor.execute(f"LOCK TABLE {DOCUMENTS} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute(
                    f"SELECT page_id FROM {DOCUMENTS} WHERE age(xmin) < age(%s::xid) "
                    f"UNION SELECT s.page_id FROM {shadows[DOCUMENTS]} s WHERE NOT EXISTS "
                    f"(SELECT 1 FROM {DOCUMENTS} l WHERE l.page_id = s.page_id)",
                    [str(int(started) % 2**32)],
                )
                changed = [row[0] for row in cursor.fetchall()]
            if changed:
                resync(changed)
            with connection.cursor() as cursor:
                for live in TABLES:
                    cursor.execute(f"ALTER TABLE {live} RENAME TO {live}_old")
                    cursor.execute(f"ALTER TABLE {shadows[live]} RENAME TO {live}")
                for live in reversed(TABLES):
                    cursor.execute(f"DROP TABLE {live}_old")
                for statement in renames:
                    cursor.execute(statement)
        finally:
            self._tables, self._loading = {t: t for t in TABLES}, False

    @staticmethod
    def _index_shadow(live: str, shadows: dict[str, str]) -> list[str]:
        """``live``'s indexes and constraints, created on its loaded shadow under temporary
        names; returns the statements that give them the live names after the swap."""
        shadow, renames = shadows[live], []
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid), k.conname, "
                "pg_get_constraintdef(k.oid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid "
                "WHERE i.indrelid = %s::regclass ORDER BY c.relname",
                [live],
            )
            for name, definition, constraint, constraint_sql in cursor.fetchall():
                temporary = f"{shadow}_{len(renames)}"
                if constraint:
                    cursor.execute(
                        f'ALTER TABLE {shadow} ADD CONSTRAINT "{temporary}" {constraint_sql}'
                    )
                else:
                    # CREATE [UNIQUE] INDEX name ON [schema.]table USING ...
                    head = re.match(
                        r"^(CREATE (?:UNIQUE )?INDEX )\S+ ON (?:\S+\.)?\S+ ", definition
                    )
                    assert head, definition
                    rest = definition[head.end() :]
                    cursor.execute(f'{head[1]}"{temporary}" ON {shadow} {rest}')
                renames.append(f'ALTER INDEX "{temporary}" RENAME TO "{name}"')
            # Foreign keys (the vectors' doc_key), pointing at the shadow of what they reference.
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                [live],
            )
            for name, definition in cursor.fetchall():
                temporary = f"{shadow}_{len(renames)}"
                for target, target_shadow in shadows.items():
                    definition = re.sub(
                        rf"REFERENCES (?:\S+\.)?{target}\(",
                        f"REFERENCES {target_shadow}(",
                        definition,
                    )
                cursor.execute(f'ALTER TABLE {shadow} ADD CONSTRAINT "{temporary}" {definition}')
                renames.append(f'ALTER TABLE {live} RENAME CONSTRAINT "{temporary}" TO "{name}"')
            cursor.execute(f"ANALYZE {shadow}")
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
        required = required_tokens(filters)
        if title_only and not required and not query.exclude:
            # The title's tokens are in the full vector too: testing it as well would make the
            # planner detoast the vector of every title match (700 ms for 人民, in 52,000 law
            # titles 中华人民共和国…).
            t_sql, t_params = tsquery_sql(query.include)
            return (
                f"v.title_vector @@ {t_sql} AND v.doc_key + 0 BETWEEN %s AND %s",
                [*t_params, low, high],
            )
        q_sql, q_params = full_query_sql(query)
        params = [*q_params]
        for token in required:
            # A filter is a token in the same vector, ANDed in the same tsquery: one GIN scan
            # that skips through the longer posting list, no row lookup per match.
            q_sql += " && plainto_tsquery('simple', %s)"
            params.append(token)
        # ``doc_key + 0``: a date range (or the "not after now" bound, or the LIMIT of the
        # capped count) would tempt the planner into walking the doc_key index and detoasting
        # each row's vector to test it: 700-800 ms for 人民 or a two-year range of 发展. The
        # GIN bitmap, then the range tested on the row, is always cheap.
        where = f"v.vector @@ ({q_sql}) AND v.doc_key + 0 BETWEEN %s AND %s"
        params += [low, high]
        if title_only:
            t_sql, t_params = tsquery_sql(query.include)
            where += f" AND v.title_vector @@ {t_sql}"
            params += t_params
        return where, params

    def _count_sql(self, query, filters, low, high) -> tuple[str, list[object]]:
        where, params = self._where(query, filters, low, high)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {VECTORS} v WHERE {where} LIMIT %s) c"
        return sql, [*params, self.count_cap + 1]

    # ``ORDER BY v.doc_key + 0``: the planner, misjudging how many rows match, would otherwise
    # walk the doc_key index backwards and detoast each row's vector to test it (300 ms for a
    # word in a channel); the bitmap of the GIN scan and a top-N sort stay cheap in every case.
    def _scored_sql(self, query, filters, low, high, title_only) -> tuple[str, list[object]]:
        where, params = self._where(query, filters, low, high, title_only)
        return self._ranked_window_sql(query, where, params, "v.doc_key + 0")

    def _ranked_window_sql(
        self, query: ParsedQuery, where: str, params: list[object], order_key: str
    ) -> tuple[str, list[object]]:
        """The newest ``window`` rows matching ``where`` (by ``order_key``), ranked."""
        q_sql, q_params = full_query_sql(query)
        # Rank only the rows the inner LIMIT keeps (a target-list rank would run for every match).
        sql = (
            f"SELECT w.doc_key, ts_rank_cd(w.vector, {q_sql}) FROM "
            f"(SELECT v.doc_key, v.vector FROM {VECTORS} v WHERE {where} "
            f"ORDER BY {order_key} DESC LIMIT %s) w"
        )
        return sql, [*q_params, *params, self.window]

    def count(self, query: ParsedQuery, filters: Filters, low: int, high: int) -> int:
        return self._fetch(*self._count_sql(query, filters, low, high))[0][0]

    def scored(
        self, query: ParsedQuery, filters: Filters, low: int, high: int, title_only: bool
    ) -> list[tuple[int, float]]:
        rows = self._fetch(*self._scored_sql(query, filters, low, high, title_only))
        return [(key, float(score)) for key, score in rows]

    def _walk_where(self, query, filters, low, high, title_only) -> tuple[str, list[object]]:
        """``_where`` for a walk of the doc_key index: the range on the key itself, the match
        as ``ts_match_vq(…)`` — ``@@`` called as a function, which no index can answer, so the
        planner cannot turn the walk into a bitmap scan (its guess of a phrase's matches is
        unreliable)."""
        where, params = self._where(query, filters, low, high, title_only)
        where = re.sub(r"v\.(title_vector|vector) @@ ", r"ts_match_vq(v.\1, ", where, count=1)
        return where.replace(" AND v.doc_key + 0 BETWEEN", ") AND v.doc_key BETWEEN", 1), params

    def _walk_sql(self, query, filters, low, high, title_only) -> tuple[str, list[object]]:
        """The newest ``window`` matches by walking the doc_key index backwards, testing each
        row: about 10 µs a row, so cheap only when matches are dense (200 matches of a word in
        77 % of the articles: 3 ms, against 60 ms to collect and sort all 77,000 by the bitmap).
        """
        where, params = self._walk_where(query, filters, low, high, title_only)
        return self._ranked_window_sql(query, where, params, "v.doc_key")

    def _lone_word(self, query: ParsedQuery, filters: Filters) -> str | None:
        """The token of a query that is one word (one token), no exclusion, no filter."""
        if len(query.include) != 1 or query.exclude or required_tokens(filters):
            return None
        alternatives = query.include[0].alternatives
        if len(alternatives) != 1 or len(alternatives[0]) != 1:
            return None
        return alternatives[0][0].lower()

    def _gates(
        self,
        query: ParsedQuery,
        filters: Filters,
        low: int,
        title_where: tuple[str, list[object]] | None,
        shares: TokenShares | None = None,
        range_walk: bool = False,
    ) -> tuple[str, list[object]]:
        """The CTEs ``c`` (the capped count), ``d`` (the window walks), ``t`` and ``e`` (the
        title window walks) of ``count_and_scored``/``count_and_newest``.

        Without statistics (before the first ANALYZE) both plans are chosen from capped counts:
        the window walks when the count passes ``count_cap`` and the cap is at least
        ``dense_share`` of the index; the title window, when its own count (taken only then)
        passes ``title_count_cap`` and that is ``title_dense_share`` of the index. With them
        (``token_shares``), a share bound below ``walk_share`` / ``title_dense_share`` settles
        the plan without counting; a lone word's share is known, so its title plan needs no
        count either, its window walks when its count passes the cap, and a word certainly
        in more than ``count_cap`` rows is not counted (the total shown is the same, 超过).
        ``range_walk``: the matches ``m`` are already a walk of the date range, newest first
        (``_walks_range``): the window reads them, it never walks on its own.
        """
        cap, title_cap = self.count_cap, self.title_count_cap
        rows = f"(SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = '{VECTORS}'::regclass)"
        count = (
            "c AS MATERIALIZED (SELECT count(*) AS n FROM (SELECT 1 FROM m LIMIT %s) x)",
            [cap + 1],
        )
        dense = (
            f"d AS MATERIALIZED (SELECT (SELECT n FROM c) > %s AND %s >= {rows} * %s AS dense)",
            [cap, cap, self.dense_share],
        )
        t_sql, t_params = title_where or ("false", [])
        title_count = (
            "t AS MATERIALIZED (SELECT CASE WHEN (SELECT dense FROM d) THEN (SELECT count(*) "
            f"FROM (SELECT 1 FROM {VECTORS} v WHERE {t_sql} LIMIT %s) x) ELSE 0 END AS n)",
            [*t_params, title_cap + 1],
        )
        title_dense = (
            f"e AS MATERIALIZED (SELECT (SELECT n FROM t) > %s AND %s >= {rows} * %s AS dense)",
            [title_cap, title_cap, self.title_dense_share],
        )
        if range_walk:
            dense = ("d AS MATERIALIZED (SELECT false AS dense)", [])
        if shares is not None:
            required = tuple(Term(t, ((t,),)) for t in required_tokens(filters))
            text = _share_bound([query.include, required], shares.text, shares.text_floor)
            # The title window: title matches whose vector holds the filters' tokens.
            title = min(
                _share_bound([query.include], shares.title, shares.title_floor),
                _share_bound([required], shares.text, shares.text_floor),
            )
            word = self._lone_word(query, filters)
            known = word is not None and word in shares.text
            if text < self.walk_share or range_walk:
                dense = ("d AS MATERIALIZED (SELECT false AS dense)", [])
            elif known:
                dense = ("d AS MATERIALIZED (SELECT (SELECT n FROM c) > %s AS dense)", [cap])
                # The share is the whole index's: not for a date range.
                whole = filters.date_from is None and filters.date_to is None and low <= 0
                if whole and text * shares.rows >= self.certain_over * cap:
                    count = ("c AS MATERIALIZED (SELECT %s::bigint AS n)", [cap + 1])
            if title < self.title_dense_share or (word is not None and word in shares.title):
                walk = title >= self.title_dense_share
                title_count = ("t AS MATERIALIZED (SELECT 0 AS n)", [])
                title_dense = ("e AS MATERIALIZED (SELECT %s AS dense)", [walk])
        parts = (count, dense, title_count, title_dense) if title_where else (count, dense)
        return ", ".join(sql for sql, _ in parts), [p for _, params in parts for p in params]

    def _walks_range(
        self,
        query: ParsedQuery,
        filters: Filters,
        low: int,
        high: int,
        shares: TokenShares | None,
    ) -> bool:
        """Whether the date range ``low``..``high`` holds so few rows, next to the words'
        matches, that testing each of its rows (newest first, by the doc_key index) is cheaper
        than reading every match from the GIN index to test its key: a narrow range (the last
        month) with a common word. Both statistics are ANALYZE's (``token_shares``): the range's
        rows from the doc_key histogram, the matches bounded by the rarest token's share."""
        if shares is None or not shares.keys:
            return False
        required = tuple(Term(t, ((t,),)) for t in required_tokens(filters))
        matches = _share_bound([query.include, required], shares.text, shares.text_floor)
        return shares.range_share(low, high) < matches * self.range_walk_ratio

    def _matches_sql(
        self, query: ParsedQuery, filters: Filters, low: int, high: int, range_walk: bool
    ) -> tuple[str, list[object]]:
        """The CTE ``m``: the matches' keys, from the GIN bitmap, or (``range_walk``) from a
        walk of the date range, newest first."""
        if range_walk:
            where, params = self._walk_where(query, filters, low, high, False)
            order = " ORDER BY v.doc_key DESC"
        else:
            where, params = self._where(query, filters, low, high)
            order = ""
        return f"m AS MATERIALIZED (SELECT v.doc_key FROM {VECTORS} v WHERE {where}{order})", params

    def count_and_scored(self, query, filters, low, high):
        """One statement, one round trip (each costs milliseconds on a busy server).

        Each window's plan is chosen inside the statement (InitPlans gate the two branches,
        so only one runs; see ``_gates``): the newest matches are found either by walking the
        doc_key index (``_walk_sql``), or by the GIN bitmap and a top-N sort.
        """
        shares = token_shares()
        range_walk = self._walks_range(query, filters, low, high, shares)
        matches, where_params = self._matches_sql(query, filters, low, high, range_walk)
        title_where = self._where(query, filters, low, high, True)
        q_sql, q_params = full_query_sql(query)
        walk_sql, walk_params = self._walk_sql(query, filters, low, high, False)
        title_sql, title_params = self._scored_sql(query, filters, low, high, True)
        title_walk_sql, title_walk_params = self._walk_sql(query, filters, low, high, True)
        gates, gate_params = self._gates(query, filters, low, title_where, shares, range_walk)
        rows = self._fetch(
            # The matches' keys, read by the count up to the cap and, for the bitmap plan, on
            # to the end: a CTE scan runs its query only as far as read, so each candidate is
            # tested once (a phrase's candidates are rechecked on their detoasted vectors).
            f"WITH {matches}, {gates} "
            "SELECT 0, (SELECT n FROM c), 0.0 "
            f"UNION ALL (SELECT 1, * FROM ({walk_sql}) a WHERE (SELECT dense FROM d)) "
            f"UNION ALL (SELECT 1, v.doc_key, ts_rank_cd(v.vector, {q_sql}) FROM (SELECT "
            "doc_key FROM m ORDER BY doc_key DESC LIMIT %s) k JOIN "
            f"{VECTORS} v ON v.doc_key = k.doc_key WHERE NOT (SELECT dense FROM d)) "
            f"UNION ALL (SELECT 2, * FROM ({title_walk_sql}) b WHERE (SELECT dense FROM e)) "
            f"UNION ALL (SELECT 2, * FROM ({title_sql}) b WHERE NOT (SELECT dense FROM e))",
            [
                *where_params,
                *gate_params,
                *walk_params,
                *q_params,
                self.window,
                *title_walk_params,
                *title_params,
            ],
        )
        total = next(int(key) for part, key, _ in rows if part == 0)
        window = [(key, float(score)) for part, key, score in rows if part == 1]
        titled = [(key, float(score)) for part, key, score in rows if part == 2]
        return total, window, titled

    def count_and_newest(self, query, filters, low, high, offset, limit):
        """Date order: the plan chosen as in ``count_and_scored`` (no title window)."""
        shares = token_shares()
        range_walk = self._walks_range(query, filters, low, high, shares)
        matches, where_params = self._matches_sql(query, filters, low, high, range_walk)
        walk_where, walk_params = self._walk_where(query, filters, low, high, False)
        gates, gate_params = self._gates(query, filters, low, None, shares, range_walk)
        rows = self._fetch(
            f"WITH {matches}, {gates} "
            "SELECT 0, (SELECT n FROM c) "
            f"UNION ALL (SELECT 1, * FROM (SELECT v.doc_key FROM {VECTORS} v WHERE {walk_where} "
            "ORDER BY v.doc_key DESC LIMIT %s OFFSET %s) a WHERE (SELECT dense FROM d)) "
            "UNION ALL (SELECT 1, * FROM (SELECT doc_key FROM m ORDER BY doc_key DESC "
            "LIMIT %s OFFSET %s) a WHERE NOT (SELECT dense FROM d))",
            [*where_params, *gate_params, *walk_params, limit, offset, limit, offset],
        )
        total = next(int(key) for part, key in rows if part == 0)
        keys = [key for part, key in rows if part == 1]
        return total, sorted(keys, reverse=True)

    def newest(self, query, filters, low, high, offset, limit, exclude_keys) -> list[int]:
        where, params = self._where(query, filters, low, high)
        if exclude_keys:
            where += " AND NOT (v.doc_key = ANY(%s))"
            params.append(list(exclude_keys))
        rows = self._fetch(
            f"SELECT v.doc_key FROM {VECTORS} v WHERE {where} "
            "ORDER BY v.doc_key + 0 DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [row[0] for row in rows]

    def size_bytes(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s) + pg_total_relation_size(%s)", TABLES)
            return int(cursor.fetchone()[0])
