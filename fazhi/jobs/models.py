"""What the task queue leaves behind for people: failed jobs (后台任务) and the periodic schedule."""

from __future__ import annotations

from django.db import models


class JobFailure(models.Model):
    """One failed run of a background task, kept whatever the queue backend (the database
    queue keeps its results in its own table, RQ in Redis for a while only)."""

    task_path = models.CharField("任务", max_length=255)
    label = models.CharField("说明", max_length=100, blank=True)
    arguments = models.JSONField("参数", default=dict)
    attempt = models.PositiveSmallIntegerField("第几次", default=1)
    retry_at = models.DateTimeField("重试时间", null=True, blank=True)
    error = models.TextField("错误")
    traceback = models.TextField("详细信息", blank=True)
    backend = models.CharField("队列", max_length=50, blank=True)
    failed_at = models.DateTimeField("失败时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-failed_at", "-pk"]
        verbose_name = "失败的后台任务"
        verbose_name_plural = "失败的后台任务"

    def __str__(self) -> str:
        return f"{self.label or self.task_path}（第 {self.attempt} 次）"

    @property
    def will_retry(self) -> bool:
        return self.retry_at is not None


class ScheduleClaim(models.Model):
    """When a periodic job was last put on the queue: several ``run_scheduler`` processes (one
    per app server, say) then enqueue each job once per period, not once each."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "周期任务"
        verbose_name_plural = "周期任务"

    def __str__(self) -> str:
        return self.name
