"""The database going away answers 503 with a plain Chinese page, not a 500.

PostgreSQL restarting (or a SQLite write lock outlasting its timeout) raises OperationalError or
InterfaceError. Readers and editors then get "暂时无法访问，请稍后再试" with Retry-After, and the
same worker serves normally again once the database is back: CONN_HEALTH_CHECKS (settings.py)
makes Django drop the dead persistent connection and open a new one on the next request.

Two entry points, because exceptions reach Django's handler by two routes: the middleware's
process_exception sees what views and templates raise; ``server_error`` (handler500) sees what
other middleware raises (sessions, axes, ...), which Django turns into a 500 before any
middleware could catch it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)
DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(error: BaseException | None) -> bool:
    """True for the errors a missing or restarting database raises (also when wrapped)."""
    while error is not None:
        if isinstance(error, DATABASE_ERRORS):
            return True
        error = error.__cause__ or error.__context__
    return False


def database_unavailable_response() -> HttpResponse:
    # Rendered without the request: context processors (site settings, user) would query the
    # database that is just gone.
    html = render_to_string("security/503.html", {"retry_after": settings.FAZHI_RETRY_AFTER})
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(settings.FAZHI_RETRY_AFTER)
    add_never_cache_headers(response)  # neither the page cache nor a proxy may keep it
    return response


class DatabaseUnavailableMiddleware:
    """Place near the top: views and templates that hit a dead database answer 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_outage(exception):
            return None
        logger.warning("数据库不可用，返回 503：%s %s：%s", request.method, request.path, exception)
        return database_unavailable_response()


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a database outage raised outside a view is a 503 too, a full disk the disk
    full message (fazhi.security.storage); anything else is Django's own 500."""
    from fazhi.security.storage import disk_full_response, is_disk_full

    error = sys.exc_info()[1]
    if is_database_outage(error):
        return database_unavailable_response()
    if is_disk_full(error):
        return disk_full_response(request)
    return defaults.server_error(request, template_name)
