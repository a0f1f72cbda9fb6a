"""A per-process copy of the page cache in front of Django, at the WSGI level.

The page cache middleware (``fazhi.serving.middleware``) answers a hit without a query, but a hit
still builds Django's request and response objects, runs the outer middleware and fetches a
~20 KB entry from Redis. This WSGI wrapper keeps the *final* bytes and headers of every page the
middleware answered (``X-Fazhi-Cache: hit`` or ``miss``) in process memory (the L1) and answers
the next anonymous GET/HEAD of the same URL itself: no Django, no pickling, no Redis entry.

Freshness across worker processes: every purge writes a new *epoch* token to the shared cache
(``purge.py``). Before answering from the L1, a process reads the epoch (at most every
``FAZHI_PAGE_L1_CHECK_MS`` milliseconds; 0 means on every request) and drops its whole L1 when
the epoch changed. A page is put into the L1 under the epoch read *before* Django rendered or
fetched it, so a page rendered while a purge happened is dropped at the next check. When the
epoch cannot be read (Redis down), the L1 is not used at all.

What the L1 may answer is decided by the same rules as the middleware's (``bypass_reason``):
only GET/HEAD, no query string (except on ``FAZHI_PAGE_CACHE_QUERY_PATHS``, search, where it
is part of the key), no session cookie, no Authorization header. Everything else, and
every URL the L1 does not hold, goes to Django unchanged.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from fazhi.core.hooks import FAST_PATHS
from fazhi.core.live import SHARED_HEADER
from fazhi.serving import epoch as purge_epoch
from fazhi.serving.cache import CACHE_HEADER, page_cache

# Response headers never kept: per response, or recomputed here.
_DROPPED = {"set-cookie", "date", "content-length", "connection", "transfer-encoding"}
# Headers a 304 repeats from the 200 (RFC 9110 §15.4.5) plus the security headers.
_NOT_IN_304 = {"content-type", "content-length", "content-encoding", "content-language"}
_HEADER = CACHE_HEADER.lower()
_SHARED = SHARED_HEADER.lower()
L1_STATE = "local"  # the X-Fazhi-Cache value of an answer from the L1

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]


@dataclass(frozen=True)
class L1Entry:
    headers: list[tuple[str, str]]  # final headers of the 200, with Content-Length
    headers_304: list[tuple[str, str]]
    body: bytes
    etag: str | None


def l1_key(environ: Environ) -> tuple | None:
    """The L1 key of a request, or None when only Django may answer it (plain function).

    The key holds every input Django uses to pick the cached page: scheme (and the proxy's
    scheme header), host (and the forwarded host), script name and path, raw as received; an
    entry is only ever filled from Django's answer to the very same inputs."""
    method = environ.get("REQUEST_METHOD")
    if method != "GET" and method != "HEAD":
        return None
    query = environ.get("QUERY_STRING")
    if query and environ.get("PATH_INFO", "") not in settings.FAZHI_PAGE_CACHE_QUERY_PATHS:
        return None
    if "HTTP_AUTHORIZATION" in environ:
        return None
    cookie = environ.get("HTTP_COOKIE")
    if cookie and settings.SESSION_COOKIE_NAME + "=" in cookie:
        return None  # possibly signed in: Django decides
    host = environ.get("HTTP_HOST")
    if not host:
        return None
    proxy = settings.SECURE_PROXY_SSL_HEADER
    return (
        environ.get("wsgi.url_scheme"),
        environ.get(proxy[0]) if proxy else None,
        host,
        environ.get("HTTP_X_FORWARDED_HOST") if settings.USE_X_FORWARDED_HOST else None,
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        *((query,) if query else ()),  # search answers (FAZHI_PAGE_CACHE_QUERY_PATHS)
    )


def not_modified(environ: Environ, etag: str | None) -> bool:
    header = environ.get("HTTP_IF_NONE_MATCH")
    if not header or not etag:
        return False
    tags = {tag.strip() for tag in header.split(",")}
    return "*" in tags or etag in tags or f"W/{etag}" in tags


_instances: weakref.WeakSet[L1] = weakref.WeakSet()


_held = threading.local()


@contextmanager
def epoch_held() -> Iterator[None]:
    """Within: each store reads the shared epoch once and keeps it (the static export, whose
    journal catches purges that happen meanwhile; readers' requests never do this)."""
    forget_epochs()
    _held.on = True
    try:
        yield
    finally:
        _held.on = False


