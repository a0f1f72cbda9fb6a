"""Several app servers behind nginx: readers while one server is killed (issue 17, item 5).

    .venv/bin/python -m bench.failover --seconds 60 --kill-after 20 --clients 16 \\
        --database postgres://postgres@127.0.0.1:5432/fazhi_bench_failover \\
        --redis-url redis://127.0.0.1:6379/12

By hand (not in CI). Builds a site in a temporary directory (migrate, collectstatic,
``load_demo``, extra articles; with ``--export`` also ``export_static``, so nginx serves the pages
from disk and the app the rest) on a fresh PostgreSQL database and a Redis database of its own,
starts two granian app servers as deploy/systemd/fazhi@.service does, the task worker, and
Debian's nginx with ``fazhi nginx_config --upstream A --upstream B``; then readers
(``bench.loadgen``, reads only) for ``--seconds``, and server A killed with SIGKILL (its whole
process group: granian's main process and workers) ``--kill-after`` seconds in. Prints the
requests, 5xx, transport errors and p50/p99 latency before and after the kill, what nginx passed
to each server (and how many requests it retried on the other one), and the load average. Exit
status 1 on any 5xx or transport error. ``fazhi/serving/tests/test_app_servers.py`` runs the same
scenario for a few seconds."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import loadgen

WORKER_COMMAND = ["run_worker"]  # RQ here (FAZHI_TASK_BACKEND=rq)


def reader_load_with_kill(
    base: str,
    site: dict[str, Any],
    kill: Callable[[], None],
    *,
    clients: int,
    seconds: float,
    kill_after: float,
    think: float = 0.02,
    seed: int = 1,
) -> tuple[loadgen.Results, float, float]:
    """Readers only (``loadgen.READ_ONLY_MIX``: GETs) against ``base`` for ``seconds``;
    ``kill()`` runs ``kill_after`` seconds in, from another thread. Returns the results and the
    moment of the kill (``time.monotonic()`` and ``time.time()``: nginx logs wall time)."""
    moment: dict[str, float] = {}

    def killer() -> None:
        time.sleep(kill_after)
        moment["monotonic"], moment["wall"] = time.monotonic(), time.time()
        kill()

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    results = loadgen.run_load_in_thread(
        base,
        {**site, "members": []},
        clients=clients,
        seconds=seconds,
        max_requests=10**9,
        password="",
        member_share=0,
        think=think,
        seed=seed,
        openings=False,
        reader_mix=loadgen.READ_ONLY_MIX,
        timeout=60,
    )
    thread.join()
    return results, moment["monotonic"], moment["wall"]


def read_upstream_log(path: Path) -> list[dict[str, Any]]:
    """The lines of nginx's ``fazhi_upstream`` access log (``deploy.UPSTREAM_LOG_FORMAT``):
    time, method, URI, status, and the app servers tried in order with their answers."""
    rows = []
    for line in path.read_text().splitlines():
        head, addresses, _, statuses, _ = line.split('"')
        msec, method, uri, status = head.split()
        rows.append(
            {
                "time": float(msec),
                "method": method,
                "uri": uri,
                "status": int(status),
                "upstreams": [a.strip() for a in addresses.split(",") if a.strip() != "-"],
                "upstream_statuses": [s.strip() for s in statuses.split(",")],
            }
        )
    return rows


def upstream_summary(
    rows: list[dict[str, Any]], start: float = 0, end: float = float("inf")
) -> dict[str, Any]:
    """Of the requests nginx logged in [``start``, ``end``) (wall time): how many each app
    server was sent (a retried request counts for each server it went to), and how many were
    retried on another server; requests nginx answered from disk are left out."""
    chosen = [r for r in rows if start <= r["time"] < end and r["upstreams"]]
    sent: Counter = Counter(a for r in chosen for a in r["upstreams"])
    return {
        "to the app": len(chosen),
        "per server": dict(sorted(sent.items())),
        "retried": sum(1 for r in chosen if len(r["upstreams"]) > 1),
    }


def figures(results: loadgen.Results, killed_at: float) -> dict[str, dict[str, Any]]:
    """Before and after the kill, and the whole run: requests, classes, p50/p99 (ms)."""
    return {
        "before the kill": results.window(end=killed_at),
        "after the kill": results.window(start=killed_at),
        "whole run": results.window(),
    }


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL to a server's whole process group (``fazhi.testing.processes.start_server_group``)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def granian(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    """An app server as deploy/systemd/fazhi@.service starts it, in a session of its own."""
    from bench.load import BIN

    command = [
        str(BIN / "granian"), "--interface", "wsgi", "fazhi.wsgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--blocking-threads", "8", "--log-level", "warning",
    ]  # fmt: skip
    with open(log, "ab") as out:
        return subprocess.Popen(
            command, env=env, stdout=out, stderr=out, start_new_session=True, cwd=loadgen.PROJECT
        )


def wait_answers(port: int, process: subprocess.Popen, seconds: float = 120) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the app server on {port} did not start") from None
            time.sleep(0.5)


def main() -> int:
    import json
    import shutil
    import tempfile

    from bench.load import PASSWORD, extra_pages, fazhi, free_port, fresh_postgres, site_env

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--kill-after", type=float, default=20)
    parser.add_argument("--think", type=float, default=0.02, help="mean pause between reads")
    parser.add_argument("--workers", type=int, default=1, help="granian workers per server")
    parser.add_argument("--database", required=True, help="PostgreSQL URL (dropped, recreated)")
    parser.add_argument("--redis-url", required=True, help="a Redis database of its own")
    parser.add_argument("--articles", type=int, default=60, help="extra articles to import")
    parser.add_argument(
        "--export",
        action="store_true",
        help="export the site first: nginx then serves pages from disk, the app the rest",
    )
    parser.add_argument("--ports", default="18500-18599")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-failover-"))
    low, high = map(int, args.ports.split("-"))
    nginx_port = free_port(low, high + 1)
    ports = [free_port(nginx_port + 1, high + 1)]
    ports.append(free_port(ports[0] + 1, high + 1))
    env = site_env(tmp / "var", args.database, args.redis_url, f"fazhi-failover-{nginx_port}")
    env.update(
        FAZHI_TASK_BACKEND="rq",
        FAZHI_PROXY_COUNT="1",
        FAZHI_EXPORT_DIR=str(tmp / "export"),
        FAZHI_EXPORT_ON_PUBLISH="true" if args.export else "false",
    )
    fresh_postgres(args.database)
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    print(f"building the site in {tmp} ...", flush=True)
    fazhi(env, "migrate", "--noinput")
    fazhi(env, "collectstatic", "--noinput")
    fazhi(env, "load_demo")
    extra_pages(tmp / "pages", args.articles)
    fazhi(env, "import_pages", str(tmp / "pages"))
    (tmp / "export").mkdir()
    if args.export:
        fazhi(env, "export_static", "--no-progress")
    site = loadgen.django_json(
        env, f"from bench.loadgen import prepare\nresult = prepare(0, {PASSWORD!r}, comments=0)"
    )
    upstreams = [arg for port in ports for arg in ("--upstream", f"127.0.0.1:{port}")]
    site_conf = fazhi(env, "nginx_config", "--listen", f"127.0.0.1:{nginx_port}", *upstreams)
    prefix = tmp / "nginx"
    prefix.mkdir()
    (prefix / "site.conf").write_text(site_conf)
    upstream_log = prefix / "upstream.log"
    conf = loadgen.django_json(
        env,
        "from pathlib import Path\nfrom fazhi.serving.deploy import render_standalone\n"
        f"result = render_standalone(Path({str(prefix / 'site.conf')!r}).read_text(), "
        f"{str(prefix)!r}, upstream_log={str(upstream_log)!r})",
    )
    (prefix / "nginx.conf").write_text(conf)

    servers = {
        port: granian(env, port, args.workers, tmp / f"granian-{port}.log") for port in ports
    }
    worker_log = open(tmp / "worker.log", "wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "fazhi", *WORKER_COMMAND],
        env=env,
        stdout=worker_log,
        stderr=worker_log,
        cwd=loadgen.PROJECT,
    )
    nginx = subprocess.Popen([nginx_bin, "-p", str(prefix), "-c", str(prefix / "nginx.conf")])
    try:
        for port, process in servers.items():
            wait_answers(port, process)
        victim = servers[ports[0]]
        load_start = os.getloadavg()[0]
        print(
            f"{args.clients} readers through nginx :{nginx_port} for {args.seconds:g} s, app "
            f"servers :{ports[0]} and :{ports[1]} ({args.workers} granian worker(s) each), "
            f":{ports[0]} killed after {args.kill_after:g} s; load average {load_start:.2f}",
            flush=True,
        )
        results, killed_at, killed_wall = reader_load_with_kill(
            f"http://127.0.0.1:{nginx_port}",
            site,
            lambda: kill_group(victim),
            clients=args.clients,
            seconds=args.seconds,
            kill_after=args.kill_after,
            think=args.think,
        )
        victim.wait(20)
    finally:
        nginx.terminate()
        worker.terminate()
        for process in servers.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in (nginx, worker, *servers.values()):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        for process in servers.values():
            kill_group(process)
        worker_log.close()

    rows = read_upstream_log(upstream_log)
    table = figures(results, killed_at)
    print()
    print(loadgen.markdown([{"": name, **row} for name, row in table.items()]))
    print()
    before = upstream_summary(rows, 0, killed_wall)
    after = upstream_summary(rows, killed_wall)
    print(f"nginx → app servers before the kill: {before}")
    print(f"nginx → app servers after the kill:  {after}")
    loads = results.loadavg
    print(
        f"{results.requests} requests in {results.seconds:.1f} s "
        f"({results.requests / results.seconds:.0f}/s); load average 1 min: start "
        f"{load_start:.2f}, during {min(loads):.2f}–{max(loads):.2f}; {os.cpu_count()} CPUs"
    )
    print(
        f"5xx: {results.server_errors}; transport errors: {results.transport_errors}; "
        f"tracebacks in the servers' logs: "
        f"{sum((tmp / f'granian-{p}.log').read_text().count('Traceback') for p in ports)}"
    )
    for sample in results.error_samples:
        print("  ", sample)
    print(json.dumps({"figures": table, "before": before, "after": after}, ensure_ascii=False))
    if args.keep:
        print(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if results.server_errors or results.transport_errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
