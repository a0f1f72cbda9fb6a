# RateCounter was fazhi.comments' model: comments 0002 renamed its table to limits_ratecounter, so
# this migration creates the model in this app's state only (no table is created, no row is lost)
# and moves its content type (with any permissions on it) from comments to limits.

from django.db import migrations, models


def move_content_type(apps, schema_editor, source='comments', target='limits'):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=target, model='ratecounter').exists():
        return
    ContentType.objects.using(db).filter(app_label=source, model='ratecounter').update(
        app_label=target
    )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source='limits', target='comments')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('comments', '0002_ratecounter_to_limits'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RateCounter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=200)),
                        ('window', models.BigIntegerField()),
                        ('count', models.PositiveIntegerField(default=0)),
                        ('expires_at', models.DateTimeField(db_index=True)),
                    ],
                    options={
                        'constraints': [models.UniqueConstraint(fields=('key', 'window'), name='ratecounter_key_window')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back, elidable=True),
    ]
