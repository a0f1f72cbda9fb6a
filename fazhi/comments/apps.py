from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "fazhi.comments"
    label = "comments"
    verbose_name = "评论与互动"

    def ready(self) -> None:
        from fazhi.comments import live  # noqa: F401  (its receivers keep live counts exact)
