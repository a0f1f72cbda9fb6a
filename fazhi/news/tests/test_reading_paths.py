"""上一篇/下一篇 on articles and videos, the font-size switch and share links, and the purge of
the neighbours when an article is published, unpublished, re-dated or moved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from fazhi.news.factories import make_article, make_channel
from fazhi.news.models import ArticlePage
from fazhi.news.selectors import neighbours
from fazhi.serving.tests.conftest import cache_state
from fazhi.video.factories import make_video

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "lxml")


def paths_of(page_html: BeautifulSoup) -> dict[str, tuple[str, str] | None]:
    found = {}
    for side in ("previous", "next"):
        item = page_html.select_one(f".reading-paths__{side}")
        link = item.select_one("a") if item else None
        found[side] = (link.get_text(strip=True), link["href"]) if link else None
    return found


@pytest.fixture
def row(home, django_capture_on_commit_callbacks):
    """One channel: three articles and a video, an hour apart; another channel with one."""
    with django_capture_on_commit_callbacks(execute=True):
        channel = make_channel(home, "法治要闻", "fzyw")
        other = make_channel(home, "学界之声", "xjzs")
        # Texts without a word in common: no 相关阅读 links them (fazhi.related), so only the
        # neighbours are purged
        first = make_article(channel, "第一篇", paragraphs=["春天桃花盛开。"],
                             publish_time=NOW - timedelta(hours=4))  # fmt: skip
        video = make_video(channel, title="视频一", external_url="https://v.qq.com/x/1.html",
                           duration=60, publish_time=NOW - timedelta(hours=3))  # fmt: skip
        third = make_article(channel, "第三篇", paragraphs=["高铁列车提速。"],
                             publish_time=NOW - timedelta(hours=2))  # fmt: skip
        last = make_article(channel, "第四篇", paragraphs=["冬季滑雪运动。"],
                            publish_time=NOW - timedelta(hours=1))  # fmt: skip
        elsewhere = make_article(other, "别的栏目", paragraphs=["围棋比赛决赛。"],
                                 publish_time=NOW - timedelta(hours=150))  # fmt: skip
    return {"channel": channel, "other": other, "first": first, "video": video,
            "third": third, "last": last, "elsewhere": elsewhere}  # fmt: skip


def test_neighbours_follow_the_channel_list_order_across_articles_and_videos(row):
    around = neighbours(row["third"])
    assert (around.previous.pk, around.next.pk) == (row["video"].pk, row["last"].pk)
    around = neighbours(row["video"])
    assert (around.previous.pk, around.next.pk) == (row["first"].pk, row["third"].pk)
    assert neighbours(row["first"]).previous is None
    assert neighbours(row["last"]).next is None
    assert neighbours(row["elsewhere"]).previous is None  # other channels never count


def test_same_time_is_ordered_by_id_like_the_list(home):
    channel = make_channel(home, "法治要闻", "fzyw")
    a, b, c = (make_article(channel, f"同时{i}", publish_time=NOW) for i in range(3))
    assert channel.articles().first().pk == c.pk  # newest first: higher id first
    around = neighbours(b)
    assert (around.previous.pk, around.next.pk) == (a.pk, c.pk)


def test_drafts_and_private_pages_are_skipped(row):
    third = ArticlePage.objects.get(pk=row["third"].pk)
    third.unpublish()
    around = neighbours(row["last"])
    assert around.previous.pk == row["video"].pk


def test_article_page_links_previous_and_next(client, row):
    found = paths_of(soup(client, row["third"].url))
    assert found == {"previous": ("视频一", row["video"].url), "next": ("第四篇", row["last"].url)}
    first = soup(client, row["first"].url)
    assert paths_of(first)["previous"] is None
    assert "上一篇：没有了" in first.select_one(".reading-paths").get_text()


def test_video_page_has_previous_next_share_and_font_size(client, row):
    page_html = soup(client, row["video"].url)
    assert paths_of(page_html) == {
        "previous": ("第一篇", row["first"].url),
        "next": ("第三篇", row["third"].url),
    }
    assert_reading_tools(page_html)


def assert_reading_tools(page_html: BeautifulSoup) -> None:
    sizes = page_html.select(".font-size button")
    assert [b.get_text(strip=True) for b in sizes] == ["大", "中", "小"]
    assert all(b["type"] == "button" for b in sizes)  # keyboard: real buttons
    assert page_html.select_one(".font-size")["role"] == "group"
    weibo = page_html.select_one("a.share__weibo")["href"]
    assert weibo.startswith("https://service.weibo.com/share/share.php?url=http")
    qq = page_html.select_one("a.share__qq")["href"]
    assert qq.startswith("https://connect.qq.com/widget/shareqq/index.html?url=http")
    assert page_html.select_one(".share__qr svg") is not None  # WeChat: scan the QR
    assert page_html.select_one("[data-print]").get_text(strip=True) == "打印本页"
    head_scripts = [s["src"] for s in page_html.head.select("script[src]")]
    assert any(src.endswith("share/js/font-size.js") for src in head_scripts)  # before paint


def test_article_page_has_the_reading_tools(client, row):
    assert_reading_tools(soup(client, row["third"].url))


# --- purges --------------------------------------------------------------------------------
@pytest.fixture
def cached(settings):
    settings.FAZHI_PAGE_CACHE_SECONDS = 3600
    settings.FAZHI_PAGE_L1_CHECK_MS = 0


def warm(client, *pages) -> None:
    for page in pages:
        client.get(page.url)
        assert cache_state(client.get(page.url)) == "hit", page.url


def states(client, *pages) -> list[str]:
    return [cache_state(client.get(page.url)) for page in pages]


def test_publishing_a_new_article_purges_its_new_neighbours_only(
    client, row, cached, django_capture_on_commit_callbacks
):
    warm(client, row["first"], row["video"], row["third"], row["last"], row["elsewhere"])
    with django_capture_on_commit_callbacks(execute=True):
        new = make_article(row["channel"], "新插入", paragraphs=["火星探测任务。"],
                           publish_time=NOW - timedelta(minutes=150))  # fmt: skip
    # between the video (3 h) and 第三篇 (2 h): both change; the others do not
    assert states(client, row["video"], row["third"]) == ["miss", "miss"]
    assert states(client, row["first"], row["last"], row["elsewhere"]) == ["hit", "hit", "hit"]
    assert paths_of(soup(client, row["video"].url))["next"] == ("新插入", new.url)


def test_unpublishing_purges_the_neighbours_that_linked_to_it(
    client, row, cached, django_capture_on_commit_callbacks
):
    warm(client, row["first"], row["video"], row["last"])
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=row["third"].pk).unpublish()
    assert states(client, row["video"], row["last"]) == ["miss", "miss"]
    assert states(client, row["first"]) == ["hit"]
    assert paths_of(soup(client, row["last"].url))["previous"] == ("视频一", row["video"].url)


def test_re_dating_purges_old_and_new_neighbours(
    client, row, cached, django_capture_on_commit_callbacks
):
    warm(client, row["first"], row["video"], row["third"], row["last"])
    article = ArticlePage.objects.get(pk=row["last"].pk)
    article.publish_time = NOW - timedelta(hours=5)  # from the end of the list to its start
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    # old neighbour: 第三篇 (its 下一篇 was 第四篇); new neighbour: 第一篇 (its 上一篇 now)
    assert states(client, row["third"], row["first"]) == ["miss", "miss"]
    assert states(client, row["video"]) == ["hit"]
    assert paths_of(soup(client, row["third"].url))["next"] is None
    assert paths_of(soup(client, row["first"].url))["previous"] == ("第四篇", article.url)


def test_moving_names_the_neighbours_in_both_channels(row, django_capture_on_commit_callbacks):
    from fazhi.news.reading_paths import neighbour_url_paths

    before = row["third"].url_path
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=row["third"].pk).move(row["other"], pos="last-child")
    moved = ArticlePage.objects.get(pk=row["third"].pk)
    found = neighbour_url_paths(moved, "moved", [before, moved.url_path])
    # old channel: 视频一 and 第四篇 linked to it; new channel: 别的栏目 now does
    assert found == {row["video"].url_path, row["last"].url_path, row["elsewhere"].url_path}


def test_after_a_move_both_channels_show_new_neighbours(
    client, row, cached, django_capture_on_commit_callbacks
):
    warm(client, row["video"], row["last"], row["elsewhere"])
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=row["third"].pk).move(row["other"], pos="last-child")
    assert paths_of(soup(client, row["last"].url))["previous"][0] == "视频一"
    assert paths_of(soup(client, row["elsewhere"].url))["next"][0] == "第三篇"


def test_the_neighbours_exported_files_are_rewritten_too(row, django_capture_on_commit_callbacks):
    from fazhi.serving.models import ExportChange

    ExportChange.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=row["third"].pk).unpublish()
    journal = set(ExportChange.objects.values_list("path", flat=True))
    # the next incremental export_static rewrites the neighbours' files
    assert {row["video"].url, row["last"].url} <= journal
    assert row["first"].url not in journal
