"""How the read counter plugs in: 阅读 N in the shared live JSON, the beacon in front of Django,
the flush every FAZHI_READ_FLUSH_SECONDS."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from wagtail import hooks
from wagtail.models import Page

from fazhi.core.hooks import FAST_PATHS, PAGE_LIVE_DATA, PERIODIC_JOBS
from fazhi.jobs.schedule import PeriodicJob
from fazhi.readcounts.beacon import wsgi_beacon
from fazhi.readcounts.counting import read_counts
from fazhi.readcounts.tasks import flush_reads


@hooks.register(PAGE_LIVE_DATA)
def read_count_live_data(page: Page) -> dict[str, Any]:
    if not callable(getattr(page, "public_content", None)):
        return {}
    return {"read_count": read_counts([page.pk])[page.pk]}


@hooks.register(FAST_PATHS)
def read_beacon_fast_path() -> list[tuple[str, Any]]:
    return [("/api/pages/", wsgi_beacon)]


@hooks.register(PERIODIC_JOBS)
def read_count_jobs() -> list[PeriodicJob]:
    return [
        PeriodicJob(
            "readcounts.flush", flush_reads, settings.FAZHI_READ_FLUSH_SECONDS, "阅读数入库"
        )
    ]
