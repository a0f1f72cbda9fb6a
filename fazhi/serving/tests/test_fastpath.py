"""The per-process page copy in front of Django (fazhi.serving.fastpath), called as a WSGI app."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.wsgi import get_wsgi_application

from fazhi.news.models import ArticlePage
from fazhi.security.cache import ResilientRedisCache
from fazhi.serving.cache import page_cache
from fazhi.serving.epoch import read_epoch, write_new_epoch
from fazhi.serving.fastpath import L1, FastPath, L1Entry, l1_key
from fazhi.serving.purge import bump_epoch, purge_all, purge_paths
from fazhi.testing.wsgi import wsgi_environ

pytestmark = pytest.mark.django_db(transaction=True)


def environ(path: str, method: str = "GET", **extra: str) -> dict:
    return wsgi_environ(path, method, **extra)


class Response:
    def __init__(self, app, env: dict) -> None:
        self.status, self.headers = "", []

        def start_response(status, headers, exc_info=None):
            self.status, self.headers = status, headers

        result = app(env, start_response)
        self.body = b"".join(result)
        if hasattr(result, "close"):
            result.close()

    def header(self, name: str) -> str | None:
        return next((v for n, v in self.headers if n.lower() == name.lower()), None)

    @property
    def state(self) -> str | None:
        return self.header("X-Fazhi-Cache")


@pytest.fixture
def app(settings):
    settings.FAZHI_PAGE_L1_CHECK_MS = 0  # every request checks the epoch: exact, for the tests
    page_cache().clear()
    return FastPath(get_wsgi_application())


def test_second_request_is_answered_without_django_with_the_same_bytes(app, seed_article):
    first = Response(app, environ(seed_article.url))
    second = Response(app, environ(seed_article.url))
    assert (first.state, second.state) == ("miss", "local")
    assert first.body == second.body and second.status == "200 OK"
    assert int(second.header("Content-Length")) == len(second.body)
    # The same headers, outer middleware's included (CSP, nosniff, frame options).
    for name in ("Content-Type", "ETag", "Vary", "Cache-Control", "X-Content-Type-Options"):
        assert first.header(name) == second.header(name) and second.header(name), name
    assert second.header("Content-Security-Policy") == first.header("Content-Security-Policy")
    assert not re.search(rb'name="csrfmiddlewaretoken" value="[^"]+"', second.body)


def test_head_and_revalidation_from_the_copy(app, seed_article):
    etag = Response(app, environ(seed_article.url)).header("ETag")
    head = Response(app, environ(seed_article.url, method="HEAD"))
    assert head.state == "local" and head.body == b"" and head.header("ETag") == etag
    again = Response(app, environ(seed_article.url, HTTP_IF_NONE_MATCH=etag))
    assert again.status.startswith("304") and again.body == b""
    assert again.header("ETag") == etag and again.header("Content-Type") is None
    other = Response(app, environ(seed_article.url, HTTP_IF_NONE_MATCH='"other"'))
    assert other.status == "200 OK" and other.state == "local"


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=abc"},
        {"HTTP_AUTHORIZATION": "Basic eDp5"},
        {"QUERY_STRING": "utm=1"},
    ],
)
def test_requests_that_may_be_personal_go_to_django(app, seed_article, extra):
    Response(app, environ(seed_article.url))
    response = Response(app, environ(seed_article.url, **extra))
    assert response.state == "bypass"


def test_a_csrf_cookie_alone_still_gets_the_copy(app, seed_article):
    Response(app, environ(seed_article.url))
    assert Response(app, environ(seed_article.url, HTTP_COOKIE="csrftoken=x")).state == "local"


def test_key_rules():
    assert l1_key(environ("/a/", method="POST")) is None
    assert l1_key(environ("/a/", HTTP_HOST="")) is None
    assert l1_key(environ("/a/")) != l1_key(environ("/a/", HTTP_HOST="other"))
    assert l1_key(environ("/a/")) != l1_key(environ("/a/", **{"wsgi.url_scheme": "https"}))
    assert l1_key(environ("/a/")) != l1_key(environ("/b/"))


def test_only_pages_the_page_cache_answered_are_kept(app, seed_article):
    for path in ("/search/", "/api/does-not-exist/", "/no-such-page/"):
        Response(app, environ(path))
        assert Response(app, environ(path)).state != "local", path
    assert app.l1.entries == {} or all(key[-1] == seed_article.url for key in app.l1.entries)


def test_any_purge_drops_the_copies(app, seed_article, home):
    urls = [seed_article.url, "/"]
    for url in urls:
        Response(app, environ(url))
    assert [Response(app, environ(url)).state for url in urls] == ["local", "local"]
    purge_paths(["/somewhere-else/"])  # coarse: every copy of this process goes
    assert [Response(app, environ(url)).state for url in urls] == ["hit", "hit"]
    assert [Response(app, environ(url)).state for url in urls] == ["local", "local"]
    purge_all()
    assert [Response(app, environ(url)).state for url in urls] == ["miss", "miss"]


def test_a_publish_shows_at_once(app, seed_article):
    Response(app, environ(seed_article.url))
    assert Response(app, environ(seed_article.url)).state == "local"
    article = ArticlePage.objects.get(pk=seed_article.pk)
    article.title = "四个聚力（修订）"
    article.save_revision().publish()
    response = Response(app, environ(seed_article.url))
    assert response.state == "miss" and "四个聚力（修订）" in response.body.decode()


def test_the_check_interval_bounds_staleness(settings, seed_article):
    settings.FAZHI_PAGE_L1_CHECK_MS = 60_000
    app = FastPath(get_wsgi_application())
    Response(app, environ(seed_article.url))
    write_new_epoch()  # another process purged (bump_epoch would tell this one too)
    assert Response(app, environ(seed_article.url)).state == "local"  # not checked yet
    app.l1.checked -= 61  # a minute later
    assert Response(app, environ(seed_article.url)).state != "local"


def put(l1: L1, key: tuple, epoch: str | None, size: int, expires: float = float("inf")) -> None:
    l1.put(key, epoch, L1Entry([], [], b"x" * size, None), size, expires)


def test_l1_is_bounded_and_drops_the_least_recently_used():
    l1 = L1(max_bytes=3 * (1000 + 512), check_seconds=0, max_age=60)
    l1.epoch = "e"
    for name in "abc":
        put(l1, (name,), "e", 1000)
    assert l1.get(("a",), 0) is not None  # a is now the most recent
    put(l1, ("d",), "e", 1000)
    assert sorted(k[0] for k in l1.entries) == ["a", "c", "d"]
    assert l1.size <= l1.max_bytes
    put(l1, ("huge",), "e", 10_000)
    assert ("huge",) not in l1.entries


def test_a_page_fetched_across_a_purge_is_not_kept():
    l1 = L1(max_bytes=10**6, check_seconds=0, max_age=60)
    before = l1.sync(0)
    bump_epoch()
    assert l1.sync(1) != before
    put(l1, ("a",), before, 10)  # Django answered under the old epoch
    assert l1.entries == {}


def test_copies_expire(settings):
    l1 = L1(max_bytes=10**6, check_seconds=0, max_age=60)
    epoch = l1.sync(0)
    put(l1, ("a",), epoch, 1, expires=10)
    assert l1.get(("a",), 5) is not None and l1.get(("a",), 11) is None


def test_no_copy_is_used_when_the_shared_cache_cannot_answer(settings, seed_article):
    settings.CACHES = {
        **settings.CACHES,
        "dead": {
            "BACKEND": "fazhi.security.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.FAZHI_PAGE_CACHE = "dead"
    settings.FAZHI_PAGE_L1_CHECK_MS = 0
    try:
        app = FastPath(get_wsgi_application())
        states = [Response(app, environ(seed_article.url)).state for _ in range(3)]
        assert "local" not in states and app.l1.entries == {}
    finally:
        ResilientRedisCache._down_until = 0.0  # the shared cache of later tests is fine


def test_this_process_sees_its_own_purge_at_once(settings, seed_article):
    settings.FAZHI_PAGE_L1_CHECK_MS = 60_000
    app = FastPath(get_wsgi_application())
    Response(app, environ(seed_article.url))
    bump_epoch()
    assert Response(app, environ(seed_article.url)).state != "local"


def test_the_epoch_changes_with_every_purge():
    seen = set()
    for purge in (bump_epoch, lambda: purge_paths(["/x/"]), purge_all):
        purge()
        seen.add(read_epoch())
    assert len(seen) == 3 and None not in seen
