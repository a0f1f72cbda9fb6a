"""Two gunicorn processes sharing PostgreSQL and Redis: a publish is visible on both at once."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from wagtail.models import Site

from fazhi.core.models import SiteSettings
from fazhi.news.models import ArticlePage
from fazhi.serving.tests.test_nginx import wait_for_port

PORTS = (18008, 18009)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def workers(tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip(
            "needs FAZHI_DATABASE_URL=postgres://... and FAZHI_REDIS_URL (the second `make test` run)"
        )
    db = connection.settings_dict
    env = {
        **os.environ,
        "FAZHI_ENV": "development",
        "FAZHI_DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "FAZHI_REDIS_URL": settings.REDIS_URL,
        "FAZHI_CACHE_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        "FAZHI_SECRET_KEY": settings.SECRET_KEY,
        "FAZHI_VAR_DIR": str(tmp_path),
        "FAZHI_ALLOWED_HOSTS": "127.0.0.1",
        "FAZHI_PAGE_CACHE_SECONDS": "3600",
    }
    env.pop("FAZHI_TEST_DATABASE_NAME", None)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    processes = [
        subprocess.Popen(
            [
                gunicorn,
                "fazhi.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        for port in PORTS
    ]
    try:
        for port in PORTS:
            wait_for_port(port, 60)
        yield PORTS
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)


def get(port: int, path: str) -> tuple[str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # The same public host for both, as behind nginx (the cache key includes the host).
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    assert response.status == 200, (port, path, response.status)
    return response.getheader("X-Fazhi-Cache"), body


def test_publish_is_visible_on_every_worker(workers, seed_article):
    url = seed_article.url
    first, second = workers
    assert get(first, url)[0] == "miss"
    assert get(second, url)[0] == "hit"  # one shared cache: the other worker's copy
    assert get(first, "/")[0] == "miss" and get(second, "/")[0] == "hit"

    article = ArticlePage.objects.get(pk=seed_article.pk)
    article.title = "四个聚力（修订）"
    article.save_revision().publish()  # autocommit: the signal runs now, as in the admin
    for port in workers:
        assert "四个聚力（修订）" in get(port, url)[1]
        assert "四个聚力（修订）" in get(port, "/")[1]

    footer = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    footer.supervision_phone = "010-12345678"
    footer.save()
    for port in workers:
        assert "010-12345678" in get(port, url)[1]
