"""Count sent = count stored: readers send beacons at the same moment to a real granian (the
deploy flags, the fast path in front of Django) while flushes run in other processes.

On SQLite the server runs on a file copy of the test database with the database buffer; on the
PostgreSQL + Redis pass on the test database itself with Redis (as in production)."""

from __future__ import annotations

import json
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from fazhi.conftest import database_url_for_another_process
from fazhi.readcounts.tests.test_reads import BROWSER
from fazhi.testing.processes import app_server, fazhi_command, site_env

pytestmark = pytest.mark.django_db(transaction=True)
SENDERS = 8
EACH = 20  # at least; senders go on until the flushes in between are done


def test_every_read_sent_is_stored_exactly_once(seed_article, tmp_path: Path):
    overrides = {"FAZHI_LIVE_SECONDS": "0", "FAZHI_DATABASE_CONN_MAX_AGE": "0"}
    if settings.REDIS_URL:
        overrides["FAZHI_REDIS_URL"] = settings.REDIS_URL
    env = site_env(tmp_path, database_url_for_another_process(tmp_path), **overrides)
    backend = "redis" if settings.REDIS_URL else "database"
    with app_server(env) as (port, _):
        url = f"http://127.0.0.1:{port}/api/pages/{seed_article.pk}/read/"
        start = threading.Barrier(SENDERS)
        some_sent = threading.Event()

        def send(_: int) -> int:
            start.wait(timeout=60)
            sent = 0
            while sent < EACH or (flusher.is_alive() and sent < 5000):
                # No cookie jar: every beacon is a new browser's first read.
                request = urllib.request.Request(
                    url, data=b"", method="POST", headers={"User-Agent": BROWSER}
                )
                with urllib.request.urlopen(request, timeout=30) as response:
                    assert response.status == 204
                sent += 1
                some_sent.set()
            return sent

        flushed: list[int] = []

        def flush_meanwhile() -> None:
            some_sent.wait(timeout=60)
            for _ in range(3):
                flushed.append(int(fazhi_command(env, "flush_reads").strip().splitlines()[-1]))

        flusher = threading.Thread(target=flush_meanwhile)
        flusher.start()
        with ThreadPoolExecutor(max_workers=SENDERS) as pool:
            sent = sum(pool.map(send, range(SENDERS)))
        flusher.join()
        flushed.append(int(fazhi_command(env, "flush_reads").strip().splitlines()[-1]))
        live = json.load(
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/pages/{seed_article.pk}/live/")
        )
    assert sent >= SENDERS * EACH
    assert flushed[0] > 0, flushed  # the flushes ran while reads came in
    assert sum(flushed) == sent, (backend, flushed)
    assert live["read_count"] == sent, backend
    print(f"\n{backend}: {sent} reads sent, {live['read_count']} stored, flushes {flushed}")
