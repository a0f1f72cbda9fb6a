"""Moderation rules: what status a new comment gets, who it shows as, and the queue's actions."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from fazhi.comments.filtering import FilterResult
from fazhi.comments.models import Comment, CommentStatus, ModerationMode

ANONYMOUS_NAME = "匿名网友"


def initial_status(mode: str, result: FilterResult) -> str:
    """先审后发: every comment waits. 先发后审: approved at once, unless a 'hold' word matched.

    A 'block' word never gets here: the post is refused before anything is stored.
    """
    if result.blocked:
        raise ValueError("blocked text must be refused, not stored")
    if result.held or mode != ModerationMode.POST:
        return CommentStatus.PENDING
    return CommentStatus.APPROVED


def display_name(user: AbstractBaseUser | AnonymousUser | None, anonymous: bool) -> str:
    """Who a comment shows as: 匿名网友, or the member's nickname, or their username."""
    if anonymous or user is None or not user.is_authenticated:
        return ANONYMOUS_NAME
    profile = getattr(user, "reader_profile", None)
    nickname = getattr(profile, "nickname", "") if profile is not None else ""
    return nickname or user.get_username()


def thread_root(parent: Comment | None) -> Comment | None:
    """One level of replies: a reply to a reply hangs under the top-level comment."""
    if parent is None:
        return None
    return parent.parent if parent.parent_id else parent


def _set_status(ids: Iterable[int], status: str, moderator: AbstractBaseUser | None) -> int:
    with transaction.atomic():
        return Comment.objects.filter(pk__in=list(ids)).update(
            status=status, moderated_at=timezone.now(), moderated_by=moderator
        )


def approve(ids: Iterable[int], moderator: AbstractBaseUser | None = None) -> int:
    return _set_status(ids, CommentStatus.APPROVED, moderator)


def reject(ids: Iterable[int], moderator: AbstractBaseUser | None = None) -> int:
    return _set_status(ids, CommentStatus.REJECTED, moderator)


def delete(ids: Iterable[int]) -> int:
    with transaction.atomic():
        _deleted, per_model = Comment.objects.filter(pk__in=list(ids)).delete()
    return per_model.get(Comment._meta.label, 0)
