"""DedeCMS 5.7 into fazhi, and the comments extension point."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model

from fazhi.conftest import authenticate_as_reader
from fazhi.legacy.hooks import MIGRATE_COMMENTS
from fazhi.legacy.models import LegacyRecord
from fazhi.legacy.tests.conftest import migrate, set_hooks
from fazhi.news.models import ArticlePage, ChannelPage

pytestmark = pytest.mark.django_db


def article(old_id: int) -> ArticlePage:
    record = LegacyRecord.objects.get(source="dedecms", table="dede_archives", old_id=str(old_id))
    return ArticlePage.objects.get(pk=record.object_id)


def test_dedecms57(legacy_db, old_webroot, client):
    url = legacy_db("dedecms57.sql")
    report = migrate("dedecms", "--db", url, "--files", str(old_webroot))
    assert "织梦CMS 5.7" in report
    assert ChannelPage.objects.count() == 3
    assert ArticlePage.objects.count() == 4  # 11, 12 (pending), 13 (recycled), 14
    assert "dede_archives #15：附加表 dede_addonimages 中没有正文" in report
    assert "dede_archives #16：所属栏目 typeid=77 不存在" in report

    first = article(11)
    assert (first.title, first.author, first.source) == ("民法典婚姻家庭编解读", "张律师", "法治网")
    assert first.lead == "逐条解读婚姻家庭编。" and first.responsible_editor == "周主编"
    assert first.publish_time == datetime(2019, 8, 28, 3, 33, 51, tzinfo=UTC)
    assert sorted(first.tags.names()) == ["婚姻", "民法典"]
    assert (first.legacy_stats.views, first.legacy_stats.digg) == (321, 9)
    assert first.cover_image is not None  # litpic
    # #p#分页标题#e# has no real title; #p#结语#e# becomes a heading.
    assert [b.block_type for b in first.body] == ["paragraph", "paragraph", "heading", "paragraph"]
    assert first.body[2].value == "结语"
    law = get_document_model().objects.get(title="law.docx")  # found in the body only
    assert f'linktype="document" id="{law.pk}"' in first.body[3].value.source

    assert not article(12).live and not article(13).live  # arcrank -1 pending, -2 recycled
    styled = article(14)
    assert styled.body[0].value.source == "<p>红字正文</p>"
    assert styled.url_path.endswith("/special-page/")

    for old, page in [
        ("/a/flfg/2019/0828/11.html", first),
        ("/plus/view.php?aid=11", first),
        ("/a/flfg/special-page.html", styled),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, page.url), old
    assert Redirect.objects.filter(old_path="/a/flfg/dffg").exists()

    User = get_user_model()
    reader = User.objects.get(username="reader1")
    assert reader.first_name == "读者一" and authenticate_as_reader(
        username="reader1", password="dede-pass"
    )
    # The admin shares a login name with a member: one account, staff, member's password kept.
    admin = User.objects.get(username="admin")
    assert admin.is_staff and not admin.is_superuser
    assert authenticate_as_reader(username="admin", password="admin")
    # An administrator without a member account signs in with the 20-character DedeCMS hash.
    xiaoli = User.objects.get(username="xiaoli")
    assert (
        xiaoli.is_staff and authenticate_as_reader(username="xiaoli", password="admin888") == xiaoli
    )

    again = migrate("dedecms", "--db", url, "--files", str(old_webroot))
    assert (
        ArticlePage.objects.count() == 4
        and "dede_archives                        6       0       0       4" in again
    )


def test_comments_reach_the_extension_point(legacy_db, old_webroot):
    """What a comments hook receives: converted comments, the id maps and the source."""
    url = legacy_db("empirecms75.sql")
    received = []

    def store(comments, articles, users, *, source):
        received.append((comments, articles, users, source))
        return len(comments) - 1  # a hook answering with a bare count that fell short

    with hooks.register_temporarily(MIGRATE_COMMENTS, store):
        report = migrate("empirecms", "--db", url, "--files", str(old_webroot))
    ((comments, articles, users, source),) = received
    assert source == "empirecms"
    assert [c.old_id for c in comments] == [1, 2, 3, 4, 5]
    anonymous, quoted, pending, _, _ = comments
    assert anonymous.user_id is None and anonymous.text == "写得好[微笑]" and anonymous.shown
    assert quoted.text == "「引用 匿名：写得好[微笑]」\n同意楼上" and quoted.user_id == 1
    assert not pending.shown
    first = ArticlePage.objects.get(title="法治政府建设的理论与实践")
    second = ArticlePage.objects.get(title="某县推进公共法律服务全覆盖")
    assert articles == {("phome_ecms_news", 1): first.pk, ("phome_ecms_news", 2): second.pk}
    zhangsan = get_user_model().objects.get(username="zhangsan")
    assert users[("phome_enewsmember", 1)] == zhangsan.pk
    assert "phome_enewspl_1 #1–5：评论应用只存储了本批 5 条中的 4 条" in report
    assert "评论应用未安装" not in report


def test_without_a_comments_hook_comments_are_reported_not_migrated(legacy_db, monkeypatch):
    url = legacy_db("dedecms57.sql")
    set_hooks(monkeypatch, MIGRATE_COMMENTS, [])  # as without the comments app
    report = migrate("dedecms", "--db", url)
    assert (
        "dede_feedback                        3       0       0       0       0       3" in report
    )
    assert "评论 3 条已读取并转换，但未迁移：评论应用未安装" in report
    assert "未指定 --files" in report
