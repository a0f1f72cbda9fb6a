from django.urls import path

from fazhi.news import views
from fazhi.news.feeds import ArticleFeed

app_name = "news"

urlpatterns = [
    path("feed/", ArticleFeed(), name="site_feed"),
    path("tags/<str:tag>/", views.tag_page, name="tag"),
    path("tags/<str:tag>/page/<int:number>/", views.tag_page, name="tag_page"),
    path("tags/<str:tag>/feed/", views.tag_feed, name="tag_feed"),
]
