"""Channel desks: which 通讯员/记者 may write in which channel (Wagtail's "add" permission)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission

from fazhi.editorial.models import ChannelDesk
from fazhi.editorial.roles import DESK_GROUP_PREFIX
from fazhi.news.models import ChannelPage


def desk_group_name(channel: ChannelPage) -> str:
    return f"{DESK_GROUP_PREFIX}{channel.title}"[:150]


@transaction.atomic
def ensure_desk(channel: ChannelPage) -> ChannelDesk:
    """The channel's writers' group, created with "add" permission on the channel only.

    "add" in Wagtail lets a member create pages below the channel and edit the ones he owns:
    he writes drafts and submits them, but neither edits colleagues' pieces nor publishes.
    """
    desk = ChannelDesk.objects.filter(channel=channel).select_related("group").first()
    if desk is not None:
        return desk
    name = desk_group_name(channel)
    group, _ = Group.objects.get_or_create(name=name)
    add_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
    GroupPagePermission.objects.get_or_create(group=group, page=channel, permission=add_page)
    return ChannelDesk.objects.create(channel=channel, group=group)


def channels_of(user: Any) -> list[ChannelPage]:
    return list(ChannelPage.objects.filter(desk__group__user=user).order_by("path").distinct())


@transaction.atomic
def assign_channels(user: Any, channels: Iterable[ChannelPage]) -> None:
    """Make ``channels`` exactly the channels ``user`` writes in (other groups untouched)."""
    wanted = {ensure_desk(channel).group_id for channel in channels}
    current = set(user.groups.filter(channel_desk__isnull=False).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))
