"""The admin can live under another path (FAZHI_ADMIN_PATH) and is still locked by django-axes
after repeated failures; failed sign-ins never write the password to any log."""

from __future__ import annotations

import importlib
import logging

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import clear_url_caches

from fazhi.comments.tests.conftest import JSON

pytestmark = pytest.mark.django_db
PASSWORD = "Right-horse-2026"
WRONG = "Wr0ng-Secret-Guess-9931"


@pytest.fixture
def admin_path(settings):
    """The URL conf rebuilt with the admin under /bianji-7f3a/, and rebuilt back afterwards."""
    import fazhi.urls

    settings.FAZHI_ADMIN_PATH = "bianji-7f3a/"
    importlib.reload(fazhi.urls)
    clear_url_caches()
    yield "/bianji-7f3a/"
    settings.FAZHI_ADMIN_PATH = "admin/"
    importlib.reload(fazhi.urls)
    clear_url_caches()


def test_the_admin_moves_and_stays_locked(client: Client, home, admin_path, settings):
    User.objects.create_superuser("editor", "e@example.cn", PASSWORD)
    assert client.get("/admin/").status_code == 404
    assert client.get(admin_path).status_code == 302
    login = admin_path + "login/"
    assert client.get(login).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(login, {"username": "editor", "password": WRONG}).status_code == 200
    assert client.post(login, {"username": "editor", "password": WRONG}).status_code == 429
    locked = client.post(login, {"username": "editor", "password": PASSWORD})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    # The CSP middleware knows the new prefix.
    assert "'unsafe-inline'" in locked["Content-Security-Policy"]
    other = Client(REMOTE_ADDR="10.9.9.9")  # another address is not locked out
    response = other.post(login, {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == admin_path


def test_failed_sign_ins_log_no_password(client, seed_article, caplog):
    User.objects.create_superuser("editor", "e@example.cn", PASSWORD)
    from fazhi.accounts.readers import create_reader

    create_reader("reader1", PASSWORD)
    caplog.set_level(logging.DEBUG)
    for path in ["/admin/login/", "/accounts/login/"]:
        for username in ["editor", "reader1", "nobody"]:
            client.post(path, {"username": username, "password": WRONG})
    client.post(
        f"/api/pages/{seed_article.pk}/comments/",
        {"text": "好文章", "username": "reader1", "password": WRONG},
        **JSON,
    )
    for _ in range(6):  # past the lockout too
        client.post("/accounts/login/", {"username": "reader1", "password": WRONG})
    logged = "\n".join(
        f"{record.getMessage()} {record.args!r} {record.__dict__!r}" for record in caplog.records
    )
    assert "login failure" in logged.lower()  # axes did log the failures ...
    assert WRONG not in logged  # ... without the password
    assert PASSWORD not in logged
