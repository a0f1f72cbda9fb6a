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


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """The page cache is on here (the test settings turn it off for every other app's tests);
    a test that wants it off says so with ``override_settings(FAZHI_PAGE_CACHE_SECONDS=0)``."""
    settings.FAZHI_PAGE_CACHE_SECONDS = 3600
    settings.FAZHI_FRAGMENT_CACHE_BYTES = 8 * 1024 * 1024
    settings.FAZHI_PAGE_L1_CHECK_MS = 0  # every render checks the epoch (each test clears it)
