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
    step by a trigger on delete), the ``search_vector`` table on PostgreSQL (a foreign key with
    ON DELETE CASCADE). ``page_id`` is not a
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

    class Meta:
        db_table = "search_document"
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"

    def __str__(self) -> str:
        return self.title


class SearchVector(models.Model):
    """PostgreSQL only (created by migration 0005, absent on SQLite): the tokens of a document,
    every field weighted, and the title alone, GIN-indexed. Its own narrow table so a GIN match's
    row visit is cheap (see ``fazhi.search.backends.postgres``). ``doc_key`` references
    search_document with ON UPDATE/DELETE CASCADE, declared in SQL (Django 5.2 cannot)."""

    doc_key = models.BigIntegerField(primary_key=True)
    vector = SearchVectorField(null=True)
    title_vector = SearchVectorField(null=True)

    class Meta:
        db_table = "search_vector"
        verbose_name = "搜索词向量"
        # Not on SQLite: Django then neither serializes nor flushes it there.
        required_db_vendor = "postgresql"

    def __str__(self) -> str:
        return str(self.doc_key)


# What the tokens in the index mean. 1: search-mode tokens only (a long query word needs the
# phrase of its sub-words); 2: plus the dictionary words inside long words and across two
# tokens (``Segmenter.extra_words``), so a query word is one token. ``fazhi rebuild_search``
# writes the current format; until then searches use the old one's query shape.
INDEX_FORMAT = 2


class SearchIndexState(models.Model):
    """One row: the format of the tokens in the index (see INDEX_FORMAT)."""

    format = models.PositiveSmallIntegerField(default=INDEX_FORMAT)

    class Meta:
        db_table = "search_index_state"
        verbose_name = "搜索索引状态"

    def __str__(self) -> str:
        return f"format {self.format}"

    @classmethod
    def current_format(cls) -> int:
        state = cls.objects.first()
        return state.format if state else INDEX_FORMAT

    @classmethod
    def set_format(cls, value: int = INDEX_FORMAT) -> None:
        updated = cls.objects.update(format=value)
        if not updated:
            cls.objects.create(format=value)


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
