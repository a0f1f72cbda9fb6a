"""The rate counters moved from fazhi.comments to fazhi.limits: ``migrate`` on an existing site keeps
every counter row (the table is renamed, not re-created) and moves the model's content type."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from fazhi.limits.models import RateCounter

# A site migrated before the move: comments' first migration (which created comments_ratecounter)
# applied, nothing of fazhi.limits.
BEFORE_THE_MOVE = [("comments", "0001_initial"), ("limits", None)]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_moving_the_rate_counters_keeps_their_rows():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        executor = _migrate(BEFORE_THE_MOVE)
        old = executor.loader.project_state([BEFORE_THE_MOVE[0]]).apps
        tables = connection.introspection.table_names()
        assert "comments_ratecounter" in tables and "limits_ratecounter" not in tables
        expires = timezone.now() + timedelta(hours=1)
        old.get_model("comments", "RateCounter").objects.create(
            key="comment_ip:10.0.0.1", window=472_222, count=7, expires_at=expires
        )
        old_type = old.get_model("contenttypes", "ContentType")
        old_type.objects.filter(app_label="limits", model="ratecounter").delete()
        type_id = old_type.objects.get_or_create(app_label="comments", model="ratecounter")[0].pk

        _migrate(leaves)  # what `fazhi migrate` does on that site

        tables = connection.introspection.table_names()
        assert "limits_ratecounter" in tables and "comments_ratecounter" not in tables
        row = RateCounter.objects.get(key="comment_ip:10.0.0.1", window=472_222)
        assert row.count == 7 and row.expires_at == expires
        # The content type (and any permission on it) moved rather than being orphaned. (Read
        # from the table: ContentType's cache must keep the ids the next test restores.)
        assert ContentType.objects.get(app_label="limits", model="ratecounter").pk == type_id
        assert not ContentType.objects.filter(app_label="comments", model="ratecounter").exists()
        # The counters keep working on the renamed table, unique constraint included.
        from fazhi.limits.rates import upsert_increment

        keys = {"key": "comment_ip:10.0.0.1", "window": 472_222}
        assert upsert_increment(RateCounter, keys, {"expires_at": expires}) == 8

        # And back: unapplying the move puts the table and its rows where they were.
        executor = _migrate(BEFORE_THE_MOVE)
        old = executor.loader.project_state([BEFORE_THE_MOVE[0]]).apps
        assert old.get_model("comments", "RateCounter").objects.get(window=472_222).count == 8
    finally:
        _migrate(leaves)
