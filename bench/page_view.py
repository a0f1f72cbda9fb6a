"""A whole anonymous page view, as the page script makes it, against nginx serving the same bytes.

    make bench-tools   # Debian's nginx and wrk
    .venv/bin/python bench/page_view.py --seconds 10 --rounds 5 \\
        --database-url postgres://postgres@127.0.0.1:5432/fazhi_bench_live \\
        --redis-url redis://127.0.0.1:6379/10

A page view of the seed article is three requests: the cached HTML, the shared live JSON
(``/api/pages/<id>/live/``, no cookies) and the read beacon (``POST /api/pages/<id>/read/``, a
browser's User-Agent, no cookie: every one is counted). In one run, on loopback:

  (n) nginx serving the HTML and the JSON as files (the page view without the app: 2 requests),
  (s) the same nginx configuration in front of fazhi under granian (``fazhi.testing.processes``:
      the deploy/systemd flags, one worker, 8 blocking threads) on PostgreSQL + Redis: the 3
      requests of a page view,

and each part alone: HTML, JSON (both also from nginx's files), the beacon alone. nginx is the
shipped site (``fazhi.serving.deploy.render_site`` in ``render_standalone``: sendfile,
keep-alive, access log off) with ``open_file_cache`` added, the same for both; for (n) its
``/api/`` location serves files instead of proxying. ``wrk -t1 -cC`` with a Lua script cycling
through the page view's requests on every connection. Rounds are interleaved (n s parts, n s
parts, ...); the table gives medians of the rounds, page views per second (requests / 2 for nginx,
/ 3 for fazhi), the ratio to nginx in the same round, and the load average (1 min) when each
figure was taken. At the end the reads are flushed and the stored count compared with the
beacons wrk completed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)

# wrk: each connection cycles through the page view's requests in order. The beacon's count is
# kept per thread (the done() callback reads it) so the stored count can be compared.
LUA = """
local paths = {%(paths)s}
local methods = {%(methods)s}
local i = 0
local requests = {}
function init(args)
  for n = 1, #paths do
    local headers = {["User-Agent"] = "%(ua)s", ["Accept"] = "*/*"}
    local body = nil
    if methods[n] == "POST" then body = "" end
    requests[n] = wrk.format(methods[n], paths[n], headers, body)
  end
end
function request()
  i = i %% #requests + 1
  return requests[i]
end
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def load() -> float:
    return round(os.getloadavg()[0], 2)


