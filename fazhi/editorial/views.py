"""Admin views: the site-wide 审稿记录 report (filter, CSV/XLSX export) and 栏目分配."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from fazhi.editorial.desks import assign_channels, channels_of
from fazhi.editorial.models import ReviewEvent
from fazhi.editorial.roles import REPORTER
from fazhi.news.models import ChannelPage


def _people(request: HttpRequest):
    User = get_user_model()
    ids = ReviewEvent.objects.exclude(user=None).values("user_id")
    return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


def _channels(request: HttpRequest):
    return ChannelPage.objects.order_by("path")


class ReviewEventFilterSet(WagtailFilterSet):
    user = django_filters.ModelChoiceFilter(label="操作人", empty_label="所有人", queryset=_people)
    channel = django_filters.ModelChoiceFilter(
        label="栏目", empty_label="所有栏目", queryset=_channels
    )
    action = django_filters.ChoiceFilter(
        label="操作", empty_label="所有操作", choices=ReviewEvent.Action.choices
    )
    created_at = django_filters.DateFromToRangeFilter(label="日期", widget=DateRangePickerWidget)
    page = django_filters.NumberFilter(field_name="page_id", label="稿件编号")

    class Meta:
        model = ReviewEvent
        fields = ["user", "channel", "action", "created_at", "page"]


class PageTitleColumn(Column):
    """The piece's title, linking to its editor while the page exists."""

    cell_template_name = "editorial/admin/page_title_cell.html"


class ReviewEventReportView(ReportView):
    """Every review decision on the site, newest first; filterable and exportable."""

    model = ReviewEvent
    page_title = "审稿记录"
    header_icon = "tasks"
    permission_required = "view"
    filterset_class = ReviewEventFilterSet
    index_url_name = "editorial:review_events"
    index_results_url_name = "editorial:review_events_results"
    columns = [
        DateColumn("created_at", label="时间"),
        PageTitleColumn("page_title", label="稿件"),
        Column("channel_title", label="栏目"),
        Column("step", label="步骤"),
        Column("get_action_display", label="操作"),
        Column("user_name", label="操作人"),
        Column("comment", label="意见"),
    ]
    list_export = [
        "created_at",
        "page_title",
        "page_id",
        "channel_title",
        "submission",
        "step",
        "get_action_display",
        "user_name",
        "user.username",
        "comment",
    ]
    export_headings = {
        "created_at": "时间",
        "page_title": "稿件",
        "page_id": "稿件编号",
        "channel_title": "栏目",
        "submission": "送审编号",
        "step": "步骤",
        "get_action_display": "操作",
        "user_name": "操作人",
        "user.username": "用户名",
        "comment": "意见",
    }

    def get_filename(self) -> str:
        return f"review-events-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return ReviewEvent.objects.select_related("user").order_by("-created_at", "-pk")


class AssignmentForm(forms.Form):
    channels = forms.ModelMultipleChoiceField(
        label="可写稿的栏目",
        queryset=ChannelPage.objects.order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _require_user_admin(request: HttpRequest) -> None:
    if not request.user.has_perm("auth.change_user"):
        raise PermissionDenied


def assignments(request: HttpRequest) -> HttpResponse:
    """栏目分配: the 通讯员/记者 and the channels each may write in."""
    _require_user_admin(request)
    User = get_user_model()
    reporters = list(
        User.objects.filter(groups__name=REPORTER)
        .order_by(User.USERNAME_FIELD)
        .distinct()
        .prefetch_related("groups__channel_desk__channel")
    )
    rows = []
    for user in reporters:
        channels = sorted(
            (
                group.channel_desk.channel
                for group in user.groups.all()
                if hasattr(group, "channel_desk")
            ),
            key=lambda channel: channel.path,
        )
        rows.append((user, channels))
    return TemplateResponse(
        request, "editorial/admin/assignments.html", {"rows": rows, "reporter_role": REPORTER}
    )


def edit_assignment(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_user_admin(request)
    user = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        form = AssignmentForm(request.POST)
        if form.is_valid():
            assign_channels(user, form.cleaned_data["channels"])
            names = "、".join(c.title for c in form.cleaned_data["channels"]) or "无"
            messages.success(request, f"已更新 {user.get_username()} 的栏目：{names}。")
            return redirect(reverse("editorial:assignments"))
        messages.error(request, "栏目分配未保存，请检查所选栏目。")
    else:
        form = AssignmentForm(initial={"channels": channels_of(user)})
    return TemplateResponse(
        request, "editorial/admin/edit_assignment.html", {"form": form, "person": user}
    )
