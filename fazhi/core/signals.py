"""One signal for "what the public sees changed".

Wagtail sends several signals (published, unpublished, moved, deleted). Search, the page cache and
the static export each listen to ``public_content_changed`` only, so none of them needs to know
about Wagtail's signals and a new kind of change is added here, once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

# Sent after the transaction commits, with ``page`` (the specific page) and ``action``: one of
# "published", "unpublished", "moved", "deleted". ``url_paths`` lists the URL paths the page had
# before and after the change, so listeners can purge old locations too.
public_content_changed = Signal()
# Sent (no arguments) when the search index changed (a page indexed or dropped, a rebuild, the
# dictionary): the page cache drops its cached search answers. Search sends it, serving
# listens; neither imports the other.
search_index_changed = Signal()


def announce(page: Page, action: str, url_paths: list[str] | None = None) -> None:
    def send() -> None:
        public_content_changed.send(
            sender=type(page), page=page, action=action, url_paths=url_paths or []
        )

    transaction.on_commit(send)


@receiver(page_published)
def _on_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    announce(instance, "published", [instance.url_path])


@receiver(page_unpublished)
def _on_unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    announce(instance, "unpublished", [instance.url_path])


@receiver(post_page_move)
def _on_moved(sender: Any, instance: Page, url_path_before: str, url_path_after: str, **kw: Any):
    announce(instance, "moved", [url_path_before, url_path_after])


@receiver(page_slug_changed)
def _on_slug_changed(sender: Any, instance: Page, instance_before: Page, **kwargs: Any) -> None:
    announce(instance, "moved", [instance_before.url_path, instance.url_path])


@receiver(post_delete)
def _on_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    # post_delete fires once per model in the inheritance chain (Page, then ArticlePage):
    # announce only for the instance of the page's own class.
    if (
        isinstance(instance, Page)
        and sender is type(instance)
        and type(instance) is instance.specific_class
        and instance.live
    ):
        announce(instance, "deleted", [instance.url_path])
