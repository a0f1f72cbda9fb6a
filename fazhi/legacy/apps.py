from django.apps import AppConfig


class LegacyConfig(AppConfig):
    name = "fazhi.legacy"
    label = "legacy"
    verbose_name = "旧站迁移"
