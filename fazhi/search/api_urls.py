from django.urls import path

from fazhi.search import views

app_name = "search_api"

urlpatterns = [
    path("search", views.api_search, name="search"),
]
