"""Moderation rules and rate limits, as plain functions (limits on the real database/cache)."""

from __future__ import annotations

import warnings

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory

from fazhi.accounts.readers import create_reader
from fazhi.comments import limits, moderation
from fazhi.comments.filtering import BLOCK, HOLD, WordFilter
from fazhi.comments.models import CommentStatus, ModerationMode, RateCounter

WORDS = WordFilter([("六合彩", BLOCK), ("枪支", HOLD)])


def test_pre_moderation_holds_everything():
    assert moderation.initial_status(ModerationMode.PRE, WORDS.check("好文章")) == "pending"


def test_post_moderation_publishes_unless_a_hold_word_matched():
    assert moderation.initial_status(ModerationMode.POST, WORDS.check("好文章")) == "approved"
    assert moderation.initial_status(ModerationMode.POST, WORDS.check("枪 支")) == "pending"


def test_blocked_text_is_never_given_a_status():
    with pytest.raises(ValueError):
        moderation.initial_status(ModerationMode.POST, WORDS.check("六合彩"))


@pytest.mark.django_db
def test_display_names():
    assert moderation.display_name(None, False) == "匿名网友"
    assert moderation.display_name(AnonymousUser(), False) == "匿名网友"
    reader = create_reader("zhang", "a-Long-pass-123")
    assert moderation.display_name(reader, False) == "zhang"
    assert moderation.display_name(reader, True) == "匿名网友"
    nick = create_reader("li", "a-Long-pass-123", nickname="老李")
    assert moderation.display_name(User.objects.get(pk=nick.pk), False) == "老李"


def test_parse_rate():
    assert limits.parse_rate("30/h") == limits.Rate(30, 3600)
    assert limits.parse_rate("5/10m") == limits.Rate(5, 600)
    assert limits.parse_rate(" 100 / d ") == limits.Rate(100, 86400)
    for bad in ["", "h", "30", "30/x", "-1/h"]:
        with pytest.raises(ValueError):
            limits.parse_rate(bad)


@pytest.mark.django_db
@pytest.mark.parametrize("backend", ["database", "cache"])
def test_fixed_window_counts_and_resets(settings, backend):
    settings.RATE_LIMIT_BACKEND = backend
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_ip": "3/m"}
    now = 1_700_000_000.0 - (1_700_000_000 % 60)
    results = [limits.exceeded("comment_ip", "10.0.0.1", now + i) for i in range(5)]
    assert results == [False, False, False, True, True]
    # Another IP has its own count; the next window starts again.
    assert limits.exceeded("comment_ip", "10.0.0.2", now) is False
    assert limits.exceeded("comment_ip", "10.0.0.1", now + 60) is False
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
            assert [limits.exceeded("login_user", name, now) for _ in range(3)] == [
                False,
                False,
                True,
            ]
            assert limits.peek(f"login_user:{name}", limits.parse_rate("2/h"), now) == 3
    assert limits.counter_cache_key("login_ip:10.0.0.1", 7) == "rate:login_ip:10.0.0.1:7"
    assert limits.counter_cache_key("login_user:a\n", 7) != limits.counter_cache_key(
        "login_user:a", 7
    )


@pytest.mark.django_db
def test_any_exceeded_counts_every_check(settings):
    settings.RATE_LIMIT_BACKEND = "database"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_ip": "1/h", "login_user": "5/h"}
    assert not limits.any_exceeded([("login_ip", "1.1.1.1"), ("login_user", "a")])
    assert limits.any_exceeded([("login_ip", "1.1.1.1"), ("login_user", "a")])
    assert RateCounter.objects.filter(key="login_user:a").get().count == 2
    # Missing identities (a guest has no account) are skipped, not counted.
    assert not limits.any_exceeded([("login_user", None), ("login_user", "")])


def test_client_ip_honours_the_proxy_count(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8"
    )
    settings.PROXY_COUNT = 0
    assert limits.client_ip(request) == "10.0.0.9"
    settings.PROXY_COUNT = 1
    assert limits.client_ip(request) == "5.6.7.8"
    settings.PROXY_COUNT = 2
    assert limits.client_ip(request) == "1.2.3.4"
    settings.PROXY_COUNT = 3
    assert limits.client_ip(request) == "10.0.0.9"


@pytest.mark.django_db
def test_queue_actions_change_status_in_bulk(seed_article):
    from fazhi.comments.models import Comment

    made = [
        Comment.objects.create(page=seed_article, author_name="匿名网友", text=f"评论{i}")
        for i in range(3)
    ]
    assert moderation.approve([made[0].pk, made[1].pk]) == 2
    assert moderation.reject([made[2].pk]) == 1
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {
        made[0].pk: CommentStatus.APPROVED,
        made[1].pk: CommentStatus.APPROVED,
        made[2].pk: CommentStatus.REJECTED,
    }
    assert moderation.delete([made[2].pk]) == 1
    assert Comment.objects.count() == 2
