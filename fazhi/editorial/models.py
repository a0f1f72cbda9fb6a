"""Review steps, the audit trail, channel desks (who writes where) and 更正 notes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import AbstractGroupApprovalTask, Orderable, TaskState


class ReviewRefused(PermissionDenied):
    """A review decision refused by the separation-of-duties rules; the message is for the user."""


class ReviewTask(AbstractGroupApprovalTask):
    """One step of 三审 (初审, 复审 or 终审): approved by a member of its groups who has not
    submitted or written the piece and has not approved another step of the same submission."""

    class Meta:
        verbose_name = "三审步骤"
        verbose_name_plural = "三审步骤"

    @classmethod
    def get_description(cls) -> str:
        return "所选用户组的成员审核这一步；同一人不能审核同一稿件的两个步骤，也不能审核自己提交的稿件。"

    def refusal_for(self, obj: Any, user: Any) -> str | None:
        """Why ``user`` may not decide this step on ``obj`` now (None: he may)."""
        from fazhi.editorial.workflow import refusal_for_state

        state = obj.current_workflow_state
        if state is None:
            return None
        return refusal_for_state(state, user)

    def user_may_review(self, user: Any) -> bool:
        """Superusers and members of this step's groups (Wagtail's rule, by its public fields)."""
        if user.is_superuser:
            return True
        if not user.is_authenticated:
            return False
        # Once per user, step and request (the user object lives as long as the request).
        checks = getattr(user, "_fazhi_review_steps", None)
        if checks is None:
            checks = user._fazhi_review_steps = {}
        if self.pk not in checks:
            checks[self.pk] = self.groups.filter(pk__in=user.groups.all()).exists()
        return checks[self.pk]

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, str, bool]]:
        if not self.user_may_review(user) or self.refusal_for(obj, user):
            return []
        return [
            ("reject", "退回修改", True),
            ("approve", f"{self.name}通过", False),
            ("approve", f"{self.name}通过并附意见", True),
        ]

    def on_action(self, task_state: TaskState, user: Any, action_name: str, **kwargs: Any):
        # The admin hides refused actions; this guards every other path (old forms, scripts).
        from fazhi.editorial.workflow import refusal_for_state

        if action_name in {"approve", "reject"}:
            reason = refusal_for_state(task_state.workflow_state, user)
            if reason:
                raise ReviewRefused(reason)
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if not user.is_authenticated:
            return states
        approved_by_user = TaskState.objects.filter(
            finished_by=user, status=TaskState.STATUS_APPROVED
        ).values("workflow_state_id")
        return (
            states.exclude(workflow_state__requested_by=user)
            .exclude(workflow_state_id__in=approved_by_user)
            .exclude(
                workflow_state__object_id__in=_pages_owned_by(user),
            )
        )


def _pages_owned_by(user: Any):
    from django.db.models import CharField
    from django.db.models.functions import Cast
    from wagtail.models import Page

    return Page.objects.filter(owner=user).values_list(
        Cast("id", output_field=CharField()), flat=True
    )


class ReviewEvent(models.Model):
    """One line of the audit trail: who did what to which piece at which step, and when.

    Written by the workflow's signal handlers; never changed or deleted afterwards (the model
    refuses it, and it has no add/change/delete permissions to grant in the admin).
    """

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "提交送审"
        APPROVED = "approved", "通过"
        REJECTED = "rejected", "退回修改"
        CANCELLED = "cancelled", "撤回送审"
        PUBLISHED = "published", "发布"
        SCHEDULED = "scheduled", "定时发布"

    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    step = models.CharField("审核步骤", max_length=100, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="稿件",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page_title = models.CharField("稿件标题", max_length=255)
    channel = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="栏目",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel_title = models.CharField("栏目名称", max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_name = models.CharField("操作人姓名", max_length=150, blank=True)
    comment = models.TextField("意见", blank=True)
    submission = models.PositiveIntegerField("送审编号", null=True, db_index=True)
    task_state_pk = models.PositiveIntegerField("审核步骤编号", null=True, editable=False)

    class Meta:
        verbose_name = "审稿记录"
        verbose_name_plural = "审稿记录"
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)
        permissions = [("override_responsible_editor", "可改写文章的责任编辑")]
        indexes = [models.Index(fields=["page", "created_at"], name="editorial_event_page_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user_name} {self.get_action_display()} {self.page_title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionDenied("审稿记录不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any):
        raise PermissionDenied("审稿记录不能删除。")


class ChannelDesk(models.Model):
    """The writers' group of one channel: its members may write drafts there.

    A 通讯员/记者 is assigned to a channel by joining its desk group (in 设置 > 栏目分配, or in
    the user's 角色 tab); the group holds Wagtail's "add" page permission on the channel only.
    """

    channel = models.OneToOneField(
        "news.ChannelPage", verbose_name="栏目", on_delete=models.CASCADE, related_name="desk"
    )
    group = models.OneToOneField(
        Group, verbose_name="撰稿组", on_delete=models.CASCADE, related_name="channel_desk"
    )

    class Meta:
        verbose_name = "栏目撰稿组"
        verbose_name_plural = "栏目撰稿组"

    def __str__(self) -> str:
        return self.group.name


class Correction(Orderable):
    """A 更正 printed under a published article, with its time; the revisions keep the rest."""

    page = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="corrections")
    time = models.DateTimeField("更正时间", default=timezone.now)
    text = models.TextField("更正说明", max_length=2000)

    panels = [FieldPanel("time"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "更正"
        verbose_name_plural = "更正"

    def __str__(self) -> str:
        return f"更正（{timezone.localtime(self.time):%Y-%m-%d %H:%M}）"
