"""Uncached article (and video) render, before and after the reading paths (issue 19, item 2).

"Before" is another checkout of the code without them (``git worktree add --detach
/work/reading-before main`` and ``make install-dev`` there); "after" is this checkout. Each runs in
its own process with its own virtualenv, on its own throw-away SQLite site built the same way:
``load_demo`` (the seed article), then ``--extra`` more articles with tags in the seed's channel
(so 上一篇/下一篇 and 相关阅读 have items). The page cache is off; with ``--fragments off`` (the
default) the fragment cache too, so every request renders the whole page, queries included.

The parent interleaves rounds: before, after, after, before, … (``--rounds``, each of
``--requests`` GETs of the same URL through Django's test client), and prints per side the
median of the round medians, the ratio after/before and the load average beside each round.

    .venv/bin/python -m bench.article_render --before /work/reading-before
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


# --- the child: one checkout's site ---------------------------------------------------------
def child(extra: int, fragments: bool) -> None:
    os.environ["FAZHI_VAR_DIR"] = tempfile.mkdtemp(prefix="fazhi-bench-render-")
    os.environ["FAZHI_DATABASE_URL"] = f"sqlite:///{os.environ['FAZHI_VAR_DIR']}/site.sqlite3"
    os.environ["FAZHI_ENV"] = "test"
    os.environ["FAZHI_TASK_BACKEND"] = "immediate"  # after: 相关阅读 computed at each publish
    os.environ["FAZHI_PAGE_CACHE_SECONDS"] = "0"
    os.environ["FAZHI_FRAGMENT_CACHE_MB"] = "32" if fragments else "0"
    os.environ["FAZHI_PAGE_L1_MB"] = "0"
    os.environ["FAZHI_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
    import io
    from datetime import timedelta

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone
    from wagtail.rich_text import RichText

    from fazhi.news.models import ArticlePage

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    seed = ArticlePage.objects.get(slug="20190828-113351")
    channel = seed.get_parent()
    topics = ["司法行政", "依法治国", "普法", "法律援助", "宪法宣传周"]
    for i in range(extra):
        article = ArticlePage(
            title=f"司法行政机关加强党建工作第{i}篇",
            slug=f"extra-{i}",
            lead="司法行政机关全面加强党的建设，推进全面依法治国。",
            body=[
                (
                    "paragraph",
                    RichText(f"<p>司法行政干警意识形态工作第{i}次专题学习，普法宣传教育。</p>"),
                )
            ],
            publish_time=timezone.now() - timedelta(days=i % 2000),
        )
        channel.add_child(instance=article)
        article.tags.add(topics[i % len(topics)], topics[(i + 1) % len(topics)])
        article.save_revision().publish()
    client = Client()
    urls = {"article": seed.url}
    from fazhi.video.models import VideoPage

    video = VideoPage.objects.live().first()
    if video is not None:
        urls["video"] = video.url
    for url in urls.values():  # warm-up: per-process caches, template compilation
        for _ in range(5):
            assert client.get(url).status_code == 200
    print(json.dumps({"ready": urls}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        times = []
        for _ in range(command["requests"]):
            start = time.perf_counter()
            response = client.get(urls[command["page"]])
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        print(json.dumps({"median": statistics.median(times)}), flush=True)


# --- the parent ------------------------------------------------------------------------------
def start(checkout: Path, extra: int, fragments: str) -> subprocess.Popen:
    python = checkout / ".venv" / "bin" / "python"
    process = subprocess.Popen(
        [str(python), str(HERE), "--child", "--extra", str(extra), "--fragments", fragments],
        cwd=checkout,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")},
    )
    ready = json.loads(process.stdout.readline())
    print(f"{checkout}: ready {ready['ready']}")
    return process


def ask(process: subprocess.Popen, page: str, requests: int) -> float:
    process.stdin.write(json.dumps({"page": page, "requests": requests}) + "\n")
    process.stdin.flush()
    return json.loads(process.stdout.readline())["median"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, default=Path("/work/reading-before"))
    parser.add_argument("--after", type=Path, default=HERE.parent.parent)
    parser.add_argument("--extra", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--fragments", choices=["on", "off"], default="off")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, os.getcwd())  # this checkout's fazhi, not the script's
        child(args.extra, args.fragments == "on")
        return
    sides = {"before": start(args.before, args.extra, args.fragments),
             "after": start(args.after, args.extra, args.fragments)}  # fmt: skip
    for page in ("article", "video"):
        results: dict[str, list[float]] = {"before": [], "after": []}
        loads = []
        for n in range(args.rounds):
            order = ("before", "after") if n % 2 == 0 else ("after", "before")
            for side in order:
                results[side].append(ask(sides[side], page, args.requests))
            loads.append(os.getloadavg()[0])
            print(
                f"{page} round {n + 1}: before {results['before'][-1]:.2f} ms, "
                f"after {results['after'][-1]:.2f} ms, load {loads[-1]:.2f}"
            )
        before = statistics.median(results["before"])
        after = statistics.median(results["after"])
        print(
            f"{page} (fragments {args.fragments}): before {before:.2f} ms, after {after:.2f} ms, "
            f"ratio after/before {after / before:.3f}; {args.rounds} rounds x {args.requests} "
            f"requests; load {min(loads):.2f}-{max(loads):.2f}"
        )
    for process in sides.values():
        process.stdin.close()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
