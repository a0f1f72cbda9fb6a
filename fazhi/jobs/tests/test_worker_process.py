"""The task worker and the scheduler as real processes, as `make demo` and systemd run them: the
database queue on SQLite (the default install), RQ on Redis beside PostgreSQL (production)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from fazhi.conftest import database_url_for_another_process
from fazhi.testing.processes import fazhi_command, fazhi_process, seconds_until, site_env

pytestmark = pytest.mark.django_db(transaction=True)

EDIT = """
import datetime
from django.utils import timezone
from fazhi.news.models import ArticlePage
page = ArticlePage.objects.get(pk={pk})
page.title = {title!r}
delay = {delay}
if delay:
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=delay)
page.save_revision().publish()
print("live" if ArticlePage.objects.get(pk={pk}).title == {title!r} else "scheduled")
"""


def queue_env(tmp_path: Path) -> dict[str, str]:
    export = {
        "FAZHI_EXPORT_ON_PUBLISH": "true",
        "FAZHI_EXPORT_DIR": str(tmp_path / "export"),
        "FAZHI_SCHEDULER_INTERVAL": "1",
    }
    if connection.vendor == "sqlite":
        url = database_url_for_another_process(tmp_path)
        return site_env(tmp_path, url, FAZHI_TASK_BACKEND="database", **export)
    if not settings.REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("the PostgreSQL pass runs with FAZHI_REDIS_URL (make test)")
        pytest.skip("RQ needs FAZHI_REDIS_URL (the second `make test` run)")
    url = database_url_for_another_process(tmp_path)
    return site_env(
        tmp_path, url, FAZHI_TASK_BACKEND="rq", FAZHI_REDIS_URL=settings.REDIS_URL, **export
    )


def test_a_publish_is_exported_by_the_worker_and_a_scheduled_one_goes_live_on_time(
    seed_article, tmp_path
):
    env = queue_env(tmp_path)
    fazhi_command(env, "export_static", "--no-progress")
    exported = tmp_path / "export" / seed_article.url.strip("/") / "index.html"
    assert "四个聚力" in exported.read_text()

    # Without a worker the publish only enqueues: the request never exports by itself.
    out = fazhi_command(
        env, "shell", "-c", EDIT.format(pk=seed_article.pk, title="队列一", delay=0)
    )
    assert out.strip().endswith("live")
    time.sleep(1)
    assert "队列一" not in exported.read_text()

    with fazhi_process(env, "run_worker", log=tmp_path / "worker.log") as worker:
        shown = seconds_until(lambda: "队列一" in exported.read_text(), timeout=30)
        assert shown < 30, (tmp_path / "worker.log").read_text()

        # A go-live time 3 s ahead: the scheduler enqueues the check every second, the worker
        # publishes, and the publish's own export follows.
        out = fazhi_command(
            env, "shell", "-c", EDIT.format(pk=seed_article.pk, title="定时二", delay=3)
        )
        assert out.strip().endswith("scheduled")
        with fazhi_process(env, "run_scheduler", log=tmp_path / "scheduler.log"):
            shown = seconds_until(lambda: "定时二" in exported.read_text(), timeout=40)
        assert shown < 40, (tmp_path / "scheduler.log").read_text()
        assert worker.poll() is None, "the worker ended on its own"
    assert "Traceback" not in (tmp_path / "worker.log").read_text()
