"""The comments app's side of the migration's hooks, registered only when that app is installed."""

from __future__ import annotations

from django.apps import apps
from wagtail import hooks

from fazhi.legacy.hooks import MIGRATE_ARTICLE_COUNTS, MIGRATE_COMMENTS

if apps.is_installed("fazhi.comments"):
    from fazhi.legacy.comment_store import store_comments, store_digg_counts

    hooks.register(MIGRATE_COMMENTS, store_comments)
    hooks.register(MIGRATE_ARTICLE_COUNTS, store_digg_counts)
