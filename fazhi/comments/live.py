"""What comments add to a page's live JSON, and keeping it exact after a reader writes.

Shared (``fazhi_page_live_data``): digg and comment counts and the site's 评论设置, the same for
every reader. Personal (``fazhi_personal_data``): whether this reader digged (their cookie).
The 评论设置 are kept per site in the cache (no ``Site.find_for_request`` on the hot path) and
dropped when an editor saves them; a digg or any change of a comment drops the page's shared
entry (``fazhi.core.live.drop_shared``).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from wagtail.models import Page

from fazhi.comments.digg import digg_count, digged_pages
from fazhi.comments.models import Comment, CommentSettings, CommentStatus
from fazhi.core.live import drop_shared

# Other processes without a shared cache (the default install) see a change within this long.
SETTINGS_SECONDS = 60


def settings_key(site_id: int) -> str:
    return f"fazhi:comments:settings:{site_id}"


def settings_for_site(site_id: int) -> dict[str, Any]:
    """The 评论设置 of a site as the page script reads them, cached until they are saved."""
    key = settings_key(site_id)
    found = cache.get(key)
    if found is None:
        row = CommentSettings.base_queryset().get_or_create(site_id=site_id)[0]
        found = {
            "guests_may_post": row.guests_may_post,
            "members_may_be_anonymous": row.members_may_be_anonymous,
            "moderation_mode": row.moderation_mode,
        }
        cache.set(key, found, SETTINGS_SECONDS)
    return found


def shared_comment_data(page: Page) -> dict[str, Any]:
    if not callable(getattr(page, "public_content", None)):
        return {}
    parts = page.get_url_parts()
    data: dict[str, Any] = {
        "digg_count": digg_count(page.pk),
        "comment_count": Comment.objects.filter(
            page_id=page.pk, status=CommentStatus.APPROVED
        ).count(),
    }
    if parts is not None:
        data["comments"] = settings_for_site(parts[0])
    return data


def personal_comment_data(request: HttpRequest, page_id: int) -> dict[str, Any]:
    return {"digged": page_id in digged_pages(request)}


@receiver(post_save, sender=CommentSettings)
@receiver(post_delete, sender=CommentSettings)
def forget_settings(sender: Any, instance: CommentSettings, **kwargs: Any) -> None:
    cache.delete(settings_key(instance.site_id))


@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def comment_changed(sender: Any, instance: Comment, **kwargs: Any) -> None:
    drop_shared(instance.page_id)
