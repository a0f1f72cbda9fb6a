"""The live JSON: shared counts every reader gets alike (no cookie, no token, cacheable for
seconds), the personal mode only when asked for, exact again after a write, and the staleness
bound through the fast path in front of Django."""

from __future__ import annotations

import json
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fazhi.comments.models import Comment, CommentSettings, CommentStatus, DiggCount
from fazhi.core.live import SESSION_MARKER, SHARED_HEADER
from fazhi.testing.wsgi import wsgi_environ

JSON = {"HTTP_ACCEPT": "application/json"}


def live_url(page, me: bool = False) -> str:
    return f"/api/pages/{page.pk}/live/" + ("?me=1" if me else "")


@pytest.mark.django_db
def test_the_shared_answer_sets_no_cookie_and_carries_no_token_nor_session(seed_article):
    client = Client()
    response = client.get(live_url(seed_article), **JSON)
    assert response.status_code == 200
    data = response.json()
    assert data["digg_count"] == 0 and data["comment_count"] == 0
    assert "csrf_token" not in data and "user" not in data and "digged" not in data
    assert not response.cookies  # no csrftoken, no session, nothing
    assert "Cookie" not in response.get("Vary", "")
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in control and "max-age=0" in control
    s_maxage = next(int(p.split("=")[1]) for p in control if p.startswith("s-maxage="))
    shared = float(response[SHARED_HEADER])
    # Kept here half the time left, the other half in front: together never more than the bound.
    assert 0 < shared <= 2.0 and s_maxage <= shared
    # A reader with other cookies (a digg, a CSRF cookie) gets the same bytes, still no cookie.
    other = Client()
    other.cookies["csrftoken"] = "x" * 32
    again = other.get(live_url(seed_article), **JSON)
    assert again.content == response.content and not again.cookies


@pytest.mark.django_db
def test_the_personal_mode_gives_a_token_and_sign_in_state(seed_article):
    client = Client()
    response = client.get(live_url(seed_article, me=True), **JSON)
    data = response.json()
    assert data["csrf_token"] and data["user"] is None and data["digged"] is False
    assert data["digg_count"] == 0  # the shared data comes along
    assert "csrftoken" in response.cookies
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_signed_in_readers_live_call_runs_at_most_two_queries(
    seed_article, django_assert_max_num_queries
):
    reader = get_user_model().objects.create_user("duzhe1", password="pw-123456")
    client = Client()
    client.force_login(reader)
    Client().get(live_url(seed_article))  # any reader's call fills the shared entry
    with django_assert_max_num_queries(2):  # the session and the user; counts are shared
        data = client.get(live_url(seed_article, me=True), **JSON).json()
    assert data["user"] == {"username": "duzhe1"} and data["csrf_token"]
    with django_assert_max_num_queries(2):
        client.get(live_url(seed_article), **JSON)


@pytest.mark.django_db
def test_counts_are_exact_after_a_digg_and_a_comment(seed_article):
    reader, other = Client(), Client()
    assert other.get(live_url(seed_article)).json()["digg_count"] == 0  # shared entry filled
    digg = reader.post(f"/api/pages/{seed_article.pk}/digg/", **JSON).json()
    assert digg["digg_count"] == 1
    assert other.get(live_url(seed_article)).json()["digg_count"] == 1
    assert reader.get(live_url(seed_article, me=True)).json()["digg_count"] == 1

    assert other.get(live_url(seed_article)).json()["comment_count"] == 0
    comment = Comment.objects.create(
        page=seed_article, text="支持", author_name="匿名网友", status=CommentStatus.PENDING
    )
    assert other.get(live_url(seed_article)).json()["comment_count"] == 0
    comment.status = CommentStatus.APPROVED  # the moderator approves it
    comment.save()
    assert other.get(live_url(seed_article)).json()["comment_count"] == 1
    comment.delete()
    assert other.get(live_url(seed_article)).json()["comment_count"] == 0


@pytest.mark.django_db
def test_comment_settings_are_kept_per_site_and_dropped_when_saved(seed_article, settings):
    settings.FAZHI_LIVE_SECONDS = 0  # computed on every call: only the settings cache is left
    client = Client()
    client.get(live_url(seed_article))
    with CaptureQueriesContext(connection) as queries:
        data = client.get(live_url(seed_article)).json()
    assert data["comments"]["guests_may_post"] is True
    touched = " ".join(q["sql"] for q in queries.captured_queries)
    assert "wagtailcore_site" not in touched and "comments_commentsettings" not in touched
    row = CommentSettings.objects.get()
    row.guests_may_post = False
    row.save()
    assert client.get(live_url(seed_article)).json()["comments"]["guests_may_post"] is False


@pytest.mark.django_db
def test_the_session_marker_follows_the_session_cookie(seed_article):
    get_user_model().objects.create_user("duzhe2", password="pw-123456")
    client = Client()
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/", {"username": "duzhe2", "password": "pw-123456"}, follow=False
    )
    assert response.cookies["sessionid"].value
    marker = response.cookies[SESSION_MARKER]
    assert marker.value == "1" and not marker["httponly"]  # the page script reads it
    out = client.post("/accounts/logout/")
    assert out.cookies[SESSION_MARKER]["max-age"] == 0


@pytest.mark.django_db
def test_an_unknown_or_unpublished_page_is_404_at_once(
    seed_article, django_capture_on_commit_callbacks
):
    client = Client()
    assert client.get("/api/pages/999999/live/").status_code == 404
    assert client.get(live_url(seed_article)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        seed_article.unpublish()
    assert client.get(live_url(seed_article)).status_code == 404


# --- Through the fast path in front of Django ------------------------------------------------


def wsgi_get(app, path: str, cookie: str = "") -> tuple[str, dict[str, str], bytes]:
    seen: dict = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    environ = wsgi_environ(path, **({"HTTP_COOKIE": cookie} if cookie else {}))
    result = app(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    headers = {name.lower(): value for name, value in seen["headers"]}
    return seen["status"], headers, body


@pytest.mark.django_db(transaction=True)
def test_staleness_bound_through_the_fast_path(seed_article, settings):
    """Another process's digg (a row changed here without this process hearing of it) shows
    within FAZHI_LIVE_SECONDS; meanwhile the fast path answers without Django."""
    from fazhi.serving.fastpath import FastPath

    settings.FAZHI_LIVE_SECONDS = 1.0
    settings.FAZHI_PAGE_L1_CHECK_MS = 0
    app = FastPath(get_wsgi_application())
    path = live_url(seed_article)
    status, headers, body = wsgi_get(app, path)
    assert status.startswith("200") and json.loads(body)["digg_count"] == 0
    read_at = time.monotonic()
    assert "set-cookie" not in headers
    status, headers, again = wsgi_get(app, path)
    assert headers["x-fazhi-cache"] == "local" and again == body  # not Django: the L1
    DiggCount.objects.create(page=seed_article, count=5)  # a write the caches did not hear of
    while json.loads(wsgi_get(app, path)[2])["digg_count"] != 5:
        assert time.monotonic() - read_at <= 1.0 + 0.2, "older than the bound"
        time.sleep(0.02)
    # A reader with a session cookie never gets the L1's copy: Django answers.
    _, headers, _ = wsgi_get(app, path, cookie="sessionid=abc")
    assert headers["x-fazhi-cache"] != "local"
