"""The comments app's side of the migration's hooks, registered only when that app is installed.

The hooks import the migration's writers (lxml, nh3, the bulk writer) when a migration calls
them, not when a web worker loads the hooks: a worker never migrates (issue 18, worker RSS)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from wagtail import hooks

from fazhi.legacy.hooks import MIGRATE_ARTICLE_COUNTS, MIGRATE_COMMENTS


def store_comments(*args: Any, **kwargs: Any) -> Any:
    """``fazhi.legacy.comment_store.store_comments``, imported on the first call."""
    from fazhi.legacy.comment_store import store_comments as store

    return store(*args, **kwargs)


def store_digg_counts(*args: Any, **kwargs: Any) -> Any:
    """``fazhi.legacy.comment_store.store_digg_counts``, imported on the first call."""
    from fazhi.legacy.comment_store import store_digg_counts as store

    return store(*args, **kwargs)


if apps.is_installed("fazhi.comments"):
    hooks.register(MIGRATE_COMMENTS, store_comments)
    hooks.register(MIGRATE_ARTICLE_COUNTS, store_digg_counts)

if apps.is_installed("fazhi.readcounts"):
    from fazhi.readcounts.hooks import START_VALUES

    @hooks.register(START_VALUES)
    def legacy_read_counts(page_ids: list[int]) -> dict[int, int]:
        """The old site's 点击数 (EmpireCMS ``onclick``, DedeCMS ``click``): where 阅读 N starts."""
        from fazhi.legacy.models import LegacyArticleStats

        rows = LegacyArticleStats.objects.filter(page_id__in=page_ids, views__gt=0)
        return dict(rows.values_list("page_id", "views"))
