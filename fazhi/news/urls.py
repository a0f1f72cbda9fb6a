from django.urls import path

from fazhi.news.feeds import ArticleFeed

app_name = "news"

urlpatterns = [
    path("feed/", ArticleFeed(), name="site_feed"),
]
