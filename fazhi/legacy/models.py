"""What the migration keeps: which new object each old row became, and the old counters."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models


class LegacyRecord(models.Model):
    """One old row (source system, table, old id) → the object it became in fazhi.

    Re-runs look rows up here, so they update instead of doubling; ``checksum`` lets a re-run skip
    rows that did not change since.
    """

    source = models.CharField("来源系统", max_length=20)  # empirecms | dedecms
    table = models.CharField("旧表", max_length=64)
    old_id = models.CharField("旧编号", max_length=255)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="类型")
    object_id = models.BigIntegerField("新对象编号")
    checksum = models.CharField(max_length=32, blank=True)
    old_path = models.CharField("旧路径", max_length=500, blank=True)
    migrated_at = models.DateTimeField("迁移时间", auto_now=True)

    class Meta:
        verbose_name = "迁移记录"
        verbose_name_plural = "迁移记录"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "table", "old_id"], name="legacy_record_unique_old_row"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.source}:{self.table}:{self.old_id}"


class LegacyArticleStats(models.Model):
    """Counters an old article had (views, 顶, comments) and who published it.

    Kept by page until the comments/digg apps own these numbers; they can read them from here.
    """

    page = models.OneToOneField(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="legacy_stats",
        verbose_name="文章",
    )
    views = models.PositiveIntegerField("点击数", default=0)
    digg = models.PositiveIntegerField("顶", default=0)
    comment_count = models.PositiveIntegerField("评论数", default=0)
    publisher = models.CharField("发布者", max_length=100, blank=True)
    subtitle = models.CharField("副标题", max_length=255, blank=True)

    class Meta:
        verbose_name = "旧站文章计数"
        verbose_name_plural = "旧站文章计数"

    def __str__(self) -> str:
        return f"{self.page_id}: {self.views}/{self.digg}/{self.comment_count}"
