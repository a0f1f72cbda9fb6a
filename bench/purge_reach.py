"""How soon a publish reaches every app server, and what the task worker costs (run by hand).

    .venv/bin/python bench/purge_reach.py --publishes 20
    .venv/bin/python bench/purge_reach.py --publishes 20 --redis-url redis://127.0.0.1:6379/7 \\
        --database-url postgres://postgres@127.0.0.1:5432/fazhi_bench_reach

Two app servers on one site, each answering the article and home from its own in-memory copy
(``X-Fazhi-Cache: local``), and this process as a third one (like the scheduler, the task worker
or a ``fazhi shell``) publishing an edit of the seed article; the time until both servers show it
on the article and on home is measured per publish, then the time until the task worker has
rewritten the exported file. Shapes, in one run:

- **default install**: SQLite, no Redis — `fazhi runserver` (as `make demo`) and granian, the purge
  epoch in a file, the database task queue;
- **production** (with ``--redis-url``): granian twice, the page cache and epoch in Redis, RQ;
- **behind Varnish** (with ``--varnish``): granian behind Debian's varnishd with
  deploy/varnish/fazhi.vcl; the worker's PURGE/BAN must reach it (default install otherwise).

Reported: median, 90th percentile and worst of the publish-to-visible times, the export times, the
worker's RSS after the run, and the load average beside each figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fazhi.testing.processes import (  # noqa: E402
    app_server,
    fazhi_command,
    fazhi_process,
    http_get,
    seconds_until,
    site_env,
)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "median_s": round(statistics.median(ordered), 3),
        "p90_s": round(ordered[int(0.9 * (len(ordered) - 1))], 3),
        "max_s": round(ordered[-1], 3),
        "n": len(ordered),
    }


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    import django

    django.setup()


def measure(env: dict[str, str], kinds: tuple[str, str], publishes: int, work: Path) -> dict:
    from fazhi.news.models import ArticlePage

    page = ArticlePage.objects.live().order_by("pk").first()
    exported = work / "export" / page.url.strip("/") / "index.html"
    visible, export_times = [], []
    with ExitStack() as stack:
        worker = stack.enter_context(fazhi_process(env, "run_worker", log=work / "worker.log"))
        ports = [stack.enter_context(app_server(env, kind))[0] for kind in kinds]
        worker_rss_start = rss_mb(worker.pid)
        for n in range(publishes):
            for port in ports:  # each answers from its own copy before the publish
                for path in (page.url, "/"):
                    for _ in range(3):
                        status, headers, _body = http_get(port, path)
                    assert status == 200 and headers.get("x-fazhi-cache") == "local", headers
            title = f"第{n}次发布 {time.time():.0f}"
            fresh = ArticlePage.objects.get(pk=page.pk)
            fresh.title = title
            fresh.save_revision().publish()  # autocommit: the purge runs now, as in the admin
            published = time.monotonic()
            shown = seconds_until(
                lambda t=title: all(
                    t in http_get(port, path)[2] for port in ports for path in (page.url, "/")
                ),
                timeout=30,
            )
            visible.append(shown)
            done = seconds_until(lambda t=title: t in exported.read_text(), timeout=60)
            export_times.append(time.monotonic() - published if done != float("inf") else done)
        worker_rss_end = rss_mb(worker.pid)
    if float("inf") in export_times:
        print((work / "worker.log").read_text()[-3000:], file=sys.stderr)
    return {
        "servers": list(kinds),
        "publish_to_visible_on_both": summary(visible),
        "publish_to_exported_by_worker": summary(export_times),
        "worker_rss_mb": {"start": round(worker_rss_start, 1), "end": round(worker_rss_end, 1)},
        "load_average": load(),
    }


def measure_varnish(env: dict[str, str], publishes: int, work: Path) -> dict:
    """The article and home through Varnish (a hit each) until a publish shows on both."""
    from django.test.utils import override_settings

    from fazhi.news.models import ArticlePage
    from fazhi.serving.deploy import render_vcl
    from fazhi.testing.processes import free_port, varnish

    page = ArticlePage.objects.live().order_by("pk").first()
    app_port, edge_port = free_port(), free_port()
    env = {**env, "FAZHI_VARNISH_URL": f"http://127.0.0.1:{edge_port}", "FAZHI_PROXY_COUNT": "1"}
    visible = []
    with ExitStack() as stack:
        stack.enter_context(fazhi_process(env, "run_worker", log=work / "worker-varnish.log"))
        stack.enter_context(app_server(env, "granian", port=app_port))
        vcl = render_vcl(backend=f"127.0.0.1:{app_port}", probe_host="127.0.0.1")
        stack.enter_context(varnish(work / "varnish", vcl, edge_port))
        # This process publishes as the servers do: the edge purge is enqueued for the worker.
        stack.enter_context(
            override_settings(
                WAGTAILFRONTENDCACHE={
                    "varnish": {
                        "BACKEND": "fazhi.serving.edge.VarnishBackend",
                        "LOCATION": env["FAZHI_VARNISH_URL"],
                    }
                }
            )
        )
        for n in range(publishes):
            for path in (page.url, "/"):
                for _ in range(3):
                    status, headers, _body = http_get(edge_port, path)
                assert status == 200 and headers.get("x-cache") == "HIT", headers
            title = f"经 Varnish 第{n}次发布 {time.time():.0f}"
            fresh = ArticlePage.objects.get(pk=page.pk)
            fresh.title = title
            fresh.save_revision().publish()
            visible.append(
                seconds_until(
                    lambda t=title: all(
                        t in http_get(edge_port, path)[2] for path in (page.url, "/")
                    ),
                    timeout=30,
                )
            )
    return {
        "servers": ["varnishd", "granian"],
        "publish_to_visible_through_varnish": summary(visible),
        "load_average": load(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--publishes", type=int, default=20)
    parser.add_argument("--redis-url", default="", help="also measure the production shape")
    parser.add_argument("--database-url", default="", help="default: a SQLite file")
    parser.add_argument("--varnish", action="store_true", help="also measure behind Varnish")
    parser.add_argument("--json", default="")
    args = parser.parse_args()

    results = {}
    with tempfile.TemporaryDirectory(prefix="fazhi-reach-") as tmp:
        work = Path(tmp)
        url = args.database_url or f"sqlite:///{work / 'fazhi.sqlite3'}"
        common = {
            "FAZHI_PAGE_CACHE_SECONDS": "3600",
            "FAZHI_EXPORT_ON_PUBLISH": "true",
            "FAZHI_EXPORT_DIR": str(work / "export"),
            "FAZHI_BASE_URL": "http://127.0.0.1",
        }
        default = site_env(work, url, FAZHI_TASK_BACKEND="database", **common)
        print(f"[{time.strftime('%H:%M:%S')}] building the demo site (load {load()})", flush=True)
        fazhi_command(default, "migrate", "--noinput", timeout=600)
        fazhi_command(default, "load_demo", timeout=600)
        fazhi_command(default, "export_static", "--all", "--no-progress", timeout=600)
        shapes = [("default install", default, ("runserver", "granian"))]
        if args.redis_url:
            production = site_env(
                work, url, FAZHI_TASK_BACKEND="rq", FAZHI_REDIS_URL=args.redis_url, **common
            )
            shapes.append(("production (Redis)", production, ("granian", "granian")))
        setup_django(default)
        from django.conf import settings
        from django.db import connections

        for name, env, kinds in shapes:
            connections.close_all()
            if env is not default:
                from django.core.cache import caches

                # This process purges like the servers do: through Redis now.
                from django.test.utils import override_settings

                stack = override_settings(
                    CACHES={
                        "default": {
                            "BACKEND": "fazhi.security.cache.ResilientRedisCache",
                            "LOCATION": args.redis_url,
                            "KEY_PREFIX": "fazhi",
                        }
                    },
                    TASKS={
                        "default": {
                            "BACKEND": "django_tasks_rq.RQBackend",
                            "QUEUES": settings.TASK_QUEUES,
                        }
                    },
                    RQ_QUEUES={name: {"URL": args.redis_url} for name in settings.TASK_QUEUES},
                    TASK_BACKEND="rq",
                )
                stack.enable()
                caches["default"].clear()
            print(f"[{time.strftime('%H:%M:%S')}] {name}: {' + '.join(kinds)}", flush=True)
            results[name] = measure(env, kinds, args.publishes, work)
            print(json.dumps(results[name], ensure_ascii=False, indent=1), flush=True)
            if args.varnish and env is default:
                connections.close_all()
                print(f"[{time.strftime('%H:%M:%S')}] behind Varnish", flush=True)
                results["behind Varnish"] = measure_varnish(env, args.publishes, work)
                print(json.dumps(results["behind Varnish"], ensure_ascii=False, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
