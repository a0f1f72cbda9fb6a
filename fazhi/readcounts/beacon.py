"""The read beacon, ``POST /api/pages/<id>/read/``: sent once per page view by the page script.

Answered before Django runs (a ``fazhi_fast_paths`` handler of the WSGI fast path): the bot and
reload rules (``counting``), one Redis HINCRBY or one buffer upsert, ``204 No Content`` with the
reload cookie. The same rules answer as a Django view for servers without the fast path (the
test client, ``runserver`` without it). Every answer is 204, counted or not: the page script
has nothing to do with it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fazhi.readcounts import counting

logger = logging.getLogger("fazhi.readcounts")

PATH = re.compile(r"/api/pages/([0-9]{1,18})/read/\Z")


def count_beacon(page_id: int, user_agent: str, cookie: str) -> str | None:
    """Count one beacon if it is a reader's first in the window; the cookie value to set (None:
    leave the reader's cookie as it is)."""
    if counting.is_bot(user_agent):
        return None
    counts, new_cookie = counting.visit(cookie, page_id)
    if counts:
        try:
            counting.add_read(page_id)
        except Exception:  # Redis or the database away: the read is lost, the reader is not
            logger.exception("A read of page %s could not be counted", page_id)
            return None
    return new_cookie


def _cookie_header(value: str) -> str:
    """The Set-Cookie value (``value`` holds only digits, dots and dashes: nothing to quote)."""
    secure = "; Secure" if settings.SESSION_COOKIE_SECURE else ""
    return (
        f"{counting.COOKIE}={value}; HttpOnly; Max-Age={settings.FAZHI_READ_REVISIT_MINUTES * 60}; "
        f"Path={counting.COOKIE_PATH}; SameSite=Lax{secure}"
    )


def _reader_cookie(header: str) -> str:
    if counting.COOKIE + "=" not in header:
        return ""
    jar = SimpleCookie()
    try:
        jar.load(header)
    except Exception:
        return ""
    item = jar.get(counting.COOKIE)
    return item.value if item is not None else ""


def wsgi_beacon(
    environ: dict[str, Any], start_response: Callable[..., Any]
) -> Iterable[bytes] | None:
    """The fast path's handler: None for anything but a beacon (Django answers it)."""
    if environ.get("REQUEST_METHOD") != "POST":
        return None
    found = PATH.match(environ.get("PATH_INFO", ""))
    if found is None:
        return None
    try:
        new_cookie = count_beacon(
            int(found[1]),
            environ.get("HTTP_USER_AGENT", ""),
            _reader_cookie(environ.get("HTTP_COOKIE", "")),
        )
    finally:
        if not counting.uses_redis():
            close_old_connections()  # what Django's request_finished does
    headers = [("Cache-Control", "no-store"), ("Content-Length", "0")]
    if new_cookie is not None:
        headers.append(("Set-Cookie", _cookie_header(new_cookie)))
    start_response("204 No Content", headers)
    return []


@csrf_exempt  # a counter: nothing of the reader's changes, and any client may send one anyway
@require_POST
def beacon_view(request: HttpRequest, page_id: int) -> HttpResponse:
    new_cookie = count_beacon(
        page_id, request.headers.get("User-Agent", ""), request.COOKIES.get(counting.COOKIE, "")
    )
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    if new_cookie is not None:
        response.set_cookie(
            counting.COOKIE,
            new_cookie,
            max_age=settings.FAZHI_READ_REVISIT_MINUTES * 60,
            path=counting.COOKIE_PATH,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response
