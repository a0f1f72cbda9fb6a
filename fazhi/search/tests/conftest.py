"""Search tests: publishing runs the after-commit signal, as it does outside tests."""

from __future__ import annotations

import pytest

from fazhi.news.factories import make_article, make_channel


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs the on-commit callbacks (index updates) at the block's end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def publish(committed, channel):
    """Publish an article in ``channel`` (or ``in_channel``) and index it."""

    def make(title=None, *, in_channel=None, **fields):
        with committed():
            return make_article(in_channel or channel, title, **fields)

    return make


@pytest.fixture
def other_channel(home, committed):
    with committed():
        return make_channel(home, "普法园地", "pufa")
