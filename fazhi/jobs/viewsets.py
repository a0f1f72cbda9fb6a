"""后台任务 in the admin: the failed background jobs, read-only (name, arguments, error, time)."""

from __future__ import annotations

import json
from typing import Any

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from fazhi.jobs.models import JobFailure


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Failures are a record: people may read (and clear) them, never write them."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action in ("add", "change", "copy"):
            return False
        return super().user_has_permission(user, action)


def arguments_text(failure: JobFailure) -> str:
    """The job's arguments as one short line (the inspect view shows them whole)."""
    args = failure.arguments.get("args", [])
    kwargs = failure.arguments.get("kwargs", {})
    parts = [json.dumps(a, ensure_ascii=False) for a in args]
    parts += [f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in kwargs.items()]
    text = "，".join(parts) or "（无）"
    return text if len(text) <= 80 else text[:79] + "…"


def retry_text(failure: JobFailure) -> str:
    if failure.retry_at is None:
        return "不再重试"
    from django.utils import timezone

    return f"将于 {timezone.localtime(failure.retry_at):%H:%M:%S} 重试"


class JobFailureViewSet(ModelViewSet):
    model = JobFailure
    icon = "warning"
    menu_label = "后台任务"
    menu_name = "job-failures"
    add_to_settings_menu = True
    menu_order = 910
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields: list[str] = []  # nothing is ever edited (ReadOnlyPolicy)
    list_filter = ["task_path"]
    search_fields = ["label", "task_path", "error"]
    list_display = [
        Column("label", label="任务", accessor="__str__"),
        Column("arguments", label="参数", accessor=arguments_text),
        Column("error", label="错误"),
        Column("retry", label="重试", accessor=retry_text),
        DateColumn("failed_at", label="失败时间"),
    ]
    inspect_view_fields = [
        "label",
        "task_path",
        "arguments",
        "attempt",
        "retry_at",
        "error",
        "traceback",
        "backend",
        "failed_at",
    ]
