from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "fazhi.related"
    verbose_name = "相关阅读"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fazhi.related import receivers  # noqa: F401  (public_content_changed)
