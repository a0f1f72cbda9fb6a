"""Writing the audit trail (审稿记录): one ``ReviewEvent`` per decision, in the same transaction."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from fazhi.editorial.workflow import display_name

# Set while fazhi itself cancels a rejected submission to restart it at 初审 (not a withdrawal).
_restarting: ContextVar[bool] = ContextVar("fazhi_editorial_restarting", default=False)


@contextmanager
def restarting_submission():
    token = _restarting.set(True)
    try:
        yield
    finally:
        _restarting.reset(token)


def is_restarting() -> bool:
    return _restarting.get()


def _channel_of(page: Any):
    from fazhi.news.models import ChannelPage

    return ChannelPage.objects.ancestor_of(page).order_by("-depth").only("id", "title").first()


def record(
    *,
    action: str,
    page: Any,
    user: Any,
    step: str = "",
    comment: str = "",
    submission: int | None = None,
    task_state_pk: int | None = None,
) -> Any:
    from fazhi.editorial.models import ReviewEvent

    channel = _channel_of(page)
    return ReviewEvent.objects.create(
        action=action,
        page_id=page.pk,
        page_title=page.get_admin_display_title()[:255]
        if hasattr(page, "get_admin_display_title")
        else str(page)[:255],
        channel=channel,
        channel_title=channel.title if channel else "",
        user=user if getattr(user, "pk", None) else None,
        user_name=display_name(user),
        step=step,
        comment=comment or "",
        submission=submission,
        task_state_pk=task_state_pk,
    )


def record_task_decision(task_state: Any, user: Any, action: str) -> None:
    """An approval or rejection of one step (once: the finish action may have written it)."""
    from fazhi.editorial.models import ReviewEvent

    if ReviewEvent.objects.filter(task_state_pk=task_state.pk, action=action).exists():
        return
    workflow_state = task_state.workflow_state
    record(
        action=action,
        page=workflow_state.content_object,
        user=user,
        step=task_state.task.name,
        comment=task_state.comment,
        submission=workflow_state.pk,
        task_state_pk=task_state.pk,
    )


def record_publication(workflow_state: Any, revision: Any, user: Any) -> None:
    """Final approval: the last step's approval, then the publication (or its schedule)."""
    from fazhi.editorial.models import ReviewEvent

    final_state = workflow_state.current_task_state
    if final_state is not None and final_state.status == final_state.STATUS_APPROVED:
        record_task_decision(final_state, user, ReviewEvent.Action.APPROVED)
    page = revision.as_object()
    scheduled = bool(page.go_live_at and not page.live and revision.approved_go_live_at)
    if scheduled:
        from django.utils import timezone

        when = timezone.localtime(revision.approved_go_live_at)
        comment = f"定于 {when:%Y-%m-%d %H:%M} 发布"
        action = ReviewEvent.Action.SCHEDULED
    else:
        comment = ""
        action = ReviewEvent.Action.PUBLISHED
    if getattr(page, "responsible_editor", ""):
        comment = "；".join(filter(None, [comment, f"责任编辑：{page.responsible_editor}"]))
    record(
        action=action,
        page=page,
        user=user,
        comment=comment,
        submission=workflow_state.pk,
    )
