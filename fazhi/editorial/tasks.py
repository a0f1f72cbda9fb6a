"""Scheduled (embargoed) publishing as a periodic background task.

Wagtail keeps a piece approved for a future go-live time unpublished and records the time; its
``publish_scheduled`` command publishes whatever is due (and unpublishes what expired).
``fazhi run_scheduler`` enqueues this task every ``FAZHI_SCHEDULER_INTERVAL`` seconds (30 by
default; ``wagtail_hooks.periodic_jobs``), so a go-live time takes effect within a minute. A
second run finds nothing left to publish: safe to retry.
"""

from __future__ import annotations

import io

from django.core.management import call_command

from fazhi.jobs.background import background


@background(label="定时发布", attempts=3, backoff=5)
def publish_scheduled_pages() -> str:
    """Publish every scheduled revision whose time has come; returns Wagtail's report."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
