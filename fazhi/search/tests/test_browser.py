"""A reader searches from the header box in a real headless Chromium."""

from __future__ import annotations

from importlib import import_module

import pytest

from fazhi.conftest import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_tree(transactional_db):
    """The root, locale, home page and site the migrations made: an earlier transactional test
    (another app's browser test) flushes them."""
    from wagtail.models import Locale, Page, Site

    if not Site.objects.exists():
        from django.apps import apps

        locale, _ = Locale.objects.get_or_create(language_code="zh-hans")
        if not Page.objects.filter(depth=1).exists():
            Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        import_module("fazhi.core.migrations.0002_create_homepage").create_homepage(apps, None)


def test_header_search_finds_the_seed_article_highlighted(
    site_tree, live_server, seed_article, browser_page
):
    page = browser_page
    page.goto(live_server.url + seed_article.url)
    page.get_by_label("搜索:").fill("公共法律服务")
    page.get_by_role("button", name="搜索").first.click()
    page.wait_for_url("**/search/?q=*")
    assert page.title() == "“公共法律服务”的搜索结果 - 法治报道"
    result = page.locator(".search-result").first
    assert (
        result.locator(".article-list__title").inner_text() == "司法行政机关抓党建应做到“四个聚力”"
    )
    assert set(result.locator("mark").all_inner_texts()) == {"公共法律服务"}
    assert page.locator(".search-count").inner_text() == "找到相关文章 1 篇"
    result.locator(".article-list__title").click()
    page.wait_for_url(live_server.url + seed_article.url)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.go_back()
    save_screenshot(page, "search-results-375")
