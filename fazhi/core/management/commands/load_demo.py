"""``fazhi load_demo``: load the demo site (idempotent: run it as often as you like)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from wagtail import hooks

from fazhi.core.hooks import LOAD_DEMO
from fazhi.core.urls_absolute import base_url, sync_default_site


class Command(BaseCommand):
    help = (
        "载入演示内容：栏目、种子文章及若干演示文章；各应用通过钩子追加自己的演示数据。可重复运行。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if sync_default_site():
            self.stdout.write(f"默认站点地址已改为 FAZHI_BASE_URL：{base_url()}")
        # Every app adds its own demo data, the channels and articles first (fazhi.importers).
        for load in hooks.get_hooks(LOAD_DEMO):
            load(self.stdout)
        self.stdout.write(self.style.SUCCESS("演示内容已就绪。"))
