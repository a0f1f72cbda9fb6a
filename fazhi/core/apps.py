from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "站点"

    def ready(self) -> None:
        from fazhi.core import signals  # noqa: F401  (connects Wagtail's page signals)
