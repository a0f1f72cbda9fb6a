"""Upgrade check of fazhi/adapters/wagtail_routing.py: Wagtail still takes the site, the route, the
root paths and the view restrictions it memoises from where the adapter puts them."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve

from fazhi.adapters import wagtail_routing as routing
from fazhi.adapters.tests.checks import listed
from fazhi.news.factories import make_article

pytestmark = pytest.mark.django_db

UPDATE = "update fazhi/adapters/wagtail_routing.py"


def test_the_attributes_are_listed():
    assert listed(routing) == {
        "HttpRequest._wagtail_site",
        "HttpRequest._wagtail_route_for_request",
        "HttpRequest._wagtail_cached_site_root_paths",
        "Page._wagtail_cached_site_root_paths",
    }


def test_wagtail_takes_the_site_and_route_it_is_given(channel, django_assert_num_queries):
    article = make_article(channel, "路由")
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get(article.url)
    routing.set_route(request, site, RouteResult(article))
    with django_assert_num_queries(0):
        found_site = Site.find_for_request(request)
        found_route = Page.route_for_request(request, request.path)
    assert found_site is site, f"Wagtail no longer reads request._wagtail_site: {UPDATE}"
    assert found_route is not None and found_route.page is article, (
        f"Wagtail no longer reads request._wagtail_route_for_request: {UPDATE}"
    )
    assert routing.found_route(request) == (site, found_route)


def test_wagtail_reads_the_root_paths_from_the_request_and_the_page(channel):
    article = make_article(channel, "根路径")
    paths = Site.get_site_root_paths()
    request = RequestFactory().get(article.url)
    page = Page.objects.get(pk=article.pk)  # a fresh object: nothing memoised yet
    routing.set_site_root_paths(paths, request, page)
    cache.clear()  # Wagtail would have to query the sites again if it did not read ours
    Site.objects.update(root_page=page)  # and it would then find other root paths
    assert page.get_url_parts(request)[2] == article.url, (
        f"Wagtail no longer reads request._wagtail_cached_site_root_paths: {UPDATE}"
    )
    assert page.full_url.endswith(article.url), (
        f"Wagtail no longer reads page._wagtail_cached_site_root_paths: {UPDATE}"
    )
    assert routing.site_root_paths_of(request) is paths


def test_a_page_marked_public_is_served_without_checking_restrictions(channel):
    """Wagtail's on_serve_page check calls ``page.get_view_restrictions()`` on the instance: a
    restricted page marked public is served (which is why only pages known to be public are
    marked, and every change of restrictions purges everything)."""
    article = make_article(channel, "受限")
    PageViewRestriction.objects.create(page=channel, restriction_type="login")
    request = RequestFactory().get(article.url)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    page = Page.objects.get(pk=article.pk).specific
    site = Site.objects.get(is_default_site=True)
    routing.set_route(request, site, RouteResult(page))
    assert serve(request, request.path).status_code == 302  # to the sign-in page
    request = RequestFactory().get(article.url)
    request.user = AnonymousUser()
    routing.mark_public(page)
    routing.set_route(request, site, RouteResult(page))
    assert serve(request, request.path).status_code == 200, (
        f"Wagtail's restriction check no longer calls page.get_view_restrictions(): {UPDATE}"
    )
    assert not page.get_view_restrictions().exists()
