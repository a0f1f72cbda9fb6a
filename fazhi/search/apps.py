from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "fazhi.search"
    label = "search"
    verbose_name = "搜索"

    def ready(self) -> None:
        from fazhi.search import indexing  # noqa: F401  (listens to public_content_changed)
