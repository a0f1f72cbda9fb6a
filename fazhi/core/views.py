"""Small endpoints of the core: the live-data JSON every page script reads, and robots.txt."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET

from fazhi.core.live import SHARED_HEADER, personal_data, shared_live_data
from fazhi.core.urls_absolute import absolute_url


@require_GET
def page_live_data(request: HttpRequest, page_id: int) -> JsonResponse:
    """The live JSON of a page. Plain: the shared data, the same for every reader, cacheable for
    the seconds it may still be shared (no cookie, no session, no CSRF token). ``?me=1``: the
    shared data with this reader's personal data, never cached."""
    shared = shared_live_data(page_id)
    if shared.data is None:
        raise Http404("没有这个页面。")
    if request.GET.get("me"):
        response = JsonResponse({**shared.data, **personal_data(request, page_id)})
        add_never_cache_headers(response)
        return response
    # Half the time left here, half in a cache in front that got it from here at the last
    # moment: no copy anywhere outlives FAZHI_LIVE_SECONDS from when the counts were read.
    keep = shared.remaining() / 2
    response = JsonResponse(shared.data)
    patch_cache_control(response, public=True, max_age=0, s_maxage=int(keep))
    response[SHARED_HEADER] = f"{keep:.3f}"
    return response


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = absolute_url(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
