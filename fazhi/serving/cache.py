"""The full-page cache: which requests it answers, which responses it keeps, how entries stay fresh.

Freshness works across any number of worker processes without broadcasting: every entry records
the *site generation* and the *path version* that were current when its rendering started. A purge
writes a new random token to the shared cache (Redis in production); an entry whose tokens differ
from the current ones is a miss. One ``get_many`` fetches both tokens and the entry in a single
round trip. Because tokens are read before rendering, a page rendered while a purge happened is
stored with the old token and is never served.
"""

from __future__ import annotations

import copy
import hashlib
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from fazhi.adapters import wagtail_routing as routing

# Set on the request by the ``before_serve_page`` hook: this response is a Wagtail page.
PAGE_MARK = "_fazhi_page_cacheable"
GENERATION_KEY = "fazhi:page:generation"
# Changes with every purge of any kind: worker processes drop their in-memory copies (fastpath.py).
EPOCH_KEY = "fazhi:page:epoch"
CACHE_HEADER = "X-Fazhi-Cache"
# Headers that are per response, or added again by outer middleware on every response.
_UNSTORED_HEADERS = {"set-cookie", "date", "expires", "x-fazhi-cache"}


def page_cache():
    return caches[settings.FAZHI_PAGE_CACHE]


def new_token() -> str:
    return uuid.uuid4().hex


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def version_key(path: str) -> str:
    return f"fazhi:page:v:{_digest(path)}"


def entry_key(scheme: str, host: str, path: str) -> str:
    return f"fazhi:page:e:{_digest(f'{scheme}://{host}{path}')}"


def route_key(host: str, path: str) -> str:
    return f"fazhi:route:{_digest(f'{host}{path}')}"


# Routes (path → page) are kept this long; they follow the same tokens as pages.
ROUTE_SECONDS = 3600


def version_timeout() -> int:
    """How long a path version lives: longer than any entry, so expiry can only cause misses."""
    return 2 * max(settings.FAZHI_PAGE_CACHE_SECONDS, ROUTE_SECONDS) + 60


@dataclass(frozen=True)
class Entry:
    generation: str | None
    version: str | None
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str


def answers_query(request: HttpRequest) -> bool:
    """Whether ``request`` asks a query (search: ``FAZHI_PAGE_CACHE_QUERY_PATHS`` with a query
    string), whose answer is cached per full URL."""
    return bool(request.META.get("QUERY_STRING")) and (
        request.path in settings.FAZHI_PAGE_CACHE_QUERY_PATHS
    )


def bypass_reason(request: HttpRequest) -> str | None:
    """Why the cache must not even look at this request, or None if it may answer it."""
    if request.method not in ("GET", "HEAD"):
        return "method"
    query_path = answers_query(request)
    if request.META.get("QUERY_STRING") and not query_path:
        # Pages paginate by path; a query string (search, tracking) would only pollute the cache.
        return "query"
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return "session"  # possibly signed in: never share a page with or from them
    if "HTTP_AUTHORIZATION" in request.META:
        return "authorization"
    if not query_path and request.path.startswith(tuple(settings.FAZHI_PAGE_CACHE_SKIP_PREFIXES)):
        return "path"
    if settings.FAZHI_PAGE_CACHE_SECONDS <= 0:
        return "disabled"  # last: such requests still use remembered routes
    return None


def refusal_reason(request: HttpRequest, response: HttpResponseBase) -> str | None:
    """Why this response must not be stored, or None if every anonymous reader may get it."""
    if (
        not getattr(request, PAGE_MARK, False)
        and request.path not in settings.FAZHI_PAGE_CACHE_PATHS
        and not answers_query(request)
    ):
        return "not a page"
    if response.status_code != 200:
        return "status"
    if response.streaming:
        return "streaming"
    if response.cookies:
        return "sets a cookie"
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return "uses a CSRF token"
    if getattr(request, "is_preview", False):
        return "preview"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return "signed in"
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return "private"
    return None


@dataclass(frozen=True)
class Route:
    """Where a path led last time: the site and the page, under the same tokens as entries."""

    generation: str | None
    version: str | None
    site: Site
    content_type_id: int
    page_id: int
    # Path components below the page, for pages with their own sub-routes (channel pagination).
    remaining: tuple[str, ...] = ()
    # No view restriction on the page or an ancestor (any change of restrictions purges all).
    public: bool = False


@dataclass(frozen=True)
class Lookup:
    """What the cache held for a request: the entry and route if still fresh, and the tokens."""

    key: str
    route_key: str
    generation: str | None
    version: str | None
    entry: Entry | None
    route: Route | None
    query: bool = False  # an answer to a query (``answers_query``): keyed by the full URL


def _fresh(item: Any, generation: str | None, version: str | None) -> Any:
    if item is not None and (item.generation != generation or item.version != version):
        return None
    return item


def lookup(request: HttpRequest, with_entry: bool = True) -> Lookup:
    """One round trip: the tokens, the stored page (unless the page cache is off), the route."""
    host = request.get_host()
    query = answers_query(request)
    # A query answer is keyed by its full URL but follows the version of its path: one purge of
    # the path makes every query's answer stale.
    key = entry_key(request.scheme, host, request.get_full_path() if query else request.path)
    rkey = route_key(host, request.path)
    vkey = version_key(request.path)
    keys = [GENERATION_KEY, vkey, rkey, *([key] if with_entry else [])]
    found: dict[str, Any] = page_cache().get_many(keys)
    generation, version = found.get(GENERATION_KEY), found.get(vkey)
    return Lookup(
        key,
        rkey,
        generation,
        version,
        _fresh(found.get(key), generation, version),
        _fresh(found.get(rkey), generation, version),
        query,
    )


