"""nginx (Debian's package) with deploy/nginx/fazhi.conf in front of the running app.

Checks, through nginx: an exported page (served from disk), a page only the app has, the live
JSON, a static file, a media Range request, and a CSRF-protected POST. The comment endpoints are
built in another branch; the POST goes to the admin sign-in form, which is CSRF-protected the same
way (token from the live JSON, cookie, Origin header).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from fazhi.news.factories import make_article
from fazhi.serving.deploy import render_site, render_standalone
from fazhi.serving.export import export_site

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PORT = 18007

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def wait_for_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


@pytest.fixture
def nginx(live_server, tmp_path):
    if not os.path.exists(NGINX):
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing: `make test` installs it (Debian package nginx)")
        pytest.skip("nginx is not installed; run `make nginx`")
    export_dir = tmp_path / "export"
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    site = render_site(
        listen=f"127.0.0.1:{PORT}",
        upstream=urlsplit(live_server.url).netloc,
        export_dir=export_dir,
        static_root=export_dir / "static",  # the tests have no collectstatic run
    )
    (prefix / "nginx.conf").write_text(render_standalone(site, prefix))
    process = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(PORT)
        yield export_dir
    finally:
        process.terminate()
        process.wait(10)
        print((prefix / "error.log").read_text() if (prefix / "error.log").exists() else "")


def request(method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=20)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def test_nginx_in_front_of_the_app(nginx, seed_article):
    export_dir = nginx
    export_site(export_dir, progress=False)
    later = make_article(seed_article.get_parent(), "导出之后发布的文章")  # not exported

    # 1. An exported page comes from disk: no page-cache header from the app.
    response, body = request("GET", seed_article.url)
    assert response.status == 200
    assert body == (export_dir / seed_article.url.strip("/") / "index.html").read_bytes()
    assert response.getheader("X-Fazhi-Cache") is None
    assert response.getheader("ETag")

    # 2. A page the export does not have yet: the app answers, then from its own cache or, in
    # the same half second, nginx's microcache (test_microcache.py).
    response, body = request("GET", later.url)
    assert response.status == 200 and "导出之后发布的文章" in body.decode()
    assert response.getheader("X-Fazhi-Cache") == "miss"
    again = request("GET", later.url)[0]
    assert again.getheader("X-Nginx-Cache") == "HIT" or again.getheader("X-Fazhi-Cache") == "hit"

    # 3. Static files and the feed from the export.
    response, body = request("GET", "/static/core/js/live.js")
    assert response.status == 200 and b"fazhi:live" in body
    response, body = request("GET", "/feed/")
    assert response.status == 200 and "rss" in response.getheader("Content-Type")

    # 4. Media with a Range request (video seeking).
    media = Path(settings.MEDIA_ROOT) / "video" / "clip.bin"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(bytes(range(256)) * 4)
    response, body = request("GET", "/media/video/clip.bin", headers={"Range": "bytes=10-19"})
    assert response.status == 206
    assert response.getheader("Content-Range") == "bytes 10-19/1024"
    assert body == bytes(range(10, 20))

    # 5. The live JSON (through nginx to the app) gives the CSRF token and cookie, as live.js gets.
    response, body = request("GET", f"/api/pages/{seed_article.pk}/live/?me=1")
    assert response.status == 200
    token = json.loads(body)["csrf_token"]
    cookie = SimpleCookie(response.getheader("Set-Cookie"))["csrftoken"].value

    # 6. A CSRF-protected POST through nginx: accepted with the token, refused without.
    get_user_model().objects.create_superuser("chief", password="pw-nginx-123")
    form = urlencode(
        {"csrfmiddlewaretoken": token, "username": "chief", "password": "pw-nginx-123"}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie}",
        "Origin": f"http://127.0.0.1:{PORT}",
    }
    response, _ = request("POST", "/admin/login/", form.encode(), headers)
    assert response.status == 302, "the sign-in POST passed CSRF and signed in"
    assert "sessionid" in (response.getheader("Set-Cookie") or "")
    without_token = urlencode({"username": "chief", "password": "pw-nginx-123"}).encode()
    assert request("POST", "/admin/login/", without_token, headers)[0].status == 403