def forget_epochs() -> None:
    """Make every store of this process read the shared epoch on its next use (after this
    process purged, or before an export renders pages)."""
    for store in list(_instances):
        store.checked = float("-inf")


class L1:
    """Values by key, bounded in bytes (least recently used out first), valid for one epoch of
    the shared cache. Final responses here; rendered fragments in ``fragments.py``."""

    def __init__(self, max_bytes: int, check_seconds: float, max_age: float) -> None:
        self.max_bytes = max_bytes
        self.check_seconds = check_seconds
        self.max_age = max_age
        # key -> (value, expires, cost)
        self.entries: OrderedDict[Any, tuple[Any, float, int]] = OrderedDict()
        self.size = 0
        self.epoch: str | None = None  # None: unknown, the L1 is not used
        self.checked = float("-inf")
        self.lock = threading.Lock()  # granian and gthread run requests in threads
        _instances.add(self)

    def sync(self, now: float) -> str | None:
        """Drop everything when the epoch moved; returns the current epoch (None: don't use)."""
        if now - self.checked < self.check_seconds:
            return self.epoch
        if getattr(_held, "on", False) and self.checked > float("-inf"):
            return self.epoch
        epoch = purge_epoch.read_epoch()
        with self.lock:
            self.checked = now
            changed = epoch != self.epoch or epoch is None
            if changed:
                self.entries.clear()
                self.size = 0
                self.epoch = epoch
        if changed and epoch is not None:
            guard = local_cache_guard()
            if guard is not None:  # the page cache in this process must not outlive it either
                guard.seen(epoch)
        return epoch

    def get(self, key: Any, now: float) -> Any:
        with self.lock:
            item = self.entries.get(key)
            if item is None:
                return None
            if item[1] < now:
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return item[0]

    def put(self, key: Any, epoch: str, value: Any, size: int, expires: float) -> None:
        cost = size + 512
        if cost > self.max_bytes:
            return
        with self.lock:
            if epoch != self.epoch:
                return  # a purge came in while Django answered
            if key in self.entries:
                self._drop(key)
            self.entries[key] = (value, expires, cost)
            self.size += cost
            while self.size > self.max_bytes:
                self._drop(next(iter(self.entries)))

    def _drop(self, key: Any) -> None:
        self.size -= self.entries.pop(key)[2]


def make_entry(headers: list[tuple[str, str]], body: bytes) -> L1Entry:
    kept = [(n, v) for n, v in headers if n.lower() not in _DROPPED and n.lower() != _HEADER]
    etag = next((v for n, v in kept if n.lower() == "etag"), None)
    full = [*kept, ("Content-Length", str(len(body))), (CACHE_HEADER, L1_STATE)]
    short = [(n, v) for n, v in kept if n.lower() not in _NOT_IN_304] + [(CACHE_HEADER, L1_STATE)]
    return L1Entry(full, short, body, etag)


def storable(status: str, headers: list[tuple[str, str]]) -> bool:
    """Only a 200 the page cache answered or stored, that sets no cookie."""
    if not status.startswith("200"):
        return False
    state = None
    for name, value in headers:
        lower = name.lower()
        if lower == "set-cookie":
            return False
        if lower == _HEADER:
            state = value
    return state in ("hit", "miss")


def shared_seconds(status: str, headers: list[tuple[str, str]]) -> float | None:
    """How long an answer that is the same for every reader (the live JSON, ``SHARED_HEADER``)
    may be kept; None for any other answer. Only a 200 that sets no cookie."""
    if not status.startswith("200"):
        return None
    seconds = None
    for name, value in headers:
        lower = name.lower()
        if lower == "set-cookie":
            return None
        if lower == _SHARED:
            try:
                seconds = float(value)
            except ValueError:
                return None
    return seconds if seconds is not None and seconds > 0 else None


def fast_paths() -> list[tuple[str, Callable[[Environ, StartResponse], Any]]]:
    """WSGI handlers apps register with the ``fazhi_fast_paths`` hook, by path prefix."""
    from wagtail import hooks

    return [pair for declare in hooks.get_hooks(FAST_PATHS) for pair in declare()]


