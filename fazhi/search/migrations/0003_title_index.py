"""SQLite: a small FTS5 table of titles alone, so "title matches first" reads only title postings.

(A column filter on the main table would read the positions of every match in every column.)
PostgreSQL already has the ``title_vector`` GIN index.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_title_fts USING fts5("
    "title, tokenize = 'unicode61 remove_diacritics 0')",
    "INSERT INTO search_title_fts (rowid, title) SELECT rowid, title FROM search_fts",
    "DROP TRIGGER search_document_delete",
    "CREATE TRIGGER search_document_delete AFTER DELETE ON search_document BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.doc_key; "
    "DELETE FROM search_title_fts WHERE rowid = old.doc_key; END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_document_delete",
    "CREATE TRIGGER search_document_delete AFTER DELETE ON search_document BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.doc_key; END",
    "DROP TABLE search_title_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_structures")]

    operations = [migrations.RunPython(_run(SQLITE), _run(SQLITE_REVERSE))]
