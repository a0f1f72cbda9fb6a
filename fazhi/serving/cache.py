"""The full-page cache: which requests it answers, which responses it keeps, how entries stay fresh.

Freshness works across any number of worker processes without broadcasting: every entry records
the *site generation* and the *path version* that were current when its rendering started. A purge
writes a new random token to the shared cache (Redis in production); an entry whose tokens differ
from the current ones is a miss. One ``get_many`` fetches both tokens and the entry in a single
round trip. Because tokens are read before rendering, a page rendered while a purge happened is
stored with the old token and is never served.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

# Set on the request by the ``before_serve_page`` hook: this response is a Wagtail page.
PAGE_MARK = "_fazhi_page_cacheable"
GENERATION_KEY = "fazhi:page:generation"
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


def version_timeout() -> int:
    """How long a path version lives: longer than any entry, so expiry can only cause misses."""
    return 2 * settings.FAZHI_PAGE_CACHE_SECONDS + 60


@dataclass(frozen=True)
class Entry:
    generation: str | None
    version: str | None
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str


def bypass_reason(request: HttpRequest) -> str | None:
    """Why the cache must not even look at this request, or None if it may answer it."""
    if settings.FAZHI_PAGE_CACHE_SECONDS <= 0:
        return "disabled"
    if request.method not in ("GET", "HEAD"):
        return "method"
    if request.META.get("QUERY_STRING"):
        # Pages paginate by path; a query string (search, tracking) would only pollute the cache.
        return "query"
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return "session"  # possibly signed in: never share a page with or from them
    if "HTTP_AUTHORIZATION" in request.META:
        return "authorization"
    if request.path.startswith(tuple(settings.FAZHI_PAGE_CACHE_SKIP_PREFIXES)):
        return "path"
    return None


def refusal_reason(request: HttpRequest, response: HttpResponseBase) -> str | None:
    """Why this response must not be stored, or None if every anonymous reader may get it."""
    if (
        not getattr(request, PAGE_MARK, False)
        and request.path not in settings.FAZHI_PAGE_CACHE_PATHS
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
class Lookup:
    """What the cache held for a request: the entry if still fresh, and the current tokens."""

    key: str
    generation: str | None
    version: str | None
    entry: Entry | None


def lookup(request: HttpRequest) -> Lookup:
    key = entry_key(request.scheme, request.get_host(), request.path)
    vkey = version_key(request.path)
    found: dict[str, Any] = page_cache().get_many([GENERATION_KEY, vkey, key])
    generation, version, entry = found.get(GENERATION_KEY), found.get(vkey), found.get(key)
    if entry is not None and (entry.generation != generation or entry.version != version):
        entry = None
    return Lookup(key, generation, version, entry)


def store(found: Lookup, response: HttpResponse) -> Entry:
    """Keep ``response`` under the tokens read before it was rendered; adds ETag and caching."""
    content = response.content
    etag = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
    response["ETag"] = etag
    patch_vary_headers(response, ("Cookie",))
    patch_cache_control(response, public=True, max_age=settings.FAZHI_PAGE_BROWSER_SECONDS)
    if settings.FAZHI_PAGE_BROWSER_SECONDS == 0:
        patch_cache_control(response, must_revalidate=True)
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in _UNSTORED_HEADERS
    )
    entry = Entry(found.generation, found.version, response.status_code, headers, content, etag)
    page_cache().set(found.key, entry, settings.FAZHI_PAGE_CACHE_SECONDS)
    return entry


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
