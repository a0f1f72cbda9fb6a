"""``fazhi run_scheduler``: put the periodic jobs (scheduled publishing, …) on the task queue."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand

from fazhi.jobs.schedule import Scheduler, periodic_jobs


class Command(BaseCommand):
    help = (
        "周期任务的调度进程：按各任务的周期（如定时发布每 FAZHI_SCHEDULER_INTERVAL 秒）把任务放入"
        "后台任务队列，由 fazhi run_worker 执行。--once 把每个周期任务各放入一次后退出。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="每个周期任务各放入队列一次后退出")

    def handle(self, *args: Any, once: bool, **options: Any) -> None:
        jobs = periodic_jobs()
        if once:
            for job in jobs:
                job.task.enqueue()
                self.stdout.write(f"已放入队列：{job.label or job.name}")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        names = "、".join(f"{job.label or job.name}（每 {job.every:g} 秒）" for job in jobs)
        self.stdout.write(f"周期任务调度进程已启动：{names}")
        Scheduler(jobs).run(stop)
        self.stdout.write("周期任务调度进程已停止。")
