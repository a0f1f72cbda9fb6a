"""What purges the page cache: the one public-content signal, and the site-wide settings."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site

from fazhi.core.hooks import PURGE_ALSO
from fazhi.core.models import SiteSettings
from fazhi.core.signals import public_content_changed, search_index_changed
from fazhi.serving.paths import is_content_page, page_urls, relative_url, site_roots, urls_showing
from fazhi.serving.purge import purge_all, purge_paths, purge_query_answers


@receiver(public_content_changed)
def _on_public_content_changed(
    sender: Any, page: Page, action: str, url_paths: list[str], **kwargs: Any
) -> None:
    if is_content_page(page):
        # The page's own URLs are exported first: the editor sees the new file soonest.
        urls = urls_showing(url_paths or [page.url_path])
        purge_paths(urls | urls_also_showing(page, action, url_paths), first=page_urls(page))
    else:
        # Channels and the home page appear in every page's menu and breadcrumb.
        purge_all()


@receiver(search_index_changed)
def _on_search_index_changed(sender: Any, **kwargs: Any) -> None:
    # Sent once the index holds the change (after its transaction): an answer cached from now on
    # already finds the new article. Inside a transaction (the dictionary saved), at its commit.
    transaction.on_commit(purge_query_answers)


def urls_also_showing(page: Page, action: str, url_paths: list[str]) -> set[str]:
    """The URLs of other pages that show ``page`` (上一篇/下一篇, 相关阅读: the ``PURGE_ALSO``
    hook), each page's own URL only: lists above them did not change."""
    also = {p for fn in hooks.get_hooks(PURGE_ALSO) for p in fn(page, action, url_paths)}
    if not also:
        return set()
    roots = site_roots()
    return {url for url in (relative_url(p, roots) for p in also) if url is not None}


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
