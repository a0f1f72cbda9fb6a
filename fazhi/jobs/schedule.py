"""Periodic jobs: background tasks put on the queue every so many seconds by ``run_scheduler``.

Apps declare theirs with the ``fazhi_periodic_jobs`` hook (``fazhi.core.hooks.PERIODIC_JOBS``):
``fn() -> Iterable[PeriodicJob]``. The scheduler only enqueues; the task worker runs the jobs,
with the retries and the failure log of every task (``background.py``).

Why not a library: django-crontask (the cron scheduler for django-tasks) needs Python ≥ 3.12
(pip refuses it on 3.11, the project's floor), and rq-scheduler's cron works for RQ only; the
database queue of a single box needs the same schedule. What is left is small: a loop and
one conditional UPDATE per due job, so that several schedulers enqueue each job once a period.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import Task
from wagtail import hooks

from fazhi.core.hooks import PERIODIC_JOBS

logger = logging.getLogger("fazhi.jobs")

# A claim is granted this share of a period early: schedulers ticking at nearly the same
# moment still get one job a period between them, and one scheduler is never skipped by jitter.
EARLY_SHARE = 0.1


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # unique, e.g. "editorial.publish_scheduled"
    task: Task
    every: float  # seconds between two runs
    label: str = ""


def periodic_jobs() -> list[PeriodicJob]:
    """Every app's periodic jobs (hook order), names unique."""
    jobs: dict[str, PeriodicJob] = {}
    for declare in hooks.get_hooks(PERIODIC_JOBS):
        for job in declare():
            if job.name in jobs:
                raise ValueError(f"two periodic jobs are named {job.name!r}")
            if job.every <= 0:
                raise ValueError(f"periodic job {job.name!r} must run every > 0 seconds")
            jobs[job.name] = job
    return list(jobs.values())


def claim(job: PeriodicJob, now: datetime) -> bool:
    """True when this process may enqueue ``job`` now: no scheduler did within the period."""
    from fazhi.jobs.models import ScheduleClaim

    ScheduleClaim.objects.get_or_create(name=job.name)
    since = now - timedelta(seconds=job.every * (1 - EARLY_SHARE))
    stale = Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=since)
    return ScheduleClaim.objects.filter(stale, name=job.name).update(last_enqueued_at=now) == 1


class Scheduler:
    """Enqueues each job when its period has passed (checked locally, claimed in the database)."""

    def __init__(self, jobs: Iterable[PeriodicJob]) -> None:
        self.jobs = list(jobs)
        self.due = {job.name: 0.0 for job in self.jobs}  # monotonic time of the next try

    def tick(self, now: float | None = None) -> list[str]:
        """Enqueue what is due; returns the names enqueued. A database or queue error is
        logged and tried again on the next tick: a restart of PostgreSQL or Redis must not end
        the scheduler."""
        now = time.monotonic() if now is None else now
        enqueued = []
        for job in self.jobs:
            if now < self.due[job.name]:
                continue
            close_old_connections()
            try:
                if claim(job, timezone.now()):
                    job.task.enqueue()
                    enqueued.append(job.name)
                self.due[job.name] = now + job.every
            except Exception:
                logger.exception("Could not enqueue periodic job %s; next tick retries", job.name)
                self.due[job.name] = now + min(job.every, 5)
        return enqueued

    def seconds_to_next(self, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        return max(0.0, min((due - now for due in self.due.values()), default=1.0))

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self.tick()
            stop.wait(min(self.seconds_to_next(), 1.0))
