"""Rate limits as plain functions, on the real database and cache."""

from __future__ import annotations

import warnings

import pytest
from django.test import RequestFactory

from fazhi.limits import rates
from fazhi.limits.models import RateCounter


def test_parse_rate():
    assert rates.parse_rate("30/h") == rates.Rate(30, 3600)
    assert rates.parse_rate("5/10m") == rates.Rate(5, 600)
    assert rates.parse_rate(" 100 / d ") == rates.Rate(100, 86400)
    for bad in ["", "h", "30", "30/x", "-1/h"]:
        with pytest.raises(ValueError):
            rates.parse_rate(bad)


@pytest.mark.django_db
@pytest.mark.parametrize("backend", ["database", "cache"])
def test_fixed_window_counts_and_resets(settings, backend):
    settings.RATE_LIMIT_BACKEND = backend
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_ip": "3/m"}
    now = 1_700_000_000.0 - (1_700_000_000 % 60)
    results = [rates.exceeded("comment_ip", "10.0.0.1", now + i) for i in range(5)]
    assert results == [False, False, False, True, True]
    # Another IP has its own count; the next window starts again.
    assert rates.exceeded("comment_ip", "10.0.0.2", now) is False
    assert rates.exceeded("comment_ip", "10.0.0.1", now + 60) is False
    if backend == "database":
        assert RateCounter.objects.get(key="comment_ip:10.0.0.1", window=int(now // 60)).count == 5


@pytest.mark.django_db
def test_typed_user_names_make_valid_cache_keys(settings):
    # Whatever is typed as a user name becomes part of the key: spaces, markup, newlines, CJK
    # and 10,000 characters must not make keys a cache backend rejects (CacheKeyWarning), and
    # each name keeps its own count.
    settings.RATE_LIMIT_BACKEND = "cache"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_user": "2/h"}
    names = [
        "<script>alert(1)</script>",
        "a b",
        "a\n",
        "张三",
        "x" * 10_000,
        "plain.name@example.cn",
    ]
    now = 1_700_000_000.0 - (1_700_000_000 % 3600)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in names:
            assert [rates.exceeded("login_user", name, now) for _ in range(3)] == [
                False,
                False,
                True,
            ]
            assert rates.peek(f"login_user:{name}", rates.parse_rate("2/h"), now) == 3
    assert rates.counter_cache_key("login_ip:10.0.0.1", 7) == "rate:login_ip:10.0.0.1:7"
    assert rates.counter_cache_key("login_user:a\n", 7) != rates.counter_cache_key(
        "login_user:a", 7
    )


@pytest.mark.django_db
def test_any_exceeded_counts_every_check(settings):
    settings.RATE_LIMIT_BACKEND = "database"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_ip": "1/h", "login_user": "5/h"}
    assert not rates.any_exceeded([("login_ip", "1.1.1.1"), ("login_user", "a")])
    assert rates.any_exceeded([("login_ip", "1.1.1.1"), ("login_user", "a")])
    assert RateCounter.objects.filter(key="login_user:a").get().count == 2
    # Missing identities (a guest has no account) are skipped, not counted.
    assert not rates.any_exceeded([("login_user", None), ("login_user", "")])


def test_client_ip_honours_the_proxy_count(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8"
    )
    settings.PROXY_COUNT = 0
    assert rates.client_ip(request) == "10.0.0.9"
    settings.PROXY_COUNT = 1
    assert rates.client_ip(request) == "5.6.7.8"
    settings.PROXY_COUNT = 2
    assert rates.client_ip(request) == "1.2.3.4"
    settings.PROXY_COUNT = 3
    assert rates.client_ip(request) == "10.0.0.9"
