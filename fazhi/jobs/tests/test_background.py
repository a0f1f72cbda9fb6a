"""Background tasks: retries of idempotent jobs, every failure recorded, on the real database queue."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from fazhi.jobs.background import ATTEMPT, MAX_BACKOFF, retry_delay
from fazhi.jobs.models import JobFailure
from fazhi.jobs.tests import tasks

pytestmark = pytest.mark.django_db
# The worker (like any long-running process) drops database connections that are not in
# autocommit mode between jobs: on PostgreSQL that would end a test's wrapping transaction, so the
# tests that run it in this process commit for real.
worker_in_process = pytest.mark.django_db(transaction=True)


def run_worker_until_idle(within: float = 5) -> None:
    """The worker in batch mode, again while a retry due within ``within`` seconds waits."""
    deadline = time.monotonic() + within
    while True:
        call_command("run_worker", "--batch", verbosity=0)
        soon = timezone.now() + timedelta(seconds=deadline - time.monotonic())
        if not DBTaskResult.objects.filter(status="READY", run_after__lte=soon).exists():
            return
        time.sleep(0.02)


def test_retry_delay_doubles_and_is_capped():
    assert [retry_delay(n, 5).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert retry_delay(30, 5) == MAX_BACKOFF


@worker_in_process
def test_a_failing_job_is_retried_then_given_up_and_every_failure_is_recorded(database_queue):
    tasks.always_fails.enqueue("磁盘满")
    # Each retry is deferred by a few milliseconds; the batch worker runs until none is left.
    run_worker_until_idle()
    assert [call["reason"] for call in tasks.CALLS] == ["磁盘满"] * 3
    failures = list(JobFailure.objects.order_by("attempt"))
    assert [f.attempt for f in failures] == [1, 2, 3]
    assert all(f.task_path == "fazhi.jobs.tests.tasks.always_fails" for f in failures)
    assert all(f.label == "测试：总是失败" for f in failures)
    # The arguments as the job got them: the attempt number is not one of them.
    assert failures[0].arguments == {"args": ["磁盘满"], "kwargs": {}}
    assert "RuntimeError: 故意失败：磁盘满" == failures[0].error
    assert "Traceback" in failures[0].traceback
    assert failures[0].will_retry and failures[1].will_retry and not failures[2].will_retry
    results = DBTaskResult.objects.filter(task_path="fazhi.jobs.tests.tasks.always_fails")
    assert sorted(r.args_kwargs["kwargs"].get(ATTEMPT, 1) for r in results) == [1, 2, 3]
    assert {r.status for r in results} == {"FAILED"}


@worker_in_process
def test_a_retry_waits_for_its_time(database_queue):
    tasks.fails_once_only.enqueue("不重试")
    run_worker_until_idle()
    assert JobFailure.objects.get().retry_at is None

    # A job retried later is not run before its time.
    later = tasks.succeeds.using(run_after=timezone.now() + timedelta(hours=1))
    later.enqueue(1)
    run_worker_until_idle(within=0)
    assert tasks.CALLS == []
    assert DBTaskResult.objects.get(task_path__endswith="succeeds").status == "READY"


@worker_in_process
def test_a_job_that_succeeds_leaves_no_failure(database_queue):
    result = tasks.succeeds.enqueue(21)
    run_worker_until_idle()
    result.refresh()
    assert result.return_value == 42 and not JobFailure.objects.exists()


@worker_in_process
def test_failures_of_other_tasks_are_recorded_too(database_queue):
    """Wagtail's own tasks (plain django-tasks tasks) show in 后台任务 like fazhi's."""
    tasks.plain_task_that_fails.enqueue(7)
    run_worker_until_idle()
    failure = JobFailure.objects.get()
    assert failure.task_path == "fazhi.jobs.tests.tasks.plain_task_that_fails"
    assert failure.arguments == {"args": [7], "kwargs": {}}
    assert "LookupError" in failure.error + failure.traceback
    assert failure.retry_at is None


def test_the_immediate_queue_records_the_failure_without_retrying():
    """The tests' own queue runs a job at once and cannot defer one: no retry, still recorded."""
    tasks.always_fails.enqueue("立即")
    assert len(tasks.CALLS) == 1
    failure = JobFailure.objects.get()
    assert failure.attempt == 1 and failure.retry_at is None


def test_the_worker_refuses_the_immediate_queue():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="无需工作进程"):
        call_command("run_worker", "--batch")


@worker_in_process
def test_old_records_are_pruned(database_queue):
    tasks.fails_once_only.enqueue("旧")
    run_worker_until_idle()
    JobFailure.objects.update(failed_at=timezone.now() - timedelta(days=31))
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(days=31))
    tasks.fails_once_only.enqueue("新")
    run_worker_until_idle()
    from fazhi.jobs.tasks import prune_job_records

    assert prune_job_records.call() == 1
    assert [f.arguments["args"] for f in JobFailure.objects.all()] == [["新"]]
    assert DBTaskResult.objects.filter(args_kwargs__args=["旧"]).count() == 0


@worker_in_process
def test_what_readers_wait_for_runs_before_the_rest(database_queue):
    """An edge purge or an export after a publish is not held up by Wagtail's index jobs."""
    for n in range(3):
        tasks.succeeds.enqueue(n)
    tasks.urgent.enqueue(9)
    run_worker_until_idle()
    assert tasks.CALLS[0] == {"urgent": 9}
    assert [call["value"] for call in tasks.CALLS[1:]] == [0, 1, 2]


def test_an_urgent_task_goes_to_the_urgent_queue_of_rq_too(settings):
    """RQ orders work by queue, not priority: the same task enqueues there without one."""
    import os

    from django.db import connection

    if connection.vendor == "sqlite" and not settings.REDIS_URL:
        pytest.skip("RQ runs in the PostgreSQL pass, which has FAZHI_REDIS_URL")
    if not settings.REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("the PostgreSQL pass runs with FAZHI_REDIS_URL (make test)")
        pytest.skip("RQ needs FAZHI_REDIS_URL (the second `make test` run)")
    import django_rq

    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_rq.RQBackend"}
    }
    settings.RQ_QUEUES = {name: {"URL": settings.REDIS_URL} for name in settings.TASK_QUEUES}
    result = tasks.urgent.enqueue(5)
    queue = django_rq.get_queue("urgent")
    assert result.id in queue.job_ids
    queue.empty()
