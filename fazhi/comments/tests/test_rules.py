"""Moderation rules, as plain functions (the rate limits: fazhi/limits/tests)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User

from fazhi.accounts.readers import create_reader
from fazhi.comments import moderation
from fazhi.comments.filtering import BLOCK, HOLD, WordFilter
from fazhi.comments.models import CommentStatus, ModerationMode

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
