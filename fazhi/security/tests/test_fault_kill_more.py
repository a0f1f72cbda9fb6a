"""A worker SIGKILLed in the middle of a comment post, a static export and a migration batch:
after it nothing is half written, and running the same thing again gives the right result.

Each runs fazhi in a real subprocess on its own database (faults.py) and stops it at a pause
point put in from outside (fault_hooks.py), so the kill lands mid-operation every time; the
tests assert that it did."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
from django.conf import settings

from fazhi.comments.tests.conftest import guest_comment
from fazhi.importers.demo import SEED_PAGE
from fazhi.legacy import sources
from fazhi.legacy.tests.conftest import SQL_DIR, mariadb  # noqa: F401 (fixture)
from fazhi.security.tests.faults import FazhiProcess, wait_for_file
from fazhi.testing.processes import free_port, wait_for_port

ARTICLES = 12


def import_articles(app: FazhiProcess, n: int = ARTICLES) -> None:
    seed = SEED_PAGE.read_text("utf-8")
    pages = app.tmp_path / "pages"
    pages.mkdir()
    for i in range(n):
        text = seed.replace("司法行政机关抓党建应做到", f"第{i}篇 司法行政机关抓党建应做到")
        (pages / f"{i:03}.txt").write_text(text.replace("11:33:51", f"11:{i // 60:02}:{i % 60:02}"))
    result = app.run("import_pages", str(pages))
    assert result.returncode == 0, result.stdout + result.stderr


def kill(process: subprocess.Popen, pid: int | None = None) -> None:
    os.kill(pid or process.pid, signal.SIGKILL)
    if pid is None or pid == process.pid:
        process.wait(30)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".fazhi-export.")
    }


# --- (b) static export ------------------------------------------------------------------------

REVISE = """
from fazhi.news.models import ArticlePage
for page in ArticlePage.objects.all():
    page.title = "修订版 " + page.title
    page.save_revision().publish()
print(ArticlePage.objects.filter(title__startswith="修订版").count())
"""


def test_export_killed_midway_then_rerun(fazhi_process: FazhiProcess):
    app = fazhi_process
    import_articles(app)
    out = app.tmp_path / "export"
    first = app.run("export_static", str(out), "--no-progress")
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(out)
    assert app.shell(REVISE) == str(ARTICLES)  # every article page (and its lists) changes

    process = app.popen(
        [sys.executable, "-m", "fazhi", "export_static", str(out), "--no-progress"],
        FAZHI_FAULT_HOOK="export_mid_write", FAZHI_FAULT_AFTER="6",
        FAZHI_FAULT_MARKER=str(app.marker),
    )  # fmt: skip
    _pid, tmp, target = wait_for_file(app.marker, process).split()
    assert Path(tmp).is_file() and Path(tmp).name.startswith(".tmp-")  # mid-write, for sure
    kill(process)
    killed = snapshot(out)

    rerun = app.run("export_static", str(out), "--no-progress")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    after = snapshot(out)
    # The rerun finished the job: no temporary left, every article shows its new title.
    assert not [name for name in after if Path(name).name.startswith(".tmp-")]
    assert set(after) == set(before)
    articles = [n for n, data in after.items() if "第0篇" in data.decode("utf-8", "replace")]
    assert articles and all("修订版 第0篇".encode() in after[n] for n in articles)
    # After the kill every file nginx serves was whole: the old one or the new one, never a part.
    left = [name for name in killed if Path(name).name.startswith(".tmp-")]
    assert left == [str(Path(tmp).relative_to(out))], left  # only dot-named: nginx denies them
    served = {n: data for n, data in killed.items() if n not in left}
    assert set(served) == set(before)
    for name, data in served.items():
        assert data in (before[name], after[name]), name
    renewed = [n for n in served if served[n] == after[n] != before[n]]
    kept = [n for n in served if served[n] == before[n] != after[n]]
    assert len(renewed) == 5 and kept, (len(renewed), len(kept))  # killed half-way, provably
    assert str(Path(target).relative_to(out)) in kept  # the page being replaced: still the old
    state = json.loads((out / ".fazhi-export.json").read_text())
    assert state["files"]  # still the previous run's state (the rerun redid the changes)


# --- (a) comment post -------------------------------------------------------------------------


def post_comment(port: int, page_id: int, text: str) -> tuple[int, str]:
    """A guest's comment as the page script sends it (CSRF cookie first), over real HTTP."""
    session = requests.Session()
    url = f"http://127.0.0.1:{port}/api/pages/{page_id}/comments/"
    assert session.get(url, headers={"Accept": "text/html"}, timeout=60).status_code == 200
    try:
        response = session.post(
            url,
            data=guest_comment(text),
            headers={"Accept": "application/json", "X-CSRFToken": session.cookies["csrftoken"]},
            timeout=120,
        )
    except requests.ConnectionError as error:  # the worker died under us
        return 0, repr(error)
    return response.status_code, response.text


