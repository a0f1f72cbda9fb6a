from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "fazhi.comments"
    label = "comments"
    verbose_name = "评论与互动"
