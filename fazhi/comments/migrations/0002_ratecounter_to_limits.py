# The rate counters moved to their own app, fazhi.limits. Rows are kept: the table is renamed
# (comments_ratecounter -> limits_ratecounter) and the model leaves this app's state only;
# fazhi/limits/migrations/0001_initial.py takes it into its own state.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='ratecounter', table='limits_ratecounter'),
            ],
            state_operations=[
                migrations.DeleteModel(name='RateCounter'),
            ],
        ),
    ]
