"""Scheduled (embargoed) publishing: invisible everywhere until the go-live time, then the worker
publishes it."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from fazhi.editorial.models import ReviewEvent
from fazhi.editorial.scheduler import run_periodically
from fazhi.editorial.tests.conftest import approve_all, client_for, create_article
from fazhi.news.models import ArticlePage

TITLE = "EMBARGO2026 禁发稿件"


def public_places(client, page_id: int) -> dict[str, bool]:
    """Whether the piece shows in each public place."""
    slug = "/fzyw/jinfa/"
    found = {}
    response = client.get(slug)
    found["page URL"] = response.status_code == 200
    found["channel list"] = TITLE in client.get("/fzyw/").content.decode()
    found["home"] = TITLE in client.get("/").content.decode()
    found["site feed"] = TITLE in client.get("/feed/").content.decode()
    found["channel feed"] = TITLE in client.get("/fzyw/feed/").content.decode()
    found["sitemap"] = slug in client.get("/sitemap.xml").content.decode()
    # The result links to the page (its title comes back with the match in <mark>).
    found["search"] = (
        '/fzyw/jinfa/"' in client.get("/search/", {"q": "EMBARGO2026"}).content.decode()
    )
    found["API"] = client.get(f"/api/pages/{page_id}/live/").status_code == 200
    return found


@pytest.mark.django_db
def test_embargoed_piece_is_invisible_until_the_worker_publishes_it(
    newsroom, client, django_capture_on_commit_callbacks
):
    go_live = timezone.localtime() + datetime.timedelta(hours=2)
    response = create_article(
        client_for(newsroom.reporter),
        newsroom.fzyw,
        title=TITLE,
        slug="jinfa",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="jinfa")
    approve_all(newsroom, page)

    page = ArticlePage.objects.get(pk=page.pk)
    assert not page.live
    assert page.approved_schedule
    scheduled = ReviewEvent.objects.get(page_id=page.pk, action="scheduled")
    assert go_live.strftime("%Y-%m-%d %H:%M") in scheduled.comment
    assert public_places(client, page.pk) == dict.fromkeys(public_places(client, page.pk), False)

    # The worker runs before the time: nothing changes.
    call_command("run_scheduler", "--once")
    assert not ArticlePage.objects.get(pk=page.pk).live
    assert not any(public_places(client, page.pk).values())

    # The time comes; the worker's next run (within its 30-second period) publishes it.
    with time_machine.travel(go_live + datetime.timedelta(seconds=20), tick=False):
        assert not any(public_places(client, page.pk).values())
        # The worker's publish commits, and search indexes the piece on commit.
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_scheduler", "--once")
        page = ArticlePage.objects.get(pk=page.pk)
        assert page.live and page.responsible_editor == "刘洋"
        assert public_places(client, page.pk) == dict.fromkeys(public_places(client, page.pk), True)


def test_run_periodically_runs_until_stopped_and_survives_errors():
    stop = threading.Event()
    calls: list[float] = []

    def tick() -> None:
        calls.append(time.monotonic())
        if len(calls) == 2:
            raise RuntimeError("database went away")
        if len(calls) == 4:
            stop.set()

    assert run_periodically(tick, 0.01, stop) == 4
    assert len(calls) == 4
    assert run_periodically(lambda: None, 5, threading.Event(), max_runs=1) == 1


@pytest.mark.django_db
def test_run_scheduler_refuses_an_interval_over_a_minute():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="一分钟内"):
        call_command("run_scheduler", "--interval", "120")


@pytest.mark.postgres
def test_the_worker_process_checks_periodically_and_stops_cleanly(django_db_setup):
    """`fazhi run_scheduler` as its own process, as `make demo` and systemd start it.

    It runs against the migrated test database (PostgreSQL; SQLite's test database lives in
    memory). Publication itself is tested in-process above: a second process would need committed
    data, and a transactional test would flush the migrations' roles for later tests.
    """
    if connection.vendor != "postgresql":
        pytest.skip("needs a database a second process can open: runs in the PostgreSQL pass")
    settings_dict = connection.settings_dict
    url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**settings_dict)
    env = {
        **os.environ,
        "FAZHI_DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        "PYTHONUNBUFFERED": "1",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "fazhi", "run_scheduler", "--interval", "0.5"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        started = worker.stdout.readline()  # blocks until the worker is up (or has died)
        assert started.strip() == "定时发布进程已启动，每 0.5 秒检查一次。", started
        time.sleep(2)  # several checks
        assert worker.poll() is None, "the worker ended on its own"
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=20)
    assert worker.returncode == 0, output
    assert "定时发布进程已停止。" in output
    assert "失败" not in output and "Traceback" not in output, output
