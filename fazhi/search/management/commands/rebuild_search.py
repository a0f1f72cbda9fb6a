"""``fazhi rebuild_search``: rebuild the whole search index, with a progress bar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm
from wagtail.models import Page

from fazhi.search.bulk import write_entries
from fazhi.search.indexing import bump_generation, entry_for, restricted_paths
from fazhi.search.service import get_backend


class Command(BaseCommand):
    help = "重建搜索索引（所有已发布的公开文章与视频）。重建在一个事务中完成，期间搜索照常可用。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help="分词进程数（默认为 CPU 核数，最多 4；1 表示不另开进程）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = get_backend()
        pages = Page.objects.live().order_by("path")
        total = pages.count()
        with (
            tqdm(total=total, unit="页", desc="重建搜索索引", file=self.stderr._out) as bar,
            transaction.atomic(),
        ):
            backend.clear()
            restricted = restricted_paths()

            def entries():
                for page in pages.specific().iterator(chunk_size=200):
                    bar.update()
                    entry = entry_for(page, restricted)
                    if entry:
                        yield entry

            indexed = write_entries(
                entries(), backend, processes=options["processes"], expected=total
            )
        bump_generation()
        self.stdout.write(self.style.SUCCESS(f"搜索索引已重建：{indexed} 篇。"))
