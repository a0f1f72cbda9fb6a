"""PostgreSQL: the vectors move to their own narrow table, ``search_vector``.

A GIN match visits its table row; search_document's rows are wide (a page each, about), so
counting and ranking common words read thousands of pages. The vectors (with their GIN indexes)
are copied over, and the old columns dropped. SQLite keeps its FTS5 tables; the two columns were
always NULL there and are left in place (dropping a column would rebuild search_document and
lose its FTS trigger).
"""

import django.contrib.postgres.search
from django.db import migrations, models

POSTGRES = [
    "CREATE TABLE search_vector (doc_key bigint PRIMARY KEY, vector tsvector, title_vector "
    "tsvector, CONSTRAINT search_vector_doc_key_fk FOREIGN KEY (doc_key) REFERENCES "
    "search_document (doc_key) ON UPDATE CASCADE ON DELETE CASCADE)",
    "INSERT INTO search_vector SELECT doc_key, vector, title_vector FROM search_document "
    "WHERE vector IS NOT NULL",
    "CREATE INDEX search_vector_vector ON search_vector USING gin (vector)",
    "CREATE INDEX search_vector_title_vector ON search_vector USING gin (title_vector)",
    "DROP INDEX IF EXISTS search_document_vector",
    "DROP INDEX IF EXISTS search_document_title_vector",
    "ALTER TABLE search_document DROP COLUMN vector, DROP COLUMN title_vector",
]
POSTGRES_REVERSE = [
    "ALTER TABLE search_document ADD COLUMN vector tsvector, ADD COLUMN title_vector tsvector",
    "UPDATE search_document d SET vector = v.vector, title_vector = v.title_vector "
    "FROM search_vector v WHERE v.doc_key = d.doc_key",
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
    "CREATE INDEX search_document_title_vector ON search_document USING gin (title_vector)",
    "DROP TABLE search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_index_format")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="searchdocument", name="vector"),
                migrations.RemoveField(model_name="searchdocument", name="title_vector"),
                # Known to Django so a test database flush truncates it with search_document
                # (its foreign key forbids truncating that table alone).
                migrations.CreateModel(
                    name="SearchVector",
                    fields=[
                        ("doc_key", models.BigIntegerField(primary_key=True, serialize=False)),
                        (
                            "vector",
                            django.contrib.postgres.search.SearchVectorField(null=True),
                        ),
                        (
                            "title_vector",
                            django.contrib.postgres.search.SearchVectorField(null=True),
                        ),
                    ],
                    options={
                        "verbose_name": "搜索词向量",
                        "db_table": "search_vector",
                        "required_db_vendor": "postgresql",
                    },
                ),
            ],
            database_operations=[migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE))],
        )
    ]
