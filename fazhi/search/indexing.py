"""Keeping the index in step with what the public sees.

Pages are read only through ``public_content_of(page)``: any page type that defines
``public_content()`` is indexed, with no change here. The index follows
``fazhi.core.signals.public_content_changed`` (sent after commit on publish — which includes
edits —, unpublish, move and delete).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction

from fazhi.core.content import public_content_of
from fazhi.core.signals import public_content_changed, search_index_changed
from fazhi.search.backends.base import IndexEntry, SearchBackend
from fazhi.search.models import SearchDictionary
from fazhi.search.service import DICTIONARY_KEY, GENERATION_KEY, get_backend

BATCH = 200
logger = logging.getLogger(__name__)


def restricted_paths() -> list[str]:
    """Tree paths under a view restriction (password, login, groups): never indexed."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def entry_for(page: Page, restricted: Iterable[str]) -> IndexEntry | None:
    """What to index for ``page``, or None when the public must not find it."""
    if not page.live or page.expired:
        return None
    if any(page.path.startswith(path) for path in restricted):
        return None
    content = public_content_of(page)
    if content is None:
        return None
    url = page.get_url()
    if not url:  # not routable from any site
        return None
    return IndexEntry(page_id=page.pk, content=content, url=url, path=page.path)


def sync_pages(
    pages: Iterable[Page],
    backend: SearchBackend | None = None,
    progress: Callable[[int], Any] | None = None,
) -> int:
    """Index the indexable ``pages``, drop the others from the index; returns how many indexed."""
    backend = backend or get_backend()
    restricted = restricted_paths()
    indexed = 0
    for chunk in _chunks(pages, BATCH):
        entries, dropped = [], []
        for page in chunk:
            entry = entry_for(page, restricted)
            if entry:
                entries.append(entry)
            else:
                dropped.append(page.pk)
        with transaction.atomic():
            backend.delete(dropped)
            backend.write(entries)
        indexed += len(entries)
        if progress:
            progress(len(chunk))
    return indexed


def sync_subtree(page: Page, backend: SearchBackend | None = None) -> int:
    """Re-index ``page`` and everything below it (a move or a channel's rename reaches them)."""
    pages = Page.objects.filter(path__startswith=page.path).order_by("path").specific()
    return sync_pages(pages.iterator(chunk_size=BATCH), backend)


def resync_pages(page_ids: list[int], backend: SearchBackend) -> None:
    """Index ``page_ids`` again from the pages as they are now; ids of pages gone are dropped."""
    for start in range(0, len(page_ids), BATCH):
        chunk = page_ids[start : start + BATCH]
        pages = list(Page.objects.filter(pk__in=chunk).specific())
        sync_pages(pages, backend)
        found = {page.pk for page in pages}
        backend.delete([pk for pk in chunk if pk not in found])


def rebuild_index(
    pages: Iterable[Page],
    backend: SearchBackend | None = None,
    processes: int | None = None,
    expected: int | None = None,
    progress: Callable[[int], Any] | None = None,
) -> int:
    """Replace the whole index by ``pages``' entries (the indexable ones), in the current token
    format; returns how many were indexed. Searches keep working throughout (see the backend's
    ``rebuilding``); ``progress(1)`` is called for each page read."""
    backend = backend or get_backend()
    restricted = restricted_paths()

    def entries() -> Iterator[IndexEntry]:
        for page in pages:
            if progress:
                progress(1)
            entry = entry_for(page, restricted)
            if entry:
                yield entry

    return replace_index(
        entries(), backend, lambda ids: resync_pages(ids, backend), processes, expected
    )


def replace_index(
    entries: Iterable[IndexEntry],
    backend: SearchBackend,
    resync: Callable[[list[int]], Any],
    processes: int | None = None,
    expected: int | None = None,
    progress: Callable[[int], Any] | None = None,
) -> int:
    """Write ``entries`` as the whole new index (``fazhi.search.bulk.write_entries``: segmenting
    in worker processes) and record the current token format, in one transaction."""
    from fazhi.search.bulk import write_entries
    from fazhi.search.models import INDEX_FORMAT, SearchIndexState
    from fazhi.search.service import FORMAT_KEY

    with transaction.atomic():
        with backend.rebuilding(resync):
            indexed = write_entries(entries, backend, processes, expected, progress)
        SearchIndexState.set_format(INDEX_FORMAT)
    cache.set(FORMAT_KEY, INDEX_FORMAT, 60)
    bump_generation()
    return indexed


def remove_subtree(page: Page, backend: SearchBackend | None = None) -> None:
    from fazhi.search.models import SearchDocument

    backend = backend or get_backend()
    with transaction.atomic():
        backend.delete([page.pk] if page.pk else [])
        ids = list(
            SearchDocument.objects.filter(path__startswith=page.path).values_list(
                "page_id", flat=True
            )
        )
        backend.delete(ids)


def bump_generation() -> None:
    """Cached result pages are keyed by this number: any change makes them unreachable (and the
    page cache drops its copies of search answers)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)
    search_index_changed.send(sender=SearchBackend)  # cached answers in the page cache too


@receiver(public_content_changed)
def _on_public_content_changed(sender: Any, page: Page, action: str, **kwargs: Any) -> None:
    try:
        if action == "deleted":
            remove_subtree(page)
        else:
            sync_subtree(page)
    except Exception:
        # The editor's change is committed already; a failed index update must not turn it into
        # an error page. It is logged, and `fazhi rebuild_search` repairs the index.
        logger.exception("search index update failed for page %s (%s)", page.pk, action)
    bump_generation()


@receiver(post_save, sender=SearchDictionary)
def _on_dictionary_saved(sender: Any, **kwargs: Any) -> None:
    # New searches segment with the new words at once; old articles after rebuild_search.
    cache.delete(DICTIONARY_KEY)
    bump_generation()


def _chunks(items: Iterable[Page], size: int) -> Iterator[list[Page]]:
    chunk: list[Page] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
