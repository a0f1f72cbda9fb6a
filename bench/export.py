"""``fazhi export_static --all`` on a site of ``--articles`` articles (issue 18): pages per second.

    .venv/bin/python -m bench.export --articles 10000 --runs 3 --processes 2

Builds a SQLite site in a temporary directory (migrate, load_demo, then ``--articles`` articles
over ten channels written in bulk, as bench/serve.py's export rate does), then runs the whole
export (``export_site(everything=True)``, the command's code) ``--runs`` times into fresh
folders. Prints each run's pages/s, CPU per page (this process and its reaped workers) and the
load average beside it, then the median. ``--profile`` also writes a cProfile of one
single-process run of ``--profile-pages`` URLs (the even sample bench/serve.py renders).
Nothing is kept.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--profile", default="", help="write a cProfile here (one process)")
    parser.add_argument("--profile-pages", type=int, default=600)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="fazhi-export-bench-"))
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
        env.update(
            FAZHI_ENV="development",
            FAZHI_SECRET_KEY="bench-" + "x" * 50,
            FAZHI_VAR_DIR=str(work / "var"),
            FAZHI_DATABASE_URL=f"sqlite:///{work / 'var' / 'fazhi.sqlite3'}",
            FAZHI_EXPORT_BASE_URL="http://127.0.0.1",
            FAZHI_LOG_LEVEL="ERROR",
            DJANGO_SETTINGS_MODULE="fazhi.settings",
        )
        for command in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run([str(BIN / "fazhi"), *command], env=env, check=True, capture_output=True)
        os.environ.update(env)
        import django

        django.setup()
        from bench.serve import add_articles, cpu_seconds
        from fazhi.serving.export import all_targets, export_site, render_urls

        add_articles(args.articles)
        runs = []
        for n in range(args.runs):
            load_before = os.getloadavg()[0]
            started, cpu0 = time.monotonic(), cpu_seconds()
            result = export_site(
                work / f"export-{n}", everything=True, progress=False, processes=args.processes
            )
            seconds = time.monotonic() - started
            cpu_ms = 1000 * (cpu_seconds() - cpu0) / result.pages
            runs.append(result.pages / seconds)
            print(
                f"run {n + 1}: {result.pages} pages in {seconds:.1f} s = {runs[-1]:.1f} pages/s, "
                f"{cpu_ms:.2f} ms CPU per page, load average {load_before:.1f} → "
                f"{os.getloadavg()[0]:.1f}",
                flush=True,
            )
            shutil.rmtree(work / f"export-{n}", ignore_errors=True)
        print(
            f"\n{args.articles} more articles, {args.processes} processes: median "
            f"{statistics.median(runs):.1f} pages/s of {args.runs} runs"
        )
        if args.profile:
            import cProfile

            targets = all_targets()
            sample = targets[:: max(1, len(targets) // args.profile_pages)]
            profile = cProfile.Profile()
            profile.enable()
            render_urls(work / "export-profile", sample)
            profile.disable()
            profile.dump_stats(args.profile)
            print(f"profile of {len(sample)} URLs in one process: {args.profile}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
