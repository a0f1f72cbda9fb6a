from django.apps import AppConfig


class VideoConfig(AppConfig):
    name = "fazhi.video"
    label = "video"
    verbose_name = "视频"
