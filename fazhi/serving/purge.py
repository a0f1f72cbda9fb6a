"""Purging the page cache: the functions every app may call when something a page shows changes.

- ``purge_paths(["/fzyw/abc/"])``: those URLs only.
- ``purge_pages(pages)``: the pages and every URL that lists them (channel pages with all their
  pagination, home, feeds, sitemap); e.g. the staff app purges a byline's articles on revocation.
- ``purge_all()``: every page (site settings, menu, a channel's title).

Each purge also records the URLs in the export journal, so the next incremental
``export_static`` rewrites exactly those files.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from fazhi.serving.cache import (
    EPOCH_KEY,
    GENERATION_KEY,
    new_token,
    page_cache,
    version_key,
    version_timeout,
)
from fazhi.serving.fastpath import forget_epochs
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
    """Tell every worker process to drop its in-memory page copies (``fastpath.L1``)."""
    page_cache().set(EPOCH_KEY, new_token(), None)
    forget_epochs()  # this process sees its own purge at once


def purge_paths(paths: Iterable[str]) -> list[str]:
    """Make the cached copies of these URL paths stale, in every worker process."""
    paths = sorted(set(paths))
    if paths:
        token = new_token()  # also when the page cache is off: routes follow the same tokens
        page_cache().set_many({version_key(p): token for p in paths}, version_timeout())
        bump_epoch()  # after the versions: a worker that sees the new epoch sees them too
        _journal(paths)
    return paths


def purge_all() -> None:
    """Make every cached page stale (one write: a new site generation)."""
    page_cache().set(GENERATION_KEY, new_token(), None)
    bump_epoch()
    _journal([EVERYTHING])


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
