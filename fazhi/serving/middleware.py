"""The page cache middleware: answers anonymous page requests before sessions, auth and routing."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase

from fazhi.serving import cache


class PageCacheMiddleware:
    """Place right after WhiteNoise: a hit costs one cache round trip and no database query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if cache.bypass_reason(request):
            response = self.get_response(request)
            response[cache.CACHE_HEADER] = "bypass"
            return response
        found = cache.lookup(request)
        if found.entry is not None:
            return cache.respond(request, found.entry, "hit")
        response = self.get_response(request)
        if cache.refusal_reason(request, response) or not isinstance(response, HttpResponse):
            response[cache.CACHE_HEADER] = "pass"
            return response
        return cache.respond(request, cache.store(found, response), "miss")
