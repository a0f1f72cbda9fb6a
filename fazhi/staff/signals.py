"""A staff record's change shows on every article that carries its verified byline."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from fazhi.core.signals import announce
from fazhi.staff.models import StaffMember


@receiver(post_save, sender=StaffMember)
def _bylines_changed(sender: Any, instance: StaffMember, created: bool, **kwargs: Any) -> None:
    if created:
        return
    # Revoking (or renaming) someone changes the byline mark on their live articles: tell the
    # page cache and search through the one public-content signal.
    for page in instance.bylined_articles.live().only("id", "url_path", "title"):
        announce(page, "published", [page.url_path])
