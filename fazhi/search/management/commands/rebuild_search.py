"""``fazhi rebuild_search``: rebuild the whole search index, with a progress bar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm
from wagtail.models import Page

from fazhi.adapters.django_commands import output_stream
from fazhi.search.indexing import rebuild_index


class Command(BaseCommand):
    help = (
        "重建搜索索引（所有已发布的公开文章与视频），并升级到当前的索引格式。"
        "重建在一个事务中完成，期间搜索照常可用。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help="分词进程数（默认为 CPU 核数，最多 4；1 表示不另开进程）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pages = Page.objects.live().order_by("path")
        total = pages.count()
        with tqdm(
            total=total, unit="页", desc="重建搜索索引", file=output_stream(self.stderr)
        ) as bar:
            indexed = rebuild_index(
                pages.specific().iterator(chunk_size=200),
                processes=options["processes"],
                expected=total,
                progress=bar.update,
            )
        self.stdout.write(self.style.SUCCESS(f"搜索索引已重建：{indexed} 篇。"))
