"""Every model has its table on the database in use (a backup, ``dumpdata`` and a test flush walk
them all; a table created only on PostgreSQL broke SQLite's backup comparison once)."""

import pytest
from django.apps import apps
from django.db import connection


@pytest.mark.django_db
def test_every_managed_model_has_its_table():
    tables = set(connection.introspection.table_names())
    missing = [
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table not in tables
    ]
    assert missing == []
