from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "fazhi.news"
    label = "news"
    verbose_name = "新闻"
