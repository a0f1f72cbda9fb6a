from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "站点"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from fazhi.core import checks, live, signals  # noqa: F401  (checks, signal receivers)
        from fazhi.core.i18n import fix_wagtail_labels, translate_default_rows

        fix_wagtail_labels()
        post_migrate.connect(translate_default_rows, dispatch_uid="fazhi_translate_default_rows")