# What a kept page object counts for in a process store (fragments.py): its fields, no body.
PAGE_COST = 8 * 1024


def _route_page(route: Route, store: Any = None, epoch: str | None = None) -> Page | None:
    """The live page of ``route``: from ``store`` (this process, until the next purge) when
    given and held there, else one query (kept in ``store`` for the next request). Each request
    gets its own shallow copy, so nothing one request sets on its page reaches another's."""
    key = ("page", route.content_type_id, route.page_id)
    now = time.monotonic()
    if store is not None:
        kept = store.get(key, now)
        if kept is not None:
            return copy.copy(kept)
    model = ContentType.objects.get_for_id(route.content_type_id).model_class()
    if model is None:
        return None
    pages = model.objects.live()
    if settings.FAZHI_FRAGMENT_CACHE_BYTES > 0:
        # Templates show StreamFields only inside fragments: don't load and decode the JSON of
        # the article body on every request (a fragment miss loads it then).
        pages = pages.defer_streamfields()
    page = pages.filter(pk=route.page_id).first()
    if page is not None and store is not None and epoch is not None:
        store.put(key, epoch, page, PAGE_COST, now + ROUTE_SECONDS)
        page = copy.copy(page)
    return page


def prefill_route(
    request: HttpRequest, route: Route | None, store: Any = None, epoch: str | None = None
) -> None:
    """Give Wagtail the site and page it would otherwise find with a query per tree level; with
    a process ``store`` (the page cache off, ``middleware._uncached``) the page object itself is
    kept there until the next purge, so a page viewed again runs no query at all."""
    if route is None:
        return
    page = _route_page(route, store, epoch)
    if page is None:
        return
    if isinstance(page, RoutablePageMixin):
        try:
            result = page.route(request, list(route.remaining))
        except Http404:
            return  # Wagtail routes it again (and answers 404)
    else:
        result = RouteResult(page)
    paths = routing.site_root_paths_of(request)
    if paths is not None:  # page.full_url reads them from the page, not the request
        routing.set_site_root_paths(paths, page)
    if route.public:
        routing.mark_public(page)
    routing.set_route(request, route.site, result)


def route_found(
    request: HttpRequest, generation: str | None = None, version: str | None = None
) -> Route | None:
    """The route Wagtail found for this request, if it can be remembered."""
    site, result = routing.found_route(request)
    if result is None or site is None:
        return None
    page = result.page
    remaining: tuple[str, ...] = ()
    if isinstance(page, RoutablePageMixin):
        components = [part for part in request.path_info.split("/") if part]
        own = page.depth - site.root_page.depth
        remaining = tuple(components[own:])
    elif type(page).route is not Page.route:  # a page type with routing of its own
        return None
    public = not page.get_view_restrictions().exists()
    return Route(generation, version, site, page.content_type_id, page.pk, remaining, public)


def remember_route(request: HttpRequest, found: Lookup) -> None:
    """Keep the route Wagtail found for a plain page (not one with its own sub-routes)."""
    if found.route is not None:
        return
    route = route_found(request, found.generation, found.version)
    if route is not None:
        page_cache().set(found.route_key, route, ROUTE_SECONDS)


def store(found: Lookup, response: HttpResponse) -> Entry:
    """Keep ``response`` under the tokens read before it was rendered; adds ETag and caching."""
    content = response.content
    etag = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
    response["ETag"] = etag
    patch_vary_headers(response, ("Cookie",))
    patch_cache_control(response, public=True, max_age=settings.FAZHI_PAGE_BROWSER_SECONDS)
    if settings.FAZHI_PAGE_BROWSER_SECONDS == 0:
        patch_cache_control(response, must_revalidate=True)
    if settings.FAZHI_EDGE_CACHE_SECONDS > 0 and not found.query:  # Varnish, a CDN: their own
        # lifetime (not for query answers: edge purges name paths, not each query's URL)
        patch_cache_control(response, s_maxage=settings.FAZHI_EDGE_CACHE_SECONDS)
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in _UNSTORED_HEADERS
    )
    entry = Entry(found.generation, found.version, response.status_code, headers, content, etag)
    page_cache().set(found.key, entry, entry_seconds(found.query))
    return entry


def entry_seconds(query: bool) -> int:
    """How long an entry is kept: a query answer no longer than FAZHI_PAGE_CACHE_QUERY_SECONDS."""
    if query:
        return min(settings.FAZHI_PAGE_CACHE_SECONDS, settings.FAZHI_PAGE_CACHE_QUERY_SECONDS)
    return settings.FAZHI_PAGE_CACHE_SECONDS


def not_modified(request: HttpRequest, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = parse_etags(header)
    return "*" in tags or etag in tags or f"W/{etag}" in tags


def respond(request: HttpRequest, entry: Entry, state: str) -> HttpResponse:
    """The response for a stored entry: 304 when the reader's copy is current."""
    if not_modified(request, entry.etag):
        response = HttpResponse(status=304)
        for name, value in entry.headers:
            if name.lower() in ("etag", "cache-control", "vary", "x-frame-options"):
                response[name] = value
    else:
        response = HttpResponse(entry.content, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
    response[CACHE_HEADER] = state
    return response
