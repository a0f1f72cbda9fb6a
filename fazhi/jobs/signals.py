"""Failures of background tasks that are not fazhi's own (Wagtail's renditions, its frontend-cache
task when used directly), recorded like ours: every failed job shows in 后台任务."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished

from fazhi.jobs.background import LABELS, record_failure


@receiver(task_finished)
def _record_foreign_failure(sender: Any, task_result: Any, **kwargs: Any) -> None:
    if task_result.status != TaskResultStatus.FAILED:
        return
    path = task_result.task.module_path
    if path in LABELS:
        return  # fazhi's own tasks record their failures themselves, with the attempt
    error = task_result.errors[-1] if task_result.errors else None
    record_failure(
        task_path=path,
        label=task_result.task.name,
        args=task_result.args,
        kwargs=task_result.kwargs,
        attempt=max(1, len(task_result.errors)),
        error=error.exception_class_path if error else "失败",
        traceback=error.traceback if error else "",
        backend=task_result.backend,
    )
