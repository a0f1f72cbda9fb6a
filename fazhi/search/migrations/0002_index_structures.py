"""The backend's index structures, created for the database in use."""

from django.db import migrations

SQLITE = [
    # Tokens (space-separated jieba search-mode output) per field, and filter tokens (channel,
    # author); rowid is SearchDocument.doc_key.
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, lead, body, meta, filters, tokenize = 'unicode61 remove_diacritics 0')",
    # Deleting a document row (directly or via the ORM) drops its tokens in the same transaction.
    "CREATE TRIGGER search_document_delete AFTER DELETE ON search_document BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.doc_key; END",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS search_document_delete", "DROP TABLE IF EXISTS search_fts"]
POSTGRES = [
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
    "CREATE INDEX search_document_title_vector ON search_document USING gin (title_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_document_vector",
    "DROP INDEX IF EXISTS search_document_title_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
