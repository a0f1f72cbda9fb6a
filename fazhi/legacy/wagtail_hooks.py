"""The comments app's side of the migration's hooks, registered only when that app is installed."""

from __future__ import annotations

from django.apps import apps
from wagtail import hooks

from fazhi.legacy.hooks import MIGRATE_ARTICLE_COUNTS, MIGRATE_COMMENTS

if apps.is_installed("fazhi.comments"):
    from fazhi.legacy.comment_store import store_comments, store_digg_counts

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
