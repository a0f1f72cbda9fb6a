"""The queue's own upkeep."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from fazhi.jobs.background import background

# Failures stay in 后台任务 this long.
FAILURE_DAYS = 30


@background(label="清理旧的任务记录", attempts=2, backoff=60)
def prune_job_records() -> int:
    """Drop failures older than ``FAILURE_DAYS`` and, on the database queue, finished results
    older than ``FAZHI_TASK_RESULT_DAYS``; returns how many failures went."""
    from fazhi.jobs.models import JobFailure

    cutoff = timezone.now() - timedelta(days=FAILURE_DAYS)
    deleted, _ = JobFailure.objects.filter(failed_at__lt=cutoff).delete()
    if settings.TASK_BACKEND == "database":
        call_command(
            "prune_db_task_results",
            min_age_days=settings.TASK_RESULT_DAYS,
            failed_min_age_days=FAILURE_DAYS,
            verbosity=0,
        )
    return deleted
