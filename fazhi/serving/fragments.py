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
