from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "fazhi.staff"
    label = "staff"
    verbose_name = "人员查询"

    def ready(self) -> None:
        from fazhi.staff import signals  # noqa: F401  (connects the receivers)
