"""SQLite gets an (always empty) ``search_vector`` table too.

``SearchVector`` is a model on every database (0005), but its table was created only on
PostgreSQL; code that walks every model's table (a backup comparison, ``dumpdata``) failed on
SQLite with "no such table". SQLite's index lives in FTS5 tables; this one stays empty there.
"""

from django.db import migrations

SQLITE = (
    "CREATE TABLE IF NOT EXISTS search_vector (doc_key bigint NOT NULL PRIMARY KEY, "
    "vector text NULL, title_vector text NULL)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_vector_table")]

    operations = [migrations.RunPython(create, drop)]
