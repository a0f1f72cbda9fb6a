"""`fazhi load_demo` leaves the search index built."""

from __future__ import annotations

from typing import Any

from wagtail import hooks
from wagtail.models import Page

from fazhi.core.hooks import LOAD_DEMO
from fazhi.search.indexing import bump_generation, sync_pages


@hooks.register(LOAD_DEMO)
def index_demo(stdout: Any) -> None:
    count = sync_pages(Page.objects.order_by("path").specific().iterator(chunk_size=200))
    bump_generation()
    stdout.write(f"搜索索引：已索引 {count} 篇。")
