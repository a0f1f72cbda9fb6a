"""Load and soak (issue 9): many readers and members against fazhi under gunicorn, then a count.

    flock /work/wt/bench.lock .venv/bin/python -m bench.load --clients 200 --seconds 60
    flock /work/wt/bench.lock .venv/bin/python -m bench.load --clients 200 --seconds 60 --workers 4 \\
        --database postgres://postgres@127.0.0.1:5432/fazhi_bench_load \\
        --redis-url redis://127.0.0.1:6379/3

Builds a site in a temporary directory (migrate, collectstatic, ``fazhi load_demo``, extra
articles through ``fazhi import_pages``, reader accounts and approved comments), starts gunicorn on
loopback the way deploy/systemd/fazhi.service does (FAZHI_ENV=production, ``--workers 3`` unless
``--workers`` says otherwise), runs ``bench.loadgen`` against it for ``--seconds`` or
``--max-requests`` (whichever first), then counts what the database holds. Prints per route
p50/p99 latency and status counts, and per kind of write acknowledged vs stored. Exit status 1
when any answer was a 5xx, a transport error happened, or an acknowledged write is missing.

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
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from bench import loadgen

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (deploy: 3)")
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
    server = loadgen.start_gunicorn(env, port, args.workers, tmp, args.threads)
    base = f"http://127.0.0.1:{port}"
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
            f"load: {args.clients} clients, {args.seconds:.0f} s, gunicorn {args.workers} workers "
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
    finally:
        loadgen.stop(server)
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
    print(
        f"{database} + {cache} cache, gunicorn {args.workers} workers x {args.threads} threads, "
        f"{args.clients} "
        f"clients, {results.seconds:.1f} s, {results.requests} requests "
        f"({results.requests / results.seconds:.0f}/s); load average 1 min: start "
        f"{load_before[0]:.2f}, during {min(loads):.2f}–{max(loads):.2f} "
        f"(median {sorted(loads)[len(loads) // 2]:.2f}); {os.cpu_count()} CPUs"
    )
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
    tracebacks = error_log.count("Traceback")
    print(
        f"5xx answers: {results.server_errors}; transport errors: {results.transport_errors}; "
        f"tracebacks in gunicorn's log: {tracebacks}; worker timeouts: "
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
