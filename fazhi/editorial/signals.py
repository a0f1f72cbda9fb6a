"""Audit trail from Wagtail's workflow signals, and a writers' group for every new channel."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import task_approved, task_rejected, workflow_cancelled, workflow_submitted

from fazhi.editorial import audit
from fazhi.editorial.models import ReviewEvent
from fazhi.news.models import ChannelPage


@receiver(workflow_submitted)
def _on_submitted(sender: Any, instance: Any, user: Any = None, **kwargs: Any) -> None:
    task_state = instance.current_task_state
    audit.record(
        action=ReviewEvent.Action.SUBMITTED,
        page=instance.content_object,
        user=user,
        step=task_state.task.name if task_state else "",
        submission=instance.pk,
    )


@receiver(task_approved)
def _on_approved(sender: Any, instance: Any, user: Any = None, **kwargs: Any) -> None:
    audit.record_task_decision(instance, user, ReviewEvent.Action.APPROVED)


@receiver(task_rejected)
def _on_rejected(sender: Any, instance: Any, user: Any = None, **kwargs: Any) -> None:
    audit.record_task_decision(instance, user, ReviewEvent.Action.REJECTED)


@receiver(workflow_cancelled)
def _on_cancelled(sender: Any, instance: Any, user: Any = None, **kwargs: Any) -> None:
    if audit.is_restarting():
        return
    audit.record(
        action=ReviewEvent.Action.CANCELLED,
        page=instance.content_object,
        user=user,
        submission=instance.pk,
    )


@receiver(post_save, sender=ChannelPage)
def _on_channel_saved(sender: Any, instance: ChannelPage, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        from fazhi.editorial.desks import ensure_desk

        ensure_desk(instance)
