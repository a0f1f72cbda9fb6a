"""``fazhi run_scheduler``: publish scheduled pieces when their go-live time comes."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.editorial.scheduler import publish_due, publish_due_in_worker, run_periodically


class Command(BaseCommand):
    help = (
        "定时发布的后台进程：每隔若干秒（FAZHI_SCHEDULER_INTERVAL，默认 30）运行 publish_scheduled，"
        "到点的稿件随即上线。--once 只检查一次。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=settings.SCHEDULER_INTERVAL)
        parser.add_argument("--once", action="store_true", help="只检查一次后退出")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        if interval <= 0 or interval > 60:
            raise CommandError("--interval 须在 0 到 60 秒之间（定时发布须在一分钟内生效）。")

        def tick() -> None:
            report = publish_due_in_worker().strip()
            if report:
                self.stdout.write(report)

        if once:
            report = publish_due().strip()
            if report:
                self.stdout.write(report)
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"定时发布进程已启动，每 {interval:g} 秒检查一次。")
        run_periodically(tick, interval, stop)
        self.stdout.write("定时发布进程已停止。")
