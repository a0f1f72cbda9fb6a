"""Periodic jobs: declared by apps, enqueued once a period even by several schedulers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from fazhi.jobs.models import ScheduleClaim
from fazhi.jobs.schedule import PeriodicJob, Scheduler, claim, periodic_jobs
from fazhi.jobs.tests import tasks

pytestmark = pytest.mark.django_db


def test_apps_declare_their_periodic_jobs():
    jobs = {job.name: job for job in periodic_jobs()}
    assert {"editorial.publish_scheduled", "jobs.prune"} <= set(jobs)
    assert jobs["editorial.publish_scheduled"].every <= 60  # go-live within a minute


def test_one_claim_per_period_whatever_the_number_of_schedulers():
    job = PeriodicJob("test.every-minute", tasks.succeeds, 60)
    now = timezone.now()
    assert claim(job, now) is True
    # A second scheduler, a moment later: the job is already on the queue for this period.
    assert claim(job, now + timedelta(seconds=1)) is False
    assert claim(job, now + timedelta(seconds=50)) is False
    # Next period (a little early is fine: the two schedulers' clocks tick apart).
    assert claim(job, now + timedelta(seconds=55)) is True
    assert ScheduleClaim.objects.get(name=job.name).last_enqueued_at == now + timedelta(seconds=55)


class _TaskRefusingToEnqueue:
    def enqueue(self, *args, **kwargs):
        raise ConnectionError("Redis is restarting")


@pytest.mark.django_db(transaction=True)  # tick() drops connections not in autocommit mode
def test_the_scheduler_enqueues_what_is_due_and_survives_a_queue_error(database_queue):
    good = PeriodicJob("test.good", tasks.succeeds.using(), 10)
    broken = PeriodicJob("test.broken", _TaskRefusingToEnqueue(), 10)  # type: ignore[arg-type]
    scheduler = Scheduler([good, broken])
    assert scheduler.tick(now=100.0) == ["test.good"]  # the broken one is logged, not fatal
    assert scheduler.tick(now=101.0) == []  # not due yet
    assert scheduler.seconds_to_next(now=101.0) <= 5  # the broken one is tried again soon
    # The next period: the database claim was taken 10 s ago by this very scheduler.
    ScheduleClaim.objects.update(last_enqueued_at=timezone.now() - timedelta(seconds=10))
    assert scheduler.tick(now=110.0) == ["test.good"]
    assert DBTaskResult.objects.filter(task_path__endswith=".succeeds").count() == 2


def test_run_scheduler_once_enqueues_every_periodic_job(database_queue, capsys):
    call_command("run_scheduler", "--once")
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert {job.task.module_path for job in periodic_jobs()} == queued
    assert "已放入队列：定时发布" in capsys.readouterr().out
