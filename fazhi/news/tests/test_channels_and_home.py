"""Channel lists (newest first, paginated by path), the home page, and their query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.conftest import count_queries
from fazhi.news.factories import make_article, make_channel

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "lxml")
    return [a.get_text(strip=True) for a in soup.select(".article-list__title")]


def test_channel_lists_live_articles_newest_first(client, channel):
    now = timezone.now()
    make_article(channel, "旧闻", publish_time=now - timedelta(days=2))
    make_article(channel, "新闻", publish_time=now)
    make_article(channel, "草稿", publish_time=now, live=False)
    response = client.get(channel.url)
    assert response.status_code == 200
    assert titles(response) == ["新闻", "旧闻"]
    soup = BeautifulSoup(response.content, "lxml")
    assert (
        " ".join(soup.select_one("nav.breadcrumb").get_text().split())
        == "您当前的位置:首页 > 法治要闻"
    )


def test_channel_pagination_uses_paths(client, channel):
    channel.per_page = 2
    channel.save_revision().publish()
    now = timezone.now()
    for i in range(5):
        make_article(channel, f"第{i}篇", publish_time=now - timedelta(hours=i))
    first = client.get(channel.url)
    assert titles(first) == ["第0篇", "第1篇"]
    soup = BeautifulSoup(first.content, "lxml")
    next_url = soup.select_one("a[rel=next]")["href"]
    assert next_url == channel.url + "page/2/"
    assert titles(client.get(next_url)) == ["第2篇", "第3篇"]
    assert titles(client.get(channel.url + "page/3/")) == ["第4篇"]
    assert client.get(channel.url + "page/4/").status_code == 404
    assert client.get(channel.url + "page/1/").status_code == 404


def test_empty_channel_says_so(client, channel):
    assert "本栏目暂无文章" in client.get(channel.url).content.decode()


def test_channel_query_count_is_fixed(client, channel):
    make_article(channel)
    few = count_queries(client, channel.url)
    for _ in range(15):
        make_article(channel)
    # Two more than articles alone: the video count and list (videos are listed among articles).
    assert count_queries(client, channel.url) == few <= 15


def test_home_lists_latest_articles_per_channel(client, home):
    news = make_channel(home, "法治要闻", "fzyw")
    voices = make_channel(home, "学界之声", "xjzs")
    sub = make_channel(voices, "专家访谈", "fangtan")
    now = timezone.now()
    for i in range(8):
        make_article(news, f"要闻{i}", publish_time=now - timedelta(minutes=i))
    make_article(sub, "访谈一", publish_time=now)
    response = client.get("/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "lxml")
    sections = {
        s.h2.get_text(strip=True): [
            a.get_text(strip=True) for a in s.select(".article-list__title")
        ]
        for s in soup.select("section.home-section")
    }
    assert sections["法治要闻"] == [f"要闻{i}" for i in range(6)]  # articles_per_channel = 6
    assert sections["学界之声"] == ["访谈一"]  # a sub-channel's article counts for its parent
    nav = [a.get_text(strip=True) for a in soup.select("nav.main-nav a")]
    assert nav == ["首页", "人员查询", "法治要闻", "学界之声"]


def test_home_query_count_is_fixed(client, home):
    first = make_channel(home, "栏目")
    make_article(first)
    few = count_queries(client, "/")
    for n in range(4):
        channel = make_channel(home, f"栏目{n}")
        for _ in range(3):
            make_article(channel)
    # One more than articles alone: the newest videos per channel (one window query).
    assert count_queries(client, "/") == few <= 12


def test_a_list_page_reads_one_page_of_rows_and_matches_the_merge(channel):
    """NewestFirst: with one page type present, page N is that queryset's own slice (not the
    first N pages of rows); with videos too, the merge; both equal the merged whole list."""
    from fazhi.news.selectors import NewestFirst, listed_querysets, newest_first
    from fazhi.video.factories import make_video

    now = timezone.now()
    for i in range(7):
        make_article(channel, f"第{i}篇", publish_time=now - timedelta(hours=i))
    whole = newest_first(list(qs) for qs in listed_querysets(channel))
    entries = NewestFirst(listed_querysets(channel))
    assert len(entries) == 7
    assert [p.pk for p in entries[4:6]] == [p.pk for p in whole[4:6]]
    assert [p.pk for p in entries[0:7:3]] == [p.pk for p in whole[0:7:3]]
    article_rows = listed_querysets(channel)[0]
    with CaptureQueriesContext(connection) as captured:
        NewestFirst(listed_querysets(channel))[4:6]
    sql = [q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"]]
    assert sql and all("OFFSET 4" in q for q in sql), sql  # one page, not rows 0-5
    assert article_rows.count() == 7

    make_video(
        channel,
        "视频",
        external_url="https://player.bilibili.com/player.html?bvid=1",
        publish_time=now - timedelta(hours=2, minutes=30),
    )
    whole = newest_first(list(qs) for qs in listed_querysets(channel))
    entries = NewestFirst(listed_querysets(channel))
    assert len(entries) == 8
    for start in range(0, 8, 3):
        assert [p.pk for p in entries[start : start + 3]] == [
            p.pk for p in whole[start : start + 3]
        ]
