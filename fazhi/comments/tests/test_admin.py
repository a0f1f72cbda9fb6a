"""The moderation queue and the word list in the Wagtail admin; demo data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from fazhi.comments.models import Comment, CommentReport, SensitiveWord
from fazhi.comments.tests.conftest import PASSWORD
from fazhi.news.factories import make_article

pytestmark = pytest.mark.django_db
QUEUE = "/admin/comments/"


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def make(page, text, status="pending", **extra):
    return Comment.objects.create(
        page=page, author_name="匿名网友", text=text, status=status, **extra
    )


def rows(response) -> list[str]:
    soup = BeautifulSoup(response.content, "lxml")
    return [
        tr.select_one(".comment-queue__text").get_text()
        for tr in soup.select("tr[data-comment-row]")
    ]


def test_queue_shows_pending_first_and_filters(admin_client, seed_article, channel):
    other = make_article(channel, title="另一篇文章")
    old = make(seed_article, "旧评论")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    make(seed_article, "待审评论")
    make(other, "另一篇的评论")
    make(seed_article, "已通过的评论", status="approved")
    reported = make(seed_article, "被举报的评论", status="approved", report_count=1)
    CommentReport.objects.create(comment=reported, reason="造谣")
    assert sorted(rows(admin_client.get(QUEUE))) == sorted(["旧评论", "待审评论", "另一篇的评论"])
    assert rows(admin_client.get(QUEUE, {"status": "approved"})) == ["被举报的评论", "已通过的评论"]
    assert rows(admin_client.get(QUEUE, {"status": "", "page": other.pk})) == ["另一篇的评论"]
    assert rows(admin_client.get(QUEUE, {"status": "", "q": "另一篇"})) == ["另一篇的评论"]
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert "旧评论" not in rows(admin_client.get(QUEUE, {"status": "pending", "date_from": since}))
    until = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert rows(admin_client.get(QUEUE, {"status": "", "date_to": until})) == ["旧评论"]
    flagged = admin_client.get(QUEUE, {"status": "", "reported": "on"})
    assert rows(flagged) == ["被举报的评论"]
    assert "造谣" in flagged.content.decode()


def test_approve_reject_delete_one_and_in_bulk(admin_client, admin_user, seed_article):
    a, b, c, d = (make(seed_article, f"评论{i}") for i in range(4))
    response = admin_client.post(
        f"{QUEUE}act/", {"action": "approve", "ids": [a.pk, b.pk], "next": QUEUE}
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    a.refresh_from_db()
    assert a.status == "approved" and a.moderated_by == admin_user and a.moderated_at
    admin_client.post(f"{QUEUE}act/", {"action": "reject", "ids": [c.pk]})
    admin_client.post(f"{QUEUE}act/", {"action": "delete", "ids": [d.pk]})
    assert dict(Comment.objects.values_list("text", "status")) == {
        "评论0": "approved",
        "评论1": "approved",
        "评论2": "rejected",
    }
    # The article now lists the approved ones, and counts them.
    assert Client().get(f"/api/pages/{seed_article.pk}/live/").json()["comment_count"] == 2
    # Nothing chosen: a clear message, nothing changed.
    page = admin_client.post(f"{QUEUE}act/", {"action": "approve", "next": QUEUE}, follow=True)
    assert "请先勾选评论。" in page.content.decode()
    # An outside "next" is not followed.
    away = admin_client.post(
        f"{QUEUE}act/", {"action": "approve", "ids": [c.pk], "next": "https://evil.example/"}
    )
    assert away["Location"] == QUEUE


def test_matched_words_are_highlighted(admin_client, seed_article):
    SensitiveWord.objects.create(word="上访", action="hold")
    make(seed_article, "组织 上 访 的评论", held_words=["上访"])
    soup = BeautifulSoup(admin_client.get(QUEUE).content, "lxml")
    assert [m.get_text() for m in soup.select(".comment-queue__text mark")] == ["上 访"]
    assert "命中敏感词：上访" in soup.get_text()


def test_queue_query_count_does_not_grow_with_rows(admin_client, seed_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        admin_client.get(QUEUE)
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(QUEUE).status_code == 200
        return len(captured)

    for i in range(2):
        CommentReport.objects.create(
            comment=make(seed_article, f"少{i}", report_count=1), reason="r"
        )
    few = queries()
    for i in range(10):
        CommentReport.objects.create(
            comment=make(seed_article, f"多{i}", report_count=1), reason="r"
        )
    assert queries() == few


def test_readers_and_anonymous_visitors_cannot_moderate(seed_article, reader):
    comment = make(seed_article, "待审")
    assert Client().get(QUEUE).status_code == 302  # to the admin sign-in
    member = Client()
    member.force_login(reader)
    assert member.get(QUEUE).status_code in (302, 403)
    member.post(f"{QUEUE}act/", {"action": "approve", "ids": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_word_list_import_and_export(admin_client):
    SensitiveWord.objects.create(word="六合彩", action="hold")
    upload = SimpleUploadedFile("words.txt", "法轮功\n# 注释\n六合彩\n\n代开发票\n".encode())
    response = admin_client.post(
        "/admin/comments/words/", {"file": upload, "action": "block"}, follow=True
    )
    assert "新增 2 个词，修改 1 个词" in response.content.decode()
    assert dict(SensitiveWord.objects.values_list("word", "action")) == {
        "法轮功": "block",
        "六合彩": "block",
        "代开发票": "block",
    }
    exported = admin_client.get("/admin/comments/words/export/?action=block")
    assert exported["Content-Disposition"] == 'attachment; filename="sensitive-words-block.txt"'
    assert exported.content.decode().splitlines() == ["代开发票", "六合彩", "法轮功"]
    gbk = SimpleUploadedFile("gbk.txt", "上访\n".encode("gb18030"))
    admin_client.post("/admin/comments/words/", {"file": gbk, "action": "hold"})
    assert SensitiveWord.objects.get(word="上访").action == "hold"
    empty = admin_client.post(
        "/admin/comments/words/",
        {"file": SimpleUploadedFile("e.txt", b"\n# x\n"), "action": "block"},
    )
    assert "文件里没有词" in empty.content.decode()
    # The word list's own admin pages (list, search) work.
    listing = admin_client.get("/admin/comments/words/list/", {"q": "法轮"})
    assert listing.status_code == 200 and "法轮功" in listing.content.decode()


def test_filter_follows_the_word_list_as_it_changes(client, seed_article):
    from fazhi.comments.wordlist import check_text

    assert not check_text("代开发票").matches
    word = SensitiveWord.objects.create(word="代开发票", action="block")
    assert check_text("代 开 发 票").blocked
    word.action = "hold"
    word.save()
    assert check_text("代开发票").held and not check_text("代开发票").blocked
    word.delete()
    assert not check_text("代开发票").matches


def test_load_demo_adds_reader_comments_and_words_once(home, capsys):
    from io import StringIO

    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "演示读者账号：duzhe  密码：" in out.getvalue()
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "密码：" not in again.getvalue()
    assert Comment.objects.filter(status="approved").count() == 3
    assert SensitiveWord.objects.count() == 5
    from django.contrib.auth.models import User

    reader = User.objects.get(username="duzhe")
    assert not reader.is_staff and reader.check_password(PASSWORD) is False


def test_queue_pages_keep_the_filters(admin_client, seed_article, monkeypatch):
    from fazhi.comments import admin_views

    monkeypatch.setattr(admin_views, "PER_PAGE", 2)
    for i in range(3):
        make(seed_article, f"评论{i}")
    soup = BeautifulSoup(
        admin_client.get(QUEUE, {"status": "pending", "q": "评论"}).content, "lxml"
    )
    link = soup.select_one("nav.pagination a")
    assert link.get_text() == "下一页"
    assert "status=pending" in link["href"] and "q=%E8%AF%84%E8%AE%BA" in link["href"]
    assert link["href"].endswith("&p=2")
    assert len(rows(admin_client.get(QUEUE + link["href"]))) == 1


def test_an_editor_group_can_be_granted_moderation(seed_article):
    from django.contrib.auth.models import Group, Permission, User
    from wagtail import hooks

    granted = {p.codename for fn in hooks.get_hooks("register_permissions") for p in fn()}
    assert {"moderate_comment", "add_sensitiveword"} <= granted
    group = Group.objects.create(name="评论审核员")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_comment"),
    )
    moderator = User.objects.create_user("mod", password=PASSWORD, is_staff=True)
    moderator.groups.add(group)
    client = Client()
    client.force_login(moderator)
    comment = make(seed_article, "待审")
    assert client.get(QUEUE).status_code == 200
    client.post(f"{QUEUE}act/", {"action": "approve", "ids": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == "approved"
    # Deleting needs its own permission.
    client.post(f"{QUEUE}act/", {"action": "delete", "ids": [comment.pk]})
    assert Comment.objects.filter(pk=comment.pk).exists()