def test_comment_post_killed_midway_then_rerun(fazhi_process: FazhiProcess):
    app = fazhi_process
    import_articles(app, 1)
    page_id = int(
        app.shell("from fazhi.news.models import ArticlePage as A; print(A.objects.get().pk)")
    )
    port = free_port()
    server = app.popen(
        [sys.executable, "-m", "gunicorn", "fazhi.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1",
         "--timeout", "120", "--no-control-socket"],
        DJANGO_SETTINGS_MODULE="fazhi.test_settings",  # captcha answers "passed"
        FAZHI_FAULT_HOOK="comment_in_transaction", FAZHI_FAULT_MARKER=str(app.marker),
    )  # fmt: skip
    try:
        wait_for_port(port)
        text = "停电也不能留下半条评论"
        outcome: list[tuple[int, str]] = []
        poster = threading.Thread(target=lambda: outcome.append(post_comment(port, page_id, text)))
        poster.start()
        pid, note = wait_for_file(app.marker, server).split(" ", 1)
        assert "inserted, not committed" in note  # the INSERT ran, inside the transaction
        assert app.count("comments_comment") == 0  # ... and nobody else can see it yet
        os.kill(int(pid), signal.SIGKILL)
        poster.join(60)
        assert outcome and outcome[0][0] == 0, outcome  # the reader's request died with it
        assert app.count("comments_comment") == 0  # rolled back: no half-posted comment
        status, body = post_comment(port, page_id, text)  # gunicorn has a new worker by now
        assert status == 201, body
        assert app.count("comments_comment") == 1
        assert app.shell(COMMENTS) == f"1 {text}"
    finally:
        server.terminate()
        server.wait(30)


COMMENTS = """
from fazhi.comments.models import Comment
print(Comment.objects.count(), *Comment.objects.values_list("text", flat=True))
"""


# --- (c) migration batch ----------------------------------------------------------------------

BULK = 60
BATCH = 10
BULK_SQL = [
    f"""INSERT INTO phome_ecms_news (id, classid, newspath, filename, username, stb, restb, title,
    newstime, smalltext) SELECT 1000 + seq, 2, '2020-01-01', CONCAT('bulk', seq), 'admin', 1, 1,
    CONCAT('批量迁移文章', seq), 1577836800 + seq, '摘要' FROM seq_1_to_{BULK}""",
    f"""INSERT INTO phome_ecms_news_data_1 (id, classid, writer, befrom, newstext) SELECT
    1000 + seq, 2, '记者', '本网', CONCAT('<p>第', seq, '篇正文。</p>') FROM seq_1_to_{BULK}""",
]
CONSISTENT = """
from wagtail.models import Page
from fazhi.legacy.models import LegacyRecord
from fazhi.news.models import ArticlePage
pages = set(ArticlePage.objects.values_list("pk", flat=True))
mapped = set(LegacyRecord.objects.filter(table__startswith="phome_ecms_").values_list("object_id", flat=True))
bad = sum(1 for p in ArticlePage.objects.all() if not p.title or not p.body)
bulk = ArticlePage.objects.filter(title__startswith="批量迁移文章")
print(len(pages), len(pages ^ mapped), bad, sum(map(len, Page.find_problems())),
      bulk.count(), bulk.values("title").distinct().count())
"""


@pytest.fixture
def legacy_site(mariadb):  # noqa: F811 (the legacy tests' fixture)
    """The EmpireCMS 7.5 fixture with BULK more articles, in MariaDB (as the legacy tests)."""
    server = mariadb
    name = f"{settings.LEGACY_SCRATCH_PREFIX}fault{os.getpid()}"
    sources.load_dump(SQL_DIR / "empirecms75.sql", server, name)
    url = sources.MySQLURL(server.host, server.port, server.user, server.password, name)
    connection = sources.connect(url)
    try:
        with connection.cursor() as cursor:
            for sql in BULK_SQL:
                cursor.execute(sql)
        connection.commit()
    finally:
        connection.close()
    auth = server.user + (f":{server.password}" if server.password else "")
    yield f"mysql://{auth}@{server.host}:{server.port}/{name}"
    sources.drop_database(server, name)


def test_migration_killed_mid_batch_then_rerun(fazhi_process: FazhiProcess, legacy_site: str):
    app = fazhi_process
    args = ["migrate_from", "empirecms", "--db", legacy_site, "--batch-size", str(BATCH)]
    process = app.popen(
        [sys.executable, "-m", "fazhi", *args],
        FAZHI_FAULT_HOOK="migrate_mid_batch", FAZHI_FAULT_AFTER="3",
        FAZHI_FAULT_MARKER=str(app.marker),
    )  # fmt: skip
    note = wait_for_file(app.marker, process, timeout=180).split(" ", 1)[1]
    inside = int(note.split()[0])
    committed = app.count("news_articlepage")
    assert 0 < committed < inside, (committed, inside)  # two batches in, the third half-way
    kill(process)
    pages, unmapped, bad, problems, bulk, distinct = map(int, app.shell(CONSISTENT).split())
    assert pages == committed  # the open batch vanished whole: no page without its mapping,
    assert (unmapped, bad, problems) == (0, 0, 0)  # every page whole, a sound tree
    rerun = app.run(*args)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    pages, unmapped, bad, problems, bulk, distinct = map(int, app.shell(CONSISTENT).split())
    assert (unmapped, bad, problems) == (0, 0, 0)
    assert bulk == distinct == BULK  # every article once: the rerun resumed, nothing doubled
    again = app.run(*args)  # and a third run finds nothing left to do
    assert again.returncode == 0, again.stdout + again.stderr
    assert int(app.shell(CONSISTENT).split()[0]) == pages
