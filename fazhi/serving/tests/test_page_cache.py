"""The page cache: what it answers, what it keeps, and what it never keeps."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory, override_settings

from fazhi.conftest import count_queries
from fazhi.news.factories import make_article
from fazhi.serving.cache import CACHE_HEADER, bypass_reason, entry_key, page_cache, refusal_reason

pytestmark = pytest.mark.django_db

TOKEN_VALUE = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def state(response) -> str:
    return response[CACHE_HEADER]


def test_second_anonymous_request_is_a_hit_with_the_same_bytes(client, seed_article):
    first = client.get(seed_article.url)
    second = client.get(seed_article.url)
    assert (state(first), state(second)) == ("miss", "hit")
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert "Cookie" in second["Vary"]
    assert "max-age=0" in second["Cache-Control"] and "public" in second["Cache-Control"]
    assert second["Content-Type"].startswith("text/html")
    assert second["X-Frame-Options"] == "SAMEORIGIN"
    assert second["X-Content-Type-Options"] == "nosniff"  # outer middleware still runs


def test_head_is_answered_from_the_cache(client, seed_article):
    client.get(seed_article.url)
    assert state(client.head(seed_article.url)) == "hit"


def test_revalidation_gets_304(client, seed_article):
    etag = client.get(seed_article.url)["ETag"]
    response = client.get(seed_article.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert client.get(seed_article.url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_hit_runs_no_query(client, seed_article, django_assert_num_queries):
    client.get(seed_article.url)
    with django_assert_num_queries(0):
        assert state(client.get(seed_article.url)) == "hit"


@pytest.mark.parametrize(
    ("method", "path", "extra", "reason"),
    [
        ("post", "/x/", {}, "method"),
        ("get", "/x/?utm=1", {}, "query"),
        ("get", "/x/", {"HTTP_AUTHORIZATION": "Basic eA=="}, "authorization"),
        ("get", "/api/pages/1/live/", {}, "path"),
        ("get", "/admin/", {}, "path"),
        ("get", "/x/", {}, None),
    ],
)
def test_bypass_rules(method, path, extra, reason):
    request = getattr(RequestFactory(), method)(path, **extra)
    assert bypass_reason(request) == reason


def test_session_cookie_bypasses(rf):
    request = rf.get("/x/")
    request.COOKIES["sessionid"] = "abc"
    assert bypass_reason(request) == "session"


@override_settings(FAZHI_PAGE_CACHE_SECONDS=0)
def test_cache_can_be_turned_off(client, seed_article):
    client.get(seed_article.url)
    assert state(client.get(seed_article.url)) == "bypass"


def page_request(rf):
    request = rf.get("/x/")
    request._fazhi_page_cacheable = True
    return request


def test_refusal_rules(rf):
    assert refusal_reason(page_request(rf), HttpResponse("ok")) is None
    assert refusal_reason(rf.get("/x/"), HttpResponse("ok")) == "not a page"
    assert refusal_reason(rf.get("/feed/"), HttpResponse("ok")) is None
    assert refusal_reason(page_request(rf), HttpResponse("gone", status=404)) == "status"
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("tracking", "1")
    assert refusal_reason(page_request(rf), with_cookie) == "sets a cookie"
    request = page_request(rf)
    get_token(request)
    assert refusal_reason(request, HttpResponse("ok")) == "uses a CSRF token"
    private = HttpResponse("ok")
    private["Cache-Control"] = "private"
    assert refusal_reason(page_request(rf), private) == "private"


def test_signed_in_readers_never_get_or_fill_the_cache(client, seed_article):
    user = get_user_model().objects.create_user("reader1", password="pw-123456")
    client.force_login(user)
    assert state(client.get(seed_article.url)) == "bypass"
    client.logout()
    client.cookies.clear()
    assert state(client.get(seed_article.url)) == "miss"  # nothing was stored for the reader


def test_live_endpoint_is_never_cached(client, seed_article):
    url = f"/api/pages/{seed_article.pk}/live/?me=1"  # the personal mode
    client.get(url)
    response = client.get(url)
    assert state(response) == "bypass"
    assert "csrftoken" in response.cookies


def test_no_cached_response_holds_a_token_a_cookie_or_a_user(client, seed_article, channel):
    # A signed-in editor and a reader with a CSRF cookie browse first.
    editor = get_user_model().objects.create_superuser("editor-zhang", password="pw-123456")
    client.force_login(editor)
    urls = [
        "/",
        seed_article.url,
        seed_article.get_parent().url,
        channel.url,
        "/feed/",
        "/sitemap.xml",
    ]
    for url in urls:
        client.get(url)
    client.logout()
    client.cookies.clear()
    client.get(f"/api/pages/{seed_article.pk}/live/?me=1")  # csrftoken, as live.js gets it
    assert "csrftoken" in client.cookies
    for url in urls:
        client.get(url)
        response = client.get(url)
        assert state(response) == "hit", url
        assert not response.cookies, url
        assert not TOKEN_VALUE.search(response.content), url
        assert b"editor-zhang" not in response.content, url
        entry = page_cache().get(entry_key("http", "testserver", url))
        assert entry is not None, url
        assert not TOKEN_VALUE.search(entry.content), url
        assert get_token.__name__ not in dict(entry.headers), url
        assert all(name.lower() != "set-cookie" for name, _ in entry.headers), url


@override_settings(FAZHI_PAGE_CACHE_SECONDS=0)
@pytest.mark.parametrize("kind", ["article", "channel", "home"])
def test_uncached_query_counts_are_small_and_fixed(client, home, channel, kind):
    make_article(channel)
    urls = {
        "article": lambda: make_article(channel).url,
        "channel": lambda: channel.url,
        "home": lambda: "/",
    }

    def steady(url: str) -> int:
        client.get(url)  # seen before: its route, then its page object, are kept in the process
        return count_queries(client, url)

    few = steady(urls[kind]())
    for _ in range(12):
        make_article(channel, paragraphs=["一段。"] * 5, headings=["一", "二"])
    many = steady(urls[kind]())
    assert many == few
    # Not the page (kept), its ancestors or view restrictions (the route says public); the menu,
    # settings, the list (articles and videos), corrections on articles.
    assert many <= {"article": 8, "channel": 11, "home": 10}[kind]


@override_settings(FAZHI_PAGE_CACHE_SECONDS=0)
def test_remembered_routes_follow_every_change(client, channel, home, on_commit):
    """With the page cache off, routes are still remembered, and purged like pages."""
    from fazhi.news.factories import make_channel
    from fazhi.news.models import ArticlePage

    with on_commit():
        article = make_article(channel, "路由测试")
        other = make_channel(home, "学界之声", "xjzs")
    old_url = article.url
    for _ in range(2):
        assert client.get(old_url).status_code == 200
        assert client.get(channel.url).status_code == 200
    with on_commit():
        ArticlePage.objects.get(pk=article.pk).move(other, pos="last-child")
    assert client.get(old_url).status_code == 301
    new_url = ArticlePage.objects.get(pk=article.pk).url
    assert client.get(new_url).status_code == 200
    with on_commit():
        ArticlePage.objects.get(pk=article.pk).unpublish()
    assert client.get(new_url).status_code == 404
    assert client.get(channel.url + "page/2/").status_code == 404
