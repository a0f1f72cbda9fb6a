from django.apps import AppConfig


class ReadcountsConfig(AppConfig):
    name = "fazhi.readcounts"
    label = "readcounts"
    verbose_name = "阅读数"
