"""Behind the production nginx site: exported pages carry the app's security headers, and uploads
are served inert (nosniff, sandbox, download unless an image or video)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from fazhi.security.tests.test_headers import directives
from fazhi.serving.export import export_site
from fazhi.serving.tests.test_nginx import nginx, request  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_exported_pages_and_uploads_through_nginx(nginx, seed_article, client):  # noqa: F811
    export_site(nginx, progress=False)
    response, _ = request("GET", seed_article.url)
    assert response.status == 200 and response.getheader("X-Fazhi-Cache") is None  # from disk
    app = client.get(seed_article.url)
    assert directives(response.getheader("Content-Security-Policy")) == directives(
        app["Content-Security-Policy"]
    )
    assert response.getheader("Permissions-Policy") == app["Permissions-Policy"]
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "same-origin"
    # A POST to a page path still reaches the app (and gets exactly one policy header).
    response, _ = request("POST", seed_article.url, b"", {"Content-Length": "0"})
    assert response.status == 403  # the app's CSRF refusal, not nginx's 405
    assert len(response.msg.get_all("Content-Security-Policy")) == 1

    folder = Path(settings.MEDIA_ROOT) / f"security-nginx-{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    try:
        (folder / "evil.html").write_bytes(b"<script>window.__xss=1</script>")
        (folder / "evil.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
        (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
        for name, disposition in [
            ("evil.html", "attachment"),
            ("evil.svg", "attachment"),
            ("photo.png", None),
        ]:
            response, _ = request("GET", f"/media/{folder.name}/{name}")
            assert response.status == 200, name
            assert response.getheader("X-Content-Type-Options") == "nosniff"
            assert "sandbox" in response.getheader("Content-Security-Policy")
            assert response.getheader("Content-Disposition") == disposition, name
    finally:
        shutil.rmtree(folder)
