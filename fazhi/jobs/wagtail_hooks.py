"""Wagtail wiring of the task queue: 后台任务 under 设置, and the queue's own periodic upkeep."""

from __future__ import annotations

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from fazhi.core.hooks import PERIODIC_JOBS
from fazhi.jobs.models import JobFailure
from fazhi.jobs.schedule import PeriodicJob
from fazhi.jobs.tasks import prune_job_records
from fazhi.jobs.viewsets import JobFailureViewSet, ReadOnlyPolicy

register_permission_policy(JobFailure, ReadOnlyPolicy(JobFailure))


@hooks.register("register_admin_viewset")
def job_failures_viewset() -> JobFailureViewSet:
    return JobFailureViewSet("job_failures")


@hooks.register(PERIODIC_JOBS)
def periodic_jobs() -> list[PeriodicJob]:
    return [PeriodicJob("jobs.prune", prune_job_records, 6 * 3600, "清理旧的任务记录")]
