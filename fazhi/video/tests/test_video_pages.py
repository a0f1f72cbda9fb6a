"""Video pages: admin upload, range serving, channel lists, home, feeds, sitemap, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.conftest import count_queries
from fazhi.core.content import public_content_of
from fazhi.news.factories import make_article, make_channel
from fazhi.video.demo import DEMO_MP4, DEMO_POSTER, DEMO_WEBM
from fazhi.video.factories import make_video, poster_image
from fazhi.video.models import VideoPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def video_channel(home):
    return make_channel(home, "视频", "video")


def _admin_post(admin_client, parent, upload, **fields):
    data = {
        "title": "庭审直播回顾",
        "slug": "tingshen",
        "publish_time": "2024-06-01 10:00:00",
        "source": "法治报道",
        "author": "李明",
        "responsible_editor": "王芳",
        "description": "简介",
        "external_url": "",
        "duration": "2",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "related_choices-TOTAL_FORMS": "0",  # 相关阅读调整 (fazhi.related)
        "related_choices-INITIAL_FORMS": "0",
        "related_choices-MIN_NUM_FORMS": "0",
        "related_choices-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
        **fields,
    }
    if upload is not None:
        data["video_file"] = upload
    return admin_client.post(f"/admin/pages/add/video/videopage/{parent.pk}/", data)


def test_admin_upload_accepts_mp4_and_refuses_a_renamed_image(admin_client, video_channel):
    renamed = SimpleUploadedFile("trailer.mp4", DEMO_POSTER.read_bytes(), "video/mp4")
    response = _admin_post(admin_client, video_channel, renamed)
    assert response.status_code == 200  # the form again, with the reason
    assert "只能上传 MP4 或 WebM 视频" in response.content.decode()
    assert not VideoPage.objects.exists()

    response = _admin_post(admin_client, video_channel, None)
    assert "二选一" in response.content.decode()
    response = _admin_post(
        admin_client, video_channel, None, external_url="https://evil.example.com/v.mp4"
    )
    assert "允许的视频平台" in response.content.decode()
    assert not VideoPage.objects.exists()

    good = SimpleUploadedFile("clip.mp4", DEMO_MP4.read_bytes(), "video/mp4")
    response = _admin_post(admin_client, video_channel, good)
    assert response.status_code == 302
    video = VideoPage.objects.get()
    assert video.live and video.video_file.read() == DEMO_MP4.read_bytes()


def test_range_request_returns_206_with_the_right_bytes(client, video_channel):
    video = make_video(video_channel, file_path=DEMO_MP4)
    url = video.video_file.url
    data = DEMO_MP4.read_bytes()
    whole = client.get(url)
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == data
    assert whole["Accept-Ranges"] == "bytes"
    part = client.get(url, HTTP_RANGE="bytes=100-1123")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-1123/{len(data)}"
    assert part["Content-Length"] == "1024"
    assert b"".join(part.streaming_content) == data[100:1124]
    tail = client.get(url, HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == data[-10:]
    past = client.get(url, HTTP_RANGE=f"bytes={len(data)}-")
    assert past.status_code == 416 and past["Content-Range"] == f"bytes */{len(data)}"
    assert client.get("/media/video/../secret_key").status_code == 404


def test_video_page_plays_with_poster_and_has_digg_and_comments(client, video_channel):
    video = make_video(
        video_channel,
        "普法微视频",
        file_path=DEMO_WEBM,
        poster=poster_image(DEMO_POSTER, "封面"),
        duration=75,
        author="李明",
        responsible_editor="王芳",
        description="第一段。\n\n第二段。",
    )
    response = client.get(video.url)
    soup = BeautifulSoup(response.content, "lxml")
    player = soup.select_one("video")
    assert player.has_attr("controls") and player["poster"].endswith(".jpg")
    assert soup.select_one("video source")["type"] == "video/webm"
    assert "时长:01:15" in soup.select_one(".article__meta").get_text()
    assert soup.select_one("[data-live-url]")["data-live-url"] == f"/api/pages/{video.pk}/live/"
    assert soup.select_one("form.digg") and soup.select_one("form.comment-form")
    assert '"@type": "VideoObject"' in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.cookies
    content = public_content_of(video)
    assert (content.title, content.author, content.channel) == ("普法微视频", "李明", "视频")


def test_external_provider_video_is_an_iframe(client, video_channel):
    video = make_video(video_channel, external_url="https://player.bilibili.com/player.html?bvid=1")
    soup = BeautifulSoup(client.get(video.url).content, "lxml")
    assert soup.select_one(".video__player iframe")["src"].startswith("https://player.bilibili")


def test_channel_lists_videos_among_articles_newest_first(client, video_channel):
    now = timezone.now()
    poster = poster_image(DEMO_POSTER, "封面")
    make_article(video_channel, "文章一", publish_time=now - timedelta(hours=3))
    make_video(video_channel, "视频二", file_path=DEMO_MP4, poster=poster, duration=2,
               publish_time=now - timedelta(hours=2))  # fmt: skip
    make_article(video_channel, "文章三", publish_time=now - timedelta(hours=1))
    make_video(video_channel, "视频四", external_url="https://v.qq.com/x/1.html", publish_time=now)
    make_video(video_channel, "草稿", file_path=DEMO_MP4, live=False)
    video_channel.per_page = 3
    video_channel.save_revision().publish()

    soup = BeautifulSoup(client.get(video_channel.url).content, "lxml")
    assert [a.get_text(strip=True) for a in soup.select(".article-list__title")] == [
        "视频四",
        "文章三",
        "视频二",
    ]
    item = soup.select(".article-list__item--video")[1]
    assert item.select_one(".article-list__poster img")["src"].endswith(".jpg")
    assert item.select_one(".article-list__duration").get_text() == "00:02"
    second = BeautifulSoup(client.get(video_channel.url + "page/2/").content, "lxml")
    assert [a.get_text(strip=True) for a in second.select(".article-list__title")] == ["文章一"]

    home = BeautifulSoup(client.get("/").content, "lxml")
    assert "[视频] 视频四" in home.get_text()


def test_channel_and_home_query_counts_do_not_grow_with_videos(client, video_channel):
    poster = poster_image(DEMO_POSTER, "封面")
    make_article(video_channel)
    make_video(video_channel, file_path=DEMO_MP4, poster=poster, duration=3)
    channel_few = count_queries(client, video_channel.url)
    home_few = count_queries(client, "/")
    for _ in range(4):
        make_article(video_channel)
        make_video(video_channel, file_path=DEMO_MP4, poster=poster_image(DEMO_POSTER, "封面"))
    assert count_queries(client, video_channel.url) == channel_few <= 16
    assert count_queries(client, "/") == home_few <= 13


def test_feeds_and_sitemap_carry_videos(client, video_channel):
    now = timezone.now()
    make_article(video_channel, "较早的文章", publish_time=now - timedelta(days=1))
    video = make_video(video_channel, "最新的视频", file_path=DEMO_MP4, duration=2,
                       poster=poster_image(DEMO_POSTER, "封面"), publish_time=now)  # fmt: skip
    for url in ("/feed/", video_channel.url + "feed/"):
        soup = BeautifulSoup(client.get(url).content, "xml")
        titles = [t.get_text() for t in soup.select("item > title")]
        assert titles == ["最新的视频", "较早的文章"]
        enclosure = soup.select_one("item enclosure")
        assert enclosure["type"] == "video/mp4" and enclosure["url"].endswith(".mp4")
        assert enclosure["length"] == str(len(DEMO_MP4.read_bytes()))

    sitemap = BeautifulSoup(client.get("/sitemap.xml").content, "xml")
    entry = next(u for u in sitemap.find_all("url") if u.loc.get_text().endswith(video.url))
    assert entry.find("video:title").get_text() == "最新的视频"
    assert entry.find("video:content_loc").get_text().endswith(".mp4")
    assert entry.find("video:thumbnail_loc").get_text().endswith(".jpg")
    assert entry.find("video:duration").get_text() == "2"
