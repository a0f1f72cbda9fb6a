"""SQLite: FTS5 tables of the newest documents alone (see ``fazhi.search.backends.sqlite``).

FTS5's bm25() counts each query word's documents by walking the word's whole posting list; on
tables holding only the newest few thousand documents that walk stays short however large the
site grows. They start empty: ``fazhi rebuild_search`` fills them once the index is large.
"""

from django.db import migrations

COLUMNS = "tokenize = 'unicode61 remove_diacritics 0'"
SQLITE = [
    f"CREATE VIRTUAL TABLE search_recent_fts USING fts5(title, lead, body, meta, filters, {COLUMNS})",
    f"CREATE VIRTUAL TABLE search_recent_title_fts USING fts5(title, {COLUMNS})",
    "DROP TRIGGER search_document_delete",
    "CREATE TRIGGER search_document_delete AFTER DELETE ON search_document BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.doc_key; "
    "DELETE FROM search_title_fts WHERE rowid = old.doc_key; "
    "DELETE FROM search_recent_fts WHERE rowid = old.doc_key; "
    "DELETE FROM search_recent_title_fts WHERE rowid = old.doc_key; END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_document_delete",
    "CREATE TRIGGER search_document_delete AFTER DELETE ON search_document BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.doc_key; "
    "DELETE FROM search_title_fts WHERE rowid = old.doc_key; END",
    "DROP TABLE search_recent_title_fts",
    "DROP TABLE search_recent_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_vector_table_everywhere")]

    operations = [migrations.RunPython(_run(SQLITE), _run(SQLITE_REVERSE))]
