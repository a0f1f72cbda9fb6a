"""What both readers share: a PyMySQL connection, table/column introspection, keyset batches."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

Row = dict[str, Any]


class MySQLReader:
    """Reads one old site's tables. Subclasses yield the dataclasses of ``fazhi.legacy.records``."""

    source = ""
    default_prefix = ""

    def __init__(self, connection: Any, prefix: str | None = None) -> None:
        self.connection = connection
        self.prefix = self.default_prefix if prefix is None else prefix
        self._columns: dict[str, set[str]] = {}
        self._tables: set[str] | None = None

    def t(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def tables(self) -> set[str]:
        if self._tables is None:
            rows = self.query(
                "SELECT TABLE_NAME AS name FROM information_schema.TABLES "
                "WHERE TABLE_SCHEMA = DATABASE()"
            )
            self._tables = {row["name"] for row in rows}
        return self._tables

    def has_table(self, table: str) -> bool:
        return table in self.tables()

    def columns(self, table: str) -> set[str]:
        if table not in self._columns:
            rows = self.query(
                "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS "
                "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s",
                [table],
            )
            self._columns[table] = {row["name"].lower() for row in rows}
        return self._columns[table]

    def select_list(self, table: str, wanted: Sequence[str], alias: str = "") -> str:
        """``a.x, a.y`` for the wanted columns the table has (versions differ slightly)."""
        have = self.columns(table)
        dot = f"{alias}." if alias else ""
        return ", ".join(f"{dot}`{c}`" for c in wanted if c.lower() in have)

    def query(self, sql: str, args: Sequence[Any] | None = None) -> list[Row]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, args)
            return list(cursor.fetchall())

    def count(self, table: str, where: str = "") -> int:
        if not self.has_table(table):
            return 0
        sql = f"SELECT COUNT(*) AS n FROM `{table}`" + (f" WHERE {where}" if where else "")
        return int(self.query(sql)[0]["n"])

    def keyset(
        self, table: str, key: str, select: str, batch_size: int, start_after: int = 0
    ) -> Iterator[list[Row]]:
        """Rows of ``table`` in ``key`` order, ``batch_size`` at a time (no OFFSET: stays fast)."""
        last = start_after
        while True:
            rows = self.query(
                f"SELECT {select} FROM `{table}` WHERE `{key}` > %s ORDER BY `{key}` LIMIT %s",
                [last, batch_size],
            )
            if not rows:
                return
            yield rows
            last = rows[-1][key]

    def by_ids(self, table: str, key: str, select: str, ids: Sequence[int]) -> dict[int, Row]:
        if not ids or not self.has_table(table):
            return {}
        marks = ", ".join(["%s"] * len(ids))
        rows = self.query(f"SELECT {select} FROM `{table}` WHERE `{key}` IN ({marks})", list(ids))
        return {int(row[key]): row for row in rows}


def text(value: Any) -> str:
    """A column as text: bytes from old latin1-declared columns are decoded, None → "", and NUL
    characters dropped. MySQL keeps NUL in a VARCHAR; PostgreSQL refuses it in any text field, and
    one member named with a NUL failed its whole batch and stopped the migration."""
    return _decoded(value).replace("\x00", "")


def _decoded(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        for encoding in ("utf-8", "gb18030"):
            try:
                return value.decode(encoding)
            except UnicodeDecodeError:
                continue
        return value.decode("utf-8", "replace")
    return str(value)


def number(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
