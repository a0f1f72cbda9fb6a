"""上一篇/下一篇: which pages must be purged when an article or video changes.

A page's neighbours show its title and link, so a publish, unpublish, move or re-dating changes
the pages next to where it stands now and next to where it stood before. ``remember_old_place``
(``pre_save``) notes the old neighbours of a live page whose time or place changes;
``neighbour_url_paths`` (the core's ``PURGE_ALSO`` hook) returns them with the new ones."""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from fazhi.news.selectors import LISTED_PAGE_TYPES, Neighbours, neighbours, neighbours_at

# Page id -> tree url_paths of the neighbours it had before a save that re-dated it; read once.
_before: dict[int, set[str]] = {}


def _paths(found: Neighbours) -> set[str]:
    return {p.url_path for p in (found.previous, found.next) if p is not None}


def is_listed(page: Any) -> bool:
    return page._meta.label in LISTED_PAGE_TYPES


def remember_old_place(
    sender: type, instance: Any, update_fields: Any = None, **kwargs: Any
) -> None:
    """Before a listed page is saved: if it is live and its time or place is changing, note the
    neighbours it had (they link to it and will not after)."""
    if not instance.pk or (update_fields is not None and "publish_time" not in update_fields):
        return
    if not is_listed(instance):
        return
    old = sender.objects.filter(pk=instance.pk).values("live", "publish_time", "path").first()
    if old is None or not old["live"]:
        return
    if old["publish_time"] == instance.publish_time and old["path"] == instance.path:
        return
    parent_path = old["path"][: -Page.steplen]
    _before.setdefault(instance.pk, set()).update(
        _paths(neighbours_at(parent_path, old["publish_time"], instance.pk))
    )


def neighbour_url_paths(page: Any, action: str, url_paths: list[str]) -> set[str]:
    """Tree url_paths of the pages whose 上一篇/下一篇 showed or now show ``page``."""
    if not is_listed(page):
        return set()
    found = _before.pop(page.pk, set()) if page.pk else set()
    found |= _paths(neighbours(page))  # where it is now (also: where it was, if unpublished)
    if action == "moved" and url_paths:
        old_parent_url = url_paths[0].rstrip("/").rsplit("/", 1)[0] + "/"
        old_parent = Page.objects.filter(url_path=old_parent_url).values_list("path", flat=True)
        for parent_path in old_parent[:1]:
            found |= _paths(neighbours_at(parent_path, page.publish_time, page.pk))
    found.discard(page.url_path)
    return found
