from django.urls import path

from fazhi.readcounts.beacon import beacon_view

app_name = "readcounts"

urlpatterns = [
    path("api/pages/<int:page_id>/read/", beacon_view, name="beacon"),
]
