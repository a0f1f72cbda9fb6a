"""The page cache middleware: answers anonymous page requests before sessions, auth and routing."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from wagtail.url_routing import RouteResult

from fazhi.adapters import wagtail_routing as routing
from fazhi.serving import cache
from fazhi.serving.fastpath import guard_local_page_cache
from fazhi.serving.fragments import fragment_store, site_root_paths

# Set by the static export on its own requests (fazhi.serving.export.Renderer).
EXPORT_MARK = "fazhi.export"


class PageCacheMiddleware:
    """Place right after WhiteNoise: a hit costs one cache round trip and no database query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        reason = cache.bypass_reason(request)
        if request.META.get(EXPORT_MARK):
            reason = "disabled"  # the static export: render, but neither look up nor store
        if reason and reason != "disabled":
            response = self.get_response(request)
            response[cache.CACHE_HEADER] = "bypass"
            return response
        guard_local_page_cache(time.monotonic())
        if reason:
            local = self._uncached(request)
            if local is not None:
                return local
        # With the page cache off, routes are still remembered (work done once, not per request).
        found = cache.lookup(request, with_entry=not reason)
        if found.entry is not None:
            return cache.respond(request, found.entry, "hit")
        cache.prefill_route(request, found.route)
        response = self.get_response(request)
        if response.status_code == 200:
            cache.remember_route(request, found)
        if reason:
            response[cache.CACHE_HEADER] = "bypass"
            return response
        if cache.refusal_reason(request, response) or not isinstance(response, HttpResponse):
            response[cache.CACHE_HEADER] = "pass"
            return response
        return cache.respond(request, cache.store(found, response), "miss")

    def _uncached(self, request: HttpRequest) -> HttpResponseBase | None:
        """The page cache is off: remember routes and the routed page objects in this process
        (until the next purge, like fragments) instead of in the shared cache, so such a request
        needs no Redis round trip and, once its page is kept, no query. None when there is no
        fragment store to keep them in."""
        store = fragment_store()
        if store is None:
            return None
        now = time.monotonic()
        epoch = store.sync(now)
        if epoch is None:
            return None
        key = ("route", request.get_host(), request.path)
        paths = site_root_paths(store, epoch, now)
        routing.set_site_root_paths(paths, request)
        preloaded = request.META.get(EXPORT_MARK)
        if isinstance(preloaded, tuple):
            # The export loaded the page in a batch: the route Wagtail would find.
            site, page = preloaded
            routing.set_site_root_paths(paths, page)
            routing.set_route(request, site, RouteResult(page))
            route = True
        else:
            route = store.get(key, now)
            cache.prefill_route(request, route, store, epoch)
        response = self.get_response(request)
        if response.status_code == 200 and route is None:
            found = cache.route_found(request)
            if found is not None:
                store.put(key, epoch, found, 256, now + cache.ROUTE_SECONDS)
        response[cache.CACHE_HEADER] = "bypass"
        return response
