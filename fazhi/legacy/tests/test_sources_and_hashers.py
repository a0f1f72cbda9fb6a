"""Dump splitting, database URLs, connection errors in Chinese, and the old password hashers."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password

from fazhi.conftest import authenticate_as_reader
from fazhi.legacy import sources
from fazhi.legacy.hashers import DedeCMSPasswordHasher, EmpireCMSPasswordHasher


def test_split_sql_respects_strings_and_comments():
    dump = (
        "/*!40101 SET NAMES utf8mb4 */;\n-- a comment; with semicolon\n"
        "INSERT INTO t VALUES (1,'a;b\\'c',\"x;y\");\n# hash comment;\n"
        "CREATE TABLE `we;ird` (id int);\n/* only a comment; */\nSELECT 1"
    )
    assert list(sources.split_sql(dump)) == [
        "/*!40101 SET NAMES utf8mb4 */",
        "-- a comment; with semicolon\nINSERT INTO t VALUES (1,'a;b\\'c',\"x;y\")",
        "# hash comment;\nCREATE TABLE `we;ird` (id int)",
        "/* only a comment; */\nSELECT 1",
    ]


def test_parse_mysql_url():
    url = sources.parse_mysql_url("mysql://u:p%40ss@db.local:3307/site")
    assert (url.host, url.port, url.user, url.password, url.database) == (
        "db.local",
        3307,
        "u",
        "p@ss",
        "site",
    )
    with pytest.raises(sources.SourceError, match="数据库地址格式不对"):
        sources.parse_mysql_url("postgres://x/y")


def test_connection_refused_is_explained_in_chinese():
    with pytest.raises(
        sources.SourceError, match=r"无法连接 MySQL/MariaDB 服务器.*apt install mariadb-server"
    ):
        sources.connect(sources.parse_mysql_url("mysql://root@127.0.0.1:1/x"))


def test_empirecms_hasher():
    encoded = "empirecms$abc123$f2dd4e8c95c32253fe58eea04eaad80c"  # md5(md5("secret123")."abc123")
    hasher = EmpireCMSPasswordHasher()
    assert hasher.verify("secret123", encoded)
    assert not hasher.verify("secret124", encoded)
    assert hasher.encode("secret123", "abc123") == encoded


def test_dedecms_hasher_members_and_admins():
    hasher = DedeCMSPasswordHasher()
    assert hasher.verify("dede-pass", "dedecms$$23d146c77396332e3c95f3e051fa8185")
    assert hasher.verify("admin888", "dedecms$$171469e80d32c0559f88")  # substr(md5, 5, 20)
    assert not hasher.verify("admin889", "dedecms$$171469e80d32c0559f88")


@pytest.mark.django_db
def test_old_password_signs_in_and_is_upgraded_to_the_first_hasher(settings):
    user = get_user_model().objects.create(
        username="zhangsan", password="empirecms$abc123$f2dd4e8c95c32253fe58eea04eaad80c"
    )
    assert authenticate_as_reader(username="zhangsan", password="wrong") is None
    assert authenticate_as_reader(username="zhangsan", password="secret123") == user
    user.refresh_from_db()
    first = settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1]
    assert first != "EmpireCMSPasswordHasher"
    assert not user.password.startswith("empirecms$")
    assert check_password("secret123", user.password)
    assert authenticate_as_reader(username="zhangsan", password="secret123") == user


def test_production_settings_list_the_legacy_hashers_after_the_defaults():
    from fazhi import settings as real

    names = [h.rsplit(".", 1)[-1] for h in real.PASSWORD_HASHERS]
    assert names[0] == "Argon2PasswordHasher"  # the preferred one: old hashes upgrade to it
    assert names[-2:] == ["EmpireCMSPasswordHasher", "DedeCMSPasswordHasher"]


def test_text_columns_lose_nul_characters():
    """Regression (hostile corpus on PostgreSQL, issue 9): MySQL stores NUL in a VARCHAR,
    PostgreSQL refuses it, and one member named ``<script>\\x00`` failed its whole batch."""
    from fazhi.legacy.readers.base import text

    assert text("<script>\x00alert(1)") == "<script>alert(1)"
    assert text("法\x00治".encode("gb18030")) == "法治"
    assert text(None) == "" and text(12) == "12"
