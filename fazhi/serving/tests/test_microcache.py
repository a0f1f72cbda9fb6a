"""nginx's microcache (deploy/nginx/fazhi.conf, issue 18): Debian's nginx with the site in front of
the running app, nothing exported, so every page goes to the app through ``@app``.

- what the app marked shareable (``X-Fazhi-Cache: hit/miss``) is answered by nginx itself
  (``X-Nginx-Cache: HIT``), the same bytes, also to a reader with other cookies;
- a session cookie, an Authorization header or a query string always reach the app (BYPASS), and
  what the app did not mark shareable is never kept;
- a publish shows through nginx within a second while readers keep the page hot in the
  microcache (its half-second slots; the app's own purge).
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from fazhi.news.factories import make_article
from fazhi.news.models import ArticlePage
from fazhi.serving.deploy import render_site, render_standalone
from fazhi.serving.tests.test_nginx import NGINX
from fazhi.testing.processes import free_ports, nginx_server

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VISIBLE_WITHIN = 1.0


@pytest.fixture
def site(live_server, tmp_path):
    if not os.path.exists(NGINX):
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing: `make test` installs it (Debian package nginx)")
        pytest.skip("nginx is not installed; run `make nginx`")
    (port,) = free_ports(1)
    export_dir = tmp_path / "export"  # nothing exported: pages come from the app
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    conf = render_site(
        listen=f"127.0.0.1:{port}",
        upstream=urlsplit(live_server.url).netloc,
        export_dir=export_dir,
        static_root=export_dir / "static",
    )
    (prefix / "nginx.conf").write_text(render_standalone(conf, prefix, workers="auto"))
    with nginx_server(prefix / "nginx.conf", port, NGINX):
        yield port


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def states(port: int, path: str, headers: dict | None = None, times: int = 6) -> list[str]:
    """nginx's cache status of ``times`` requests in a row."""
    found = []
    for _ in range(times):
        status, head, _ = get(port, path, headers)
        assert status == 200, (path, status)
        found.append(head.get("x-nginx-cache", ""))
    return found


def test_shareable_pages_come_from_nginx_and_nothing_personal_is_kept(site, seed_article):
    port = site
    path = seed_article.url
    status, head, body = get(port, path)
    assert status == 200 and "四个聚力" in body.decode()
    assert head["x-fazhi-cache"] in ("miss", "hit")
    # Within a half-second slot one request reaches the app, the rest are nginx's copy.
    assert "HIT" in states(port, path)
    hit_body = None
    for _ in range(20):
        _, head, hit_body = get(port, path, {"Cookie": "csrftoken=abc; fazhi_digg=1"})
        if head.get("x-nginx-cache") == "HIT":
            break
    assert head.get("x-nginx-cache") == "HIT", "other cookies do not stop sharing"
    assert hit_body == get(port, path)[2] and "set-cookie" not in head

    # Always to the app, and never kept.
    session = {"Cookie": f"{settings.SESSION_COOKIE_NAME}=whatever"}
    assert set(states(port, path, session)) == {"BYPASS"}
    assert set(states(port, path, {"Authorization": "Basic eDp5"})) == {"BYPASS"}
    assert set(states(port, f"{path}?from=weixin")) == {"BYPASS"}
    # robots.txt is not a page: the app does not mark it shareable (X-Fazhi-Cache: pass).
    assert get(port, "/robots.txt")[1]["x-fazhi-cache"] == "pass"
    assert "HIT" not in states(port, "/robots.txt")


def test_a_publish_shows_through_the_microcache_within_a_second(site, seed_article):
    port = site
    article = make_article(seed_article.get_parent(), "微缓存测试文章")
    path = article.url
    stop = threading.Event()
    hits = []

    def reader() -> None:  # keeps the page in nginx's microcache
        while not stop.is_set():
            hits.append(get(port, path)[1].get("x-nginx-cache"))

    readers = [threading.Thread(target=reader, daemon=True) for _ in range(2)]
    for thread in readers:
        thread.start()
    seen = []
    try:
        for n in range(3):
            time.sleep(0.6)
            page = ArticlePage.objects.get(pk=article.pk)
            title = f"微缓存修订{n}"
            page.title = title
            published = time.monotonic()
            page.save_revision().publish()
            while time.monotonic() - published < 5:
                sent = time.monotonic()
                if title in get(port, path)[2].decode():
                    seen.append(sent - published)
                    break
                time.sleep(0.01)
            else:
                seen.append(float("inf"))
    finally:
        stop.set()
        for thread in readers:
            thread.join(30)
    print(f"\npublish → visible through the microcache (s): {[round(s, 3) for s in seen]}")
    assert hits.count("HIT") > len(hits) / 2, "the readers were answered by nginx"
    assert max(seen) < VISIBLE_WITHIN, seen


def test_nginx_config_sets_the_microcache_folder_and_refuses_a_bad_one(capsys):
    call_command("nginx_config", "--microcache-dir", "/srv/cache/fazhi/")
    assert "proxy_cache_path /srv/cache/fazhi levels=1:2" in capsys.readouterr().out
    with pytest.raises(CommandError, match="微缓存目录须为绝对路径"):
        call_command("nginx_config", "--microcache-dir", "relative/dir")
