"""A reader opens the demo article in a real headless Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fazhi.conftest import save_screenshot

# serialized_rollback: a live-server test flushes the database afterwards; this brings back the
# rows migrations create (root page, default site, Wagtail groups) for whichever runs next.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_reader_sees_the_seed_article(live_server, seed_article, browser_page):
    page = browser_page
    response = page.goto(live_server.url + seed_article.url)
    assert response.status == 200
    assert page.title() == "司法行政机关抓党建应做到“四个聚力” - 法治报道"
    assert page.locator("h1").inner_text() == "司法行政机关抓党建应做到“四个聚力”"
    expect(page.locator(".article__meta [data-live=read_count]")).to_have_text("0")
    meta = " ".join(page.locator(".article__meta").inner_text().split())
    assert meta == "时间:2019-08-28 11:33:51 来源:法治报道 作者:董定权 阅读 0"
    assert page.locator("nav.breadcrumb").inner_text().split() == [
        "您当前的位置:首页",
        ">",
        "学界之声",
    ]
    assert page.locator(".article__body h2").count() == 4
    assert page.get_by_role("button", name="来顶一下").is_visible()
    assert page.get_by_role("link", name="返回首页").is_visible()
    assert page.get_by_label("用户名:").is_visible()
    assert page.get_by_label("验证码:").is_visible()
    assert page.get_by_text("京ICP备10039517号").is_visible()
    # The page script fetched the shared live data: no token until the reader enters the
    # comment form; then the personal live data fills it in.
    token = page.locator("form.comment-form input[name=csrfmiddlewaretoken]")
    assert token.input_value() == ""
    page.get_by_label("评论内容").focus()
    page.wait_for_function(
        "() => document.querySelector('form.comment-form input[name=csrfmiddlewaretoken]').value !== ''"
    )
    assert len(token.input_value()) >= 32
    # Phones first: nothing wider than the screen.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    save_screenshot(page, "seed-article-375")

    page.get_by_role("link", name="学界之声").first.click()
    page.wait_for_url(live_server.url + seed_article.get_parent().url)
    assert page.get_by_role("link", name=seed_article.title).is_visible()
