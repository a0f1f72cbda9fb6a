from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "fazhi.limits"
    label = "limits"
    verbose_name = "频率限制"
