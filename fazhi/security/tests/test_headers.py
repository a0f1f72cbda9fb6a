"""Security headers on the public site, the admin and uploaded files (Django test client)."""

from __future__ import annotations

import shutil
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: sorted(part[1:]) for part in parts}


@pytest.mark.parametrize("path", ["/", "SEED", "/search/?q=法治", "/staff/", "/accounts/login/"])
def test_public_pages_forbid_inline_script(client, seed_article, path):
    response = client.get(seed_article.url if path == "SEED" else path)
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_cached_page_carries_the_same_policy(client, seed_article, settings):
    settings.FAZHI_PAGE_CACHE_SECONDS = 60
    first = client.get(seed_article.url)
    second = client.get(seed_article.url)
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "nonce" not in second["Content-Security-Policy"]


def test_admin_has_its_own_policy(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "b@example.cn", "x-Very-long-1")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]  # sorted
    assert csp["object-src"] == ["'none'"]


def test_csrf_and_session_cookies_are_http_only(client, django_user_model):
    response = client.get("/accounts/login/")
    assert response.cookies["csrftoken"]["httponly"]
    django_user_model.objects.create_user("reader9", password="Fazhi-reader-2026")
    response = client.post(
        "/accounts/login/", {"username": "reader9", "password": "Fazhi-reader-2026"}
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"]


@pytest.fixture
def uploads():
    """Files in the real MEDIA_ROOT (the URL conf binds it at import), removed afterwards."""
    names = {
        "evil.html": b"<script>window.__xss=1</script>",
        "evil.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "photo.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 32,
        "gif-html.gif": b"GIF89a<script>alert(1)</script>",
        "report.pdf": b"%PDF-1.4\n%%EOF",
        "notes.txt": b"<html><script>alert(1)</script>",
    }
    folder = f"security-test-{uuid.uuid4().hex}"
    for name, data in names.items():
        default_storage.save(f"{folder}/{name}", ContentFile(data))
    yield folder
    shutil.rmtree(default_storage.path(folder))


@pytest.mark.parametrize(
    "name,inline",
    [
        ("evil.html", False),
        ("evil.svg", False),
        ("report.pdf", False),
        ("notes.txt", False),
        ("photo.png", True),
        ("gif-html.gif", True),
    ],
)
def test_uploaded_files_are_never_run_nor_sniffed(client: Client, uploads, name, inline):
    response = client.get(f"/media/{uploads}/{name}")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = directives(response["Content-Security-Policy"])
    assert "sandbox" in csp and csp["default-src"] == ["'none'"]
    assert "script-src" not in csp  # falls back to default-src 'none'
    if inline:
        assert not response.get("Content-Disposition", "").startswith("attachment")
        assert response["Content-Type"].startswith("image/")
    else:
        assert response["Content-Disposition"] == "attachment"


def test_missing_media_is_a_plain_404(client, uploads):
    assert client.get("/media/uploads/../../etc/passwd").status_code in (400, 404)
    assert client.get(f"/media/{uploads}/nothing.html").status_code == 404
