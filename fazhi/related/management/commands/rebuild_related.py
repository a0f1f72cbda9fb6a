"""``fazhi rebuild_related``: count every live article's and video's words, then compute every
相关阅读 list (a migrated site, a changed dictionary), with progress bars."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm
from wagtail.models import Page

from fazhi.adapters.django_commands import output_stream
from fazhi.related import store
from fazhi.related.models import KeyTerm, RelatedDocument, TermDocuments


class Command(BaseCommand):
    help = "重新计算所有已发布文章与视频的相关阅读（先统计全站词频，再逐篇选出相关文章）。"

    def handle(self, *args: Any, **options: Any) -> None:
        private = Page.objects.all().private_q()
        pages = [
            page
            for page in Page.objects.live()
            .exclude(private)
            .order_by("path")
            .specific()
            .iterator(chunk_size=200)
            if callable(getattr(page, "public_content", None))
        ]
        stream = output_stream(self.stderr)
        # From nothing, so counts of pages that are gone do not linger.
        KeyTerm.objects.all().delete()
        RelatedDocument.objects.all().delete()
        TermDocuments.objects.all().delete()
        texts = {}
        for page in tqdm(pages, unit="篇", desc="统计词频", file=stream):
            texts[page.pk] = store.text_of(page)
            store.index_page(page, texts[page.pk])
        items = 0
        for page in tqdm(pages, unit="篇", desc="计算相关阅读", file=stream):
            items += len(store.refresh(page, texts[page.pk]))
        self.stdout.write(f"已计算 {len(pages)} 篇文章与视频的相关阅读，共 {items} 条。")
