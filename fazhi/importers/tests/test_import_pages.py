"""``import_pages`` end to end: pages stored, re-import updates, bad files reported, nothing partial."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from fazhi.core.models import SiteSettings
from fazhi.importers.demo import SEED_PAGE
from fazhi.news.models import ArticlePage, ChannelPage

pytestmark = pytest.mark.django_db

CHROME_WORDS = ("用户名", "验证码", "来顶一下", "京ICP备", "监督电话", "发表评论", "返回首页")


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_pages", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def article_text(article: ArticlePage) -> str:
    fields = [article.title, article.lead, article.author, article.source, article.byline]
    return "\n".join([*fields, article.responsible_editor, article.plain_text()])


def test_seed_imports_to_exactly_the_expected_article(home):
    out, _ = run(str(SEED_PAGE))
    assert "导入完成：新建 1 篇，更新 0 篇，失败 0 个文件。" in out
    article = ArticlePage.objects.get()
    assert article.live
    assert article.title == "司法行政机关抓党建应做到“四个聚力”"
    assert article.publish_time == datetime(
        2019, 8, 28, 11, 33, 51, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert article.source == "法治报道"
    assert article.author == "董定权"
    assert article.responsible_editor == "guanliyuan3"
    assert article.byline == "通讯员 董定权"
    assert article.get_parent().title == "学界之声"
    assert article.lead.startswith("最大程度发挥党的建设作用")
    headings = [text for _, text in article.headings()]
    assert len(headings) == 4 and headings[0].startswith("一、聚力抓好司法行政干警意识形态工作")
    assert article.plain_text().startswith("法治报道讯(通讯员 董定权)")
    text = article_text(article)
    for word in CHROME_WORDS:
        assert word not in text, word


def test_reimport_updates_instead_of_duplicating(home):
    run(str(SEED_PAGE))
    article = ArticlePage.objects.get()
    article.lead = "编辑改过的导读"
    article.save_revision().publish()
    out, _ = run(str(SEED_PAGE))
    assert "新建 0 篇，更新 1 篇" in out
    assert ArticlePage.objects.count() == 1
    assert ChannelPage.objects.filter(title="学界之声").count() == 1
    article.refresh_from_db()
    assert article.lead.startswith("最大程度发挥党的建设作用")
    assert article.revisions.count() == 3  # history kept


def test_site_settings_option_fills_footer(home):
    run("--site-settings", str(SEED_PAGE))
    site_settings = SiteSettings.for_site(home.get_site())
    assert site_settings.broadcast_licence == "(京)字第22754号"
    assert site_settings.icp_number == "京ICP备10039517号"
    assert site_settings.police_filing == "京公网安备11010102007124号"
    assert site_settings.supervision_phone.startswith("010-57027107")
    assert site_settings.chief_editor_email == "zgfzzb@126.com"


def test_without_option_footer_settings_stay_untouched(home):
    run(str(SEED_PAGE))
    assert SiteSettings.for_site(home.get_site()).icp_number == ""


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_bytes(SEED_PAGE.read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    )
    (tmp_path / "notitle.txt").write_text("时间:2019-08-28 11:33:51\n\n", encoding="utf-8")
    (tmp_path / "nodate.txt").write_text(
        "您当前的位置:首页 > 学界之声\n\n一篇没有日期的文章\n\n来源:法治报道\n\n正文第一段。\n",
        encoding="utf-8",
    )
    return tmp_path


def test_bad_files_are_reported_and_the_batch_goes_on(home, mixed_folder):
    pages_before = Page.objects.count()
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_pages", str(mixed_folder), stdout=out, stderr=err)
    assert excinfo.value.returncode == 1
    assert "新建 1 篇，更新 0 篇，失败 4 个文件" in str(excinfo.value)
    errors = err.getvalue()
    assert f"{mixed_folder / 'empty.txt'}: 文件为空" in errors
    assert str(mixed_folder / "binary.html") in errors
    assert f"{mixed_folder / 'notitle.txt'}: " in errors
    assert f"{mixed_folder / 'nodate.txt'}: 未找到发布时间" in errors
    # Only the good page and its new channel were stored: nothing partial from the bad ones.
    assert ArticlePage.objects.count() == 1
    assert Page.objects.count() == pages_before + 2


def test_missing_path_is_a_clear_error(home, tmp_path):
    with pytest.raises(CommandError, match="失败 1 个文件"):
        run(str(tmp_path / "nope.txt"))
    with pytest.raises(CommandError, match="没有找到可导入的文件"):
        run(str(tmp_path))


def test_importer_escapes_markup_in_text(home, tmp_path):
    page = tmp_path / "xss.txt"
    page.write_text(
        "您当前的位置:首页 > 法治要闻\n\n标题<script>alert(1)</script>\n\n"
        "时间:2024-01-02 03:04:05 来源:法治报道 作者:张三\n\n正文<img src=x onerror=alert(1)>一段。\n",
        encoding="utf-8",
    )
    run(str(page))
    article = ArticlePage.objects.get()
    paragraph = article.body[0].value.source
    assert "<img" not in paragraph and "&lt;img" in paragraph


def test_imported_articles_get_short_time_slugs(home, tmp_path):
    run(str(SEED_PAGE))
    article = ArticlePage.objects.get()
    assert article.url == "/xjzs/20190828-113351/"  # channel 学界之声 created with pinyin initials
    # A different article at the same second in the same channel gets its own slug.
    other = tmp_path / "same-second.txt"
    other.write_text(
        "您当前的位置:首页 > 学界之声\n\n另一篇同一秒发布的文章\n\n时间:2019-08-28 11:33:51\n\n正文。\n",
        encoding="utf-8",
    )
    run(str(other))
    slugs = sorted(ArticlePage.objects.values_list("slug", flat=True))
    assert slugs == ["20190828-113351", "20190828-113351-2"]
