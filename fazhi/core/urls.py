from django.urls import path

from fazhi.core import views

app_name = "core"

urlpatterns = [
    path("api/pages/<int:page_id>/live/", views.page_live_data, name="page_live_data"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
