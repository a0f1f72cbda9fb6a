from django.urls import path, re_path

from fazhi.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("v/<str:token>/", views.verify, name="verify"),
    re_path(
        r"^v/(?P<token>[A-Za-z0-9_-]+)/qr\.(?P<kind>png|svg)$", views.verify_qr, name="verify_qr"
    ),
]
