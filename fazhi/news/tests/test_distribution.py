"""RSS feeds, sitemap.xml and robots.txt."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from fazhi.news.factories import make_article

pytestmark = pytest.mark.django_db


def rss_items(response) -> list[dict[str, str]]:
    root = ElementTree.fromstring(response.content)
    return [{child.tag: child.text or "" for child in item} for item in root.iter("item")]


def test_site_feed_lists_articles(client, seed_article):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    items = rss_items(response)
    assert items[0]["title"] == seed_article.title
    assert items[0]["link"].endswith(seed_article.url)
    assert items[0]["description"].startswith("最大程度发挥党的建设作用")


def test_channel_feed_lists_only_its_articles(client, channel, seed_article):
    make_article(channel, "要闻一")
    voices = seed_article.get_parent()
    assert [i["title"] for i in rss_items(client.get(channel.url + "feed/"))] == ["要闻一"]
    assert [i["title"] for i in rss_items(client.get(voices.url + "feed/"))] == [seed_article.title]


def test_unpublished_article_is_not_in_feed_or_sitemap(client, channel):
    draft = make_article(channel, "未发布的稿件", live=False)
    assert "未发布的稿件" not in client.get("/feed/").content.decode()
    assert draft.slug not in client.get("/sitemap.xml").content.decode()


def test_sitemap_lists_home_channels_and_articles(client, seed_article):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert any(loc.endswith(seed_article.url) for loc in locs)
    assert any(loc.endswith(seed_article.get_parent().url) for loc in locs)


def test_robots_txt_points_to_sitemap(client, home):
    response = client.get("/robots.txt")  # asked on "testserver": the answer names FAZHI_BASE_URL
    assert response.status_code == 200
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body
