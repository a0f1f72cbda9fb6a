"""Read counts: the stored total per page, per-day buckets for rankings, the default install's
buffer of reads not yet flushed, and the Redis batches already applied (exactly once)."""

from __future__ import annotations

from django.db import models


class ReadCount(models.Model):
    """阅读 N of a page: its starting value (the old site's count) plus every flushed read."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="read_count",
        verbose_name="页面",
    )
    total = models.BigIntegerField("阅读数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "阅读数"

    def __str__(self) -> str:
        return f"{self.page_id}: {self.total}"


class ReadDay(models.Model):
    """Reads of a page on one day (Asia/Shanghai): what 24 小时 / 7 天 / 30 天 rankings add up."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name="页面"
    )
    day = models.DateField("日期")
    count = models.BigIntegerField("阅读数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "每日阅读数"
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="readday_page_day")]
        indexes = [models.Index(fields=["day", "page"], name="readday_day_page")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.day}: {self.count}"


class ReadBuffer(models.Model):
    """Default install (no Redis): reads counted by one atomic upsert each, moved into
    ``ReadCount``/``ReadDay`` by the flush task. The page id is not checked here (a beacon
    costs one statement); the flush drops ids that are not pages."""

    page_id = models.BigIntegerField()
    day = models.DateField()
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page_id", "day"], name="readbuffer_page_day")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} {self.day}: +{self.count}"


class ReadFlush(models.Model):
    """A batch of reads taken from Redis and applied: a flush that died after applying it and
    before deleting it in Redis does not apply it twice."""

    token = models.CharField(max_length=64, unique=True)
    applied_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.token
