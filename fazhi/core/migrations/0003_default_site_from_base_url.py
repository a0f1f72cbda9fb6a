"""The default Site takes the hostname and port of FAZHI_BASE_URL (0002 made it localhost:80).

Wagtail derives the scheme from the port: https://www.example.cn becomes www.example.cn:443,
http://127.0.0.1:8000 becomes 127.0.0.1:8000. Later changes of FAZHI_BASE_URL are reported by
`fazhi check`; `fazhi load_demo` applies them too.
"""

from django.db import migrations

from fazhi.core.urls_absolute import sync_default_site


def default_site_from_base_url(apps, schema_editor):
    sync_default_site(apps.get_model("wagtailcore", "Site"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(default_site_from_base_url, migrations.RunPython.noop)]
