"""Which public URLs a page serves, and which URLs show a piece of content: plain functions.

The page cache purges these URLs and the static export writes them, so both agree on what a
change touches. URLs are site-relative paths such as ``/fzyw/`` or ``/fzyw/page/2/``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from django.conf import settings
from wagtail.models import Page, Site

from fazhi.news.models import ChannelPage


def site_roots() -> list[str]:
    """The tree paths (``url_path``) of each site's root page, longest first."""
    roots = {root.root_path for root in Site.get_site_root_paths()}
    return sorted(roots, key=len, reverse=True)


def relative_url(url_path: str, roots: list[str] | None = None) -> str | None:
    """``/home/fzyw/abc/`` → ``/fzyw/abc/``; None for a page outside every site."""
    for root in roots if roots is not None else site_roots():
        if url_path.startswith(root):
            return "/" + url_path[len(root) :]
    return None


def is_content_page(page: Page) -> bool:
    """Public content (articles, videos) is shown by its ancestors' lists, not in every page."""
    return callable(getattr(page, "public_content", None))


def channel_urls(channel: ChannelPage, base: str, extra_pages: int = 0) -> list[str]:
    """The channel's list pages (``page/N/``), and its feed. ``base`` is the channel's URL."""
    count = channel.articles().count()
    pages = max(1, math.ceil(count / max(channel.per_page, 1))) + extra_pages
    return [base, f"{base}feed/", *(f"{base}page/{n}/" for n in range(2, pages + 1))]


def page_urls(page: Page, roots: list[str] | None = None, extra_pages: int = 0) -> list[str]:
    """Every URL ``page`` itself answers: one for most pages, the list pages for a channel."""
    url = relative_url(page.url_path, roots)
    if url is None:
        return []
    if isinstance(page, ChannelPage):
        return channel_urls(page, url, extra_pages)
    return [url]


def urls_showing(url_paths: Iterable[str]) -> set[str]:
    """URLs that show content which is (or was) at ``url_paths``: the pages themselves, every
    ancestor's pages (channel lists with all their pagination, the home page) and the site-wide
    lists. Works for deleted and moved pages: ancestors are found by tree path prefix."""
    roots = site_roots()
    url_paths = list(url_paths)
    urls: set[str] = set()
    prefixes: set[str] = set()
    for url_path in url_paths:
        own = relative_url(url_path, roots)
        if own is None:
            continue
        urls.add(own)
        parts = url_path.strip("/").split("/")
        prefixes.update("/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts)))
    if not urls:
        return urls
    urls.update(settings.FAZHI_PAGE_CACHE_PATHS)
    ancestors = Page.objects.filter(url_path__in=prefixes).defer_streamfields().specific()
    for ancestor in ancestors:
        # One more list page than now: after a removal the old last page must go too.
        urls.update(page_urls(ancestor, roots, extra_pages=1))
    return urls
