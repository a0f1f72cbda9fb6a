"""来顶一下 over HTTP: JSON, the no-JavaScript post, one per reader, per-IP limit, live data."""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.comments.models import DiggCount
from fazhi.comments.tests.conftest import JSON

pytestmark = pytest.mark.django_db


def digg_url(page) -> str:
    return f"/api/pages/{page.pk}/digg/"


def test_digg_counts_once_per_reader(client, seed_article):
    first = client.post(digg_url(seed_article), **JSON)
    assert first.status_code == 200
    assert first.json() == {"digg_count": 1, "digged": True, "message": "谢谢支持！"}
    again = client.post(digg_url(seed_article), **JSON)
    assert again.json()["digg_count"] == 1
    assert again.json()["message"] == "您已经顶过了。"
    assert Client().post(digg_url(seed_article), **JSON).json()["digg_count"] == 2
    assert DiggCount.objects.get(page_id=seed_article.pk).count == 2


def test_a_tampered_cookie_counts_as_none(client, seed_article):
    client.cookies["fazhi_digg"] = f"{seed_article.pk}:forged"
    assert client.post(digg_url(seed_article), **JSON).json()["digg_count"] == 1


def test_live_data_has_counts_and_digged(client, seed_article):
    live = client.get(f"/api/pages/{seed_article.pk}/live/").json()
    assert live["digg_count"] == 0 and live["comment_count"] == 0 and "digged" not in live
    assert live["comments"]["moderation_mode"] == "pre"
    assert client.get(f"/api/pages/{seed_article.pk}/live/?me=1").json()["digged"] is False
    client.post(digg_url(seed_article), **JSON)
    # The shared entry was dropped by the digg: exact at once, for this reader and every other.
    assert Client().get(f"/api/pages/{seed_article.pk}/live/").json()["digg_count"] == 1
    live = client.get(f"/api/pages/{seed_article.pk}/live/?me=1").json()
    assert live["digg_count"] == 1 and live["digged"] is True


def test_plain_form_post_without_javascript(seed_article):
    browser = Client(enforce_csrf_checks=True)
    article_html = browser.get(seed_article.url).content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in article_html  # the page carries no token
    # The form as it is on the page: no token. Nothing is counted; a confirmation page answers.
    confirm = browser.post(digg_url(seed_article), {"csrfmiddlewaretoken": ""})
    assert confirm.status_code == 200
    assert "确认顶一下" in confirm.content.decode()
    assert not DiggCount.objects.filter(page_id=seed_article.pk).exists()
    token = confirm.context["csrf_token"]
    done = browser.post(digg_url(seed_article), {"csrfmiddlewaretoken": str(token)})
    assert done.status_code == 303
    assert done["Location"] == f"{seed_article.url}#digg"
    assert DiggCount.objects.get(page_id=seed_article.pk).count == 1
    # Back on the confirmation page, the reader is told they already digged.
    assert "您已经顶过" in browser.get(digg_url(seed_article)).content.decode()


def test_a_json_post_without_token_is_refused(seed_article):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(digg_url(seed_article), **JSON)
    assert response.status_code == 403
    assert response.json()["message"] == "页面已过期，请刷新后再试。"


def test_per_ip_limit_with_a_clear_message(settings, seed_article):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "digg_ip": "2/h"}
    for _ in range(2):
        assert Client().post(digg_url(seed_article), **JSON).status_code == 200
    limited = Client().post(digg_url(seed_article), **JSON)
    assert limited.status_code == 429
    assert limited.json()["message"] == "操作过于频繁，请稍后再试。"
    assert DiggCount.objects.get(page_id=seed_article.pk).count == 2
    # Another address behind no proxy is a different reader.
    other = Client(REMOTE_ADDR="10.1.2.3").post(digg_url(seed_article), **JSON)
    assert other.status_code == 200


def test_only_live_pages_with_public_content(client, seed_article, home):
    assert client.post(digg_url(home), **JSON).status_code == 404  # home page: no public content
    assert client.post("/api/pages/999999/digg/", **JSON).status_code == 404
    seed_article.unpublish()
    assert client.post(digg_url(seed_article), **JSON).status_code == 404


def test_article_html_is_identical_for_every_anonymous_reader(seed_article):
    first, second = Client(), Client()
    first.post(digg_url(seed_article), **JSON)  # one of them has a digg cookie now
    html = [c.get(seed_article.url).content for c in (first, second)]
    assert html[0] == html[1]
    assert b'csrfmiddlewaretoken" value=""' in html[0]
