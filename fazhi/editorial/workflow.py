"""Glue between Wagtail's workflow objects and the plain rules in ``rules.py``.

``publish_on_final_approval`` is Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION. This module is
imported while ``wagtail.models`` is still loading, so it imports models only inside functions.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from fazhi.editorial.rules import (
    Approval,
    person_name,
    responsible_editor_after_approval,
    review_refusal,
    submission_refusal,
)


def display_name(user: Any) -> str:
    """The name a person signs with (full name, else username); "" for nobody."""
    if user is None or not getattr(user, "pk", None):
        return ""
    return person_name(user.first_name, user.last_name, user.get_username())


def approvals_of(workflow_state: Any) -> list[Approval]:
    """The approved steps of one submission, in the order they were approved."""
    from wagtail.models import TaskState

    rows = (
        TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_APPROVED)
        .order_by("finished_at", "pk")
        .values_list("finished_by_id", "task__name")
    )
    return [Approval(user_id=user_id, step=step) for user_id, step in rows]


def _author_id(workflow_state: Any) -> int | None:
    from wagtail.models import Page

    return (
        Page.objects.filter(pk=workflow_state.object_id).values_list("owner_id", flat=True).first()
    )


def refusal_for_state(workflow_state: Any, user: Any) -> str | None:
    """Why ``user`` may not decide the current step of ``workflow_state`` (None: he may)."""
    return review_refusal(
        user_id=user.pk,
        submitter_id=workflow_state.requested_by_id,
        author_id=_author_id(workflow_state),
        approvals=approvals_of(workflow_state),
    )


def publish_on_final_approval(workflow_state: Any, user: Any = None) -> None:
    """Publish (or schedule) the approved revision once every step is approved.

    Publishing skips Wagtail's publish-permission check on purpose: the approval of every step by
    a different person *is* the permission, so 总编辑 needs no publish right (which would let him
    skip 初审 and 复审). 责任编辑 is filled from the final approver before publishing.
    """
    from wagtail.models import Page

    from fazhi.editorial.audit import record_publication

    refusal = submission_refusal(
        submitter_id=workflow_state.requested_by_id,
        author_id=_author_id(workflow_state),
        approvals=approvals_of(workflow_state),
    )
    if refusal:
        raise PermissionDenied(refusal)

    page = workflow_state.content_object
    if isinstance(page, Page):
        page = page.specific
    revision = page.get_latest_revision()
    obj = revision.as_object()
    if hasattr(obj, "responsible_editor"):
        live = page.live_revision.as_object() if page.live and page.live_revision_id else None
        name = responsible_editor_after_approval(
            approved_value=obj.responsible_editor,
            baseline_value=live.responsible_editor if live else "",
            approver_name=display_name(user),
        )
        if name != obj.responsible_editor:
            obj.responsible_editor = name
            revision = obj.save_revision(user=user, clean=False)
    revision.publish(user=user, skip_permission_checks=True)
    record_publication(workflow_state, revision, user)
