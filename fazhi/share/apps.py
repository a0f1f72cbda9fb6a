from django.apps import AppConfig


class ShareConfig(AppConfig):
    name = "fazhi.share"
    label = "share"
    verbose_name = "分享与打印"
