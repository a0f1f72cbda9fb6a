"""Search answers from the page cache (issue 18, item 2): a repeated query is answered by the WSGI
fast path (no Django) or the page cache middleware, and every index change makes them stale."""

from __future__ import annotations

import io
import json
from urllib.parse import urlencode

import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.news.factories import make_article
from fazhi.news.models import ArticlePage
from fazhi.serving.cache import page_cache
from fazhi.serving.fastpath import FastPath, l1_key
from fazhi.testing.wsgi import wsgi_environ

pytestmark = pytest.mark.django_db(transaction=True)

WORD = "营商环境"


def environ(path: str, query: dict | None = None, **extra: str) -> dict:
    return wsgi_environ(path, query=urlencode(query or {}), **extra)


class Answer:
    def __init__(self, app, env: dict) -> None:
        self.status, self.headers = "", []

        def start_response(status, headers, exc_info=None):
            self.status, self.headers = status, headers

        with CaptureQueriesContext(connection) as queries:
            result = app(env, start_response)
            self.body = b"".join(result)
            if hasattr(result, "close"):
                result.close()
        self.queries = len(queries)

    def header(self, name: str) -> str | None:
        return next((v for n, v in self.headers if n.lower() == name.lower()), None)

    @property
    def state(self) -> str | None:
        return self.header("X-Fazhi-Cache")

    @property
    def text(self) -> str:
        return self.body.decode()


@pytest.fixture
def app(settings):
    settings.FAZHI_PAGE_CACHE_SECONDS = 3600
    settings.FAZHI_PAGE_CACHE_QUERY_SECONDS = 60
    settings.FAZHI_PAGE_L1_CHECK_MS = 0  # every request reads the epoch: exact, for the tests
    settings.SEARCH_PER_PAGE = 2
    page_cache().clear()
    return FastPath(get_wsgi_application())


@pytest.fixture
def articles(channel):
    return [
        make_article(channel, f"优化{WORD}第{n}篇", paragraphs=[f"持续优化法治化{WORD}，第{n}段。"])
        for n in range(5)
    ]


@pytest.mark.parametrize("path", ["/search/", "/api/search"])
def test_a_repeated_query_is_answered_without_django(app, articles, path):
    for page in (1, 2, 3):
        query = {"q": WORD, "page": page}
        first = Answer(app, environ(path, query))
        assert first.status == "200 OK" and first.state == "miss", (page, first.status)
        again = Answer(app, environ(path, query))
        assert (again.state, again.queries, again.body) == ("local", 0, first.body)
    # Not the fast path's copy: the page cache middleware answers another process's repeat.
    other = FastPath(get_wsgi_application())
    repeat = Answer(other, environ(path, {"q": WORD, "page": 2}))
    assert (repeat.state, repeat.queries) == ("hit", 0)
    # Each page is its own answer.
    if path == "/api/search":
        pages = [
            json.loads(Answer(app, environ(path, {"q": WORD, "page": n})).body) for n in (1, 2)
        ]
        assert pages[0]["total"] == 5 and pages[0]["num_pages"] == 3
        titles = [{r["title"] for r in p["results"]} for p in pages]
        assert len(titles[0]) == len(titles[1]) == 2 and not titles[0] & titles[1]


def test_a_publish_makes_the_new_article_findable_at_once(app, articles, channel):
    query = {"q": WORD, "page": 1, "sort": "date"}  # the newest first: the new one on page 1
    Answer(app, environ("/api/search", query))
    Answer(app, environ("/search/", query))
    assert Answer(app, environ("/api/search", query)).state == "local"
    new = make_article(channel, f"{WORD}新规今日施行", paragraphs=["新规全文。"])
    for path in ("/api/search", "/search/"):
        answer = Answer(app, environ(path, query))
        assert answer.state == "miss" and f"{WORD}新规今日施行" in answer.text.replace(
            "<mark>", ""
        ).replace("</mark>", ""), path
    # And an unpublish makes it go at once.
    ArticlePage.objects.get(pk=new.pk).unpublish()
    answer = Answer(app, environ("/api/search", query))
    assert answer.state == "miss" and "新规今日施行" not in answer.text
    assert json.loads(answer.body)["total"] == 5


def test_an_edit_of_a_found_article_shows_in_the_answer(app, articles):
    query = {"q": WORD}
    Answer(app, environ("/api/search", query))
    article = ArticlePage.objects.get(pk=articles[0].pk)
    article.title = f"{WORD}（修订稿）"
    article.save_revision().publish()
    answer = Answer(app, environ("/api/search", query))
    assert answer.state == "miss"
    assert f"{WORD}（修订稿）" in {r["title"] for r in json.loads(answer.body)["results"]}


def test_bad_input_keeps_its_chinese_message(app, articles):
    for _ in range(2):
        answer = Answer(app, environ("/api/search", {"q": WORD, "page": "abc"}))
        assert answer.status.startswith("400") and answer.state == "pass"
        assert json.loads(answer.body)["error"] == "搜索参数有误。"
    for _ in range(2):
        answer = Answer(
            app,
            environ("/search/", {"q": WORD, "date_from": "2026-02-01", "date_to": "2026-01-01"}),
        )
        assert answer.status == "200 OK" and "起始日期不能晚于截止日期。" in answer.text
    assert answer.state == "local"  # the same message for everyone: a cached answer too


def test_what_may_be_personal_is_never_shared(app, articles):
    query = {"q": WORD}
    Answer(app, environ("/search/", query))
    for extra in ({"HTTP_COOKIE": "sessionid=abc"}, {"HTTP_AUTHORIZATION": "Basic eDp5"}):
        answer = Answer(app, environ("/search/", query, **extra))
        assert answer.state == "bypass", extra
    # Other paths with a query string are still not cached; nor the bare form.
    assert l1_key(environ("/fzyw/", {"page": 2})) is None
    assert l1_key(environ("/search/", {"q": "甲"})) != l1_key(environ("/search/", {"q": "乙"}))
    for _ in range(2):
        assert Answer(app, environ("/search/")).state == "bypass"


def test_answers_expire_within_the_search_cache_lifetime(app, articles, settings):
    query = {"q": WORD}
    Answer(app, environ("/api/search", query))
    key = next(iter(app.l1.entries))
    _, expires, _ = app.l1.entries[key]
    import time

    assert expires - time.monotonic() <= settings.FAZHI_PAGE_CACHE_QUERY_SECONDS + 1


def test_a_dictionary_change_and_a_rebuild_drop_the_cached_answers(app, articles):
    from django.core.management import call_command

    from fazhi.search.models import SearchDictionary

    query = {"q": WORD}
    Answer(app, environ("/api/search", query))
    assert Answer(app, environ("/api/search", query)).state == "local"
    dictionary = SearchDictionary.load()
    dictionary.words = "法治化营商环境"
    dictionary.save()  # new searches segment with it at once: cached answers must go
    assert Answer(app, environ("/api/search", query)).state == "miss"
    assert Answer(app, environ("/api/search", query)).state == "local"
    call_command("rebuild_search", stdout=io.StringIO())
    assert Answer(app, environ("/api/search", query)).state == "miss"
