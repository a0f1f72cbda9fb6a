"""The index's token format (``SearchIndexState``).

An index built before this migration holds search-mode tokens only (format 1): searches keep
using sub-word phrases for it until ``fazhi rebuild_search`` rewrites it in the current format.
An empty index is already in the current format.
"""

from django.db import migrations, models

FORMAT_AT_THIS_MIGRATION = 2


def record_format(apps, schema_editor):
    document = apps.get_model("search", "SearchDocument")
    state = apps.get_model("search", "SearchIndexState")
    state.objects.create(format=1 if document.objects.exists() else FORMAT_AT_THIS_MIGRATION)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_title_index")]

    operations = [
        migrations.CreateModel(
            name="SearchIndexState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("format", models.PositiveSmallIntegerField(default=2)),
            ],
            options={"verbose_name": "搜索索引状态", "db_table": "search_index_state"},
        ),
        migrations.RunPython(record_format, migrations.RunPython.noop),
    ]
