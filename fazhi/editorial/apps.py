from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "fazhi.editorial"
    label = "editorial"
    verbose_name = "采编流程"

    def ready(self) -> None:
        from fazhi.editorial import signals  # noqa: F401  (audit trail, channel desks)
