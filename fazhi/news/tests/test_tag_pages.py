"""Tag pages /tags/<标签>/: the article's tags link there; paginated like channels, with RSS."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from urllib.parse import quote, unquote

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from fazhi.conftest import count_queries
from fazhi.news.factories import make_article
from fazhi.news.models import ArticlePage
from fazhi.news.tags import TAG_PAGE_SIZE, tag_url

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def tagged(channel, title: str, *tags: str, hours: int = 0, live: bool = True) -> ArticlePage:
    article = make_article(channel, title, publish_time=NOW - timedelta(hours=hours), live=live)
    article = ArticlePage.objects.get(pk=article.pk)
    article.tags.add(*tags)
    revision = article.save_revision()
    if live:
        revision.publish()
    return article


def test_article_tags_link_to_their_tag_page(client, channel):
    article = tagged(channel, "民法典宣传月启动", "民法典", "普法")
    page_html = BeautifulSoup(client.get(article.url).content, "lxml")
    links = {a.get_text(strip=True): a["href"] for a in page_html.select(".article__tags a.tag")}
    assert links == {
        "民法典": "/tags/" + quote("民法典") + "/",
        "普法": "/tags/" + quote("普法") + "/",
    }
    for href in links.values():
        assert client.get(href).status_code == 200


def test_tag_page_lists_newest_first_live_only_with_feed(client, channel):
    tagged(channel, "旧文", "扫黑除恶", hours=5)
    tagged(channel, "新文", "扫黑除恶", hours=1)
    tagged(channel, "草稿", "扫黑除恶", live=False)
    tagged(channel, "别的标签", "宪法宣传周")
    response = client.get("/tags/扫黑除恶/")
    assert response.status_code == 200
    page_html = BeautifulSoup(response.content, "lxml")
    assert page_html.h1.get_text(strip=True) == "标签：扫黑除恶"
    titles = [a.get_text(strip=True) for a in page_html.select(".article-list__title")]
    assert titles == ["新文", "旧文"]
    feed_link = page_html.select_one("link[type='application/rss+xml'][title^='标签']")["href"]
    assert unquote(feed_link) == "/tags/扫黑除恶/feed/"
    feed = client.get(feed_link)
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/rss+xml")
    items = BeautifulSoup(feed.content, "xml").select("item > title")
    assert [i.get_text() for i in items] == ["新文", "旧文"]


def test_tag_pages_are_paginated_like_channels(client, channel):
    for i in range(TAG_PAGE_SIZE + 3):
        tagged(channel, f"宪法{i}", "宪法宣传周", hours=i)
    first = BeautifulSoup(client.get(tag_url("宪法宣传周")).content, "lxml")
    assert len(first.select(".article-list__item")) == TAG_PAGE_SIZE
    next_url = first.select_one(".pagination a[rel=next]")["href"]
    assert unquote(next_url) == "/tags/宪法宣传周/page/2/"
    second = BeautifulSoup(client.get(next_url).content, "lxml")
    assert [a.get_text() for a in second.select(".article-list__title")] == [
        "宪法20",
        "宪法21",
        "宪法22",
    ]
    assert client.get("/tags/宪法宣传周/page/3/").status_code == 404
    assert client.get("/tags/宪法宣传周/page/1/").status_code == 404  # one URL per list page


def test_unknown_tag_answers_404_in_chinese(client, channel):
    tagged(channel, "有标签", "普法")
    for url in ("/tags/不存在的标签/", "/tags/不存在的标签/feed/", "/tags/%E6%97%A0/"):
        response = client.get(url)
        assert response.status_code == 404
        text = response.content.decode()
        assert "没有这个标签" in text and "返回首页" in text


def test_tag_page_queries_stay_fixed(client, channel):
    for i in range(5):
        tagged(channel, f"文{i}", "普法", hours=i)
    few = count_queries(client, "/tags/普法/")
    for i in range(10):
        tagged(channel, f"再{i}", "普法", hours=10 + i)
    assert count_queries(client, "/tags/普法/") == few


def test_demo_articles_carry_rule_of_law_tags(client, home):
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # idempotent
    names = set()
    for article in ArticlePage.objects.live():
        names |= set(article.tags.names())
    assert {"民法典", "普法", "扫黑除恶", "宪法宣传周"} <= names
    assert all(article.tags.exists() for article in ArticlePage.objects.live())
    page_html = BeautifulSoup(client.get("/tags/民法典/").content, "lxml")
    assert len(page_html.select(".article-list__item")) >= 2


def test_a_tag_no_address_can_carry_is_shown_as_text(client, channel):
    """A tag with "/" (old sites have them) has no /tags/<name>/ page: the article still renders."""
    article = tagged(channel, "刑法与民法的衔接", "刑法/民法", "民法典")
    response = client.get(article.url)
    assert response.status_code == 200
    page_html = BeautifulSoup(response.content, "lxml")
    assert [a.get_text(strip=True) for a in page_html.select(".article__tags a.tag")] == ["民法典"]
    assert [s.get_text() for s in page_html.select(".article__tags span.tag")] == ["刑法/民法"]