def to_ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if found is None:
        return float("nan")
    number, unit = found.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(port: int, steps: list[tuple[str, str]], seconds: int, connections: int, work: Path):
    script = work / f"wrk-{abs(hash(tuple(steps)))}.lua"
    script.write_text(
        LUA
        % {
            "paths": ", ".join(f'"{path}"' for _, path in steps),
            "methods": ", ".join(f'"{method}"' for method, _ in steps),
            "ua": BROWSER,
        }
    )
    started_load = load()
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "requests": total,
        "p50_ms": to_ms(re.search(r"50%\s+(\S+)", out).group(1)),
        "p99_ms": to_ms(re.search(r"99%\s+(\S+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
        "load_before": started_load,
        "load_after": load(),
    }


def nginx_conf(work: Path, name: str, port: int, upstream: str, export_dir: Path, files: bool):
    from fazhi.serving.deploy import render_site, render_standalone

    site = render_site(
        listen=f"127.0.0.1:{port}",
        upstream=upstream,
        export_dir=export_dir,
        static_root=work / "static",
        media_root=work / "media",
    )
    if files:  # the baseline: /api/ from files too (the live JSON as a file)
        site = site.replace("location ~ ^/(api|", "location ~ ^/(", 1)
    prefix = work / name
    prefix.mkdir()
    conf = render_standalone(site, prefix)
    # As in production (issue 18): open files kept open between requests.
    conf = conf.replace(
        "    sendfile on;",
        "    sendfile on;\n    open_file_cache max=1000 inactive=60s;\n"
        "    open_file_cache_valid 60s;\n    open_file_cache_errors on;",
        1,
    )
    path = prefix / "nginx.conf"
    path.write_text(conf)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database to recreate")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/10")
    parser.add_argument("--port-base", type=int, default=18700)
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    if not shutil.which("wrk") or not Path("/usr/sbin/nginx").exists():
        raise SystemExit("needs wrk and nginx: make bench-tools")

    import psycopg
    import redis

    work = Path(tempfile.mkdtemp(prefix="fazhi-page-view-"))
    name = args.database_url.rsplit("/", 1)[1]
    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
        pg.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(args.redis_url).flushdb()

    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "fazhi.settings",
            "FAZHI_DATABASE_URL": args.database_url,
            "FAZHI_REDIS_URL": args.redis_url,
            "FAZHI_VAR_DIR": str(work / "var"),
        }
    )
    from fazhi.testing.processes import app_server, fazhi_command, nginx_server, site_env

    env = site_env(
        work / "var",
        args.database_url,
        FAZHI_REDIS_URL=args.redis_url,
        FAZHI_TASK_BACKEND="immediate",
        FAZHI_PROXY_COUNT="1",
        FAZHI_DEBUG="false",
        FAZHI_LOG_LEVEL="ERROR",
        FAZHI_EXPORT_DIR=str(work / "export"),
    )
    log(f"site in {work} on {name} and {args.redis_url}")
    fazhi_command(env, "migrate", "--noinput", timeout=600)
    fazhi_command(env, "load_demo", timeout=600)
    found = fazhi_command(
        env,
        "shell",
        "-c",
        "from fazhi.news.models import ArticlePage;"
        "p = ArticlePage.objects.live().get(slug='20190828-113351');"
        "print(p.pk, p.url)",
    ).split()
    page_id, page_path = int(found[-2]), found[-1]
    live_path = f"/api/pages/{page_id}/live/"
    read_path = f"/api/pages/{page_id}/read/"
    app_port, subject_port, files_port = (args.port_base + n for n in range(3))

    with app_server(env, "granian", app_port):
        subject_conf = nginx_conf(
            work, "nginx-app", subject_port, f"127.0.0.1:{app_port}", work / "empty", False
        )
        (work / "empty").mkdir()
        # The baseline's files: exactly the bytes the app answers.
        files = work / "files"
        html = urllib.request.urlopen(f"http://127.0.0.1:{app_port}{page_path}").read()
        html = urllib.request.urlopen(f"http://127.0.0.1:{app_port}{page_path}").read()
        live = urllib.request.urlopen(f"http://127.0.0.1:{app_port}{live_path}").read()
        for path, body in ((page_path, html), (live_path, live)):
            folder = files / path.strip("/")
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.html").write_bytes(body)
        files_conf = nginx_conf(
            work, "nginx-files", files_port, f"127.0.0.1:{app_port}", files, True
        )
        log(f"page {page_path} ({len(html)} bytes), live JSON {len(live)} bytes: {live!r}")
        with nginx_server(subject_conf, subject_port), nginx_server(files_conf, files_port):
            targets = {
                "nginx: page view (HTML + JSON files)": (
                    files_port,
                    [("GET", page_path), ("GET", live_path)],
                    2,
                ),
                "fazhi: page view (HTML + live JSON + beacon)": (
                    subject_port,
                    [("GET", page_path), ("GET", live_path), ("POST", read_path)],
                    3,
                ),
                "nginx: HTML file": (files_port, [("GET", page_path)], 1),
                "fazhi: cached HTML": (subject_port, [("GET", page_path)], 1),
                "nginx: JSON file": (files_port, [("GET", live_path)], 1),
                "fazhi: live JSON": (subject_port, [("GET", live_path)], 1),
                "fazhi: beacon alone": (subject_port, [("POST", read_path)], 1),
                "fazhi: page view without the beacon (HTML + live JSON)": (
                    subject_port,
                    [("GET", page_path), ("GET", live_path)],
                    2,
                ),
            }
            beacons = 0
            for port, steps, _ in targets.values():  # warm-up: L1 copies, connections
                warm = wrk(port, steps, 2, args.connections, work)
                if ("POST", read_path) in steps:
                    beacons += warm["requests"] // len(steps)
            rounds: dict[str, list[dict]] = {label: [] for label in targets}
            for number in range(1, args.rounds + 1):
                for label, (port, steps, per_view) in targets.items():
                    result = wrk(port, steps, args.seconds, args.connections, work)
                    result["views"] = result["rps"] / per_view
                    rounds[label].append(result)
                    if ("POST", read_path) in steps:
                        beacons += result["requests"] // len(steps)
                    log(
                        f"round {number} {label}: {result['rps']:,.0f} req/s, "
                        f"{result['views']:,.0f} views/s, load {result['load_before']}"
                    )
            flushed_at = time.monotonic()
            flushed = int(fazhi_command(env, "flush_reads").strip().splitlines()[-1])
            flush_seconds = time.monotonic() - flushed_at
    report(targets, rounds, beacons, flushed, flush_seconds, len(html), len(live), args)
    shutil.rmtree(work, ignore_errors=True)


