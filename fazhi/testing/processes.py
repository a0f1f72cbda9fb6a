"""fazhi in real processes, for tests and benchmarks: app servers, the task worker, commands.

Only tests and ``bench/`` import this package; nothing the site runs does.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A free port: from FAZHI_TEST_PORTS ("18200-18299") when set (shared machines give each
    checkout its own range), otherwise any the system hands out."""
    low, _, high = os.environ.get("FAZHI_TEST_PORTS", "0-0").partition("-")
    for port in range(int(low), int(high or low) + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise AssertionError(f"no free port in FAZHI_TEST_PORTS={os.environ['FAZHI_TEST_PORTS']}")


def wait_for_port(port: int, timeout: float = 30, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{process.args[0]} exited ({process.returncode}) on port {port}")
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


def site_env(var_dir: Path, database_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a fazhi process on ``database_url``, with its own var folder: the
    default install (no Redis, the database queue) unless ``overrides`` say otherwise."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("FAZHI_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        {
            "FAZHI_ENV": "development",
            "FAZHI_DATABASE_URL": database_url,
            "FAZHI_VAR_DIR": str(var_dir),
            "FAZHI_SECRET_KEY": "test-secret-key-" + "x" * 40,
            "FAZHI_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "FAZHI_TASK_BACKEND": "database",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(overrides)
    return env


SERVER_COMMANDS = {
    # As deploy/systemd/fazhi.service runs it (one worker here).
    "granian": lambda port: [
        str(BIN / "granian"),
        "--interface",
        "wsgi",
        "fazhi.wsgi:application",
        "--workers",
        "1",
        "--blocking-threads",
        "8",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ],
    # As `make demo` runs it.
    "runserver": lambda port: [
        sys.executable,
        "-m",
        "fazhi",
        "runserver",
        "--noreload",
        f"127.0.0.1:{port}",
    ],
}


@contextmanager
def app_server(
    env: Mapping[str, str], kind: str = "granian", port: int | None = None, log: Path | None = None
) -> Iterator[tuple[int, subprocess.Popen]]:
    """An app server on 127.0.0.1 (``granian`` or ``runserver``); yields its port and process."""
    port = port or free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(SERVER_COMMANDS[kind](port), env=dict(env), stdout=out, stderr=out)
    try:
        wait_for_port(port, 60, process)
        yield port, process
    finally:
        stop(process)
        if log:
            out.close()


@contextmanager
def fazhi_process(env: Mapping[str, str], *args: str, log: Path | None = None):
    """A long-running ``fazhi`` command (``run_worker``, ``run_scheduler``)."""
    out = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "fazhi", *args], env=dict(env), stdout=out, stderr=out
    )
    try:
        yield process
    finally:
        stop(process)
        if log:
            out.close()


def fazhi_command(env: Mapping[str, str], *args: str, timeout: float = 120) -> str:
    """Run a ``fazhi`` command to its end; its output (it must succeed)."""
    done = subprocess.run(
        [sys.executable, "-m", "fazhi", *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


def http_get(
    port: int, path: str, host: str = "127.0.0.1", **headers: str
) -> tuple[int, dict, str]:
    """One GET over a new connection: status, headers (lower-case names), body text."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": host, **headers})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def seconds_until(check, timeout: float = 10, pause: float = 0.01) -> float:
    """Seconds until ``check()`` is true (``inf`` if it never is within ``timeout``)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(pause)
    return float("inf")


VARNISHD = "/usr/sbin/varnishd"
# As root varnishd would run its compiler and cache as user vcache, who cannot enter pytest's
# 0700 folders; without root there is no jail anyway.
VARNISH_JAIL = ["-j", "none"] if os.geteuid() == 0 else []


@contextmanager
def varnish(folder: Path, vcl: str, port: int | None = None) -> Iterator[tuple[int, Path]]:
    """Debian's varnishd in the foreground with ``vcl`` on 127.0.0.1; yields its port and its
    working directory (``varnishlog -n``)."""
    port = port or free_port()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fazhi.vcl").write_text(vcl)
    workdir = folder / "varnishd"
    command = [VARNISHD, "-F", "-n", str(workdir), "-a", f"127.0.0.1:{port}"]
    command += ["-f", str(folder / "fazhi.vcl"), "-s", "malloc,64m", *VARNISH_JAIL]
    with open(folder / "varnishd.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                wait_for_port(port, 30, process)
            except AssertionError:
                raise AssertionError((folder / "varnishd.log").read_text()) from None
            yield port, workdir
        finally:
            stop(process)


# --- Several app servers behind nginx (fazhi/serving/tests/test_app_servers.py, bench/failover.py)


def free_ports(count: int) -> list[int]:
    """``count`` different free ports, from FAZHI_TEST_PORTS when set (as ``free_port``): each
    held until all are found, so none is handed out twice."""
    low, _, high = os.environ.get("FAZHI_TEST_PORTS", "0-0").partition("-")
    candidates = range(int(low), int(high or low) + 1) if int(low) else [0] * count
    held: list[socket.socket] = []
    try:
        for port in candidates:
            sock = socket.socket()
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                sock.close()
                continue
            held.append(sock)
            if len(held) == count:
                return [s.getsockname()[1] for s in held]
    finally:
        for sock in held:
            sock.close()
    raise AssertionError(
        f"not {count} free ports in FAZHI_TEST_PORTS={os.environ['FAZHI_TEST_PORTS']}"
    )


def start_server_group(
    env: Mapping[str, str], port: int, log: Path | None = None, kind: str = "granian"
) -> subprocess.Popen:
    """An app server in a session of its own (``SERVER_COMMANDS[kind]``), not waited for: its
    main process and granian's worker processes (which hold the listening socket and would go
    on answering if only the main process died) form one process group, which
    ``signal_group`` reaches as a whole, as systemd reaches every process of a unit."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            SERVER_COMMANDS[kind](port),
            env=dict(env),
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    finally:
        if log:
            out.close()  # the child has its own copy


def signal_group(process: subprocess.Popen, signum: int) -> None:
    """Send ``signum`` to every process of ``process``'s group (``start_server_group``)."""
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def stop_group(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a ``start_server_group`` server and whatever its group still holds."""
    signal_group(process, signal.SIGCONT)  # a stopped group cannot act on SIGTERM
    signal_group(process, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        pass
    signal_group(process, signal.SIGKILL)  # granian's workers, if the main process left them
    if process.poll() is None:
        process.wait(timeout)


@contextmanager
def nginx_server(
    conf: Path, port: int, nginx: str = "/usr/sbin/nginx"
) -> Iterator[subprocess.Popen]:
    """nginx in the foreground with ``conf`` (``fazhi.serving.deploy.render_standalone``),
    once it listens on ``port``; stopped at the end."""
    with open(conf.parent / "nginx.out", "wb") as out:  # what nginx says before its error_log
        process = subprocess.Popen(
            [nginx, "-p", str(conf.parent), "-c", str(conf)], stdout=out, stderr=out
        )
    try:
        wait_for_port(port, 20, process)
        yield process
    finally:
        stop(process)
