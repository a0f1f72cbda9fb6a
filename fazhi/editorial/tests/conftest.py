"""A newsroom of real users in the real role groups, and helpers that use the admin as they do."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from fazhi.editorial.desks import assign_channels
from fazhi.editorial.roles import CHIEF, DIRECTOR, EDITOR, MANAGER, REPORTER
from fazhi.news.factories import make_channel


def make_user(username: str, *roles: str, family: str = "", given: str = "") -> Any:
    user = get_user_model().objects.create_user(
        username=username, password="pw", first_name=given, last_name=family
    )
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def newsroom(home):
    fzyw = make_channel(home, "法治要闻", "fzyw")
    xjzs = make_channel(home, "学界之声", "xjzs")
    reporter = make_user("jizhe", REPORTER, family="张", given="伟")
    assign_channels(reporter, [fzyw])
    room = SimpleNamespace(
        home=home,
        fzyw=fzyw,
        xjzs=xjzs,
        reporter=reporter,
        other_reporter=make_user("jizhe2", REPORTER, family="赵", given="敏"),
        editor=make_user("bianji", EDITOR, family="李", given="娜"),
        director=make_user("zhuren", DIRECTOR, family="王", given="强"),
        chief=make_user("zongbian", CHIEF, family="刘", given="洋"),
        manager=make_user("guanli", MANAGER, family="陈", given="静"),
    )
    assign_channels(room.other_reporter, [fzyw])
    return room


def article_form(title: str = "稿件标题", **fields: Any) -> dict[str, str]:
    """The POST data of the article editor, as the browser sends it."""
    data: dict[str, Any] = {
        "title": title,
        "slug": fields.pop("slug", "gaojian"),
        "publish_time": "2026-01-05 10:00",
        "source": "法治报道",
        "author": "张伟",
        "byline": "",
        "lead": "导读",
        "body": streamfield([("paragraph", rich_text(fields.pop("text", "<p>正文第一段。</p>")))]),
        "tags": "",
        "source_url": "",
        "corrections": inline_formset(
            fields.pop("corrections", []), initial=fields.pop("initial_corrections", 0)
        ),
        "comments": inline_formset([]),
        "related_choices": inline_formset([]),  # 相关阅读调整 (fazhi.related)
        "seo_title": "",
        "search_description": "",
        "go_live_at": fields.pop("go_live_at", ""),
        "expire_at": "",
    }
    data.update(fields)
    return nested_form_data(data)


def create_article(client: Client, channel: Page, action: str = "action-submit", **fields: Any):
    """The reporter's 新建文章 form, saved as a draft or submitted for review."""
    url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", channel.pk))
    data = article_form(**fields)
    if action:
        data[action] = "1"
    return client.post(url, data)


def edit_article(client: Client, page: Page, action: str | None = "action-submit", **fields: Any):
    data = article_form(title=fields.pop("title", page.title), slug=page.slug, **fields)
    if action:
        data[action] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)


def decide(client: Client, page: Page, action: str = "approve", comment: str = ""):
    """Approve or reject the current step from the review dialog (dashboard / edit page)."""
    page.refresh_from_db()
    task_state = page.specific.current_workflow_task_state
    assert task_state is not None, "the piece is not awaiting review"
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def approve_all(room: Any, page: Page) -> None:
    """初审, 复审 and 终审 by the newsroom's editor, director and chief editor."""
    for person in (room.editor, room.director, room.chief):
        assert decide(client_for(person), page).status_code == 302
