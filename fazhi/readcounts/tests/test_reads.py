"""Read counts: the beacon's bot and reload rules, no write to the stored count per read, the
flush task (exact, idempotent), the old sites' counts as starting values, 阅读 N in the live JSON
and on the page, rankings. On the SQLite pass the buffer is the database; on the PostgreSQL +
Redis pass it is Redis (FAZHI_READ_COUNT_BACKEND follows FAZHI_REDIS_URL)."""

from __future__ import annotations

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.readcounts import counting
from fazhi.readcounts.models import ReadBuffer, ReadCount, ReadDay
from fazhi.readcounts.tasks import flush_reads

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
BOTS = [
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (Linux; Android 6.0.1) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/41.0 Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "",
]


def beacon(client: Client, page, user_agent: str = BROWSER):
    return client.post(f"/api/pages/{page.pk}/read/", HTTP_USER_AGENT=user_agent)


def stored(page) -> int:
    return counting.read_counts([page.pk])[page.pk]


def test_a_read_is_counted_after_the_flush_and_shown_in_the_live_json(seed_article):
    response = beacon(Client(), seed_article)
    assert response.status_code == 204 and response["Cache-Control"] == "no-store"
    cookie = response.cookies[counting.COOKIE]
    assert cookie["path"] == "/api/pages/" and cookie["httponly"]
    assert stored(seed_article) == 0  # not written to the stored count by the read itself
    assert flush_reads.enqueue().return_value == 1  # the periodic task (immediate in tests)
    assert stored(seed_article) == 1
    assert ReadDay.objects.get(page=seed_article).day == timezone.localdate()
    assert Client().get(f"/api/pages/{seed_article.pk}/live/").json()["read_count"] == 1
    assert counting.flush() == 0  # nothing twice


def test_bots_are_not_counted(seed_article):
    for user_agent in BOTS:
        assert beacon(Client(), seed_article, user_agent).status_code == 204
    assert beacon(Client(), seed_article, BROWSER.replace("Chrome", "Firefox")).status_code == 204
    assert counting.flush() == 1


def test_reloads_within_the_window_are_not_counted(seed_article, settings):
    reader = Client()
    for _ in range(5):
        beacon(reader, seed_article)  # the same browser reloading: its cookie comes back
    beacon(Client(), seed_article)  # another browser
    assert counting.flush() == 2
    # The window, minute by minute (plain function): counted again once it has passed.
    counts, cookie = counting.visit("", seed_article.pk, now=0)
    assert counts
    window = settings.FAZHI_READ_REVISIT_MINUTES * 60
    assert counting.visit(cookie, seed_article.pk, now=window - 60)[0] is False
    assert counting.visit(cookie, seed_article.pk, now=window)[0] is True
    assert counting.visit(cookie, seed_article.pk + 1, now=60)[0] is True  # another page
    assert counting.visit("garbage-1.x-.5", seed_article.pk, now=0)[0] is True


def test_a_read_is_one_buffer_write_or_none_at_all(seed_article):
    """Through the fast path in front of Django, as in production: with Redis no query at all,
    on the default install one upsert into the buffer; never a write to the stored count."""
    from fazhi.serving.fastpath import FastPath

    app = FastPath(get_wsgi_application())
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": f"/api/pages/{seed_article.pk}/read/",
        "QUERY_STRING": "",
        "HTTP_HOST": "testserver",
        "HTTP_USER_AGENT": BROWSER,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    with CaptureQueriesContext(connection) as queries:
        assert list(app(environ, start_response)) == []
    assert seen["status"] == "204 No Content"
    assert any(name == "Set-Cookie" for name, _ in seen["headers"])
    sql = [q["sql"] for q in queries.captured_queries]
    if settings.FAZHI_READ_COUNT_BACKEND == "redis":
        assert sql == []
    else:
        assert len(sql) == 1 and "readcounts_readbuffer" in sql[0]
    assert not ReadCount.objects.exists()
    assert counting.flush() == 1


def test_reads_of_what_is_not_a_page_are_dropped_by_the_flush(seed_article):
    beacon(Client(), seed_article)
    Client().post("/api/pages/99999999/read/", HTTP_USER_AGENT=BROWSER)
    assert counting.flush() == 1
    assert list(ReadCount.objects.values_list("page_id", flat=True)) == [seed_article.pk]
    assert not ReadBuffer.objects.filter(count__gt=0).exists()


def test_the_old_sites_count_is_where_reads_start(seed_article):
    from fazhi.legacy.models import LegacyArticleStats

    LegacyArticleStats.objects.create(page=seed_article, views=1234)
    assert Client().get(f"/api/pages/{seed_article.pk}/live/").json()["read_count"] == 1234
    beacon(Client(), seed_article)
    beacon(Client(), seed_article)
    counting.flush()
    assert ReadCount.objects.get(page=seed_article).total == 1236
    beacon(Client(), seed_article)
    counting.flush()
    assert stored(seed_article) == 1237  # the starting value counted once


def test_the_article_shows_read_count_from_the_live_json_and_sends_the_beacon(seed_article):
    html = BeautifulSoup(Client().get(seed_article.url).content, "html.parser")
    holder = html.select_one("[data-read-url]")
    assert holder["data-read-url"] == f"/api/pages/{seed_article.pk}/read/"
    assert "阅读" in holder.get_text() and holder.select_one("[data-live=read_count]")
    assert html.select_one("script[src*='readcounts/js/beacon.js']")


def test_get_is_not_a_read(seed_article):
    assert Client().get(f"/api/pages/{seed_article.pk}/read/").status_code == 405
    assert counting.flush() == 0


def test_most_read_by_site_channel_and_period(seed_article, home):
    from fazhi.news.models import ArticlePage

    channel = seed_article.get_parent()
    other = channel.add_child(
        instance=ArticlePage(title="另一篇", slug="another", body=[], publish_time=timezone.now())
    )
    today = timezone.localdate()
    ReadDay.objects.create(page=seed_article, day=today, count=5)
    ReadDay.objects.create(page=other, day=today, count=3)
    ReadDay.objects.create(page=other, day=today - datetime.timedelta(days=3), count=10)
    ReadDay.objects.create(page=seed_article, day=today - datetime.timedelta(days=40), count=99)
    assert counting.most_read(1) == [(seed_article.pk, 5), (other.pk, 3)]
    assert counting.most_read(7) == [(other.pk, 13), (seed_article.pk, 5)]
    assert counting.most_read(30, within=channel, limit=1) == [(other.pk, 13)]
    assert counting.most_read(30, within=other) == []
    other.unpublish()
    assert counting.most_read(7) == [(seed_article.pk, 5)]


def test_the_flush_is_a_periodic_job():
    from fazhi.jobs.schedule import periodic_jobs

    job = next(j for j in periodic_jobs() if j.name == "readcounts.flush")
    assert job.task is flush_reads and job.every == settings.FAZHI_READ_FLUSH_SECONDS
