"""A journal of changed URLs, so ``export_static`` can rewrite only what changed since its last run."""

from __future__ import annotations

from django.db import models

# The journal row meaning "everything changed" (site settings, a channel, the menu).
EVERYTHING = "*"


class ExportChange(models.Model):
    """One URL whose content changed (or ``*``). Each export directory remembers the last id it
    has written, so several export directories can follow the same journal."""

    path = models.CharField("地址", max_length=500)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "待生成地址"
        verbose_name_plural = "待生成地址"
        permissions = [("purge_all_pages", "可以清除全部页面缓存")]

    def __str__(self) -> str:
        return self.path
