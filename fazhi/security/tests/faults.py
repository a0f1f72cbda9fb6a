"""Helpers of the fault tests: fazhi in a real subprocess (its own SQLite file, or its own
database on the PostgreSQL server the suite uses), a pause point put in from outside through a
``sitecustomize`` module on the subprocess's path (nothing in the app's code), and a throw-away
PostgreSQL instance of our own for the restart test."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("FAZHI_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
UNDER_CI = os.environ.get("CI") == "true"

# Runs in the subprocess before anything else (sitecustomize): once Django is set up, the
# function FAZHI_FAULT_HOOK names (fazhi/security/tests/fault_hooks.py) is called. The hooks
# pause the process at the exact point the test kills it, after writing a marker file.
SITECUSTOMIZE = """
import os
hook = os.environ.get("FAZHI_FAULT_HOOK")
if hook:
    import django
    _setup = django.setup

    def setup(*args, **kwargs):
        _setup(*args, **kwargs)
        from fazhi.security.tests import fault_hooks
        getattr(fault_hooks, hook)()

    django.setup = setup
"""


def wait_for_file(path: Path, process: subprocess.Popen, timeout: float = 60) -> str:
    """The marker's content once the subprocess has written it (fails if it exits first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return path.read_text().strip()
        if process.poll() is not None:
            out = Path(process.args_log).read_text() if hasattr(process, "args_log") else ""
            raise AssertionError(f"exited ({process.returncode}) before the pause point: {out}")
        time.sleep(0.02)
    raise AssertionError(f"the pause point {path.name} was never reached")


class FazhiProcess:
    """Environment for fazhi subprocesses on a database of their own: a SQLite file under
    ``tmp_path``, or, when the suite runs on PostgreSQL, a database ``<test name>_<tag>`` on
    that server (dropped afterwards)."""

    def __init__(self, tmp_path: Path, tag: str, template: FazhiProcess | None = None) -> None:
        self.tmp_path = tmp_path
        self.var = tmp_path / "var"
        suite_url = os.environ.get("FAZHI_DATABASE_URL", "")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
        self.env.update(
            DJANGO_SETTINGS_MODULE="fazhi.settings",
            FAZHI_VAR_DIR=str(self.var),
            FAZHI_SECRET_KEY="fault-test-" + "x" * 40,
            FAZHI_PAGE_CACHE_SECONDS="0",
        )
        self.pg_url = None
        if suite_url.startswith("postgres"):
            base = os.environ.get("FAZHI_TEST_DATABASE_NAME", "test_fazhi")
            self.pg_name = f"{base}_{tag}"[:63]
            self.pg_server = suite_url.rsplit("/", 1)[0]
            self.pg_url = f"{self.pg_server}/{self.pg_name}"
            self._pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
            copy = f' TEMPLATE "{template.pg_name}"' if template else ""
            self._pg_admin(f'CREATE DATABASE "{self.pg_name}"{copy}')
            self.env["FAZHI_DATABASE_URL"] = self.pg_url
        elif template:
            self.var.mkdir(parents=True, exist_ok=True)
            shutil.copy(template.var / "fazhi.sqlite3", self.var / "fazhi.sqlite3")
        hooks = tmp_path / "hooks"
        hooks.mkdir(exist_ok=True)
        (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
        self.env["PYTHONPATH"] = os.pathsep.join(
            [str(hooks), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        self.marker = tmp_path / "paused"

    def _pg_admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.pg_server}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    def drop(self) -> None:
        if self.pg_url:
            self._pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    def migrate(self) -> None:
        result = self.run("migrate", "--noinput")
        if result.returncode != 0:  # explicit: survives python -O
            raise AssertionError(result.stdout + result.stderr)

    def run(self, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "fazhi", *args],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def popen(self, args: list[str], **env: str) -> subprocess.Popen:
        """Start ``args``; its output goes to a file (``process.args_log``), never a pipe that
        nobody reads: a full pipe blocks the process's next log line (a hang, not a fault)."""
        log = (
            self.tmp_path
            / f"{Path(args[2] if len(args) > 2 else args[0]).name}-{time.monotonic_ns()}.log"
        )
        with open(log, "w") as out:
            process = subprocess.Popen(
                args, env={**self.env, **env}, stdout=out, stderr=subprocess.STDOUT, text=True
            )
        process.args_log = str(log)
        return process

    def shell(self, code: str) -> str:
        """Last line printed by ``code`` run in ``fazhi shell``."""
        result = self.run("shell", "-c", code)
        if result.returncode != 0:  # explicit: survives python -O
            raise AssertionError(result.stdout + result.stderr)
        return result.stdout.strip().splitlines()[-1]

    def count(self, table: str) -> int:
        """Rows in ``table`` as another connection sees them (committed rows only)."""
        if self.pg_url:
            import psycopg

            with psycopg.connect(self.pg_url, autocommit=True) as conn:
                return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        db = sqlite3.connect(self.var / "fazhi.sqlite3", timeout=20)
        try:
            return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            db.close()


# --- A PostgreSQL server of our own --------------------------------------------------------------


def _as_postgres(args: list[str]) -> list[str]:
    """Run as the ``postgres`` OS user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class OwnPostgres:
    def __init__(self, datadir: Path, port: int) -> None:
        self.datadir, self.port = datadir, port
        self.url = f"postgres://postgres@127.0.0.1:{port}"

    def ctl(self, *args: str) -> None:
        result = subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), *args]),
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:  # explicit: survives python -O
            raise AssertionError(result.stdout + result.stderr)

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.datadir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.ctl("-o", options, "-l", str(self.datadir / "server.log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.ctl("-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.datadir / "postmaster.pid").exists()


@contextmanager
def own_postgres(port: int) -> Iterator[OwnPostgres]:
    """initdb into a temporary directory, start on ``port``; stopped and removed afterwards.
    Never the shared server: a different port and data directory."""
    initdb = PG_BIN / "initdb"
    if not initdb.exists() or (os.geteuid() == 0 and not shutil.which("runuser")):
        if UNDER_CI:
            pytest.fail(f"{initdb} (and runuser when root) are required under CI")
        pytest.skip(f"{initdb} is not installed")
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            pytest.fail(f"port {port} is taken: set FAZHI_TEST_OWN_PG_PORT to a free one")
    datadir = Path(tempfile.mkdtemp(prefix="fazhi-fault-pg-"))
    if os.geteuid() == 0:
        shutil.chown(datadir, "postgres", "postgres")
    server = OwnPostgres(datadir, port)
    try:
        args = [str(initdb), "-D", str(datadir), "-A", "trust", "-U", "postgres", "--no-sync"]
        result = subprocess.run(
            _as_postgres([*args, "-E", "UTF8", "--locale=C.UTF-8"]),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:  # explicit: survives python -O
            raise AssertionError(result.stdout + result.stderr)
        server.start()
        yield server
    finally:
        if server.running():
            server.ctl("-m", "immediate", "stop")
        shutil.rmtree(datadir, ignore_errors=True)
