"""Worker RSS in the production shape (issue 18): granian as deploy/systemd/fazhi.service runs it,
this checkout against another one (``--before``, with its own .venv), in the same run.

    .venv/bin/python -m bench.rss --before /work/main \\
        --database postgres://postgres@127.0.0.1:5432/fazhi_bench_rss --redis-url redis://127.0.0.1:6379/3

Builds the load benchmark's site (bench/load.py: migrate, collectstatic, load_demo, extra
articles, members, comments), starts two granian servers on it with the unit's flags and
``--workers`` each — "before" from the other checkout, "after" from this one — and drives both
with the load generator's mix (readers and members, searches included, ``--clients``), in
interleaved rounds of ``--seconds``. Prints every worker's RSS at start and after each round,
and the load average. Nothing is kept.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench import load, loadgen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, type=Path, help="another checkout (its .venv)")
    parser.add_argument("--database", help="FAZHI_DATABASE_URL; default a SQLite file")
    parser.add_argument("--redis-url")
    parser.add_argument("--workers", type=int, default=1, help="granian workers per server")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20, help="per round and server")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--ports", default="18200-18299")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="fazhi-rss-"))
    low, high = map(int, args.ports.split("-"))
    before_port = load.free_port(low, high + 1)
    after_port = load.free_port(before_port + 1, high + 1)
    env = load.site_env(tmp / "var", args.database, args.redis_url, f"fazhi-rss-{before_port}")
    if args.database and args.database.startswith("postgres"):
        load.fresh_postgres(args.database)
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    load.fazhi(env, "migrate", "--noinput")
    load.fazhi(env, "collectstatic", "--noinput")
    load.fazhi(env, "load_demo")
    load.extra_pages(tmp / "pages", args.articles)
    load.fazhi(env, "import_pages", str(tmp / "pages"))
    site = loadgen.django_json(
        env,
        "from bench.loadgen import prepare\n"
        f"result = prepare(100, {load.PASSWORD!r}, comments=300)",
    )
    servers = {
        "before": load.start_granian(
            env,
            before_port,
            args.workers,
            tmp,
            log_name="before.log",
            project=args.before.resolve(),
        ),
        "after": load.start_granian(env, after_port, args.workers, tmp, log_name="after.log"),
    }
    ports = {"before": before_port, "after": after_port}
    try:
        time.sleep(2)
        rows = {
            name: [("start", load.worker_rss_mb(s), os.getloadavg()[0])]
            for name, s in servers.items()
        }
        for n in range(args.rounds):
            for name in ("before", "after"):
                results = asyncio.run(
                    loadgen.run_load(
                        f"http://127.0.0.1:{ports[name]}",
                        site,
                        clients=args.clients,
                        seconds=args.seconds,
                        max_requests=10**7,
                        password=load.PASSWORD,
                        seed=n + 1,
                        openings=False,
                    )
                )
                rss = load.worker_rss_mb(servers[name])
                rows[name].append((f"after round {n + 1}", rss, os.getloadavg()[0]))
                print(
                    f"round {n + 1} {name}: {results.requests} requests, "
                    f"{results.server_errors} 5xx, RSS {rss}, load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
    finally:
        for server in servers.values():
            load.stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)
    database = "PostgreSQL" if args.database and "postgres" in args.database else "SQLite"
    print(
        f"\n{database} + {'Redis' if args.redis_url else 'local memory'}, granian "
        f"{args.workers} worker(s) each, {args.clients} clients, {args.seconds:.0f} s per round\n"
    )
    print("| server | when | worker RSS MB | load avg |")
    print("|---|---|---:|---:|")
    for name, measured in rows.items():
        for when, rss, loadavg in measured:
            print(f"| {name} | {when} | {', '.join(f'{r:.0f}' for r in rss)} | {loadavg:.1f} |")
    last = {name: statistics.median(rows[name][-1][1]) for name in rows}
    print(
        f"\nafter the last round, median worker RSS: before {last['before']:.0f} MB, after {last['after']:.0f} MB"
    )


if __name__ == "__main__":
    main()
