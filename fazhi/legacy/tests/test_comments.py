"""Old comments and digg counts into the comments app, from the real MariaDB server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.urls import reverse

from fazhi.comments import moderation
from fazhi.comments.digg import add_digg
from fazhi.comments.models import Comment, CommentStatus, DiggCount
from fazhi.legacy import comment_store, sources
from fazhi.legacy.models import LegacyRecord
from fazhi.legacy.records import LegacyComment
from fazhi.legacy.tests.conftest import migrate, set_hooks
from fazhi.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def page_of(source: str, table: str, old_id: int) -> ArticlePage:
    record = LegacyRecord.objects.get(source=source, table=table, old_id=str(old_id))
    return ArticlePage.objects.get(pk=record.object_id)


def comment_of(source: str, table: str, old_id: int) -> Comment:
    record = LegacyRecord.objects.get(source=source, table=table, old_id=str(old_id))
    return Comment.objects.get(pk=record.object_id)


def old_db(url: str, sql: str) -> None:
    connection = sources.connect(sources.parse_mysql_url(url))
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def test_empirecms_comments_on_the_migrated_articles(legacy_db, old_webroot, client, admin_user):
    url = legacy_db("empirecms75.sql")
    report = migrate("empirecms", "--db", url, "--files", str(old_webroot))

    # Read vs stored per table, and the one comment whose article did not come over, with why.
    assert (
        "phome_enewspl_1                      5       4       0       0       4       1" in report
    )
    assert "评论 phome_enewspl_1：读取 5 条，已存储 4 条" in report
    assert "phome_enewspl_1 #5：所评论的文章 phome_ecms_news #4 未迁移" in report
    assert "评论应用未安装" not in report

    first, second = (
        page_of("empirecms", "phome_ecms_news", 1),
        page_of("empirecms", "phome_ecms_news", 2),
    )
    assert Comment.objects.filter(page_id=first.pk).count() == 3
    assert Comment.objects.filter(page_id=second.pk).count() == 1

    anonymous = comment_of("empirecms", "phome_enewspl_1", 1)
    assert (anonymous.user, anonymous.is_anonymous, anonymous.author_name) == (
        None,
        True,
        "匿名网友",
    )
    assert anonymous.text == "写得好[微笑]" and anonymous.ip_address == "10.0.0.1"
    assert anonymous.created_at == datetime.fromtimestamp(1566970000, UTC)
    assert anonymous.status == CommentStatus.APPROVED
    zhangsan = get_user_model().objects.get(username="zhangsan")
    quoted = comment_of("empirecms", "phome_enewspl_1", 2)
    assert (quoted.user, quoted.is_anonymous, quoted.author_name) == (zhangsan, False, "zhangsan")
    assert quoted.text == "「引用 匿名：写得好[微笑]」\n同意楼上"  # quote markup → plain text
    assert comment_of("empirecms", "phome_enewspl_1", 4).text == "基层的经验值得推广[哈哈][表情]"
    pending = comment_of("empirecms", "phome_enewspl_1", 3)
    assert pending.status == CommentStatus.PENDING and pending.user.username == "lisi"

    # Approved ones on the article's comment JSON; the pending one only in the moderation queue.
    data = client.get(f"/api/pages/{first.pk}/comments/", HTTP_ACCEPT="application/json").json()
    assert data["count"] == 2
    assert [c["text"] for c in data["comments"]] == [quoted.text, anonymous.text]
    client.force_login(admin_user)
    queue = client.get(reverse("comments_admin:queue")).content.decode()
    assert "待审核的评论" in queue and "写得好" not in queue

    # The old 顶 count is the fazhi digg count, on the live JSON the article page reads.
    live = client.get(f"/api/pages/{first.pk}/live/").json()
    assert (live["digg_count"], live["comment_count"]) == (56, 2)
    assert client.get(f"/api/pages/{second.pk}/live/").json()["digg_count"] == 7


def test_rerun_updates_comments_in_place_and_keeps_fazhi_changes(legacy_db, old_webroot):
    url = legacy_db("empirecms75.sql")
    migrate("empirecms", "--db", url, "--files", str(old_webroot))
    first = page_of("empirecms", "phome_ecms_news", 1)
    ids = set(Comment.objects.values_list("pk", flat=True))
    # In fazhi since: a moderator approved the pending one, and two readers digged.
    pending = comment_of("empirecms", "phome_enewspl_1", 3)
    moderation.approve([pending.pk])
    add_digg(first.pk)
    add_digg(first.pk)

    report = migrate("empirecms", "--db", url, "--files", str(old_webroot))
    assert set(Comment.objects.values_list("pk", flat=True)) == ids  # nothing doubled
    assert (
        "phome_enewspl_1                      5       0       0       4       4       1" in report
    )
    pending.refresh_from_db()
    assert pending.status == CommentStatus.APPROVED
    assert DiggCount.objects.get(page_id=first.pk).count == 58

    # Changed on the old site since: the same comments are updated, the digg change is added.
    old_db(
        url,
        "UPDATE phome_enewspl_1 SET saytext='改过的评论[~e.ku~]', checked=1 WHERE plid IN (1, 3)",
    )
    old_db(url, "UPDATE phome_ecms_news SET diggtop=60 WHERE id=1")
    report = migrate("empirecms", "--db", url, "--files", str(old_webroot))
    assert (
        "phome_enewspl_1                      5       0       2       2       4       1" in report
    )
    assert set(Comment.objects.values_list("pk", flat=True)) == ids
    changed = comment_of("empirecms", "phome_enewspl_1", 1)
    assert changed.text == "改过的评论[酷]" and changed.status == CommentStatus.PENDING
    pending.refresh_from_db()
    assert pending.text == "改过的评论[酷]" and pending.status == CommentStatus.APPROVED
    assert DiggCount.objects.get(page_id=first.pk).count == 62  # 56 + 2 readers + (60 - 56)

    # A comment a moderator deleted in fazhi is not brought back.
    moderation.delete([changed.pk])
    old_db(url, "UPDATE phome_enewspl_1 SET saytext='又改了' WHERE plid=1")
    report = migrate("empirecms", "--db", url, "--files", str(old_webroot))
    assert "phome_enewspl_1 #1：对应评论已在 fazhi 中删除，未恢复" in report
    assert Comment.objects.count() == len(ids) - 1


def test_failure_mid_run_rolls_back_that_comment_batch(legacy_db, old_webroot, monkeypatch):
    url = legacy_db("empirecms75.sql")
    original = comment_store.store_comments
    calls = {"n": 0}

    def failing(comments, articles, users, *, source):
        calls["n"] += 1
        stored = original(comments, articles, users, source=source)
        if calls["n"] == 2:  # after the batch's rows were written: they must go again
            raise RuntimeError("数据库连接中断（测试注入）")
        return stored

    from wagtail import hooks

    from fazhi.legacy import wagtail_hooks as legacy_hooks  # registers a lazy wrapper
    from fazhi.legacy.hooks import MIGRATE_COMMENTS

    registered = hooks.get_hooks(MIGRATE_COMMENTS)
    set_hooks(
        monkeypatch,
        MIGRATE_COMMENTS,
        [failing if fn is legacy_hooks.store_comments else fn for fn in registered],
    )
    with pytest.raises(CommandError, match="comments 第 2 批失败（该批已回滚）：数据库连接中断"):
        migrate("empirecms", "--db", url, "--files", str(old_webroot), "--batch-size", "2")
    # Batch 1 (plid 1, 2) stays; nothing of batch 2 (plid 3, 4): no comment, no record.
    assert sorted(Comment.objects.values_list("text", flat=True)) == sorted(
        ["写得好[微笑]", "「引用 匿名：写得好[微笑]」\n同意楼上"]
    )
    assert set(
        LegacyRecord.objects.filter(table="phome_enewspl_1").values_list("old_id", flat=True)
    ) == {"1", "2"}

    set_hooks(monkeypatch, MIGRATE_COMMENTS, registered)
    report = migrate("empirecms", "--db", url, "--files", str(old_webroot), "--batch-size", "2")
    assert Comment.objects.count() == 4
    assert (
        "phome_enewspl_1                      5       2       0       2       4       1" in report
    )


def test_dedecms_feedback(legacy_db, client):
    url = legacy_db("dedecms57.sql")
    report = migrate("dedecms", "--db", url)
    assert (
        "dede_feedback                        3       2       0       0       2       1" in report
    )
    assert "dede_feedback #3：所评论的文章 dede_archives #16 未迁移" in report
    page = page_of("dedecms", "dede_archives", 11)
    shown, pending = (
        comment_of("dedecms", "dede_feedback", 1),
        comment_of("dedecms", "dede_feedback", 2),
    )
    assert (shown.status, shown.author_name, shown.user, shown.text) == (
        CommentStatus.APPROVED, "匿名网友", None, "很有用",
    )  # fmt: skip
    reader = get_user_model().objects.get(username="reader1")
    assert (pending.status, pending.user, pending.text) == (
        CommentStatus.PENDING, reader, "待审评论\n第二行",
    )  # fmt: skip
    live = client.get(f"/api/pages/{page.pk}/live/").json()
    assert (live["digg_count"], live["comment_count"]) == (9, 1)  # goodpost


def test_comment_fields_rules():
    base = dict(table="t", old_id=1, article_table="a", article_id=1, username="旧名",
                time=datetime(2020, 1, 1, tzinfo=UTC), text="x")  # fmt: skip
    member = LegacyComment(**base, user_id=5, ip="10.0.0.9", shown=False)
    fields = comment_store.comment_fields(member, page_id=3, user_id=7)
    assert (fields["user_id"], fields["is_anonymous"], fields["author_name"]) == (7, False, "旧名")
    assert (fields["status"], fields["ip_address"]) == (CommentStatus.PENDING, "10.0.0.9")
    # The member is gone from the old site: his name stays, no account.
    assert comment_store.comment_fields(member, page_id=3, user_id=None)["author_name"] == "旧名"
    guest = LegacyComment(**base, user_id=None, ip="unknown", shown=True)
    fields = comment_store.comment_fields(guest, page_id=3, user_id=None)
    assert (fields["user_id"], fields["is_anonymous"], fields["author_name"]) == (
        None,
        True,
        "匿名网友",
    )
    assert (fields["status"], fields["ip_address"]) == (CommentStatus.APPROVED, None)
    assert comment_store.comment_ip(" ::1 ") == "::1"
    assert comment_store.comment_ip("10.0.0.") is None
