"""Fixtures every app's tests share: the site's home page, a channel, the imported seed article."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from wagtail.models import Site

from fazhi.core.models import HomePage
from fazhi.importers.demo import SEED_PAGE
from fazhi.news.factories import make_channel

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (LocMem, or the Redis test database) and a new purge
    epoch (kept in a file without Redis), so nothing a process kept from an earlier test's
    pages survives into this one."""
    from django.core.cache import cache

    from fazhi.serving.purge import bump_epoch

    cache.clear()
    bump_epoch()
    yield


def count_queries(client, url: str) -> int:
    """Queries one GET of ``url`` runs (after a warm-up request fills per-process caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def database_url_for_another_process(folder: Path) -> str:
    """A database URL a server started by the test (gunicorn, a command) can open: on SQLite a
    file copy of the in-memory test database (migrated, with what the test created so far), on
    PostgreSQL the test database itself."""
    from django.db import connection

    if connection.vendor == "sqlite":
        target = folder / "test.sqlite3"
        dest = sqlite3.connect(target)
        connection.ensure_connection()
        connection.connection.backup(dest)
        dest.close()
        return f"sqlite:///{target}"
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def authenticate_as_reader(username: str, password: str):
    """``authenticate`` the way a sign-in form calls it: with a request (django-axes needs one)."""
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    return authenticate(
        RequestFactory().post("/accounts/login/"), username=username, password=password
    )


@pytest.fixture
def home(db) -> HomePage:
    """The HomePage the core data migration created as the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def channel(home):
    return make_channel(home, "法治要闻", "fzyw")


@pytest.fixture
def seed_article(home):
    from fazhi.importers.pages import apply_site_footer, import_file

    result, parsed = import_file(SEED_PAGE, home)
    apply_site_footer(parsed.footer)
    return result.page


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts")


class _TestBrowser:
    """The browser, whose contexts ignore the site's Content-Security-Policy by default.

    Playwright evaluates string expressions (``wait_for_function("...")``) with ``eval``, which the
    site's CSP forbids. Tests of the CSP itself (fazhi/security) ask for ``bypass_csp=False``.
    """

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("bypass_csp", True)
        return self._browser.new_context(**options)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (installed by `make test`)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (Debian package chromium)")
        pytest.skip(f"{CHROMIUM} is not installed; run `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield _TestBrowser(instance)
        instance.close()


@pytest.fixture
def browser_page(browser):
    """A fresh browser context (no cookies) at phone width; screenshots go to test-artifacts/."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def save_screenshot(page, name: str) -> str:
    os.makedirs(ARTIFACTS_DIR, exist_ok=True)
    path = os.path.join(ARTIFACTS_DIR, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture(scope="session", autouse=True)
def _serialized_db_in_every_context(django_db_setup):
    """Let ``serialized_rollback`` restore the migrated rows (root page, site, groups) after a
    live-server test flushed them, also once Playwright is running.

    Django keeps the serialized test database on the connection wrapper, and wrappers are
    per context: after Playwright's sync API starts, tests see new wrappers without it, so
    the restore was silently skipped. Keep it on the wrapper class instead.
    """
    from django.db import connections

    from fazhi.adapters.django_testing import share_serialized_contents

    for alias in connections:
        share_serialized_contents(connections[alias])
    yield


def pytest_collection_modifyitems(items):
    """Every transactional test gets the migrations' rows back afterwards (root page, home, site,
    editorial roles): a transactional test ends by emptying every table."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


@pytest.fixture
def live_home(django_db_serialized_rollback, transactional_db, home) -> HomePage:
    """The home page in a live-server (browser) test, with the database restored afterwards."""
    return home
