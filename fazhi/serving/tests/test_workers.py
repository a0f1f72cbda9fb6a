"""Two app server processes sharing one site: a publish is visible on both within a second, although
each keeps its own in-memory copy of the pages it served (fazhi.serving.fastpath) — on PostgreSQL
and Redis as deployed, and on the default install (SQLite, no Redis: the purge epoch file)."""

from __future__ import annotations

import http.client
import time

import pytest
from django.conf import settings
from django.db import connection
from wagtail.models import Site

from fazhi.conftest import database_url_for_another_process
from fazhi.core.models import SiteSettings
from fazhi.news.models import ArticlePage
from fazhi.testing.processes import app_server, fazhi_command, http_get, seconds_until, site_env

# Longer than the check interval of the workers (FAZHI_PAGE_L1_CHECK_MS, 100 ms) plus a request.
VISIBLE_WITHIN = 1.0


@pytest.fixture
def workers(tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip(
            "needs FAZHI_DATABASE_URL=postgres://... and FAZHI_REDIS_URL (the second `make test` run)"
        )
    env = site_env(
        tmp_path,
        database_url_for_another_process(tmp_path),
        FAZHI_REDIS_URL=settings.REDIS_URL,
        FAZHI_CACHE_PREFIX=settings.CACHES["default"]["KEY_PREFIX"],
        FAZHI_ALLOWED_HOSTS="127.0.0.1",
        FAZHI_PAGE_CACHE_SECONDS="3600",
        FAZHI_TASK_BACKEND="immediate",
    )
    with app_server(env) as (first, _), app_server(env) as (second, _):
        yield first, second


def get(port: int, path: str) -> tuple[str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # The same public host for both, as behind nginx (the cache key includes the host).
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    assert response.status == 200, (port, path, response.status)
    return response.getheader("X-Fazhi-Cache"), body


def visible_after(ports: tuple[int, ...], paths: list[str], text: str) -> float:
    """Seconds until every worker shows ``text`` on every path (asking each in turn)."""
    started = time.monotonic()
    while time.monotonic() - started < 10:
        if all(text in get(port, path)[1] for port in ports for path in paths):
            return time.monotonic() - started
        time.sleep(0.01)
    return float("inf")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_is_visible_on_every_worker(workers, seed_article):
    url = seed_article.url
    first, second = workers
    assert get(first, url)[0] == "miss"
    assert get(second, url)[0] == "hit"  # one shared cache: the other worker's copy
    assert get(first, "/")[0] == "miss" and get(second, "/")[0] == "hit"
    for port in workers:  # now each answers from its own memory
        assert get(port, url)[0] == "local" and get(port, "/")[0] == "local"

    article = ArticlePage.objects.get(pk=seed_article.pk)
    article.title = "四个聚力（修订）"
    article.save_revision().publish()  # autocommit: the signal runs now, as in the admin
    assert visible_after(workers, [url, "/"], "四个聚力（修订）") < VISIBLE_WITHIN

    footer = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    footer.supervision_phone = "010-12345678"
    footer.save()
    assert visible_after(workers, [url], "010-12345678") < VISIBLE_WITHIN
    # Never back to the old copy afterwards.
    for _ in range(20):
        for port in workers:
            assert "四个聚力（修订）" in get(port, url)[1]


PUBLISH = """
from fazhi.news.models import ArticlePage
page = ArticlePage.objects.get(pk={pk})
page.title = {title!r}
page.save_revision().publish()
"""


@pytest.mark.django_db(transaction=True)
def test_a_publish_from_a_third_process_reaches_both_servers_on_the_default_install(
    seed_article, tmp_path
):
    """SQLite and no Redis, as `make demo` runs: `fazhi runserver` and granian on one site, the
    article published from a `fazhi shell` (like the scheduler or the task worker would)."""
    if connection.vendor != "sqlite":
        pytest.skip("the default install is SQLite; PostgreSQL + Redis: the test above")
    env = site_env(
        tmp_path,
        database_url_for_another_process(tmp_path),
        FAZHI_PAGE_CACHE_SECONDS="3600",
        FAZHI_TASK_BACKEND="immediate",
    )
    url = seed_article.url
    with app_server(env, "runserver") as (first, _), app_server(env, "granian") as (second, _):
        servers = (first, second)
        for port in servers:
            for _ in range(3):
                status, headers, body = http_get(port, url)
                assert status == 200 and "四个聚力" in body
            assert headers["x-fazhi-cache"] == "local"  # its own copy, in its own memory
        fazhi_command(
            env, "shell", "-c", PUBLISH.format(pk=seed_article.pk, title="第三个进程发布")
        )
        shown = seconds_until(
            lambda: all(
                "第三个进程发布" in http_get(port, path)[2]
                for port in servers
                for path in (url, "/")
            )
        )
        assert shown < VISIBLE_WITHIN, shown
        for _ in range(10):  # and never back to an old copy
            assert all("第三个进程发布" in http_get(port, url)[2] for port in servers)
