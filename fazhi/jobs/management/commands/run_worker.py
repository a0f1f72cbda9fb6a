"""``fazhi run_worker``: run background tasks from the configured queue (database or RQ)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_rq.backend import RQBackend


class Command(BaseCommand):
    help = (
        "后台任务的工作进程：执行发布后的静态导出、CDN 与 Varnish 清除、定时发布等任务。"
        "队列由 FAZHI_TASK_BACKEND 决定（database：站点数据库；rq：Redis）。"
        "--batch 处理完队列中已有的任务后退出。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", action="store_true", help="处理完已有任务后退出")

    def handle(self, *args: Any, batch: bool, verbosity: int, **options: Any) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if isinstance(backend, DatabaseBackend):
            call_command(
                "db_worker",
                queue_name="*",
                interval=settings.TASK_POLL_SECONDS,
                batch=batch,
                reload=False,
                startup_delay=False,
                verbosity=verbosity,
            )
        elif isinstance(backend, RQBackend):
            # The scheduler runs deferred jobs (retries with run_after) on time.
            call_command(
                "rqworker",
                *settings.TASK_QUEUES,  # in this order: RQ empties "urgent" first
                job_class="django_tasks_rq.Job",  # runs the django-tasks Task (its README)
                with_scheduler=True,
                burst=batch,
            )
        else:
            raise CommandError(
                f"任务队列 {type(backend).__name__} 在放入任务时即已执行，无需工作进程"
                "（FAZHI_TASK_BACKEND 须为 database 或 rq）。"
            )
