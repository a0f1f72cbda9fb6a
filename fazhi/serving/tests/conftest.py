"""Helpers of the serving tests."""

from __future__ import annotations

import pytest

from fazhi.serving.cache import CACHE_HEADER


def cache_state(response) -> str:
    return response[CACHE_HEADER]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the purge signal is sent after commit) inside the test."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def home(db):
    """The default site's HomePage, rebuilt like core's data migration when an earlier transactional
    test (a browser test with ``live_server``) flushed the migrations' rows away."""
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from fazhi.core.models import HomePage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        locale = Locale.objects.first() or Locale.objects.create(
            language_code=settings.LANGUAGE_CODE
        )
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale)
        )
        page = root.add_child(instance=HomePage(title="法治报道", slug="home", locale=locale))
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="法治报道",
            root_page=page,
            is_default_site=True,
        )
    return site.root_page.specific