class LocalCacheGuard:
    """With the page cache in this process (no Redis): another process's purge is known here
    only by the epoch, so a new epoch drops this process's whole page cache. The process that
    purged keeps its cache: it already made exactly the purged entries stale."""

    def __init__(self, check_seconds: float) -> None:
        self.check_seconds = check_seconds
        self.epoch: str | None = None
        self.checked = float("-inf")
        self.lock = threading.Lock()

    def sync(self, now: float) -> None:
        if now - self.checked < self.check_seconds:
            return
        epoch = purge_epoch.read_epoch()
        self.seen(epoch, now)

    def seen(self, epoch: str | None, now: float | None = None) -> None:
        """``epoch`` was read (here or by the fast path, which tells the guard at once, so no
        page it renders next comes from a page cache older than the epoch it stores under)."""
        with self.lock:
            if now is not None:
                self.checked = now
            if epoch != self.epoch or epoch is None:
                page_cache().clear()
                self.epoch = epoch

    def adopt(self, previous: str | None, new: str) -> None:
        """This process moved the epoch from ``previous`` to ``new``: nothing to drop, unless
        another process had moved it before (then the next check drops everything)."""
        with self.lock:
            if self.epoch is not None and self.epoch == previous:
                self.epoch = new


_guard: LocalCacheGuard | None = None


def local_cache_guard() -> LocalCacheGuard | None:
    """This process's guard, or None when the page cache is shared (Redis)."""
    global _guard
    if not purge_epoch.cache_is_local():
        return None
    check = settings.FAZHI_PAGE_L1_CHECK_MS / 1000
    if _guard is None or _guard.check_seconds != check:
        _guard = LocalCacheGuard(check)
    return _guard


def guard_local_page_cache(now: float) -> None:
    """Called by the page cache middleware before every lookup."""
    guard = local_cache_guard()
    if guard is not None:
        guard.sync(now)


def query_seconds() -> float:
    """How long a copy of a query answer (search) is kept at most."""
    return settings.FAZHI_PAGE_CACHE_QUERY_SECONDS


class FastPath:
    """Wraps Django's WSGI application (``fazhi.wsgi``)."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.enabled = settings.FAZHI_PAGE_CACHE_SECONDS > 0 and settings.FAZHI_PAGE_L1_BYTES > 0
        # The live JSON is kept here too, for the seconds it may be shared, even with pages off.
        self.shared = settings.FAZHI_LIVE_SECONDS > 0 and settings.FAZHI_PAGE_L1_BYTES > 0
        self.handlers = tuple(fast_paths())
        self.l1 = L1(
            settings.FAZHI_PAGE_L1_BYTES,
            settings.FAZHI_PAGE_L1_CHECK_MS / 1000,
            min(settings.FAZHI_PAGE_CACHE_SECONDS, 300),
        )

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if self.handlers:
            path = environ.get("PATH_INFO", "")
            for prefix, handler in self.handlers:
                if path.startswith(prefix):
                    answer = handler(environ, start_response)
                    if answer is not None:
                        return answer
        key = l1_key(environ) if self.enabled or self.shared else None
        if key is None:
            return self.app(environ, start_response)
        now = time.monotonic()
        epoch = self.l1.sync(now)
        if epoch is None:
            return self.app(environ, start_response)
        entry = self.l1.get(key, now)
        if entry is not None:
            if not_modified(environ, entry.etag):
                start_response("304 Not Modified", entry.headers_304)
                return []
            start_response("200 OK", entry.headers)
            return [] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]
        if environ["REQUEST_METHOD"] != "GET":
            return self.app(environ, start_response)
        return self._fill(key, epoch, environ, start_response, now)

    def _fill(
        self, key: tuple, epoch: str, environ: Environ, start_response: StartResponse, now: float
    ) -> Iterable[bytes]:
        seen: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if not seen:
            return result
        if self.enabled and storable(*seen):
            max_age = self.l1.max_age
            if environ.get("QUERY_STRING"):  # a search answer
                max_age = min(max_age, query_seconds())
            expires = now + max_age
        else:
            seconds = shared_seconds(*seen)
            if seconds is None:
                return result
            expires = now + seconds
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # Django's request_finished (database connections)
        entry = make_entry(seen[1], body)
        self.l1.put(key, epoch, entry, len(body), expires)
        return [body]
