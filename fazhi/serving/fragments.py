"""Rendered template fragments kept in process memory for as long as nothing was purged.

The parts of a page that are the same for every reader and every request — the site header and
menu, the footer, an article's body and meta tags — are rendered once per worker process and
reused until the next purge of any kind (the shared *epoch*, see ``fastpath.py``): every change
that a page shows already purges the page cache (``receivers.py``, ``purge.py``), so a fragment
is exactly as fresh as a cached page. This is what keeps *uncached* page views (the page cache
off, or a page not cached yet) cheap; it is not the page cache: each request is still routed,
its page loaded and its template rendered around the fragments.

Never used for previews (a draft's fragment must not be kept) or without a request.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from wagtail.models import Site

from fazhi.serving.fastpath import L1

_stores: dict[tuple[int, int], L1] = {}


def fragment_store() -> L1 | None:
    """This process's fragment store, or None when fragment caching is off (setting)."""
    size = settings.FAZHI_FRAGMENT_CACHE_BYTES
    if size <= 0:
        return None
    config = (size, settings.FAZHI_PAGE_L1_CHECK_MS)
    store = _stores.get(config)
    if store is None:
        _stores.clear()
        store = _stores[config] = L1(size, config[1] / 1000, max_age=3600)
    return store


def site_root_paths(store: L1, epoch: str, now: float) -> list[Any]:
    """Wagtail's ``Site.get_site_root_paths()``, kept in this process until the next purge.

    Wagtail keeps them in the shared cache and reads them (a Redis round trip and an unpickle)
    once per page *object* and once per request: ``page.full_url`` caches them on the page,
    ``get_full_url(request)`` on the request, so every article paid it twice. A change of any
    site purges everything (``receivers._on_site_changed``), which moves the epoch."""
    key = ("site_root_paths",)
    paths = store.get(key, now)
    if paths is None:
        paths = Site.get_site_root_paths()
        store.put(key, epoch, paths, 256 * len(paths), now + store.max_age)
    return paths


def cached_render(key: tuple, request: Any, render: Any) -> str:
    """``render()``'s result for ``key`` from this process's store, rendering it when missing."""
    store = fragment_store()
    if store is None or request is None or getattr(request, "is_preview", False):
        return render()
    now = time.monotonic()
    epoch = store.sync(now)
    if epoch is None:
        return render()  # the shared cache cannot say whether anything changed
    html = store.get(key, now)
    if html is None:
        html = render()
        store.put(key, epoch, html, 2 * len(html), now + store.max_age)
    return html
