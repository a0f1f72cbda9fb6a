"""Comments, digg counts, reports, the sensitive-word list and the site setting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from fazhi.comments.filtering import BLOCK, HOLD


class CommentStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已拒绝"


class ModerationMode(models.TextChoices):
    PRE = "pre", "先审后发（评论审核通过后显示）"
    POST = "post", "先发后审（评论立即显示，事后审核）"


class Comment(models.Model):
    """A reader's comment on a page (any page with public content), stored as plain text."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name="页面"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name="回复的评论",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name="会员账号",
    )
    is_anonymous = models.BooleanField("匿名发表", default=False)
    author_name = models.CharField("显示名", max_length=150)
    text = models.TextField("内容")
    status = models.CharField(
        "状态", max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    held_words = models.JSONField("命中的敏感词", default=list, blank=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器标识", max_length=500, blank=True)
    created_at = models.DateTimeField("发表时间", default=timezone.now)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    report_count = models.PositiveIntegerField("举报次数", default=0)

    class Meta:
        verbose_name = "评论"
        verbose_name_plural = "评论"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["page", "status", "-created_at"], name="comment_page_status"),
            models.Index(fields=["status", "-created_at"], name="comment_status_time"),
        ]
        permissions = [("moderate_comment", "可以审核评论")]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:30]}"


class DiggCount(models.Model):
    """来顶一下: one row per page, incremented atomically in SQL (see ``digg.py``)."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name="页面",
    )
    count = models.PositiveIntegerField("顶的次数", default=0)

    class Meta:
        verbose_name = "顶"
        verbose_name_plural = "顶"

    def __str__(self) -> str:
        return f"{self.page_id}: {self.count}"


class CommentReport(models.Model):
    """举报: a reader flags a comment; reports show in the moderation queue."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name="评论"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="举报人",
    )
    reason = models.CharField("举报理由", max_length=200, blank=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器标识", max_length=500, blank=True)
    created_at = models.DateTimeField("举报时间", default=timezone.now)

    class Meta:
        verbose_name = "举报"
        verbose_name_plural = "举报"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"举报 {self.comment_id}: {self.reason[:30]}"


class SensitiveWord(models.Model):
    ACTIONS = [(BLOCK, "拦截（拒绝发表）"), (HOLD, "待审（进入审核队列）")]

    word = models.CharField("敏感词", max_length=100, unique=True)
    action = models.CharField("处理方式", max_length=10, choices=ACTIONS, default=BLOCK)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    panels = [FieldPanel("word"), FieldPanel("action")]

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """评论设置, editable in 设置 > 评论设置."""

    moderation_mode = models.CharField(
        "审核方式", max_length=10, choices=ModerationMode.choices, default=ModerationMode.PRE
    )
    guests_may_post = models.BooleanField(
        "允许游客匿名发表", default=True, help_text="未登录的读者输入验证码后以“匿名网友”发表。"
    )
    members_may_be_anonymous = models.BooleanField(
        "允许会员匿名发表", default=True, help_text="会员勾选“匿名发表”后显示为“匿名网友”。"
    )

    panels = [
        FieldPanel("moderation_mode"),
        FieldPanel("guests_may_post"),
        FieldPanel("members_may_be_anonymous"),
    ]

    class Meta:
        verbose_name = "评论设置"
