"""Query counts of the article and video pages with every reading path shown (上一篇/下一篇,
相关阅读, tags, share and font size): fixed, whatever the size of the site."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.news.factories import make_article, make_channel
from fazhi.related.models import RelatedLink
from fazhi.video.factories import make_video

pytestmark = pytest.mark.django_db

# Fragments and the page cache off (the test settings): everything rendered, every time.
ARTICLE_QUERIES = 9  # main: 7; + 上一篇/下一篇 (1) + 相关阅读 (1)
VIDEO_QUERIES = 7  # main: 5; the same two


def grow(channel, count: int) -> None:
    for i in range(count):
        make_article(channel, f"民法典宣传月第{i}场活动", paragraphs=[f"民法典宣传月活动第{i}场，普法志愿者走进社区讲解民法典。"])  # fmt: skip


def queries(client, url: str) -> list[str]:
    assert client.get(url).status_code == 200  # warm-up: per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.fixture
def pages(home, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        channel = make_channel(home, "普法园地", "pufa")
        grow(channel, 4)
        article = make_article(channel, "民法典宣传月启动仪式举行", paragraphs=["民法典宣传月启动，普法志愿者讲解民法典。"])  # fmt: skip
        video = make_video(channel, title="民法典宣传月：志愿者讲解民法典", description="普法志愿者在社区讲解民法典。",
                           external_url="https://v.qq.com/x/1.html", duration=60)  # fmt: skip
        grow(channel, 2)
    return {"channel": channel, "article": article, "video": video}


def test_article_page_queries_are_fixed(client, pages, django_capture_on_commit_callbacks):
    article = pages["article"]
    assert RelatedLink.objects.filter(page=article).count() >= 5
    first = queries(client, article.url)
    assert len(first) == ARTICLE_QUERIES, "\n".join(first)
    with django_capture_on_commit_callbacks(execute=True):
        grow(pages["channel"], 10)
    assert len(queries(client, article.url)) == ARTICLE_QUERIES


def test_video_page_queries_are_fixed(client, pages, django_capture_on_commit_callbacks):
    video = pages["video"]
    assert RelatedLink.objects.filter(page=video).count() >= 5
    first = queries(client, video.url)
    assert len(first) == VIDEO_QUERIES, "\n".join(first)
    with django_capture_on_commit_callbacks(execute=True):
        grow(pages["channel"], 10)
    assert len(queries(client, video.url)) == VIDEO_QUERIES
