"""The search index's own tables: one row per indexed page, and the editors' dictionary."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from fazhi.search.segment import parse_dictionary


class SearchDocument(models.Model):
    """A live, public page as search sees it: its original text (for snippets) and filters.

    The tokens live in the backend's index: an FTS5 table keyed by ``doc_key`` on SQLite (kept in
    step by a trigger on delete), the ``vector`` columns on PostgreSQL. ``page_id`` is not a
    foreign key: search reads pages, pages never know about search.
    """

    page_id = models.BigIntegerField(primary_key=True)
    doc_key = models.BigIntegerField(unique=True)
    publish_time = models.DateTimeField(db_index=True)
    title = models.TextField()
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    author = models.CharField(max_length=255, blank=True, db_index=True)
    source = models.CharField(max_length=255, blank=True)
    channel = models.CharField(max_length=255, blank=True)
    tags = models.TextField(blank=True)
    url = models.CharField(max_length=1000)
    # Wagtail's tree path of the page: a channel filter is a prefix match on it.
    path = models.CharField(max_length=255, db_index=True)
    # PostgreSQL only (NULL on SQLite): every field weighted, and the title alone.
    vector = SearchVectorField(null=True)
    title_vector = SearchVectorField(null=True)

    class Meta:
        db_table = "search_document"
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"

    def __str__(self) -> str:
        return self.title


@register_setting(icon="search")
class SearchDictionary(BaseGenericSetting):
    """Words the segmenter keeps whole (one a line), on top of the built-in legal terms."""

    words = models.TextField(
        "词语",
        blank=True,
        help_text="每行一个词，例如“公共法律服务”。保存后新的搜索立即使用；"
        "已有文章需运行 fazhi rebuild_search 重建索引后才按新词切分。",
    )

    panels = [FieldPanel("words")]

    class Meta:
        verbose_name = "搜索词典"

    def word_list(self) -> list[str]:
        return parse_dictionary(self.words)
