"""Where the old data comes from: a live MySQL/MariaDB database, or a mysqldump ``.sql`` file.

A dump is loaded into a scratch database on a MariaDB/MySQL server (``FAZHI_LEGACY_SCRATCH_URL``)
and then read exactly like a live database: one reader code path, MySQL's own parser for the
dump's SQL. The loader is pure Python (PyMySQL, statements split here), so no ``mysql`` client
binary is needed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pymysql
import pymysql.cursors


class SourceError(Exception):
    """A problem with the old database or dump; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class MySQLURL:
    host: str
    port: int
    user: str
    password: str
    database: str


def parse_mysql_url(url: str) -> MySQLURL:
    """``mysql://user:pass@host:3306/name`` (also ``mariadb://``)."""
    parts = urlsplit(url or "")
    if parts.scheme not in {"mysql", "mariadb"} or not parts.hostname:
        raise SourceError(f"数据库地址格式不对：{url!r}，应为 mysql://用户名:密码@主机:端口/库名")
    return MySQLURL(
        host=parts.hostname,
        port=parts.port or 3306,
        user=unquote(parts.username or "root"),
        password=unquote(parts.password or ""),
        database=unquote(parts.path.lstrip("/")),
    )


def connect(url: MySQLURL, database: str | None = None) -> pymysql.connections.Connection:
    """A PyMySQL connection (utf8mb4, dict rows); a Chinese message when the server is not there."""
    try:
        return pymysql.connect(
            host=url.host,
            port=url.port,
            user=url.user,
            password=url.password,
            database=url.database if database is None else database or None,
            charset="utf8mb4",
            cursorclass=pymysql.cursors.DictCursor,
            connect_timeout=5,
            autocommit=True,
        )
    except pymysql.err.OperationalError as error:
        code = error.args[0] if error.args else 0
        if code == 1049:
            raise SourceError(f"数据库 {url.database!r} 不存在（{url.host}:{url.port}）") from error
        if code == 1045:
            raise SourceError(
                f"无法登录 MySQL/MariaDB：用户名或密码错误（{url.user}@{url.host}）"
            ) from error
        raise SourceError(
            f"无法连接 MySQL/MariaDB 服务器 {url.host}:{url.port}：{error.args[-1]}。"
            "读取旧站数据需要一个运行中的 MariaDB 或 MySQL；导入 .sql 文件时也需要它作为临时库"
            "（Debian/Ubuntu：sudo apt install mariadb-server，或用 --scratch-db 指定其他服务器）。"
        ) from error


# One token at a time: quoted strings (with backslash escapes), comments, or a statement end.
_SQL_TOKENS = re.compile(
    r"""'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.)*"|`[^`]*`|--[ \t][^\n]*|\#[^\n]*|/\*.*?\*/|;""",
    re.S,
)


def split_sql(text: str) -> Iterator[str]:
    """Statements of a mysqldump file (``;`` outside strings and comments ends one).

    ``DELIMITER`` blocks (triggers, procedures) are not supported: EmpireCMS/DedeCMS dumps have none.
    """
    start = 0
    for match in _SQL_TOKENS.finditer(text):
        if match.group() == ";":
            statement = text[start : match.start()].strip()
            start = match.end()
            if statement and not _only_comments(statement):
                yield statement
    rest = text[start:].strip()
    if rest and not _only_comments(rest):
        yield rest


_SET_NAMES = re.compile(r"^(/\*!\d+\s+)?SET\s+NAMES\b", re.IGNORECASE)


def _only_comments(statement: str) -> bool:
    stripped = re.sub(r"--[ \t][^\n]*|#[^\n]*|/\*(?!!).*?\*/", "", statement, flags=re.S)
    return not stripped.strip()


def scratch_name(dump: Path, prefix: str) -> str:
    """A scratch database name stable for one dump file (re-runs reuse it)."""
    digest = hashlib.sha1(str(dump.resolve()).encode()).hexdigest()[:10]
    return f"{prefix}{re.sub(r'[^0-9a-z_]', '_', dump.stem.lower())[:30]}_{digest}"


def load_dump(dump: Path, server: MySQLURL, database: str) -> None:
    """(Re)create ``database`` on ``server`` and run the dump's statements into it."""
    if not dump.is_file():
        raise SourceError(f"找不到 SQL 文件：{dump}")
    raw = dump.read_bytes()
    for encoding in ("utf-8", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SourceError(f"{dump} 既不是 UTF-8 也不是 GBK 编码，无法读取")
    connection = connect(server, database="")
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
            cursor.execute(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4")
            cursor.execute(f"USE `{database}`")
            for n, statement in enumerate(split_sql(text), 1):
                if _SET_NAMES.match(statement):
                    continue  # the text is already decoded; the connection stays utf8mb4
                try:
                    cursor.execute(statement)
                except pymysql.err.MySQLError as error:
                    cursor.execute(
                        f"DROP DATABASE IF EXISTS `{database}`"
                    )  # leave nothing half-loaded
                    raise SourceError(
                        f"{dump} 第 {n} 条语句执行失败：{error.args[-1]}（{statement[:80]}…）"
                    ) from error
    finally:
        connection.close()


def drop_database(server: MySQLURL, database: str) -> None:
    connection = connect(server, database="")
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
    finally:
        connection.close()
