"""What Wagtail remembers per request while it routes a page, handed to it ready-made.

Wagtail memoises a request's site (``Site.find_for_request``), its route
(``Page.route_for_request``) and the sites' root paths (``Page.get_url_parts``, ``full_url``) in
private attributes of the request and the page. The page cache (fazhi.serving) knows these
answers already — a remembered route, a batch of pages loaded by the static export — and sets
them so that Wagtail runs no query per tree level; it reads them back to remember the route
Wagtail found.

``OVERRIDES``: one public method replaced on page *instances*: ``get_view_restrictions``, for a
page the caller knows to be public (its ancestors carry no restriction; any change of
restrictions purges everything), so Wagtail's ``check_view_restrictions`` hook compiles no query.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

ATTRIBUTES = (
    "django.http.HttpRequest._wagtail_site",
    "django.http.HttpRequest._wagtail_route_for_request",
    "django.http.HttpRequest._wagtail_cached_site_root_paths",
    "wagtail.models.Page._wagtail_cached_site_root_paths",
)
OVERRIDES = ("wagtail.models.Page.get_view_restrictions",)

_SITE = "_wagtail_site"
_ROUTE = "_wagtail_route_for_request"
_ROOT_PATHS = "_wagtail_cached_site_root_paths"


class NoRestrictions(tuple):
    """What ``page.get_view_restrictions()`` returns for a page known to be public: iterable and
    ``exists()`` like Wagtail's queryset, without a query."""

    def exists(self) -> bool:
        return False


NO_RESTRICTIONS = NoRestrictions()


def _no_restrictions() -> NoRestrictions:
    return NO_RESTRICTIONS


def set_route(request: HttpRequest, site: Site, result: RouteResult) -> None:
    """The site and route Wagtail would find for ``request`` (it then looks for neither)."""
    setattr(request, _SITE, site)
    setattr(request, _ROUTE, result)


def found_route(request: HttpRequest) -> tuple[Site | None, RouteResult | None]:
    """The site and route Wagtail found (or was given) for ``request``."""
    return getattr(request, _SITE, None), getattr(request, _ROUTE, None)


def set_site_root_paths(paths: list[Any], *holders: Any) -> None:
    """``Site.get_site_root_paths()`` for the request and pages in ``holders``: Wagtail reads
    them from the request (``get_url_parts(request)``) or the page (``page.full_url``)."""
    for holder in holders:
        setattr(holder, _ROOT_PATHS, paths)


def site_root_paths_of(request: HttpRequest) -> list[Any] | None:
    return getattr(request, _ROOT_PATHS, None)


def mark_public(page: Page) -> None:
    """``page`` and its ancestors carry no view restriction (the caller knows): Wagtail's check
    finds none without its two queries (ancestors, restrictions)."""
    page.get_view_restrictions = _no_restrictions
