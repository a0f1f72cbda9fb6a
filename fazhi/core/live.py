"""The live data of a page: what every reader sees alike, and what is personal.

*Shared* data (digg, comment and read counts, the comment settings) is the same for every reader.
It is computed from the ``fazhi_page_live_data`` hooks (``fn(page) -> dict``) at most once per
``FAZHI_LIVE_SECONDS`` per page and kept in the shared cache (Redis in production); the answer
carries how long it may still be shared (``SHARED_HEADER``: half the time left, and ``s-maxage``
the other half, rounded down), so the per-process fast path (``fazhi.serving.fastpath``) and a
cache in front that got it from there at the last moment still drop it in time: no reader sees a
count read longer than ``FAZHI_LIVE_SECONDS`` ago (plus the time a response is on the wire). A write (a digg, a comment) drops the page's entry (``drop_shared``), so the next answer
of that process's cache and of the personal mode is exact again.

*Personal* data (the CSRF token, the sign-in state, whether this reader digged) comes from the
``fazhi_personal_data`` hooks (``fn(request, page_id) -> dict``) only in the personal mode of the
endpoint (``?me=1``), which the page script asks for when the reader is signed in or is about to
write. The shared answer never reads the session, the user or a cookie.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.middleware.csrf import get_token
from wagtail import hooks
from wagtail.models import Page

from fazhi.core.hooks import PAGE_LIVE_DATA, PERSONAL_DATA
from fazhi.core.signals import public_content_changed

# On a shared answer: seconds it may still be given to any reader (read by the fast path).
SHARED_HEADER = "X-Fazhi-Shared"
# Set by the middleware beside the session cookie, readable by the page script (the session
# cookie itself is HttpOnly): "this browser may be signed in, ask for the personal data".
SESSION_MARKER = "fazhi_session"


@dataclass(frozen=True)
class Shared:
    """The shared data of one page (``None``: no live public page has that id)."""

    data: dict[str, Any] | None
    computed_at: float  # time.time() when the hooks ran

    def remaining(self, now: float | None = None) -> float:
        """Seconds this answer may still be shared."""
        now = time.time() if now is None else now
        return max(0.0, settings.FAZHI_LIVE_SECONDS - (now - self.computed_at))


def shared_key(page_id: int) -> str:
    return f"fazhi:live:{page_id}"


def live_cache():
    return caches[settings.FAZHI_PAGE_CACHE]


def compute_shared(page_id: int) -> dict[str, Any] | None:
    """Run the hooks for ``page_id``; None when it is not a live page every reader may see."""
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:
        return None
    page = page.specific
    data: dict[str, Any] = {}
    for fn in hooks.get_hooks(PAGE_LIVE_DATA):
        data.update(fn(page))
    return data


def shared_live_data(page_id: int) -> Shared:
    """The shared data of ``page_id``, from the shared cache while it is younger than
    ``FAZHI_LIVE_SECONDS``, else computed and stored again."""
    seconds = settings.FAZHI_LIVE_SECONDS
    cache = live_cache() if seconds > 0 else None
    key = shared_key(page_id)
    if cache is not None:
        found = cache.get(key)
        if isinstance(found, Shared) and found.remaining() > 0:
            return found
    shared = Shared(compute_shared(page_id), time.time())
    if cache is not None:
        cache.set(key, shared, math.ceil(seconds))
    return shared


def drop_shared(page_id: int) -> None:
    """A reader wrote (digg, comment): forget the page's shared entry now and again after the
    commit (a reader who computed it meanwhile may have stored the count before the write)."""
    if settings.FAZHI_LIVE_SECONDS <= 0:
        return
    key = shared_key(page_id)
    live_cache().delete(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: live_cache().delete(key))


def personal_data(request: HttpRequest, page_id: int) -> dict[str, Any]:
    """What only this reader sees: CSRF token, sign-in state, and every app's personal hook."""
    user = request.user
    data: dict[str, Any] = {
        "csrf_token": get_token(request),
        "user": {"username": user.get_username()} if user.is_authenticated else None,
    }
    for fn in hooks.get_hooks(PERSONAL_DATA):
        data.update(fn(request, page_id))
    return data


@receiver(public_content_changed)
def _page_changed(sender: Any, page: Page, **kwargs: Any) -> None:
    """Published, unpublished, moved or deleted: its live JSON answers (or 404s) at once."""
    drop_shared(page.pk)
