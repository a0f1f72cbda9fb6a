"""PostgreSQL restarted under load: while it is down every request that needs it answers 503 with
a Chinese page and Retry-After (never a 500, never a dropped connection), and once it is back the
same gunicorn workers answer 200 again, without a restart.

Uses a PostgreSQL instance of its own (initdb into a temporary directory, port 55432 or
FAZHI_TEST_OWN_PG_PORT): the shared server on 5432 is never touched."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import psycopg

from fazhi.security.tests.faults import FazhiProcess, own_postgres
from fazhi.testing.processes import free_port, wait_for_port

PG_PORT = int(os.environ.get("FAZHI_TEST_OWN_PG_PORT", "0"))  # 0: a free one
PATHS = ["/", "/search/?q=法治", "/sitemap.xml", "/staff/"]


def fetch(port: int, path: str) -> tuple[int, str, dict[str, str]]:
    url = f"http://127.0.0.1:{port}" + urllib.parse.quote(path, safe="/?=&")
    try:
        # Generous: a loaded CI machine is slow, but a hung worker still shows as a 0.
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)
    except OSError as error:  # refused, reset: the worker died or never answered
        return 0, repr(error), {}


class Load:
    """Threads asking PATHS round and round; every answer is kept with the phase it fell in."""

    def __init__(self, port: int, threads: int = 4) -> None:
        self.port, self.phase = port, "up"
        self.results: list[tuple[str, int, str, dict[str, str]]] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.work, args=(i,)) for i in range(threads)]

    def work(self, offset: int) -> None:
        i = offset
        while not self.stopping.is_set():
            phase = self.phase
            status, body, headers = fetch(self.port, PATHS[i % len(PATHS)])
            if phase == self.phase:  # drop answers that straddle a phase change
                self.results.append((phase, status, body, headers))
            i += 1

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)

    def statuses(self, phase: str) -> Counter[int]:
        return Counter(status for p, status, _, _ in self.results if p == phase)

    def wait(self, phase: str, status: int, n: int = 8, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while self.statuses(phase)[status] < n:
            errors = [body[:300] for p, s, body, _ in self.results if p == phase and s in (0, 500)]
            assert time.monotonic() < deadline, (phase, self.statuses(phase), errors[-3:])
            time.sleep(0.05)


def workers(master: int) -> set[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    )
    return {int(pid) for pid in out.stdout.split()}


def wait_for_workers(master: int, n: int, timeout: float = 60) -> set[int]:
    deadline = time.monotonic() + timeout
    while len(found := workers(master)) < n:
        assert time.monotonic() < deadline, found
        time.sleep(0.1)
    return found


def test_postgres_restart_under_load(tmp_path: Path):
    with own_postgres(PG_PORT or free_port()) as server:
        with psycopg.connect(f"{server.url}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE fazhi")
        app = FazhiProcess(tmp_path, "pgrestart")
        app.env["FAZHI_DATABASE_URL"] = f"{server.url}/fazhi"
        app.env["FAZHI_RETRY_AFTER"] = "15"
        app.migrate()
        port = free_port()
        gunicorn = app.popen(
            [sys.executable, "-m", "gunicorn", "fazhi.wsgi", "-b", f"127.0.0.1:{port}",
             "-w", "2", "--timeout", "60", "--graceful-timeout", "5", "--no-control-socket"]
        )  # fmt: skip
        try:
            wait_for_port(port)
            before = wait_for_workers(gunicorn.pid, 2)
            with Load(port) as load:
                # Warm: every worker has served every path (jieba's dictionary, templates).
                load.wait("up", 200, n=24)
                load.phase = "down"
                server.stop("fast")  # kills the workers' open connections too
                load.wait("down", 503, n=20)
                load.phase = "back"
                server.start()
                started = time.monotonic()
                load.wait("back", 200, n=1)
                recovered = time.monotonic() - started
                load.wait("back", 200, n=20)
            assert workers(gunicorn.pid) == before  # the same processes recovered by themselves
        except AssertionError as error:
            gunicorn.terminate()
            gunicorn.wait(30)
            log = Path(gunicorn.args_log).read_text()
            raise AssertionError(f"{error}\n{log[-6000:]}") from error
        finally:
            if gunicorn.poll() is None:
                gunicorn.terminate()
                gunicorn.wait(30)
            log = Path(gunicorn.args_log).read_text()
    up, down, back = (load.statuses(p) for p in ("up", "down", "back"))
    print(
        f"answers up {dict(up)}, down {dict(down)}, back {dict(back)}; first 200 {recovered:.2f} s after PostgreSQL accepted again"
    )
    assert set(up) == {200}, (up, log[-3000:])
    # Down: nothing but clean 503s (pages that need no database may still answer 200).
    assert set(down) <= {200, 503} and down[503] >= 20, (down, log[-3000:])
    assert set(back) <= {200, 503} and back[200] >= 20, back  # 503 only until it accepts again
    for _phase, status, body, headers in load.results:
        if status == 503:
            assert "网站暂时无法访问" in body and "请 15 秒后刷新页面重试" in body, body[:500]
            assert headers.get("Retry-After") == "15"
            assert "no-store" in headers.get("Cache-Control", "")
    # The last answers after the restart are all served normally again.
    assert {s for p, s, _, _ in load.results[-8:] if p == "back"} == {200}
