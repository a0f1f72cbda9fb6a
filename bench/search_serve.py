"""A repeated search against nginx serving the same bytes (issue 18, item 2; run by hand).

    .venv/bin/python bench/search_serve.py --seconds 5 --rounds 5 --redis-url redis://127.0.0.1:6379/4

In one run, each with one worker process under granian (as deployed) on loopback:
  (n) nginx serving the bytes of the search answer as a file (sendfile, open_file_cache,
      keep-alive, no access log): the strong baseline;
  (s) fazhi answering ``/search/?q=党建`` again (page cache in Redis and the WSGI fast path);
  (j) the same for ``/api/search?q=党建``;
  (s0) fazhi with the page cache off (``FAZHI_PAGE_CACHE_SECONDS=0``): the view runs each time,
       its results from the search result cache, as every repeated search did before.
Rounds are interleaved (n s j s0 n s j s0 ...); the table gives medians of req/s and p99, ratios to
(n) per round, and the load average (os.getloadavg) beside each round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import serve

QUERY = "党建"


def nginx_conf(prefix: Path, root: Path, port: int) -> str:
    """One worker, as a production nginx serves a static file."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the 0700 temp dir
    return f"""{user}worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;
    client_body_temp_path {prefix / "client_body"};
    proxy_temp_path {prefix / "proxy"};
    fastcgi_temp_path {prefix / "fastcgi"};
    uwsgi_temp_path {prefix / "uwsgi"};
    scgi_temp_path {prefix / "scgi"};
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ default_type "text/html; charset=utf-8"; try_files $uri =404; }}
    }}
}}
"""


def plain_get(url: str) -> tuple[int, int]:
    """Status and body length of one GET, redirects not followed."""
    import http.client

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
    response = connection.getresponse()
    length = len(response.read())
    connection.close()
    return response.status, length


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--port-base", type=int, default=18440)
    args = parser.parse_args()
    args.database_url = ""
    ports = {name: args.port_base + n for n, name in enumerate(("n", "s", "s0"))}
    fazhi = str(serve.BIN / "fazhi")
    processes: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="fazhi-search-serve-") as tmp:
        work = Path(tmp)
        env = serve.fazhi_env(work, args)
        try:
            serve.log(f"work dir {work}: migrate, load_demo")
            serve.run([fazhi, "migrate", "--noinput"], env)
            serve.run([fazhi, "load_demo"], env)
            cached = serve.app_server("fazhi.wsgi", ports["s"], env)
            uncached = serve.app_server(
                "fazhi.wsgi", ports["s0"], serve.fazhi_env(work, args, FAZHI_PAGE_CACHE_SECONDS="0")
            )
            processes += [cached, uncached]
            search = "/search/?" + urllib.parse.urlencode({"q": QUERY})
            api = "/api/search?" + urllib.parse.urlencode({"q": QUERY})
            base = f"http://127.0.0.1:{ports['s']}"
            serve.wait_for(base + "/")
            serve.wait_for(f"http://127.0.0.1:{ports['s0']}/")
            with urllib.request.urlopen(base + search, timeout=30) as response:
                body = response.read()
                state = response.headers["X-Fazhi-Cache"]
            with urllib.request.urlopen(base + search, timeout=30) as response:
                again = response.headers["X-Fazhi-Cache"]
            serve.log(f"{search}: {len(body)} bytes, X-Fazhi-Cache {state} then {again}")
            root = work / "nginx-root"
            root.mkdir()
            (root / "search.html").write_bytes(body)
            prefix = work / "nginx"
            prefix.mkdir()
            (prefix / "nginx.conf").write_text(nginx_conf(prefix, root, ports["n"]))
            serve.free(ports["n"])
            processes.append(
                subprocess.Popen(["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")])
            )
            targets = {
                "n": (
                    "(n) nginx, the same bytes as a file",
                    f"http://127.0.0.1:{ports['n']}/search.html",
                ),
                "s": ("(s) fazhi /search/?q= repeated", base + search),
                "j": ("(j) fazhi /api/search?q= repeated", base + api),
                "s0": (
                    "(s0) fazhi, page cache off (the view each time)",
                    f"http://127.0.0.1:{ports['s0']}{search}",
                ),
            }
            for _, url in targets.values():
                serve.wait_for(url)
            for key in ("n", "s"):  # the very same bytes, answered with a 200 (no redirect)
                status, length = plain_get(targets[key][1])
                serve.log(f"{key}: {status}, {length} bytes")
                if status != 200 or length != len(body):
                    raise SystemExit(f"{targets[key][1]}: {status}, {length} bytes")
            runs: dict[str, list[dict]] = {key: [] for key in targets}
            for round_ in range(args.rounds):
                for key, (_, url) in targets.items():
                    result = serve.wrk(url, args.seconds, args.connections)
                    result["load"] = os.getloadavg()[0]
                    runs[key].append(result)
                serve.log(
                    f"round {round_ + 1}: "
                    + ", ".join(f"{k} {runs[k][-1]['rps']:.0f}/s" for k in targets)
                )
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
    print(
        f"# repeated search, {args.rounds} interleaved rounds of {args.seconds} s, "
        f"{args.connections} connections, one worker each ({time.strftime('%Y-%m-%d %H:%M')})"
    )
    print(
        "| target | req/s (median) | p99 ms (median) | ratio to (n), median of rounds | load avg |"
    )
    print("|---|---:|---:|---:|---|")
    for key, (label, _) in targets.items():
        rps = statistics.median(r["rps"] for r in runs[key])
        p99 = statistics.median(r["p99_ms"] for r in runs[key])
        ratio = statistics.median(
            r["rps"] / n["rps"] for r, n in zip(runs[key], runs["n"], strict=True)
        )
        loads = "–".join(
            f"{x:.1f}"
            for x in (min(r["load"] for r in runs[key]), max(r["load"] for r in runs[key]))
        )
        print(f"| {label} | {rps:,.0f} | {p99:.2f} | {ratio:.3f} | {loads} |")


if __name__ == "__main__":
    main()
