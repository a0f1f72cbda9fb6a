from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "fazhi.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from fazhi.jobs import signals  # noqa: F401  (records failures of every task)
