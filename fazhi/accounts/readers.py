"""Creating reader accounts: plain users in the 读者 group, never staff, with no permissions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

READER_GROUP = "读者"


def create_reader(
    username: str, password: str, *, email: str = "", phone: str = "", nickname: str = ""
) -> Any:
    """A new reader account (password hashed by the configured hasher: Argon2), all or nothing."""
    from fazhi.accounts.models import ReaderProfile
    from fazhi.accounts.names import clean_display_name

    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username, password=password, email=email, is_staff=False
        )
        group, _ = Group.objects.get_or_create(name=READER_GROUP)
        user.groups.add(group)
        ReaderProfile.objects.create(user=user, phone=phone, nickname=clean_display_name(nickname))
    return user


def is_reader(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and not user.is_staff
        and not user.is_superuser
        and user.groups.filter(name=READER_GROUP).exists()
    )
