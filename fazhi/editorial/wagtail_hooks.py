"""Wagtail hooks: clear refusals in the editor, restart at 初审 on resubmission, menus, demo users."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import Panel
from wagtail.models import WorkflowState

from fazhi.core.hooks import EDITOR_PANELS, LOAD_DEMO, PERIODIC_JOBS
from fazhi.editorial import urls
from fazhi.editorial.audit import restarting_submission
from fazhi.editorial.models import ReviewTask
from fazhi.editorial.panels import ReviewTrailPanel
from fazhi.editorial.tasks import publish_scheduled_pages
from fazhi.editorial.workflow import refusal_for_state
from fazhi.jobs.schedule import PeriodicJob

NO_PUBLISH_RIGHT = (
    "您没有直接发布的权限：稿件须提交审核，经初审、复审、终审通过后自动发布。本次修改已保存为草稿。"
)


def _review_refusal(page: Any, user: Any) -> str | None:
    """The reason ``user`` may not decide the current step, if he is one of its reviewers."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return None
    task_state = state.current_task_state
    task = task_state.task.specific if task_state else None
    if not isinstance(task, ReviewTask) or not task.user_may_review(user):
        return None
    return refusal_for_state(state, user)


@hooks.register("before_edit_page")
def guard_review(request: HttpRequest, page: Any) -> HttpResponse | None:
    user = request.user
    if request.method != "POST":
        reason = _review_refusal(page, user)
        if reason:
            messages.warning(request, reason)
        return None

    if request.POST.get("action-workflow-action"):
        reason = _review_refusal(page, user)
        if reason:
            messages.error(request, reason)
            return redirect("wagtailadmin_pages:edit", page.pk)

    if request.POST.get("action-publish") and not page.permissions_for_user(user).can_publish():
        # Wagtail falls back to saving a draft: say why nothing was published.
        messages.error(request, NO_PUBLISH_RIGHT)

    state = page.current_workflow_state
    if (
        request.POST.get("action-submit")
        and state is not None
        and state.status == WorkflowState.STATUS_NEEDS_CHANGES
        and page.permissions_for_user(user).can_submit_for_moderation()
    ):
        # Wagtail would resume at the step that rejected the piece; 三审 starts again at 初审,
        # so close the rejected submission and let the editor start a new one.
        with restarting_submission():
            state.cancel(user=user)
    return None


@hooks.register("before_create_page")
def explain_no_publish_on_create(request: HttpRequest, parent_page: Any, page_class: Any) -> None:
    if (
        request.method == "POST"
        and request.POST.get("action-publish")
        and not parent_page.permissions_for_user(request.user).can_publish_subpage()
    ):
        messages.error(request, NO_PUBLISH_RIGHT)


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [path("editorial/", include(urls, namespace="editorial"))]


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args: Any, permission: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def review_events_menu_item() -> MenuItem:
    return _PermissionMenuItem(
        "审稿记录",
        reverse("editorial:review_events"),
        icon_name="tasks",
        order=50,
        permission="editorial.view_reviewevent",
    )


@hooks.register("register_settings_menu_item")
def assignments_menu_item() -> MenuItem:
    return _PermissionMenuItem(
        "栏目分配",
        reverse("editorial:assignments"),
        icon_name="group",
        order=610,
        permission="auth.change_user",
    )


@hooks.register(LOAD_DEMO)
def load_demo_users(stdout: Any) -> None:
    from fazhi.editorial.demo import load_demo

    load_demo(stdout)


@hooks.register(PERIODIC_JOBS)
def periodic_jobs() -> list[PeriodicJob]:
    return [
        PeriodicJob(
            "editorial.publish_scheduled",
            publish_scheduled_pages,
            settings.SCHEDULER_INTERVAL,
            "定时发布",
        )
    ]


@hooks.register(EDITOR_PANELS)
def review_trail_panel(slot: str, model: type) -> list[Panel]:
    """审稿记录 where a page type has a "review" slot (articles: fazhi.news)."""
    return [ReviewTrailPanel()] if slot == "review" else []
