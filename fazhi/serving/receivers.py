"""What purges the page cache: the one public-content signal, and the site-wide settings."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site

from fazhi.core.models import SiteSettings
from fazhi.core.signals import public_content_changed
from fazhi.serving.paths import is_content_page, page_urls, urls_showing
from fazhi.serving.purge import purge_all, purge_paths

logger = logging.getLogger(__name__)


@receiver(public_content_changed)
def _on_public_content_changed(
    sender: Any, page: Page, action: str, url_paths: list[str], **kwargs: Any
) -> None:
    content = is_content_page(page)
    if content:
        purge_paths(urls_showing(url_paths or [page.url_path]))
    else:
        # Channels and the home page appear in every page's menu and breadcrumb.
        purge_all()
    if settings.FAZHI_EXPORT_ON_PUBLISH and settings.FAZHI_EXPORT_DIR:
        if content:
            # A few files (the page, its channel's lists, home, feeds, sitemap), the page's own
            # first. In a thread of this worker: the editor's request (and the cached URL, purged
            # above) need not wait for home and the sitemap to render.
            first = page_urls(page)
            if transaction.get_connection().in_atomic_block:
                # Still inside a transaction (a caller's atomic block, tests capturing
                # on_commit): another thread's connection would not see the change yet.
                export_after_change(first)
            else:
                _start_export_thread(first)
        else:
            # The whole site: too long for a request, so a thread of this worker does it.
            _start_export_thread()


EXPORT_ATTEMPTS = 3
EXPORT_THREAD_NAME = "fazhi-export"


def export_after_change(first: list[str] | None = None) -> None:
    from fazhi.serving.export import export_site

    for attempt in range(1, EXPORT_ATTEMPTS + 1):
        try:
            export_site(settings.FAZHI_EXPORT_DIR, progress=False, first=first or ())
            return
        except Exception:
            # A busy database (SQLite's writer lock held past the busy timeout, a restarting
            # PostgreSQL: an OperationalError, or a page answering 503) is worth another try;
            # an export is idempotent. After the last one the publish still stands and the next
            # export catches up from the journal.
            if attempt == EXPORT_ATTEMPTS:
                logger.exception("Incremental export to %s failed", settings.FAZHI_EXPORT_DIR)
                return
            time.sleep(0.5 * attempt)


def _export_in_thread(first: list[str] | None = None) -> None:
    try:
        export_after_change(first)
    finally:
        connections.close_all()  # this thread's own connections


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _on_restriction_changed(sender: Any, **kwargs: Any) -> None:
    # A restriction covers the page and everything below it: cached copies and remembered
    # routes (which know "no restriction here") must all go. Rare, so everything.
    transaction.on_commit(purge_all)


def _holds_only_defaults(site_settings: SiteSettings) -> bool:
    """The row ``SiteSettings.for_site`` stores on its first read: pages rendered before it
    existed already showed these (default) values."""
    blank = SiteSettings(site_id=site_settings.site_id)
    return all(
        getattr(site_settings, field.attname) == getattr(blank, field.attname)
        for field in SiteSettings._meta.concrete_fields
        if not field.primary_key
    )


@receiver(post_save, sender=SiteSettings)
def _on_site_settings_saved(
    sender: Any, instance: SiteSettings, created: bool, **kwargs: Any
) -> None:
    # A page render creates the row on a site that has none. Nothing the public sees changed,
    # and a whole-site export started from inside a render would race the next write.
    if created and _holds_only_defaults(instance):
        return
    _on_site_changed(sender)


@receiver(post_delete, sender=SiteSettings)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def _on_site_changed(sender: Any, **kwargs: Any) -> None:
    # Footer facts and the site name are on every page.
    transaction.on_commit(purge_all)
    if settings.FAZHI_EXPORT_ON_PUBLISH and settings.FAZHI_EXPORT_DIR:
        transaction.on_commit(_start_export_thread)


def _start_export_thread(first: list[str] | None = None) -> None:
    # Named, so tests can wait for every export a test started (fazhi/conftest.py).
    threading.Thread(
        target=_export_in_thread, args=(first,), name=EXPORT_THREAD_NAME, daemon=True
    ).start()
