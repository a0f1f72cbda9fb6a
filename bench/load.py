"""Load and soak (issues 9, 18): many readers and members against fazhi as deployed, then a count.

    .venv/bin/python -m bench.load --clients 200 --seconds 60
    .venv/bin/python -m bench.load --clients 200 --seconds 60 --workers 4 \\
        --database postgres://postgres@127.0.0.1:5432/fazhi_bench_load \\
        --redis-url redis://127.0.0.1:6379/3

Builds a site in a temporary directory (migrate, collectstatic, ``fazhi load_demo``, extra
articles through ``fazhi import_pages``, reader accounts and approved comments), starts granian on
loopback with deploy/systemd/fazhi.service's flags (FAZHI_ENV=production, ``--workers 3`` unless
``--workers`` says otherwise, ``--blocking-threads 8``, ``--workers-max-rss 400``), and Debian's
nginx in front with the site ``fazhi nginx_config`` prints (nothing exported: every page goes
through the upstream, the microcache included); ``--server gunicorn`` and ``--no-nginx`` give
the older shape. Runs ``bench.loadgen`` against it for ``--seconds`` or ``--max-requests``
(whichever first), then counts what the database holds. Prints per route and per kind of
request (reader page views, live data, search, writes) p50/p99 latency and status counts, per
kind of write acknowledged vs stored, and the app workers' RSS at start and after the load.
Exit status 1 when any answer was a 5xx, a transport error happened, or an acknowledged write
is missing.

Settings a load test needs (all clients share 127.0.0.1, which the per-IP limits would otherwise
treat as one reader): FAZHI_RATE_* and the 人员查询 limits raised, TLS redirect and secure cookies
off (plain HTTP on loopback; nginx terminates TLS in production). Nothing else is changed:
captchas stay on, so comments are posted by signed-in members (members never get a captcha).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from bench import loadgen
from fazhi.testing.processes import stop as stop_process

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "Load-test-pass-2026"
SEED_PAGE = PROJECT / "fazhi" / "importers" / "demo" / "pages" / "000_e5f525cd22f2dae1.txt"


def site_env(var: Path, database: str | None, redis_url: str | None, prefix: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    env.update(
        DJANGO_SETTINGS_MODULE="fazhi.settings",
        FAZHI_ENV="production",
        FAZHI_SECRET_KEY="load-bench-" + "k" * 50,
        FAZHI_SSL_REDIRECT="false",
        FAZHI_SECURE_COOKIES="false",
        FAZHI_ALLOWED_HOSTS="127.0.0.1",
        FAZHI_VAR_DIR=str(var),
        FAZHI_DEMO_PASSWORD=PASSWORD,
        FAZHI_CACHE_PREFIX=prefix,
        **loadgen.LOAD_SETTINGS,
    )
    if database:
        env["FAZHI_DATABASE_URL"] = database
    if redis_url:
        env["FAZHI_REDIS_URL"] = redis_url
    return env


def fazhi(env: dict, *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "fazhi"), *args], env=env, capture_output=True, text=True, cwd=PROJECT
    )
    if done.returncode:
        sys.exit(f"fazhi {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def fresh_postgres(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def extra_pages(folder: Path, count: int) -> None:
    """``count`` variants of the seed article (distinct titles, times, URLs) for import_pages."""
    seed = SEED_PAGE.read_text("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = seed.replace("司法行政机关抓党建应做到", f"第{i}篇 司法行政机关抓党建应做到")
        text = text.replace("11:33:51", f"10:{i // 60 % 60:02}:{i % 60:02}")
        (folder / f"{i:04}.txt").write_text(text, "utf-8")


def free_port(low: int, high: int) -> int:
    for port in range(low, high):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    sys.exit(f"no free port in {low}-{high}")


# What each route of the load generator is, for the per-kind table.
KINDS = {
    "reader page views": ("home", "channel", "article", "feed"),
    "live data (page script)": ("live",),
    "search": ("search",),
    "writes": ("digg", "comment", "report", "login", "staff_lookup"),
    "forms": ("login_form", "staff_form"),
}


def kind_table(results: loadgen.Results) -> list[dict]:
    """p50/p99 and status classes per kind of request (KINDS)."""
    rows = []
    for kind, routes in KINDS.items():
        times = [t for route in routes for t in results.latencies.get(route, [])]
        statuses = [(s, n) for route in routes for s, n in results.statuses[route].items()]
        errors = sum(results.errors[route] for route in routes)
        if not times and not errors:
            continue
        rows.append(
            {
                "kind": kind,
                "routes": ", ".join(r for r in routes if r in results.statuses),
                "requests": sum(n for _, n in statuses) + errors,
                "5xx": sum(n for s, n in statuses if s >= 500),
                "errors": errors,
                "p50 ms": round(1000 * statistics.median(times), 1) if times else None,
                "p99 ms": round(1000 * loadgen.percentile(times, 0.99), 1) if times else None,
            }
        )
    return rows


UNIT = PROJECT / "deploy" / "systemd" / "fazhi.service"


def unit_environment(unit: Path = UNIT) -> dict[str, str]:
    """The ``Environment=NAME=VALUE`` lines of the systemd unit (e.g. MALLOC_ARENA_MAX)."""
    found = {}
    for line in unit.read_text().splitlines():
        if line.startswith("Environment="):
            name, _, value = line.removeprefix("Environment=").partition("=")
            found[name] = value
    return found


def start_granian(
    env: dict,
    port: int,
    workers: int,
    logs: Path,
    log_name: str = "error.log",
    project: Path = PROJECT,
) -> subprocess.Popen:
    """granian as deploy/systemd/fazhi.service starts it (its ExecStart flags and Environment=
    lines), logging to ``logs/log_name``; returns once it answers. ``project``: whose code and
    .venv (another checkout for a before/after in one run)."""
    env = {**env, **unit_environment(project / "deploy" / "systemd" / "fazhi.service")}
    granian = project / ".venv" / "bin" / "granian" if project != PROJECT else BIN / "granian"
    command = [
        str(granian),
        "--interface", "wsgi", "fazhi.wsgi:application",
        "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers), "--blocking-threads", "8",
        "--workers-max-rss", "400", "--respawn-failed-workers", "--no-access-log",
    ]  # fmt: skip
    with open(logs / log_name, "ab") as log:
        process = subprocess.Popen(
            command, env=env, cwd=project, stdout=log, stderr=subprocess.STDOUT
        )
    wait_answers(f"http://127.0.0.1:{port}/robots.txt", process, logs / log_name)
    return process


def wait_answers(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    f"{url} did not answer:\n" + (log.read_text() if log.exists() else "")
                ) from None
            time.sleep(0.5)


def start_nginx(env: dict, tmp: Path, port: int, upstream: int) -> subprocess.Popen:
    """Debian's nginx with the site ``fazhi nginx_config`` prints for this install, run from
    ``tmp/nginx`` (fazhi.serving.deploy.render_standalone, worker_processes auto)."""
    prefix = tmp / "nginx"
    prefix.mkdir()
    site = fazhi(
        env, "nginx_config", "--listen", f"127.0.0.1:{port}", "--upstream", f"127.0.0.1:{upstream}"
    )
    (prefix / "site.conf").write_text(site)
    loadgen.django_json(
        env,
        "from pathlib import Path\nfrom fazhi.serving.deploy import render_standalone\n"
        f"prefix = Path({str(prefix)!r})\n"
        "(prefix / 'nginx.conf').write_text(render_standalone((prefix / 'site.conf').read_text(),"
        " prefix, workers='auto'))\nresult = True",
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    with open(prefix / "nginx.out", "wb") as out:
        process = subprocess.Popen(
            [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")], stdout=out, stderr=out
        )
    wait_answers(f"http://127.0.0.1:{port}/robots.txt", process, prefix / "error.log")
    return process


def stop_server(server: subprocess.Popen) -> None:
    """Stop the app server and any worker process its main process left behind (granian's
    workers outlived a main process that did not stop in time in one bench/rss.py run). A
    leftover is killed only while it is still that same process (same command line)."""

    def cmdline(pid: int) -> bytes | None:
        try:
            return Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None

    children_file = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    pids = [int(pid) for pid in children_file.read_text().split()] if children_file.exists() else []
    children = [(pid, cmdline(pid)) for pid in pids]
    loadgen.stop(server)
    for pid, command in children:
        if command is not None and cmdline(pid) == command:
            try:
                os.kill(pid, 9)  # its parent is gone
            except ProcessLookupError:
                pass


def worker_rss_mb(server: subprocess.Popen) -> list[float]:
    """RSS (MB) of each worker process of the app server (the children of its main process)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sorted(sizes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=3, help="app server workers (deploy: 3)")
    parser.add_argument(
        "--server",
        choices=["granian", "gunicorn"],
        default="granian",
        help="granian as deploy/systemd/fazhi.service (default), or gunicorn's sync workers",
    )
    parser.add_argument(
        "--no-nginx", action="store_true", help="drive the app server directly, not through nginx"
    )
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--database", help="FAZHI_DATABASE_URL; default a SQLite file")
    parser.add_argument("--redis-url", help="FAZHI_REDIS_URL (cache, page cache, rate limits)")
    parser.add_argument("--articles", type=int, default=60, help="extra articles to import")
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--think", type=float, default=0.25, help="mean pause between actions")
    parser.add_argument("--member-share", type=float, default=0.25)
    parser.add_argument("--ports", default="18100-18199")
    parser.add_argument(
        "--baseline-seconds", type=float, default=20, help="2-client baseline first (0: none)"
    )
    parser.add_argument(
        "--openings",
        action="store_true",
        help="each client first runs a fixed opening (every write once), never cut by the deadline",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--json", type=Path, help="write the raw results here")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="fazhi-load-"))
    low, high = map(int, args.ports.split("-"))
    port = free_port(low, high + 1)
    env = site_env(tmp / "var", args.database, args.redis_url, f"fazhi-load-{port}")
    nginx_port = None if args.no_nginx else free_port(port + 1, high + 1)
    if nginx_port:
        env["FAZHI_PROXY_COUNT"] = "1"  # the reader's address from nginx's X-Forwarded-For
    if args.database and args.database.startswith("postgres"):
        fresh_postgres(args.database)
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()  # this bench's own db number
    setup = time.monotonic()
    print(f"building the site in {tmp} ...", flush=True)
    fazhi(env, "migrate", "--noinput")
    fazhi(env, "collectstatic", "--noinput")
    fazhi(env, "load_demo")
    extra_pages(tmp / "pages", args.articles)
    fazhi(env, "import_pages", str(tmp / "pages"))
    site = loadgen.django_json(
        env,
        "from bench.loadgen import prepare\n"
        f"result = prepare({args.members}, {PASSWORD!r}, comments=300)",
    )
    print(
        f"site ready in {time.monotonic() - setup:.0f} s: {len(site['articles'])} articles, "
        f"{len(site['channels'])} channels, {len(site['members'])} members, "
        f"{len(site['comments'])} approved comments",
        flush=True,
    )
    if args.server == "granian":
        server = start_granian(env, port, args.workers, tmp)
    else:
        server = loadgen.start_gunicorn(env, port, args.workers, tmp, args.threads)
    nginx = start_nginx(env, tmp, nginx_port, port) if nginx_port else None
    base = f"http://127.0.0.1:{nginx_port or port}"
    shape = f"{args.server} {args.workers} workers" + ("" if args.no_nginx else " behind nginx")
    time.sleep(2)  # every worker has imported the site
    rss_start = worker_rss_mb(server)
    rss_after: list[float] = []
    try:
        baseline = None
        if args.baseline_seconds:
            # The same mix from two clients (a reader and a member), one request at a time each:
            # per-route latency without contention, measured on this machine in this run.
            print(f"baseline: 2 clients, {args.baseline_seconds:.0f} s", flush=True)
            baseline = asyncio.run(
                loadgen.run_load(
                    base,
                    site,
                    clients=2,
                    seconds=args.baseline_seconds,
                    max_requests=args.max_requests,
                    password=PASSWORD,
                    member_share=0.5,
                    think=0,
                    seed=2,
                )
            )
        before = loadgen.django_json(env, "from bench.loadgen import snapshot\nresult = snapshot()")
        load_before = os.getloadavg()
        print(
            f"load: {args.clients} clients, {args.seconds:.0f} s, {shape} "
            f"on :{port}, loadavg {load_before[0]:.2f}",
            flush=True,
        )
        results = asyncio.run(
            loadgen.run_load(
                base,
                site,
                clients=args.clients,
                seconds=args.seconds,
                max_requests=args.max_requests,
                password=PASSWORD,
                member_share=args.member_share,
                think=args.think,
                openings=args.openings,
            )
        )
        rss_after = worker_rss_mb(server)
    finally:
        if nginx is not None:
            stop_process(nginx)
        stop_server(server)
    ids_file = tmp / "comment_ids.json"
    ids_file.write_text(json.dumps(results.comment_ids))
    after = loadgen.django_json(
        env,
        "from bench.loadgen import snapshot\nimport json, pathlib\n"
        f"result = snapshot(json.loads(pathlib.Path({str(ids_file)!r}).read_text()))",
    )
    error_log = (tmp / "error.log").read_text(errors="replace")
    routes = loadgen.route_table(results, baseline)
    writes = loadgen.write_table(results, before, after)
    database = "PostgreSQL" if args.database and "postgres" in args.database else "SQLite"
    cache = "Redis" if args.redis_url else "local memory"
    loads = results.loadavg
    print()
    threads = f" x {args.threads} threads" if args.server == "gunicorn" else ", 8 blocking threads"
    print(
        f"{database} + {cache} cache, {shape}{threads}, "
        f"{args.clients} "
        f"clients, {results.seconds:.1f} s, {results.requests} requests "
        f"({results.requests / results.seconds:.0f}/s); load average 1 min: start "
        f"{load_before[0]:.2f}, during {min(loads):.2f}–{max(loads):.2f} "
        f"(median {sorted(loads)[len(loads) // 2]:.2f}); {os.cpu_count()} CPUs"
    )
    print()
    print(loadgen.markdown(kind_table(results)))
    print()
    print(loadgen.markdown(routes))
    print()
    print(loadgen.markdown(writes))
    sessions = after["session"] - before["session"]
    print(
        f"\nsessions stored during the run: {sessions} (successful sign-ins acknowledged: "
        f"{results.acknowledged('login')}); acknowledged comment ids missing: "
        f"{after['comment_ids_missing']}; reports' counter sum grew by "
        f"{after['report_count_sum'] - before['report_count_sum']}"
    )
    print(
        f"app worker RSS (MB): at start {', '.join(f'{r:.0f}' for r in rss_start)}; after the "
        f"load {', '.join(f'{r:.0f}' for r in rss_after)}"
    )
    tracebacks = error_log.count("Traceback")
    print(
        f"5xx answers: {results.server_errors}; transport errors: {results.transport_errors}; "
        f"tracebacks in the server's log: {tracebacks}; worker timeouts: "
        f"{error_log.count('WORKER TIMEOUT')}"
    )
    for sample in results.error_samples:
        print("  ", sample)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"results": results.to_json(), "before": before, "after": after},
                ensure_ascii=False,
            )
        )
    lost = sum(row["lost"] for row in writes) + after["comment_ids_missing"]
    if args.keep:
        print(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    failed = results.server_errors or results.transport_errors or lost or tracebacks
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
