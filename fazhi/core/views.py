"""Small endpoints of the core: the live-data JSON every page script reads, and robots.txt."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.models import Page

from fazhi.core.hooks import PAGE_LIVE_DATA
from fazhi.core.urls_absolute import absolute_url


def live_data(request: HttpRequest, page: Page) -> dict[str, Any]:
    """What is live or personal about ``page`` for this reader: merged from every app's hook."""
    user = request.user
    data: dict[str, Any] = {
        "csrf_token": get_token(request),
        "user": {"username": user.get_username()} if user.is_authenticated else None,
    }
    for fn in hooks.get_hooks(PAGE_LIVE_DATA):
        data.update(fn(request, page))
    return data


@never_cache
@require_GET
def page_live_data(request: HttpRequest, page_id: int) -> JsonResponse:
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    return JsonResponse(live_data(request, page))


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = absolute_url(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
