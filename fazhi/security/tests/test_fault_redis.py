"""Redis stopped: pages still serve (the page cache is bypassed), rate limits fall back to the
database, nothing answers 5xx. Uses a redis-server of its own on a spare port, never the shared one."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
from django.test import Client

from fazhi.comments.tests.conftest import JSON, guest_comment
from fazhi.limits import rates
from fazhi.limits.models import RateCounter
from fazhi.security.cache import ResilientRedisCache
from fazhi.testing.processes import free_port

pytestmark = pytest.mark.django_db
REDIS = shutil.which("redis-server")


@pytest.fixture
def own_redis(tmp_path):
    if not REDIS:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [
            REDIS,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield process, port
    if process.poll() is None:
        process.kill()
        process.wait(5)


def test_pages_and_limits_survive_redis_stopping(own_redis, settings, seed_article):
    process, port = own_redis
    settings.CACHES = {
        "default": {
            "BACKEND": "fazhi.security.cache.ResilientRedisCache",  # as settings.py sets it
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "issue9-fault",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.RATE_LIMIT_BACKEND = "cache"
    settings.FAZHI_PAGE_CACHE_SECONDS = 60
    client = Client()
    assert client.get(seed_article.url).status_code == 200
    assert client.get(seed_article.url)["X-Fazhi-Cache"] == "hit"  # Redis works

    process.kill()
    process.wait(5)
    ResilientRedisCache._down_until = 0.0
    for path in [seed_article.url, "/", "/search/?q=法治", "/staff/", "/accounts/login/"]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    response = client.get(f"/api/pages/{seed_article.pk}/live/")
    assert response.status_code == 200
    before = RateCounter.objects.count()
    response = client.post(
        f"/api/pages/{seed_article.pk}/comments/", guest_comment("Redis 停了也能评论"), **JSON
    )
    assert response.status_code == 201, response.content
    assert RateCounter.objects.count() > before  # counted in the database instead

    # ... and the limits still bite, counted there: two comments an hour, the third refused.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_ip": "2/h"}
    response = client.post(
        f"/api/pages/{seed_article.pk}/comments/", guest_comment("第二条评论"), **JSON
    )
    assert response.status_code == 201, response.content
    response = client.post(
        f"/api/pages/{seed_article.pk}/comments/", guest_comment("第三条评论"), **JSON
    )
    assert response.status_code == 429
    # Counts read without counting (failed staff lookups before the captcha) see them too.
    rate = rates.Rate(limit=0, period=3600)
    assert rates.peek("fault-test", rate) == 0
    rates.hit("fault-test", rate)
    rates.hit("fault-test", rate)
    assert rates.peek("fault-test", rate) == 2
