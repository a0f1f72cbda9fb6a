"""EmpireCMS 7.5 and 8.0 into fazhi, from the real MariaDB server and from a .sql dump."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from fazhi.conftest import authenticate_as_reader
from fazhi.legacy.models import LegacyArticleStats, LegacyRecord
from fazhi.legacy.tests.conftest import SQL_DIR, migrate
from fazhi.legacy.writer import Writer
from fazhi.news.models import ArticlePage, ChannelPage

pytestmark = pytest.mark.django_db


def article(table: str, old_id: int) -> ArticlePage:
    record = LegacyRecord.objects.get(source="empirecms", table=table, old_id=str(old_id))
    return ArticlePage.objects.get(pk=record.object_id)


def site_counts() -> dict[str, int]:
    return {
        "articles": ArticlePage.objects.count(),
        "channels": ChannelPage.objects.count(),
        "users": get_user_model().objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "redirects": Redirect.objects.count(),
        "records": LegacyRecord.objects.count(),
        "stats": LegacyArticleStats.objects.count(),
    }


def test_empirecms75_from_the_live_database(legacy_db, old_webroot, client):
    url = legacy_db("empirecms75.sql")
    report = migrate("empirecms", "--db", url, "--files", str(old_webroot))

    # Counts: old vs new per table, and every row left out with its reason.
    assert "帝国CMS 7.5" in report
    assert ChannelPage.objects.count() == 4
    assert ArticlePage.objects.count() == 5  # 3 news + 1 pending + 1 from phome_ecms_article
    assert "phome_ecms_news #4：所属栏目 classid=99 不存在" in report
    assert "phome_ecms_news #5：正文表中没有这篇文章" in report
    assert "phome_enewsfile_1 #4：文件不存在：/d/file/2019-08-28/missing.jpg" in report
    assert "phome_enewsmember #3：用户名为空" in report
    assert "phome_enewspl_1 #5：所评论的文章 phome_ecms_news #4 未迁移" in report

    # Channel tree with old class paths kept.
    child = ChannelPage.objects.get(title="地方动态")
    assert child.get_parent().title == "法治要闻" and child.url_path == "/home/fzyw/dfdt/"
    assert LegacyRecord.objects.get(table="phome_enewsclass", old_id="3").old_path == "fzyw/dfdt"

    # Field mapping, keywords → tags, counters on LegacyArticleStats.
    first = article("phome_ecms_news", 1)
    assert first.title == "法治政府建设的理论与实践"
    assert (first.author, first.source, first.lead) == (
        "董定权",
        "法治日报",
        "推进法治政府建设的几点思考。",
    )
    assert first.publish_time == datetime(2019, 8, 28, 3, 33, 51, tzinfo=UTC)
    assert sorted(first.tags.names()) == sorted(["法治政府", "依法行政", "调解"])
    assert first.live and first.first_published_at == first.publish_time
    stats = first.legacy_stats
    assert (stats.views, stats.digg, stats.comment_count, stats.publisher, stats.subtitle) == (
        1234, 56, 3, "admin", "副标题一",
    )  # fmt: skip
    # Sanitised body, the lone image became an image block, cover image from titlepic.
    assert [b.block_type for b in first.body] == ["paragraph", "image", "paragraph"]
    raw = str(first.body.raw_data)
    assert "script" not in raw and "onclick" not in raw and "javascript" not in raw
    assert first.cover_image is not None and first.cover_image.title == "封面图"
    assert first.body[1].value["image"].pk == first.cover_image.pk

    # Page breaks: the subtitle became a heading; the table and the inline image stayed.
    second = article("phome_ecms_news", 2)
    assert [b.block_type for b in second.body] == ["paragraph", "heading", "paragraph", "paragraph"]
    assert second.body[1].value == "第二页标题"
    assert "<table>" in second.body[2].value.source and "法律援助" in second.body[2].value.source
    photo = get_image_model().objects.get(title="现场照片")
    assert f'src="{photo.file.url}"' in second.body[3].value.source

    # Attachment link rewritten to the Wagtail document.
    third = article("phome_ecms_news", 3)
    document = get_document_model().objects.get(title="年度报告")
    assert f'linktype="document" id="{document.pk}"' in third.body[0].value.source
    assert "/d/file/2019-08-28/missing.jpg" in third.body[0].value.source  # kept, reported

    # Pending (_check) → draft; other model through tbname.
    pending = article("phome_ecms_news", 6)
    assert (
        not pending.live and pending.has_unpublished_changes and pending.first_published_at is None
    )
    assert article("phome_ecms_article", 1).get_parent().title == "普法专栏"

    # Pages render, redirects are permanent and land on them.
    assert client.get(first.url).status_code == 200
    page = client.get(second.url)
    assert page.status_code == 200 and "第二页标题" in page.content.decode()
    for old, new in [
        ("/xjzs/2019-08-28/1.html", first.url),
        ("/e/action/ShowInfo.php?classid=2&id=1", first.url),
        ("/fzyw/dfdt/2019-09-01/2.shtml", second.url),
        ("/fzyw/report-2019.html", third.url),
        ("/fzyw/dfdt/index.html", child.url),
        ("/d/file/2019-08-28/report.pdf", document.url),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old

    # Members sign in with their old password; admins are staff without any group.
    User = get_user_model()
    zhangsan = User.objects.get(username="zhangsan")
    assert (zhangsan.email, zhangsan.first_name, zhangsan.is_active) == (
        "zhangsan@example.cn",
        "张三",
        True,
    )
    assert zhangsan.date_joined == datetime(2019, 1, 1, tzinfo=UTC)
    assert not User.objects.get(username="lisi").is_active  # checked = 0
    assert authenticate_as_reader(username="zhangsan", password="secret123") == zhangsan
    zhangsan.refresh_from_db()
    assert not zhangsan.password.startswith("empirecms$")  # upgraded at sign-in
    editor = User.objects.get(username="editor")
    assert editor.is_staff and not editor.is_superuser and not editor.has_usable_password()
    assert not editor.groups.exists() and not editor.has_perm("wagtailcore.publish_page")


def test_rerun_is_idempotent_and_keeps_upgraded_passwords(legacy_db, old_webroot):
    url = legacy_db("empirecms75.sql")
    migrate("empirecms", "--db", url, "--files", str(old_webroot))
    before = site_counts()
    assert authenticate_as_reader(username="zhangsan", password="secret123")
    upgraded = get_user_model().objects.get(username="zhangsan").password

    report = migrate("empirecms", "--db", url, "--files", str(old_webroot))
    assert site_counts() == before
    assert get_user_model().objects.get(username="zhangsan").password == upgraded
    lines = {
        line.split()[0]: line.split()[1:] for line in report.splitlines()[2:] if line[:1] == "p"
    }
    assert lines["phome_ecms_news"] == ["5", "0", "0", "3", "3", "2"]  # old, new, upd, same…

    # An old row changed since: the re-run updates the same page in place.
    from fazhi.legacy import sources

    connection = sources.connect(sources.parse_mysql_url(url))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE phome_ecms_news SET title='新标题', onclick=2000 WHERE id=1")
    connection.close()
    migrate("empirecms", "--db", url, "--files", str(old_webroot))
    assert site_counts() == before
    page = article("phome_ecms_news", 1)
    assert page.title == "新标题" and page.legacy_stats.views == 2000


def test_failure_mid_run_rolls_back_that_batch_and_a_rerun_resumes(
    legacy_db, old_webroot, monkeypatch
):
    url = legacy_db("empirecms75.sql")
    original = Writer._write_article_redirects
    calls = {"n": 0}

    def failing(self, stored):
        calls["n"] += 1
        # Batches: phome_ecms_article (1), phome_ecms_news ids 1-2, ids 3-4 (fails), 5, check 6.
        if calls["n"] == 3:
            raise RuntimeError("磁盘已满（测试注入）")
        return original(self, stored)

    monkeypatch.setattr(Writer, "_write_article_redirects", failing)
    with pytest.raises(CommandError, match="articles 第 3 批失败（该批已回滚）：磁盘已满"):
        migrate("empirecms", "--db", url, "--files", str(old_webroot), "--batch-size", "2")
    # Batches before are there; nothing of the failed one: no page, record or channel count.
    assert ArticlePage.objects.count() == 3
    assert not LegacyRecord.objects.filter(table="phome_ecms_news", old_id="3").exists()
    assert not ArticlePage.objects.filter(title="年度法治报告发布").exists()
    fzyw = ChannelPage.objects.get(title="法治要闻")
    assert fzyw.numchild == 1  # only its sub-channel

    monkeypatch.setattr(Writer, "_write_article_redirects", original)
    report = migrate("empirecms", "--db", url, "--files", str(old_webroot), "--batch-size", "2")
    assert ArticlePage.objects.count() == 5
    assert ArticlePage.objects.filter(title="法治政府建设的理论与实践").count() == 1
    fzyw.refresh_from_db()
    assert fzyw.numchild == 1 + 2  # sub-channel + article 3 + the pending one
    assert (
        "phome_ecms_news                      5       1       0       2       3       2" in report
    )
    # Treebeard's own check finds no broken paths or counts.
    from wagtail.models import Page

    assert Page.find_problems() == ([], [], [], [], [])


def test_dry_run_writes_nothing(legacy_db, old_webroot):
    url = legacy_db("empirecms75.sql")
    before = site_counts()
    report = migrate("empirecms", "--db", url, "--files", str(old_webroot), "--dry-run")
    assert "试运行" in report and "phome_ecms_news                      5       3" in report
    assert site_counts() == before


def test_empirecms80_from_a_sql_file(mariadb, old_webroot, settings):
    report = migrate(
        "empirecms", "--sql", str(SQL_DIR / "empirecms80.sql"), "--files", str(old_webroot)
    )
    assert "帝国CMS 8.0" in report and "没有未迁移的记录。" in report
    page = article("phome_ecms_news", 101)
    assert page.get_parent().title == "审判" and page.get_parent().get_parent().title == "司法动态"
    assert (page.author, page.source) == ("记者 赵六", "人民法院报")
    assert page.legacy_stats.digg == 42  # 8.0 keeps diggtop in the data table
    from fazhi.comments.models import Comment, DiggCount

    assert DiggCount.objects.get(page_id=page.pk).count == 42
    assert Comment.objects.get(page_id=page.pk).text == "支持公开审判[哈哈]"
    assert [b.block_type for b in page.body] == ["paragraph", "paragraph"]  # untitled page break
    assert sorted(page.tags.names()) == ["公开", "审判"]
    assert not article("phome_ecms_news", 103).live
    assert (
        Redirect.objects.get(old_path="/news/sfdt/sp/2023/0315/101.html").redirect_page_id
        == page.pk
    )
    assert authenticate_as_reader(username="wangwu", password="wangwu#2024") is not None
    # The scratch database was dropped afterwards.
    from fazhi.legacy import sources

    connection = sources.connect(mariadb, database="")
    with connection.cursor() as cursor:
        cursor.execute("SHOW DATABASES LIKE %s", [settings.LEGACY_SCRATCH_PREFIX + "empirecms80%"])
        assert cursor.fetchall() == ()
    connection.close()


def test_mysqldump_file_gives_the_same_site_as_the_live_database(mariadb, old_webroot):
    """``empirecms75_mysqldump.sql`` is mysqldump's own output for empirecms75.sql."""
    report = migrate(
        "empirecms",
        "--sql",
        str(SQL_DIR / "empirecms75_mysqldump.sql"),
        "--files",
        str(old_webroot),
    )
    assert ArticlePage.objects.count() == 5 and ChannelPage.objects.count() == 4
    assert article("phome_ecms_news", 1).author == "董定权"
    assert "phome_enewsmember                    3       2" in report


