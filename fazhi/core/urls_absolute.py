"""Absolute URLs: every one fazhi writes is ``settings.BASE_URL`` (``FAZHI_BASE_URL``) + a path.

Canonical links, Open Graph, JSON-LD, the sitemap, feeds, robots.txt, 本文地址, QR codes and staff
verification links all come from here. Readers may arrive on any host the site answers
(ALLOWED_HOSTS, a proxy's address), and the page cache keeps a copy per host, so nothing here
looks at the request's host: the HTML names the canonical host only.

The default Wagtail ``Site`` is kept equal to BASE_URL (migration ``core/0003``, ``fazhi
load_demo``; ``fazhi check`` warns when they differ), so Wagtail's own ``page.full_url`` and the
admin's links agree. fazhi serves one site: a page's URL is BASE_URL + its path in its site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models import Page


def base_url() -> str:
    """``FAZHI_BASE_URL`` without a trailing slash, e.g. ``https://www.example.cn``."""
    return settings.BASE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (``/xjzs/…/``, ``/media/images/…``) on the canonical host.

    An empty path gives ``""``; a URL that already names a scheme or a host (another site's
    player, a storage's own address) is returned as it is."""
    if not path:
        return ""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return path
    return base_url() + "/" + path.lstrip("/")


def page_url(page: Page, request: HttpRequest | None = None) -> str:
    """The canonical absolute URL of a Wagtail page, or ``""`` when it has none (not routable)."""
    parts = page.get_url_parts(request)
    if parts is None:
        return ""
    return absolute_url(parts[2])


def rebased_url(url: str) -> str:
    """A URL of this site that Wagtail built from a ``Site`` record (``page.full_url``), moved
    onto the canonical host: path, query and fragment kept. Relative URLs get the host too."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))


def site_address(url: str | None = None) -> tuple[str, int]:
    """The (hostname, port) of a Wagtail ``Site`` for ``url`` (default: BASE_URL). Wagtail derives
    the scheme from the port (443 is https, anything else http), so a URL without a port gets 443
    for https and 80 for http."""
    parts = urlsplit(url or base_url())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return (parts.hostname or "", port)


def sync_default_site(site_model: Any = None) -> bool:
    """Give the default Wagtail ``Site`` the hostname and port of BASE_URL. True when it changed.

    ``site_model`` is the ``Site`` model to use: a migration passes its historical model. Nothing
    changes when there is no default site, or when another site already has that address (``fazhi
    check`` reports the difference then)."""
    from django.core.cache import cache
    from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

    if site_model is None:
        from wagtail.models import Site

        site_model = Site
    hostname, port = site_address()
    site = site_model.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    if site_model.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    # Wagtail clears its cached root paths when a Site is saved, but not for a migration's
    # historical model: a shared cache (Redis) would keep naming the old host.
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    return True
