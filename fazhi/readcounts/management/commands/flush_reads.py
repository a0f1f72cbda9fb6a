"""``fazhi flush_reads``: move the counted reads into 阅读 N now (the scheduler does it every
FAZHI_READ_FLUSH_SECONDS); prints how many reads it applied."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.readcounts.counting import flush


class Command(BaseCommand):
    help = "把已计入的阅读数写入文章的阅读数（定时任务每隔一段时间也会做）。"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(flush()))
