"""Security headers: Content-Security-Policy (django-csp) with the admin's own policy,
Permissions-Policy, and inert uploaded files under /media/ and /documents/."""

from __future__ import annotations

from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from fazhi.security.media import harden_media_response, is_upload_path


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp with two policies: the public site's (settings.CONTENT_SECURITY_POLICY, scripts
    only from our own static files) and the Wagtail admin's (settings.FAZHI_ADMIN_CSP), which
    Wagtail's inline scripts and styles need. The public policy has no nonce, so a cached or
    exported page carries the same header as a fresh one."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponse, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.FAZHI_ADMIN_CSP["DIRECTIVES"]
        return parts


def is_admin_path(path: str) -> bool:
    return path.startswith("/" + settings.FAZHI_ADMIN_PATH)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every answer; uploaded files are made inert (see media.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.FAZHI_PERMISSIONS_POLICY)
        if is_upload_path(request.path_info):
            harden_media_response(request.path_info, response)
        return response
