"""A short run of bench/load.py's harness: 20 clients for a few seconds against a live gunicorn.

Readers and signed-in members mix reads (home, channel, article, search, 人员查询, feeds) with writes
(顶, comments, reports, sign-ins). Afterwards: no 5xx, no transport error, no traceback in the
server's log, and every write the server acknowledged is in the database.

The server is gunicorn with 2 sync worker processes (writes race across processes). On SQLite it
runs on a file copy of the test database (which is in memory, out of reach of another process),
and one more digg is sent while another process holds the write lock for 3 s: it must wait, not
fail. On PostgreSQL it runs on the test database itself, with the Redis cache when
FAZHI_REDIS_URL is set.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import sqlite3
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bench import loadgen
from fazhi.conftest import database_url_for_another_process

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Smoke-test-pass-2026"
CLIENTS = 20
SECONDS = 5
HOLD = 3  # seconds another process holds SQLite's write lock


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _digg_behind_a_held_lock(port: int, database: Path, page_id: int) -> float:
    """A digg while another process holds SQLite's write lock for ``HOLD`` seconds (as a publish
    or an import does): it must wait and succeed, not answer "database is locked". Its wait."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}/api/pages/{page_id}"
    token = json.load(opener.open(f"{base}/live/?me=1", timeout=30))["csrf_token"]
    answer: dict = {}

    def digg() -> None:
        started = time.monotonic()
        request = urllib.request.Request(
            f"{base}/digg/",
            headers={"Accept": "application/json", "X-CSRFToken": token},
            method="POST",
        )
        with opener.open(request, timeout=60) as response:
            answer.update(json.load(response), status=response.status)
        answer["waited"] = time.monotonic() - started

    holder = sqlite3.connect(database, isolation_level=None, timeout=30)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE comments_diggcount SET count = count WHERE page_id = ?", [page_id])
    thread = threading.Thread(target=digg)
    thread.start()
    time.sleep(HOLD)
    holder.execute("COMMIT")
    holder.close()
    thread.join(90)
    assert answer.get("status") == 200 and answer.get("message") == loadgen.DIGG_DONE, answer
    return answer["waited"]


def test_twenty_clients_no_5xx_no_lost_write(seed_article, tmp_path):
    site = loadgen.prepare(members=10, password=PASSWORD, comments=30)
    tmp = tmp_path
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    env.update(
        DJANGO_SETTINGS_MODULE="fazhi.settings",
        FAZHI_ENV="test",
        FAZHI_SECRET_KEY="load-smoke-" + "s" * 50,
        FAZHI_VAR_DIR=str(tmp),
        FAZHI_DATABASE_URL=database_url_for_another_process(tmp),
        FAZHI_DATABASE_CONN_MAX_AGE="0",
        FAZHI_ALLOWED_HOSTS="127.0.0.1",
        FAZHI_CACHE_PREFIX=f"fazhi-load-smoke-{port}",
        **loadgen.LOAD_SETTINGS,
    )
    if settings.REDIS_URL:
        env["FAZHI_REDIS_URL"] = settings.REDIS_URL
    before = loadgen.snapshot()
    server = loadgen.start_gunicorn(env, port, workers=2, logs=tmp)
    try:
        results = loadgen.run_load_in_thread(
            f"http://127.0.0.1:{port}",
            site,
            clients=CLIENTS,
            seconds=SECONDS,
            max_requests=5000,
            password=PASSWORD,
            timeout=60,
        )
        if connection.vendor == "sqlite":
            waited = _digg_behind_a_held_lock(port, tmp / "test.sqlite3", seed_article.pk)
    finally:
        loadgen.stop(server)
    if connection.vendor == "sqlite":  # bring the server's file back into the test database
        source = sqlite3.connect(tmp / "test.sqlite3")
        source.backup(connection.connection)
        source.close()
    after = loadgen.snapshot(results.comment_ids)
    log = (tmp / "error.log").read_text(errors="replace")
    writes = {row["write"]: row for row in loadgen.write_table(results, before, after)}
    table = (
        loadgen.markdown(loadgen.route_table(results))
        + "\n"
        + loadgen.markdown(list(writes.values()))
    )
    print(f"\n{connection.vendor}, {results.requests} requests in {results.seconds:.1f} s\n{table}")

    assert results.server_errors == 0, results.error_samples
    assert results.transport_errors == 0, results.error_samples
    assert "Traceback" not in log, log[-3000:]
    if connection.vendor == "sqlite":  # the digg that waited for the lock is stored too
        assert waited >= HOLD * 0.8, waited
        writes["digg"]["acknowledged"] += 1
    for kind, row in writes.items():
        assert row["acknowledged"] > 0, (kind, table)  # every kind of write really ran
        assert row["stored"] == row["acknowledged"], (kind, table)  # none lost, none extra
    assert after["comment_ids_missing"] == 0
    assert after["session"] - before["session"] == writes["login"]["acknowledged"]
    assert after["report_count_sum"] - before["report_count_sum"] == writes["report"]["stored"]
    for route in ("home", "article", "live", "search", "staff_lookup", "feed", "channel"):
        assert results.statuses[route][200] > 0, (route, table)
