"""Purging the page cache: the functions every app may call when something a page shows changes.

- ``purge_paths(["/fzyw/abc/"])``: those URLs only.
- ``purge_pages(pages)``: the pages and every URL that lists them (channel pages with all their
  pagination, home, feeds, sitemap); e.g. the staff app purges a byline's articles on revocation.
- ``purge_all()``: every page (site settings, menu, a channel's title).
- ``purge_query_answers()``: every cached search answer (the search index changed).

Each purge also records the URLs in the export journal, so the next incremental
``export_static`` rewrites exactly those files.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from fazhi.serving import edge
from fazhi.serving.cache import (
    GENERATION_KEY,
    new_token,
    page_cache,
    version_key,
    version_timeout,
)
from fazhi.serving.epoch import write_new_epoch
from fazhi.serving.fastpath import forget_epochs, local_cache_guard
from fazhi.serving.models import EVERYTHING, ExportChange
from fazhi.serving.paths import is_content_page, urls_showing

JOURNAL_DAYS = 30


def _journal(paths: list[str]) -> None:
    ExportChange.objects.bulk_create([ExportChange(path=path[:500]) for path in paths])
    last = ExportChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if last % 500 < len(paths):  # now and then, drop entries no export will ever ask for
        cutoff = timezone.now() - timedelta(days=JOURNAL_DAYS)
        ExportChange.objects.filter(created_at__lt=cutoff).delete()


def bump_epoch() -> None:
    """Tell every process to drop its in-memory page copies (``fastpath.L1``; ``epoch.py``)."""
    previous, new = write_new_epoch()
    forget_epochs()  # this process sees its own purge at once
    guard = local_cache_guard()
    if guard is not None:
        guard.adopt(previous, new)


def after_purge(paths: list[str] | None, first: Iterable[str] = ()) -> None:
    """What follows every purge once its transaction commits, in background tasks: the same
    URLs (``None``: everything) on the caches in front of the app, and with
    ``FAZHI_EXPORT_ON_PUBLISH`` the exported files (``first`` written first)."""
    from fazhi.serving import tasks

    first = list(first)

    def enqueue() -> None:
        if edge.configured():
            if paths is None:
                tasks.purge_edge_everything.enqueue(edge.purge_time())
            else:
                tasks.purge_edge_urls.enqueue(edge.absolute_urls(paths), edge.purge_time())
        if settings.FAZHI_EXPORT_ON_PUBLISH and settings.FAZHI_EXPORT_DIR:
            tasks.export_changes.enqueue(first)

    transaction.on_commit(enqueue)


def purge_paths(paths: Iterable[str], first: Iterable[str] = ()) -> list[str]:
    """Make the cached copies of these URL paths stale, in every worker process, and then at
    the edge and in the exported files (``first``: the URLs to export before the others)."""
    paths = sorted(set(paths))
    if paths:
        token = new_token()  # also when the page cache is off: routes follow the same tokens
        page_cache().set_many({version_key(p): token for p in paths}, version_timeout())
        bump_epoch()  # after the versions: a worker that sees the new epoch sees them too
        _journal(paths)
        after_purge(paths, first)
    return paths


def purge_query_answers() -> None:
    """Make every cached answer of ``FAZHI_PAGE_CACHE_QUERY_PATHS`` (search, any query, any page
    of results) stale in every worker process: a new version of those paths. They are neither
    exported nor sent to edge caches (which never get them with a lifetime of their own)."""
    paths = settings.FAZHI_PAGE_CACHE_QUERY_PATHS
    if paths:
        token = new_token()
        page_cache().set_many({version_key(p): token for p in paths}, version_timeout())
        bump_epoch()


def purge_all() -> None:
    """Make every cached page stale (one write: a new site generation), here and at the edge."""
    page_cache().set(GENERATION_KEY, new_token(), None)
    bump_epoch()
    _journal([EVERYTHING])
    after_purge(None)


def urls_for_pages(pages: Iterable[Page]) -> set[str] | None:
    """URLs to purge for ``pages``; None when one of them is shown on every page (a channel)."""
    url_paths: list[str] = []
    for page in pages:
        if not is_content_page(page.specific_deferred):
            return None
        url_paths.append(page.url_path)
    return urls_showing(url_paths)


def purge_pages(pages: Iterable[Page]) -> list[str]:
    """Purge ``pages`` and every URL that lists them; returns the purged URL paths
    (``["*"]`` when everything was purged)."""
    urls = urls_for_pages(pages)
    if urls is None:
        purge_all()
        return [EVERYTHING]
    return purge_paths(urls)
