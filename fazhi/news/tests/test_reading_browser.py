"""A reader clicks through the reading paths in headless Chromium: 大/中/小 remembered across a
reload with no layout shift, by mouse and by keyboard; 下一篇 and 上一篇 lead where they say."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.conftest import save_screenshot
from fazhi.core.tests.reader_pages import axe_violations, describe
from fazhi.news.factories import make_article, make_channel

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOW = timezone.now()
SHIFTS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


@pytest.fixture
def row(live_home):
    channel = make_channel(live_home, "普法园地", "pufa")
    older = make_article(channel, "民法典宣传月启动", paragraphs=["民法典宣传月活动在全市启动。"] * 3,
                         publish_time=NOW - timedelta(hours=2))  # fmt: skip
    newer = make_article(channel, "民法典进社区", paragraphs=["普法志愿者走进社区讲解民法典。"] * 3,
                         publish_time=NOW - timedelta(hours=1))  # fmt: skip
    return older, newer


def body_size(page) -> float:
    return page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.article__body p')).fontSize)"
    )


def test_font_size_is_remembered_and_next_article_link_works(live_server, row, browser_page):
    older, newer = row
    page = browser_page
    page.goto(live_server.url + older.url)
    medium = body_size(page)
    assert page.get_by_role("button", name="中号字").get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="大号字").click()
    assert body_size(page) > medium
    assert page.get_by_role("button", name="大号字").get_attribute("aria-pressed") == "true"
    assert page.get_by_role("button", name="中号字").get_attribute("aria-pressed") == "false"

    page.reload()
    assert body_size(page) > medium  # remembered on the device
    assert page.get_by_role("button", name="大号字").get_attribute("aria-pressed") == "true"
    assert page.evaluate(SHIFTS) == 0  # applied before the first paint: nothing moved
    save_screenshot(page, "reading-paths-large-375")

    # 下一篇 leads to the newer article, which keeps the size; its 上一篇 leads back
    paths = page.get_by_role("navigation", name="上一篇与下一篇")
    paths.get_by_role("link", name="民法典进社区").click()
    page.wait_for_url(live_server.url + newer.url)
    assert page.locator("h1").inner_text() == "民法典进社区"
    assert body_size(page) > medium
    page.get_by_role("navigation", name="上一篇与下一篇").get_by_role(
        "link", name="民法典宣传月启动"
    ).click()
    page.wait_for_url(live_server.url + older.url)

    # by keyboard: focus 小号字 and press Enter, then Space on 中号字
    small = page.get_by_role("button", name="小号字")
    small.focus()
    page.keyboard.press("Enter")
    assert body_size(page) < medium
    page.get_by_role("button", name="中号字").focus()
    page.keyboard.press("Space")
    assert body_size(page) == medium
    page.reload()
    assert body_size(page) == medium


def test_article_with_reading_paths_has_no_axe_violations(live_server, row, browser):
    _older, newer = row
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.goto(live_server.url + newer.url)
        assert page.locator(".reading-paths a").count() == 1
        assert page.locator(".font-size button").count() == 3
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        save_screenshot(page, f"reading-paths-article-{width}")
        context.close()
