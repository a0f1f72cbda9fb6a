"""Benchmark of ``fazhi migrate_from empirecms``: a synthetic 100,000-article EmpireCMS site.

    .venv/bin/python bench/migrate.py [--articles 100000] [--batch-size 1000]

1. Generates the site into MariaDB (``FAZHI_LEGACY_SCRATCH_URL``, database
   ``{FAZHI_LEGACY_SCRATCH_PREFIX}bench_{N}``; kept between runs, rebuilt when the size differs):
   20 channels, N articles with 1.5 KB bodies (a page break in every fifth), keywords, one comment
   per article (stored by the comments app), 500 members.
2. Baseline, same run: the reader alone (rows fetched from MariaDB and turned into dataclasses).
3. The migration into a fresh SQLite database in a temporary FAZHI_VAR_DIR.
Prints articles/s of both and their ratio. The machine is shared: one run at a time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("FAZHI_VAR_DIR", tempfile.mkdtemp(prefix="fazhi-bench-migrate-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from fazhi.legacy import sources  # noqa: E402
from fazhi.legacy.readers.empirecms import EmpireCMSReader  # noqa: E402

SCHEMA = Path(__file__).resolve().parent.parent / "fazhi/legacy/tests/sql/empirecms75.sql"
PARAGRAPH = (
    '<p style="text-indent:2em">为深入贯彻落实全面依法治国基本方略，进一步提升基层法律服务水平，'
    * 6
)


def generate(server: sources.MySQLURL, name: str, articles: int) -> None:
    """Load the fixture's schema, then fill it with ``articles`` synthetic rows."""
    connection = sources.connect(server, database="")
    with connection.cursor() as cursor:
        cursor.execute("SHOW DATABASES LIKE %s", [name])
        if cursor.fetchall():
            cursor.execute(f"SELECT COUNT(*) AS n FROM `{name}`.phome_ecms_news")
            if cursor.fetchone()["n"] == articles:
                print(f"site: reusing {name} ({articles} articles)")
                return
    started = time.perf_counter()
    sources.load_dump(SCHEMA, server, name)
    connection = sources.connect(server, database=name)
    with connection.cursor() as cursor:
        for table in ("phome_ecms_news", "phome_ecms_news_data_1", "phome_ecms_news_check",
                      "phome_ecms_news_check_data", "phome_ecms_article", "phome_ecms_article_data_1",
                      "phome_enewsclass", "phome_enewsmember", "phome_enewsmemberadd",
                      "phome_enewsuser", "phome_enewsfile_1", "phome_enewspl_1"):  # fmt: skip
            cursor.execute(f"DELETE FROM {table}")
        cursor.executemany(
            "INSERT INTO phome_enewsclass (classid, bclassid, classname, classpath, myorder, tbname,"
            " filetype) VALUES (%s, %s, %s, %s, %s, 'news', '.html')",
            [(i, 0 if i <= 5 else (i % 5) + 1, f"栏目{i}", f"c{i}" if i <= 5 else f"c{(i % 5) + 1}/s{i}", i)
             for i in range(1, 21)],
        )  # fmt: skip
        cursor.executemany(
            "INSERT INTO phome_enewsmember (userid, username, password, email, registertime,"
            " checked, salt) VALUES (%s, %s, %s, %s, 1546300800, 1, 'salt')",
            [(i, f"member{i}", "0" * 32, f"m{i}@example.cn") for i in range(1, 501)],
        )
        for start in range(1, articles + 1, 2000):
            ids = range(start, min(start + 2000, articles + 1))
            cursor.executemany(
                "INSERT INTO phome_ecms_news (id, classid, onclick, plnum, newspath, filename,"
                " username, stb, restb, keyboard, title, newstime, smalltext, diggtop)"
                " VALUES (%s, %s, %s, 1, '2020-01-01', %s, 'admin', 1, 1, %s, %s, %s, %s, %s)",
                [(i, (i % 20) + 1, i % 997, str(i), f"法治,关键词{i % 50}", f"第{i}篇法治新闻标题",
                  1577836800 + i * 60, "导读" * 20, i % 31) for i in ids],
            )  # fmt: skip
            cursor.executemany(
                "INSERT INTO phome_ecms_news_data_1 (id, classid, writer, befrom, newstext)"
                " VALUES (%s, %s, '记者', '法治日报', %s)",
                [(i, (i % 20) + 1,
                  PARAGRAPH + (f"[!--empirenews.page--]第二页{i}[/!--empirenews.page--]" if i % 5 == 0 else "")
                  + f"<p>第{i}篇的正文<script>x()</script></p><table><tr><td>{i}</td></tr></table>")
                 for i in ids],
            )  # fmt: skip
            cursor.executemany(
                "INSERT INTO phome_enewspl_1 (plid, username, sayip, saytime, id, classid, checked,"
                " userid, saytext) VALUES (%s, '', '10.0.0.1', %s, %s, %s, 0, 0, %s)",
                [(i, 1577900000 + i, i, (i % 20) + 1, "好[~e.wx~]") for i in ids],
            )
    connection.close()
    print(f"site: generated {articles} articles in {time.perf_counter() - started:.0f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args()
    server = sources.parse_mysql_url(settings.LEGACY_SCRATCH_URL)
    name = f"{settings.LEGACY_SCRATCH_PREFIX}bench_{args.articles}"
    generate(server, name, args.articles)
    url = f"mysql://{server.user}@{server.host}:{server.port}/{name}"

    # Baseline: the reader alone (fetch + dataclasses), no writing.
    connection = sources.connect(sources.parse_mysql_url(url))
    reader = EmpireCMSReader(connection)
    started = time.perf_counter()
    read = sum(len(batch) for batch in reader.articles(args.batch_size))
    read_rate = read / (time.perf_counter() - started)
    connection.close()
    print(f"baseline (read only): {read} articles, {read_rate:.0f} articles/s")

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("migrate_from", "empirecms", "--db", url, "--batch-size", str(args.batch_size),
                 "--report", os.path.join(settings.VAR_DIR, "report.txt"))  # fmt: skip
    elapsed = time.perf_counter() - started
    from fazhi.comments.models import Comment, DiggCount
    from fazhi.news.models import ArticlePage

    migrated = ArticlePage.objects.count()
    rate = migrated / elapsed
    print(
        f"migration: {migrated} articles with {Comment.objects.count()} comments and"
        f" {DiggCount.objects.count()} digg counts stored in {elapsed:.1f}s"
        f" = {rate:.0f} articles/s; ratio to the read-only baseline {rate / read_rate:.2f}"
        f" (database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})"
    )


if __name__ == "__main__":
    main()
