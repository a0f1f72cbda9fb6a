"""来顶一下: one digg per reader per page (a signed cookie), counted by one atomic SQL upsert."""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest, HttpResponse

from fazhi.comments.models import DiggCount
from fazhi.core.live import drop_shared
from fazhi.limits.rates import upsert_increment

COOKIE = "fazhi_digg"
SALT = "fazhi.comments.digg"
MAX_REMEMBERED = 300  # page ids kept in the cookie, most recent last
COOKIE_AGE = 365 * 86400


def digged_pages(request: HttpRequest) -> list[int]:
    """Pages this reader has digged, from the signed cookie (tampered cookies count as none)."""
    try:
        value = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=COOKIE_AGE)
    except signing.BadSignature:
        return []
    return [int(part) for part in value.split(".") if part.isdigit()]


def remember_digg(response: HttpResponse, pages: list[int], page_id: int) -> None:
    pages = [*[p for p in pages if p != page_id][-(MAX_REMEMBERED - 1) :], page_id]
    response.set_signed_cookie(
        COOKIE,
        ".".join(map(str, pages)),
        salt=SALT,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
    )


def add_digg(page_id: int) -> int:
    """Count one digg; the new total. Atomic in the database, no read-modify-write. The page's
    shared live entry is dropped: the next reader gets the new count."""
    count = upsert_increment(DiggCount, {"page": page_id})
    drop_shared(page_id)
    return count


def digg_count(page_id: int) -> int:
    return DiggCount.objects.filter(page_id=page_id).values_list("count", flat=True).first() or 0
