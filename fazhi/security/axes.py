"""django-axes' username, cut to what its table holds: Django's sign-in forms do not enforce the
username's max_length, and an over-long name made axes' INSERT fail (a 500 on PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

AXES_USERNAME_LENGTH = 255  # axes.models.AccessAttempt.username


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return username[:AXES_USERNAME_LENGTH] if isinstance(username, str) else username
