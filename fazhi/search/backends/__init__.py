"""The backend for the database in use: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from __future__ import annotations

from django.db import connection

from fazhi.search.backends.base import SearchBackend
from fazhi.search.segment import Segmenter


def backend_for_connection(segmenter: Segmenter) -> SearchBackend:
    if connection.vendor == "postgresql":
        from fazhi.search.backends.postgres import PostgresBackend

        return PostgresBackend(segmenter)
    if connection.vendor == "sqlite":
        from fazhi.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend(segmenter)
    raise NotImplementedError(
        f"fazhi search supports SQLite and PostgreSQL, not {connection.vendor}"
    )
