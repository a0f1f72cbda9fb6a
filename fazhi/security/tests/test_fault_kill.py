"""A worker SIGKILLed in the middle of `fazhi import_pages`: nothing is half written (every page
is whole, the tree is sound), and running the import again completes it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fazhi.importers.demo import SEED_PAGE

PAGES = 200
CHECK = """
from wagtail.models import Page
from fazhi.news.models import ArticlePage
bad = [p.pk for p in ArticlePage.objects.all() if not p.title or not p.body or p.latest_revision_id is None]
problems = Page.find_problems()
print(ArticlePage.objects.count(), len(bad), sum(len(x) for x in problems))
"""


def fazhi(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fazhi", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.skipif(
    os.environ.get("FAZHI_DATABASE_URL", "").startswith("postgres"), reason="SQLite file"
)
def test_import_killed_midway_then_rerun(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    env.update(
        DJANGO_SETTINGS_MODULE="fazhi.settings",
        FAZHI_VAR_DIR=str(tmp_path / "var"),
        FAZHI_SECRET_KEY="kill-test-" + "x" * 40,
    )
    assert fazhi(env, "migrate", "--noinput").returncode == 0
    seed = SEED_PAGE.read_text("utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(PAGES):  # distinct titles and URLs
        text = seed.replace("司法行政机关抓党建应做到", f"第{i}篇 司法行政机关抓党建应做到")
        (pages / f"{i:03}.txt").write_text(text.replace("11:33:51", f"11:{i // 60:02}:{i % 60:02}"))
    process = subprocess.Popen(
        [sys.executable, "-m", "fazhi", "import_pages", str(pages)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    check = lambda: fazhi(env, "shell", "-c", CHECK).stdout.strip().splitlines()[-1].split()  # noqa: E731
    db = sqlite3.connect(tmp_path / "var" / "fazhi.sqlite3", timeout=20)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # kill once some, not all, are in
        time.sleep(0.05)
        if db.execute("SELECT count(*) FROM news_articlepage").fetchone()[0] >= 10:
            break
    db.close()
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    count, bad, problems = map(int, check())
    assert 0 < count < PAGES, "killed too late or too early to tell"
    assert bad == 0 and problems == 0  # no half-written article, the page tree is sound
    rerun = fazhi(env, "import_pages", str(pages))
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    count, bad, problems = map(int, check())
    assert (count, bad, problems) == (PAGES, 0, 0)