def test_bad_input_gets_a_chinese_message(tmp_path, mariadb):
    with pytest.raises(CommandError, match="无法连接 MySQL/MariaDB"):
        migrate("empirecms", "--db", "mysql://root@127.0.0.1:1/x")
    with pytest.raises(CommandError, match="找不到 SQL 文件"):
        migrate("empirecms", "--sql", str(tmp_path / "none.sql"))
    with pytest.raises(CommandError, match="--files 指定的目录不存在"):
        migrate("empirecms", "--db", "mysql://root@127.0.0.1/x", "--files", str(tmp_path / "no"))
    broken = tmp_path / "broken.sql"
    broken.write_text("CREATE TABLE x (id int);\nINSERT INTO nowhere VALUES (1);\n")
    with pytest.raises(CommandError, match="第 2 条语句执行失败"):
        migrate("empirecms", "--sql", str(broken))
    from django.conf import settings

    from fazhi.legacy import sources

    connection = sources.connect(mariadb, database="")
    with connection.cursor() as cursor:  # the half-loaded scratch database was dropped
        cursor.execute("SHOW DATABASES LIKE %s", [settings.LEGACY_SCRATCH_PREFIX + "broken%"])
        assert cursor.fetchall() == ()
    connection.close()
    with pytest.raises(CommandError, match="没有 empirecms 的栏目表"):
        migrate("empirecms", "--sql", str(SQL_DIR / "dedecms57.sql"))


