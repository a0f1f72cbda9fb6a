from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "fazhi.importers"
    label = "importers"
    verbose_name = "导入"
