"""When 相关阅读 is computed: after a publish (in a background task), and what a removal does."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from wagtail.models import Page

from fazhi.core.signals import public_content_changed
from fazhi.related import store


@receiver(public_content_changed)
def _on_public_content_changed(sender: Any, page: Page, action: str, **kwargs: Any) -> None:
    from fazhi.related.tasks import refresh_related

    if not callable(getattr(page, "public_content", None)):
        return
    if action in ("published", "moved") and page.live:
        refresh_related.enqueue(page.pk)
    elif action in ("unpublished", "deleted"):
        store.forget(page.pk)  # a few deletes: no task, so it never shows as a candidate again
