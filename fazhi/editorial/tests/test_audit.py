"""The 审稿记录: on the article's admin page, filterable across the site, exported, immutable."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.conftest import count_queries
from fazhi.editorial.models import ReviewEvent
from fazhi.editorial.tests.conftest import client_for, create_article, decide
from fazhi.news.models import ArticlePage

pytestmark = pytest.mark.django_db

REPORT = "/admin/editorial/review-events/"


def published_piece(room, channel, slug: str, title: str) -> ArticlePage:
    client = client_for(room.reporter if channel == room.fzyw else room.editor)
    assert create_article(client, channel, slug=slug, title=title).status_code == 302
    page = ArticlePage.objects.get(slug=slug)
    approvers = [room.editor, room.director, room.chief]
    if channel != room.fzyw:  # the editor wrote this one: another editor reviews it
        from fazhi.editorial.roles import EDITOR
        from fazhi.editorial.tests.conftest import make_user

        approvers[0] = make_user(f"bianji-{slug}", EDITOR, family="吴", given="平")
    for person in approvers:
        decide(client_for(person), page, comment=f"{person.username}意见")
    return page


@pytest.fixture
def trail(newsroom):
    first = published_piece(newsroom, newsroom.fzyw, "yi", "第一篇稿件")
    second = published_piece(newsroom, newsroom.xjzs, "er", "第二篇稿件")
    return newsroom, first, second


def test_trail_shows_on_the_articles_admin_page(trail):
    room, first, _ = trail
    html = (
        client_for(room.director)
        .get(reverse("wagtailadmin_pages:edit", args=(first.pk,)))
        .content.decode()
    )
    assert "审稿记录" in html
    for text in ("提交送审", "张伟", "李娜", "王强", "刘洋", "bianji意见", "发布"):
        assert text in html


def test_report_filters_by_person_channel_and_date(trail):
    room, first, _ = trail
    director = client_for(room.director)
    everyone = director.get(REPORT).content.decode()
    assert "第一篇稿件" in everyone and "第二篇稿件" in everyone

    by_channel = director.get(REPORT, {"channel": room.xjzs.pk}).content.decode()
    assert "第二篇稿件" in by_channel and "第一篇稿件" not in by_channel

    by_person = director.get(REPORT, {"user": room.reporter.pk}).content.decode()
    assert "第一篇稿件" in by_person and "第二篇稿件" not in by_person

    event = ReviewEvent.objects.order_by("created_at").first()
    # The report's dates are the newsroom's (Asia/Shanghai): from 16:00 UTC on, a UTC date is
    # the day before.
    day = timezone.localdate(event.created_at)
    in_range = director.get(
        REPORT, {"created_at_from": day.isoformat(), "created_at_to": day.isoformat()}
    ).content.decode()
    assert "第一篇稿件" in in_range
    before = director.get(REPORT, {"created_at_to": "2000-01-01"}).content.decode()
    assert "第一篇稿件" not in before

    by_page = director.get(REPORT, {"page": first.pk}).content.decode()
    assert "第一篇稿件" in by_page and "第二篇稿件" not in by_page


def test_report_is_closed_to_correspondents(trail):
    room, *_ = trail
    response = client_for(room.reporter).get(REPORT)
    assert response.status_code == 302 and "/admin/" in response.url


def test_csv_export_contents(trail):
    room, first, _ = trail
    response = client_for(room.chief).get(REPORT, {"export": "csv", "page": first.pk})
    assert response.status_code == 200
    assert "review-events" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["操作"], r["步骤"], r["操作人"]) for r in reversed(rows)] == [
        ("提交送审", "初审", "张伟"),
        ("通过", "初审", "李娜"),
        ("通过", "复审", "王强"),
        ("通过", "终审", "刘洋"),
        ("发布", "", "刘洋"),
    ]
    assert {r["稿件"] for r in rows} == {"第一篇稿件"}
    assert {r["栏目"] for r in rows} == {"法治要闻"}
    assert any(r["意见"] == "bianji意见" and r["用户名"] == "bianji" for r in rows)


def test_xlsx_export_contents(trail):
    room, _, second = trail
    response = client_for(room.manager).get(REPORT, {"export": "xlsx", "channel": room.xjzs.pk})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("时间", "稿件", "稿件编号", "栏目")
    assert len(body) == ReviewEvent.objects.filter(page_id=second.pk).count() == 5
    assert {row[1] for row in body} == {"第二篇稿件"}
    assert {row[3] for row in body} == {"学界之声"}
    assert "吴平" in {row[7] for row in body}


def test_entries_cannot_be_changed_or_deleted(trail):
    room, first, _ = trail
    event = ReviewEvent.objects.filter(page_id=first.pk).first()
    event.comment = "改写"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    # No permission exists that could let anyone add, change or delete them in the admin.
    from django.contrib.auth.models import Permission

    codenames = set(
        Permission.objects.filter(
            content_type__app_label="editorial", content_type__model="reviewevent"
        ).values_list("codename", flat=True)
    )
    assert codenames == {"view_reviewevent", "override_responsible_editor"}
    manager = client_for(room.manager)
    assert manager.get(f"/admin/editorial/review-events/{event.pk}/edit/").status_code == 404
    assert manager.get(f"/admin/editorial/review-events/{event.pk}/delete/").status_code == 404
    # Deleting the article keeps its trail.
    ArticlePage.objects.get(pk=first.pk).delete()
    assert ReviewEvent.objects.filter(page_title="第一篇稿件", page=None).count() == 5


def test_report_query_count_does_not_grow_with_entries(trail):
    room, *_ = trail
    director = client_for(room.director)
    few = count_queries(director, REPORT)
    published_piece(room, room.fzyw, "san", "第三篇稿件")
    assert count_queries(director, REPORT) == few
