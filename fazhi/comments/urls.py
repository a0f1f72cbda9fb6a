from django.urls import include, path

from fazhi.comments import views

app_name = "comments"

urlpatterns = [
    path("api/pages/<int:page_id>/digg/", views.digg, name="digg"),
    path("api/pages/<int:page_id>/comments/", views.comments, name="comments"),
    path("api/comments/<int:comment_id>/report/", views.report, name="report"),
    path("api/captcha/", views.captcha, name="captcha"),
    path("captcha/", include("captcha.urls")),
]
