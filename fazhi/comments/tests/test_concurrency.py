"""50 different readers digg the same article at the same moment, against a live server.

The server is a real gunicorn with 2 worker processes x 8 threads, so increments race across
processes, not just threads. On SQLite it runs on a file copy of the test database (the test
database itself is in memory, which a second process cannot open); on PostgreSQL it runs on the
test database itself. The count must be exactly 50 and every reader must get a different total.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from fazhi.conftest import database_url_for_another_process

pytestmark = pytest.mark.django_db(transaction=True)
READERS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn_server():
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-digg-"))
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        "FAZHI_ENV": "test",
        "FAZHI_VAR_DIR": str(tmp),
        "FAZHI_DATABASE_URL": database_url_for_another_process(tmp),
        "FAZHI_DATABASE_CONN_MAX_AGE": "0",
        "FAZHI_ALLOWED_HOSTS": "127.0.0.1",
        "FAZHI_RATE_DIGG_IP": "1000/h",
        "FAZHI_CACHE_PREFIX": f"fazhi-digg-test-{port}",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "fazhi.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--threads",
            "8",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/robots.txt", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"gunicorn did not start:\n{output}")
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_fifty_readers_digg_in_parallel(seed_article, gunicorn_server):
    base = gunicorn_server
    live_url = f"{base}/api/pages/{seed_article.pk}/live/?me=1"
    digg_url = f"{base}/api/pages/{seed_article.pk}/digg/"
    ready = threading.Barrier(READERS)

    def one_reader(_: int) -> dict:
        jar = http.cookiejar.CookieJar()  # each reader is a different browser
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        try:
            token = json.load(opener.open(live_url, timeout=30))["csrf_token"]
        except BaseException:
            ready.abort()  # the others stop waiting, and this error is the one reported
            raise
        request = urllib.request.Request(
            digg_url,
            data=f"csrfmiddlewaretoken={token}".encode(),
            headers={"Accept": "application/json", "X-CSRFToken": token},
            method="POST",
        )
        ready.wait(timeout=60)  # all 50 posts leave together
        with opener.open(request, timeout=60) as response:
            assert response.status == 200
            return json.load(response)

    with ThreadPoolExecutor(max_workers=READERS) as pool:
        futures = [pool.submit(one_reader, n) for n in range(READERS)]
    errors = [f.exception() for f in futures if f.exception()]
    if errors:  # the cause first, not the broken barrier it left behind
        raise next(
            (e for e in errors if not isinstance(e, threading.BrokenBarrierError)), errors[0]
        )
    results = [f.result() for f in futures]

    counts = sorted(r["digg_count"] for r in results)
    assert counts == list(
        range(1, READERS + 1)
    )  # no lost update, no two readers saw the same total
    final = json.load(urllib.request.urlopen(live_url, timeout=30))
    assert final["digg_count"] == READERS
    print(f"\n{connection.vendor}: {READERS} parallel diggs -> count {final['digg_count']}")
