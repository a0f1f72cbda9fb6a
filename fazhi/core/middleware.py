"""Core middleware: the session marker the page script reads (``fazhi.core.live``)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from fazhi.core.live import SESSION_MARKER


class SessionMarkerMiddleware:
    """Mirror the (HttpOnly) session cookie with a readable marker holding no secret, so the page
    script knows whether to ask for the personal live data. Place right before Django's
    SessionMiddleware: it sees the session cookie that middleware sets or deletes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = response.cookies.get(settings.SESSION_COOKIE_NAME)
        if session is not None:
            if session.value and session["max-age"] != 0:
                response.set_cookie(
                    SESSION_MARKER,
                    "1",
                    max_age=session["max-age"] or None,
                    path=settings.SESSION_COOKIE_PATH,
                    secure=settings.SESSION_COOKIE_SECURE,
                    samesite="Lax",
                )
            else:
                response.delete_cookie(SESSION_MARKER, path=settings.SESSION_COOKIE_PATH)
        elif (
            SESSION_MARKER in request.COOKIES
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            response.delete_cookie(SESSION_MARKER, path=settings.SESSION_COOKIE_PATH)
        return response