def test_demo_site_fixture_migrates_into_the_demo_completely(mariadb, client):
    """What `make demo-empirecms` runs after `load_demo`: every row arrives, channels merge."""
    from pathlib import Path

    from django.core.management import call_command

    call_command("load_demo", stdout=None)
    demo_channel = ChannelPage.objects.get(slug="xjzs")
    demo = Path(__file__).resolve().parent.parent / "demo"
    report = migrate(
        "empirecms", "--sql", str(demo / "empirecms_demo.sql"), "--files", str(demo / "files")
    )
    assert (
        "\n没有未迁移的记录。" in report
        and "评论 phome_enewspl_1：读取 6 条，已存储 6 条" in report
    )
    assert ChannelPage.objects.filter(slug="xjzs").count() == 1  # adopted, not doubled
    migrated = article("phome_ecms_news", 1)
    assert migrated.get_parent().pk == demo_channel.pk
    assert client.get("/xjzs/2019-08-28/1.html")["Location"] == migrated.url
    assert client.get(migrated.url).status_code == 200
    shown = client.get(f"/api/pages/{migrated.pk}/comments/", HTTP_ACCEPT="application/json")
    assert shown.json()["count"] == 2  # the third waits in the moderation queue
    assert authenticate_as_reader(username="zhangsan", password="secret123")
