"""`make demo-empirecms` in a real browser: the demo site's comments and 顶 count on a migrated
article, the pending one held back."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.conftest import save_screenshot
from fazhi.legacy.models import LegacyRecord
from fazhi.legacy.tests.conftest import migrate
from fazhi.news.models import ArticlePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO = Path(__file__).resolve().parent.parent / "demo"


def test_demo_articles_show_their_old_comments(mariadb, live_server, live_home, browser):
    migrate("empirecms", "--sql", str(DEMO / "empirecms_demo.sql"), "--files", str(DEMO / "files"))
    record = LegacyRecord.objects.get(source="empirecms", table="phome_ecms_news", old_id="1")
    article = ArticlePage.objects.get(pk=record.object_id)

    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(live_server.url + "/xjzs/2019-08-28/1.html")  # the old URL redirects to it
    assert page.url == live_server.url + article.url
    page.wait_for_selector(".comment-list .comment__text")
    page.wait_for_function("document.querySelector('[data-live=digg_count]').textContent === '56'")
    texts = page.locator(".comment-list .comment__text").all_inner_texts()
    assert texts == ["「引用 匿名：写得好[微笑]」\n同意楼上", "写得好[微笑]"]  # newest first
    assert page.locator("[data-live=comment_count]").inner_text() == "2"
    body = page.locator(".comments").inner_text()
    assert "zhangsan" in body and "匿名网友" in body and "待审核的评论" not in body
    save_screenshot(page, "legacy-demo-comments")
