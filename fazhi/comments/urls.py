from django.urls import path

# No app namespace: django-simple-captcha reverses its own URL names globally.
from fazhi.comments import views

urlpatterns = [
    path("api/pages/<int:page_id>/digg/", views.digg, name="digg"),
    path("api/pages/<int:page_id>/comments/", views.comments, name="comments"),
    path("api/comments/<int:comment_id>/report/", views.report, name="report"),
    path("api/captcha/", views.captcha, name="captcha"),
]
