"""Background tasks the way fazhi runs them: django-tasks tasks with retries and a failure log.

``@background(label="…", attempts=3)`` makes a django-tasks ``Task`` (enqueue it with
``.enqueue(...)``, after the transaction commits) whose failures are logged and recorded as
``JobFailure`` rows (后台任务 in the admin). django-tasks has no retries of its own: a task
declared with ``attempts > 1`` is idempotent by contract, and a failed run enqueues the next
attempt with ``run_after`` (backoff doubling from ``backoff`` seconds) on backends that can
defer (the database queue, RQ with its scheduler). The attempt number travels in one extra
keyword argument (``ATTEMPT``), taken off before the function is called.

Failures of tasks that are not fazhi's (Wagtail's own, e.g. renditions) are recorded too, from
django-tasks' ``task_finished`` signal (``signals.py``).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from traceback import format_exception
from typing import Any, ParamSpec, TypeVar

from django.db import DatabaseError
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

logger = logging.getLogger("fazhi.jobs")

P = ParamSpec("P")
T = TypeVar("T")

# The keyword argument carrying the attempt number of a retried job.
ATTEMPT = "_attempt"
# Module paths of the tasks made here, with their labels (the signal records the others).
LABELS: dict[str, str] = {}
# Longest wait before a retry, whatever the backoff.
MAX_BACKOFF = timedelta(hours=1)
# What a reader sees next (the edge purge, the exported files after a publish) goes before the
# rest (Wagtail's index updates, upkeep): its own queue, which the RQ worker empties first, and a
# higher priority on the database queue, whose worker takes jobs by priority.
URGENT_QUEUE = "urgent"
URGENT_PRIORITY = 50


def retry_delay(attempt: int, backoff: float) -> timedelta:
    """Seconds to wait after failed ``attempt`` (1, 2, …): ``backoff``, then doubling."""
    return min(timedelta(seconds=backoff * 2 ** (attempt - 1)), MAX_BACKOFF)


def record_failure(
    *,
    task_path: str,
    label: str,
    args: tuple | list,
    kwargs: dict[str, Any],
    attempt: int,
    error: BaseException | str,
    traceback: str = "",
    retry_at: Any = None,
    backend: str = "",
) -> None:
    """Keep a failed run for 后台任务; a database that cannot take it (it may be why the job
    failed) costs the record, never the worker."""
    from fazhi.jobs.models import JobFailure

    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    try:
        JobFailure.objects.create(
            task_path=task_path[:255],
            label=label[:100],
            arguments={"args": list(args), "kwargs": kwargs},
            attempt=attempt,
            retry_at=retry_at,
            error=text[:5000],
            traceback=traceback[-20000:],
            backend=backend[:50],
        )
    except DatabaseError:
        logger.exception("Could not record the failure of %s", task_path)


def _enqueue_retry(job: Task, attempt: int, backoff: float, args: tuple, kwargs: dict) -> Any:
    """Put attempt ``attempt + 1`` on the queue; its time, or None when the backend cannot
    defer a job (the immediate backend of the tests: no retry)."""
    if not job.get_backend().supports_defer:
        return None
    retry_at = timezone.now() + retry_delay(attempt, backoff)
    job.using(run_after=retry_at).enqueue(*args, **{**kwargs, ATTEMPT: attempt + 1})
    return retry_at


class UrgentTask(Task):
    """A task readers wait for: its own queue, and on a backend that orders jobs by priority
    (the database queue) the urgent priority, chosen when it is enqueued, so the same task runs
    on RQ (which has no priorities) and on the database queue alike."""

    __slots__ = ()

    def enqueue(self, *args: Any, **kwargs: Any) -> Any:
        job: Task = self
        if self.priority == 0 and self.get_backend().supports_priority:
            job = self.using(priority=URGENT_PRIORITY)
        return Task.enqueue(job, *args, **kwargs)


def background(
    *,
    label: str,
    attempts: int = 1,
    backoff: float = 5.0,
    urgent: bool = False,
) -> Callable[[Callable[P, T]], Task[P, T]]:
    """Make ``func`` a background task. ``attempts > 1`` only for idempotent work (an export,
    a purge, publishing what is due): a failed run is tried again later. ``urgent``: readers
    wait for it (see ``URGENT_QUEUE``)."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")

    def decorate(func: Callable[P, T]) -> Task[P, T]:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT, 1))
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                retry_at = None
                if attempt < attempts:
                    try:
                        retry_at = _enqueue_retry(job, attempt, backoff, args, kwargs)
                    except Exception:
                        logger.exception("Could not enqueue a retry of %s", job.module_path)
                logger.warning(
                    "Background task %s (%s) failed, attempt %d of %d%s",
                    job.module_path,
                    label,
                    attempt,
                    attempts,
                    f", retry at {retry_at:%H:%M:%S}" if retry_at else "",
                    exc_info=True,
                )
                record_failure(
                    task_path=job.module_path,
                    label=label,
                    args=args,
                    kwargs=kwargs,
                    attempt=attempt,
                    error=exc,
                    traceback="".join(format_exception(exc)),
                    retry_at=retry_at,
                    backend=job.backend,
                )
                raise

        if urgent:
            job: Task = UrgentTask(func=run, queue_name=URGENT_QUEUE)
        else:
            job = task()(run)
        LABELS[job.module_path] = label
        return job

    return decorate
