from django.urls import path

from fazhi.accounts import views

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("login/", views.ReaderLoginView.as_view(), name="login"),
    path("logout/", views.ReaderLogoutView.as_view(), name="logout"),
    path("password/", views.ReaderPasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", views.ReaderPasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("comments/", views.my_comments, name="my_comments"),
]
