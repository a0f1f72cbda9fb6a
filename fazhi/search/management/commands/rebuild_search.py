"""``fazhi rebuild_search``: rebuild the whole search index, with a progress bar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm
from wagtail.models import Page

from fazhi.search.indexing import bump_generation, sync_pages
from fazhi.search.service import get_backend


class Command(BaseCommand):
    help = "重建搜索索引（所有已发布的公开文章与视频）。重建在一个事务中完成，期间搜索照常可用。"

    def handle(self, *args: Any, **options: Any) -> None:
        backend = get_backend()
        pages = Page.objects.live().order_by("path")
        total = pages.count()
        with (
            tqdm(total=total, unit="页", desc="重建搜索索引", file=self.stderr._out) as bar,
            transaction.atomic(),
        ):
            backend.clear()
            indexed = sync_pages(
                pages.specific().iterator(chunk_size=200), backend, progress=bar.update
            )
        bump_generation()
        self.stdout.write(self.style.SUCCESS(f"搜索索引已重建：{indexed} 篇。"))