def report(targets, rounds, beacons, flushed, flush_seconds, html_bytes, live_bytes, args):
    pairs = {
        "fazhi: page view (HTML + live JSON + beacon)": "nginx: page view (HTML + JSON files)",
        "fazhi: page view without the beacon (HTML + live JSON)": (
            "nginx: page view (HTML + JSON files)"
        ),
        "fazhi: cached HTML": "nginx: HTML file",
        "fazhi: live JSON": "nginx: JSON file",
        "fazhi: beacon alone": "nginx: JSON file",
    }
    print()
    print(
        f"HTML {html_bytes} bytes, live JSON {live_bytes} bytes; {args.rounds} rounds of "
        f"{args.seconds} s, wrk -t1 -c{args.connections}; load average (1 min) beside each"
    )
    print()
    print("| target | req/s | page views/s | p50 ms | p99 ms | × nginx (same rounds) | load |")
    print("|---|---:|---:|---:|---:|---:|---|")
    summary = {}
    for label in targets:
        runs = rounds[label]
        ratio = ""
        if label in pairs:
            per_round = [
                run["views"] / base["views"]
                for run, base in zip(runs, rounds[pairs[label]], strict=True)
            ]
            ratio = f"{statistics.median(per_round):.3f}"
        loads = ", ".join(f"{run['load_before']:.1f}" for run in runs)
        if label in pairs:
            ratio_list = ", ".join(
                f"{run['views'] / base['views']:.2f}"
                for run, base in zip(runs, rounds[pairs[label]], strict=True)
            )
            loads = f"{loads} (ratios {ratio_list})"
        summary[label] = {
            "rps": statistics.median(r["rps"] for r in runs),
            "views": statistics.median(r["views"] for r in runs),
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            # wrk prints no percentile it could not compute: those rounds are left out.
            "p99_ms": statistics.median(
                [r["p99_ms"] for r in runs if r["p99_ms"] == r["p99_ms"]] or [float("nan")]
            ),
            "ratio": ratio,
            "loads": [r["load_before"] for r in runs],
            "errors": sum(r["errors"] for r in runs),
        }
        s = summary[label]
        print(
            f"| {label} | {s['rps']:,.0f} | {s['views']:,.0f} | {s['p50_ms']:.2f} | "
            f"{s['p99_ms']:.2f} | {ratio} | {loads} |"
        )
    print()
    print(
        f"reads: about {beacons:,} beacons completed by wrk, {flushed:,} stored by the flush "
        f"({flush_seconds:.2f} s); non-2xx: "
        + ", ".join(f"{k} {v['errors']}" for k, v in summary.items() if v["errors"])
    )
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
