from django.apps import AppConfig


class ServingConfig(AppConfig):
    name = "fazhi.serving"
    label = "serving"
    verbose_name = "页面缓存与静态生成"

    def ready(self) -> None:
        from fazhi.serving import receivers  # noqa: F401  (purges on public_content_changed)
