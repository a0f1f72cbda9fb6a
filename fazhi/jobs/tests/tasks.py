"""Tasks the jobs tests enqueue (importable by a worker process, like any app's tasks)."""

from __future__ import annotations

from django_tasks import task

from fazhi.jobs.background import background

# Written by ``counts_calls`` so a test can see how often a job ran, and with what.
CALLS: list[dict] = []


@background(label="测试：总是失败", attempts=3, backoff=0.01)
def always_fails(reason: str) -> None:
    CALLS.append({"reason": reason})
    raise RuntimeError(f"故意失败：{reason}")


@background(label="测试：只试一次", attempts=1)
def fails_once_only(reason: str) -> None:
    raise ValueError(reason)


@background(label="测试：成功")
def succeeds(value: int) -> int:
    CALLS.append({"value": value})
    return value * 2


@task()
def plain_task_that_fails(value: int) -> None:
    """Not made with ``background``: like Wagtail's own tasks."""
    raise LookupError(f"no {value}")


@background(label="测试：读者在等", urgent=True)
def urgent(value: int) -> int:
    CALLS.append({"urgent": value})
    return value
