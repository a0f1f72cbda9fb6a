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
