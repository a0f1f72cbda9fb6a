"""Helpers for the comment tests: a reader, an editor, JSON posts, the site setting."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from fazhi.accounts.readers import create_reader
from fazhi.comments.models import CommentSettings

PASSWORD = "Fazhi-reader-2026"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def reader(db) -> User:
    return create_reader("reader1", PASSWORD)


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser("editor", "editor@example.cn", PASSWORD)


@pytest.fixture
def comment_settings(home) -> CommentSettings:
    from wagtail.models import Site

    return CommentSettings.for_site(Site.objects.get(is_default_site=True))


def guest_comment(text: str = "写得很好，支持法治建设！", **extra: str) -> dict[str, str]:
    return {"text": text, "anonymous": "1", "captcha_0": "x", "captcha_1": "passed", **extra}


@pytest.fixture
def count_queries_fn():
    """Queries of one JSON GET (after a warm-up request fills per-process caches)."""

    def run(client, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(url, **JSON)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **JSON).status_code == 200
        return len(queries)

    return run
