"""Varnish (Debian's varnishd with deploy/varnish/fazhi.vcl) in front of a real app server.

One varnishd, one granian and one `fazhi run_worker` for the whole module, on a copy of the
test database (SQLite, the default install): hits come from Varnish with the app's bytes; nothing
personal is kept; PURGE and BAN only from the ACL; a publish from a third process (`fazhi
shell`) reaches every page through Varnish within a second, by the worker's PURGE or BAN.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from http.cookies import SimpleCookie
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from fazhi.conftest import database_url_for_another_process
from fazhi.serving.deploy import render_vcl
from fazhi.testing import processes
from fazhi.testing.processes import (
    app_server,
    fazhi_command,
    fazhi_process,
    free_port,
    seconds_until,
    site_env,
    stop,
    varnish,
)

# The app's database is a copy of the test database: it must be set up even when only this
# module's tests run (pytest-django sets up the databases the collected tests ask for).
pytestmark = pytest.mark.django_db

VARNISHD = shutil.which("varnishd") or processes.VARNISHD
VARNISHLOG = shutil.which("varnishlog") or "/usr/bin/varnishlog"
# The public host: FAZHI_BASE_URL's, so the worker's purges name the URLs readers ask for.
HOST = "127.0.0.1"
ADMIN = "bianji-test/"  # a configured admin path (FAZHI_ADMIN_PATH), filled into the VCL
JAIL = processes.VARNISH_JAIL
VISIBLE_WITHIN = 1.0  # seconds from the publish returning to every page showing it
PASSWORD = "duzhe-mima-123"

SEED = """
import json
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction, Site
from fazhi.importers.demo import SEED_PAGE
from fazhi.importers.pages import apply_site_footer, import_file
from fazhi.news.factories import make_article
home = Site.objects.get(is_default_site=True).root_page.specific
result, parsed = import_file(SEED_PAGE, home)
apply_site_footer(parsed.footer)
article = result.page
channel = article.get_parent()
locked = make_article(channel.specific, "凭密码阅读")
PageViewRestriction.objects.create(page=locked, restriction_type="password", password="mima")
get_user_model().objects.create_user("duzhe", password={password!r})
print(json.dumps({{"article": article.url, "id": article.pk, "channel": channel.url,
                  "locked": locked.url}}))
"""

PUBLISH = """
from fazhi.news.models import ArticlePage
page = ArticlePage.objects.get(pk={pk})
page.title = {title!r}
page.save_revision().publish()
import time
print(time.time())  # committed: the purge's task is in the queue
"""

# Started before the test needs it (Django loaded), publishes when told on its standard input.
PUBLISH_WHEN_TOLD = """
import sys
from fazhi.news.models import ArticlePage
print("ready", flush=True)
sys.stdin.readline()
page = ArticlePage.objects.get(pk={pk})
page.title = {title!r}
page.save_revision().publish()
print("published", flush=True)
"""

FOOTER = """
from wagtail.models import Site
from fazhi.core.models import SiteSettings
footer = SiteSettings.for_site(Site.objects.get(is_default_site=True))
footer.supervision_phone = {phone!r}
footer.save()
import time
print(time.time())
"""


@dataclass
class Edge:
    port: int  # Varnish
    app_port: int
    workdir: Path  # varnishd -n
    database: Path
    env: dict[str, str]
    urls: dict


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def cache(self) -> str:
        return self.headers.get("X-Cache", "")

    @property
    def reason(self) -> str:
        return self.headers.get("X-Cache-Reason", "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def cookie(self, name: str) -> str | None:
        """The value of cookie ``name`` among this answer's Set-Cookie headers."""
        jar = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or ():
            jar.load(header)
        return jar[name].value if name in jar else None


def ask(
    port: int,
    path: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    source: str | None = None,
) -> Answer:
    """One request over a new connection (from ``source``, an address on the loopback)."""
    conn = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=20, source_address=(source, 0) if source else None
    )
    try:
        conn.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = conn.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        conn.close()


def cached(edge: Edge, path: str) -> Answer:
    """Ask twice: the first reader has Varnish fetch ``path`` (unless held), the second hits."""
    first = ask(edge.port, path)
    assert first.status == 200 and first.cache in ("MISS", "HIT"), (path, first.cache, first.reason)
    answer = ask(edge.port, path)
    assert answer.cache == "HIT", (path, answer.cache, answer.reason)
    return answer


def varnish_log(edge: Edge, *args: str) -> str:
    """Varnish's own log of what it did (``varnishlog -d``: what is in its memory now)."""
    done = subprocess.run(
        [VARNISHLOG, "-n", str(edge.workdir), "-d", *args],
        capture_output=True,
        text=True,
        timeout=20,
    )
    return done.stdout


def backend_requests(edge: Edge, url: str) -> int:
    """How many times Varnish asked the app for ``url`` (backend requests in its log)."""
    log = varnish_log(edge, "-g", "raw", "-i", "BereqURL")
    return sum(1 for line in log.splitlines() if line.split()[-1:] == [url])


@pytest.fixture(scope="module")
def edge(django_db_setup, django_db_blocker, tmp_path_factory):
    if not os.path.exists(VARNISHD):
        if os.environ.get("CI") == "true":
            pytest.fail("varnishd is missing: `make test` installs it (Debian package varnish)")
        pytest.skip("Varnish is not installed; run `make varnish`")
    folder = tmp_path_factory.mktemp("varnish")
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":
            pytest.skip("runs in the SQLite pass: Varnish in front does not depend on the database")
        database_url = database_url_for_another_process(folder)
    port, app_port = free_port(), free_port()
    env = site_env(
        folder,
        database_url,
        FAZHI_BASE_URL=f"http://{HOST}",
        FAZHI_ADMIN_PATH=ADMIN,
        FAZHI_PAGE_CACHE_SECONDS="3600",
        FAZHI_VARNISH_URL=f"http://127.0.0.1:{port}",
        FAZHI_PROXY_COUNT="1",  # Varnish alone in front
        FAZHI_TASK_BACKEND="database",
    )
    seeding = {**env, "FAZHI_VARNISH_URL": "", "FAZHI_TASK_BACKEND": "immediate"}
    out = fazhi_command(seeding, "shell", "-c", SEED.format(password=PASSWORD))
    urls = json.loads(out.strip().splitlines()[-1])

    with override_settings(FAZHI_ADMIN_PATH=ADMIN):
        vcl = render_vcl(backend=f"127.0.0.1:{app_port}", probe_host=HOST)
    with ExitStack() as stack:
        stack.enter_context(app_server(env, "granian", port=app_port, log=folder / "app.log"))
        _port, workdir = stack.enter_context(varnish(folder, vcl, port))
        stack.enter_context(fazhi_process(env, "run_worker", log=folder / "worker.log"))
        yield Edge(port, app_port, workdir, folder / "test.sqlite3", env, urls)
        assert "Traceback" not in (folder / "worker.log").read_text()


def backend_fetches(edge: Edge, url: str) -> list[str]:
    """Varnish's log of each request it made to the app for ``url``: headers, status, TTL."""
    log = varnish_log(
        edge, "-b", "-g", "vxid", "-q", f'BereqURL eq "{url}"', "-i", "BereqHeader,BerespStatus,TTL"
    )
    return [block for block in log.split("\n\n") if block.strip()]


def test_a_hit_is_answered_by_varnish_with_the_apps_bytes(edge):
    url = edge.urls["article"]
    first = ask(edge.port, url)
    fetched = time.monotonic()
    assert first.status == 200 and first.cache == "MISS", (first.cache, first.reason)
    assert "四个聚力" in first.text
    # The app's own rules, plus the edge lifetime (FAZHI_EDGE_CACHE_SECONDS defaults to the page
    # cache's 3600 s when Varnish is configured): browsers revalidate, Varnish keeps an hour.
    control = first.headers["Cache-Control"]
    assert {part.strip() for part in control.split(",")} == {
        "public",
        "max-age=0",
        "must-revalidate",
        "s-maxage=3600",
    }, control

    time.sleep(1.1)  # so that Age counts
    hits = [ask(edge.port, url) for _ in range(5)]
    assert [hit.cache for hit in hits] == ["HIT"] * 5
    assert all(hit.body == first.body for hit in hits)
    assert int(hits[-1].headers["Age"]) >= 1
    assert len(hits[-1].headers["X-Varnish"].split()) == 2  # this request and the fetching one
    # The same bytes as the app gives.
    direct = ask(edge.app_port, url)
    assert direct.status == 200 and direct.body == first.body
    assert direct.headers["ETag"] == hits[0].headers["ETag"]
    # A browser's revalidation is answered by Varnish too.
    again = ask(edge.port, url, headers={"If-None-Match": hits[0].headers["ETag"]})
    assert again.status == 304 and again.body == b"" and again.cache == "HIT"

    # The first copy is kept 2 s; then Varnish asks the app with its ETag, and the 304 gives it
    # s-maxage's hour. Readers get the copy meanwhile.
    (fetch,) = backend_fetches(edge, url)
    assert re.search(r"BerespStatus\s+200", fetch) and re.search(r"TTL\s+RFC\s+3600\s", fetch)
    assert re.search(r"TTL\s+VCL\s+2\s", fetch), fetch
    time.sleep(max(0.0, 2.2 - (time.monotonic() - fetched)))
    later = ask(edge.port, url)
    assert later.cache == "HIT" and later.body == first.body and int(later.headers["Age"]) >= 2
    assert seconds_until(lambda: len(backend_fetches(edge, url)) == 2, timeout=5) < 5
    confirm = backend_fetches(edge, url)[1]
    assert re.search(r"BereqHeader\s+If-None-Match: " + re.escape(first.headers["ETag"]), confirm)
    assert re.search(r"BerespStatus\s+304", confirm), confirm
    assert not re.search(r"TTL\s+VCL\s+2\s", confirm), confirm  # its full lifetime now
    for _ in range(3):
        assert ask(edge.port, url).body == first.body
    assert len(backend_fetches(edge, url)) == 2, "the app was asked again"

    # Readers' other cookies are dropped: they share that copy.
    noisy = ask(edge.port, url, headers={"Cookie": "csrftoken=abc; fazhi_digg=1.2; _ga=GA1.2"})
    assert noisy.cache == "HIT" and noisy.body == first.body
    # Channel and home are cached the same way.
    for path in (edge.urls["channel"], "/"):
        assert cached(edge, path).status == 200


def test_the_app_sees_the_readers_address_and_the_scripts_cookies_still_work(edge):
    """The page script's flow through Varnish: the live JSON (token and cookie) and a digg
    (a CSRF-protected POST to /api/); the digg is counted for the reader's address, found in
    X-Forwarded-For with FAZHI_PROXY_COUNT=1, not for the address a client claims."""
    live = ask(
        edge.port,
        f"/api/pages/{edge.urls['id']}/live/?me=1",
        headers={"Accept": "application/json"},
    )
    assert live.status == 200 and (live.cache, live.reason) == ("PASS", "query")
    token = json.loads(live.body)["csrf_token"]
    cookie = live.cookie("csrftoken")
    digg = ask(
        edge.port,
        f"/api/pages/{edge.urls['id']}/digg/",
        "POST",
        {
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "X-CSRFToken": token,
            "X-Forwarded-For": "203.0.113.9",  # a client's claim
        },
        body=b"",
        source="127.0.0.3",
    )
    assert digg.status == 200, digg.text
    assert json.loads(digg.body)["digg_count"] == 1
    assert (digg.cache, digg.reason) == ("PASS", "method")
    assert digg.cookie("fazhi_digg")
    with sqlite3.connect(edge.database) as db:
        keys = {row[0] for row in db.execute("SELECT key FROM limits_ratecounter")}
    assert "digg_ip:127.0.0.3" in keys, keys
    assert not any("203.0.113.9" in key for key in keys)


def test_nothing_personal_is_kept(edge):
    article = edge.urls["article"]
    cached(edge, article)

    # A session cookie or Authorization: to the app, every time, never the shared copy.
    for headers, reason in (
        ({"Cookie": "sessionid=abc123"}, "session"),
        ({"Cookie": "csrftoken=x; sessionid=abc123"}, "session"),
        ({"Authorization": "Basic dXNlcjpwdw=="}, "authorization"),
    ):
        answer = ask(edge.port, article, headers=headers)
        assert (answer.cache, answer.reason) == ("PASS", reason)
        assert answer.headers["X-Fazhi-Cache"] == "bypass"  # rendered by the app for them

    # Live data, the admin (the configured path and the default one), search, sign-in: never kept.
    for path, reason in (
        (f"/api/pages/{edge.urls['id']}/live/", "path"),
        (f"/{ADMIN}login/", "path"),
        ("/search/?q=%E6%B3%95%E6%B2%BB", "query"),
        ("/search/", "path"),
        ("/accounts/login/", "path"),
        ("/staff/", "path"),
        ("/admin/", "status"),  # not the admin here: the app's 404, not kept either
    ):
        for _ in range(2):
            answer = ask(edge.port, path)
            assert (answer.cache, answer.reason) == ("PASS", reason), (path, answer.status)
        assert backend_requests(edge, path) >= 2

    # A page whose answer sets a cookie (a password-protected article: its form's CSRF cookie)
    # goes to the app each time, and each reader gets their own cookie.
    locked = [ask(edge.port, edge.urls["locked"]) for _ in range(2)]
    for answer in locked:
        assert answer.status == 200 and answer.cookie("csrftoken")
        assert (answer.cache, answer.reason) == ("PASS", "set-cookie")
    assert locked[0].cookie("csrftoken") != locked[1].cookie("csrftoken")

    # A signed-in reader: signs in through Varnish, sees their own page; an anonymous reader
    # after them never gets it, nor a page first asked for by them.
    login = ask(edge.port, "/accounts/login/")
    csrf = login.cookie("csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)[1]
    signed_in = ask(
        edge.port,
        "/accounts/login/",
        "POST",
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"},
        urlencode(
            {"csrfmiddlewaretoken": token, "username": "duzhe", "password": PASSWORD}
        ).encode(),
    )
    assert signed_in.status == 302, signed_in.text
    session = signed_in.cookie("sessionid")
    cookies = {"Cookie": f"csrftoken={csrf}; sessionid={session}"}
    mine = ask(edge.port, "/accounts/comments/", headers=cookies)
    assert mine.status == 200 and "duzhe" in mine.text and mine.cache == "PASS"
    anonymous = ask(edge.port, "/accounts/comments/")
    assert anonymous.status == 302 and "duzhe" not in anonymous.text and anonymous.cache == "PASS"

    page_two = edge.urls["channel"] + "feed/"
    theirs = ask(edge.port, page_two, headers=cookies)
    assert theirs.status == 200 and (theirs.cache, theirs.reason) == ("PASS", "session")
    first_anonymous = ask(edge.port, page_two)
    assert first_anonymous.cache == "MISS", "a signed-in reader's answer was kept"
    assert ask(edge.port, page_two).cache == "HIT"


def test_purge_and_ban_are_taken_from_the_acl_only(edge):
    article, channel = edge.urls["article"], edge.urls["channel"]
    for path in (article, channel, "/"):
        cached(edge, path)

    # Another address (127.0.0.2 is not in the ACL), or a request relayed by a local proxy.
    for method, headers, source in (
        ("PURGE", {}, "127.0.0.2"),
        ("BAN", {}, "127.0.0.2"),
        ("PURGE", {"X-Forwarded-For": "198.51.100.7"}, None),
        ("BAN", {"X-Real-IP": "198.51.100.7"}, None),
        ("TRACE", {}, "127.0.0.2"),
        ("FOO", {}, None),
    ):
        refused = ask(edge.port, article, method, headers, source=source)
        assert refused.status == 405, (method, headers, source, refused.status)
    assert ask(edge.port, article).cache == "HIT"

    # PURGE: one URL, for the host asked (another host's copy stays).
    assert ask(edge.port, article, "PURGE").status == 200
    assert ask(edge.port, article).cache == "MISS"
    assert ask(edge.port, channel).cache == "HIT"
    cached(edge, article)
    assert ask(edge.port, article, "PURGE", {"Host": "localhost"}).status == 200
    assert ask(edge.port, article).cache == "HIT"

    # BAN: everything under a prefix, for the host.
    assert ask(edge.port, channel, "BAN").status == 200
    assert ask(edge.port, article).cache == "MISS"  # under the channel
    assert ask(edge.port, channel).cache == "MISS"
    assert ask(edge.port, "/").cache == "HIT"
    assert ask(edge.port, "/", "BAN").status == 200
    assert ask(edge.port, "/").cache == "MISS"


def worker_purges(edge: Edge) -> list[tuple[float, str, str]]:
    """The worker's PURGE and BAN requests Varnish received: (epoch seconds, method, URL)."""
    log = varnish_log(
        edge,
        "-g",
        "request",
        "-q",
        'ReqHeader:User-Agent eq "fazhi-purge"',
        "-i",
        "ReqMethod,ReqURL,Timestamp",
    )
    found, start, method = [], 0.0, ""
    for line in log.splitlines():
        parts = line.split()
        if "Start:" in parts:
            start = float(parts[parts.index("Start:") + 1])
        elif "ReqMethod" in parts:
            method = parts[-1]
        elif "ReqURL" in parts and method:
            found.append((start, method, parts[-1]))
            method = ""  # a PURGE restarts once (both schemes): count it once
    return sorted(found)


def test_a_publish_and_a_site_wide_change_reach_every_page_through_varnish_within_a_second(edge):
    article, channel = edge.urls["article"], edge.urls["channel"]
    pages = (article, channel, "/")
    for path in pages:
        cached(edge, path)

    def change(script: str, text: str) -> tuple[dict[str, float], list[tuple[str, str]]]:
        """Run ``script`` in a `fazhi shell`; seconds from its return until each page shows
        ``text`` through Varnish (asked in turn), and the worker's purges since its commit."""
        out = fazhi_command(edge.env, "shell", "-c", script)
        committed = float(out.strip().splitlines()[-1])
        started, when = time.monotonic(), {}

        def check() -> bool:
            for path in pages:
                if path not in when and text in ask(edge.port, path).text:
                    when[path] = round(time.monotonic() - started, 3)
            return len(when) == len(pages)

        seconds_until(check, timeout=10)
        purges = [entry for entry in worker_purges(edge) if entry[0] >= committed]
        if purges:
            when["first purge after the commit"] = round(purges[0][0] - committed, 3)
        return when, [(method, url) for _, method, url in purges]

    when, purges = change(PUBLISH.format(pk=edge.urls["id"], title="经由缓存发布"), "经由缓存发布")
    print(f"publish → visible through Varnish (s): {when}")
    assert all(when.get(path, 99) < VISIBLE_WITHIN for path in pages), when
    assert {("PURGE", path) for path in pages} <= set(purges), purges
    for path in pages:  # kept again, with the new title
        assert "经由缓存发布" in cached(edge, path).text

    # A site-wide change (the footer): the worker BANs everything under the site root.
    when, purges = change(FOOTER.format(phone="010-66668888"), "010-66668888")
    print(f"site settings → visible through Varnish (s): {when}")
    assert all(when.get(path, 99) < VISIBLE_WITHIN for path in pages), when
    assert purges == [("BAN", "/")], purges
    for path in pages:
        assert "010-66668888" in cached(edge, path).text


def test_a_copy_the_app_gave_just_after_a_purge_lives_two_seconds(edge):
    """The app's worker processes see a purge within FAZHI_PAGE_L1_CHECK_MS, and a page being
    rendered while a publish commits is old when it arrives: Varnish may fetch such a copy just
    after its PURGE. Simulated here by a publish whose PURGE never comes (the shell has no
    FAZHI_VARNISH_URL): the copy Varnish fetched before it is replaced within ~2 s anyway."""
    channel = edge.urls["channel"]
    script = PUBLISH_WHEN_TOLD.format(pk=edge.urls["id"], title="未经清除也更新")
    shell = subprocess.Popen(
        [sys.executable, "-m", "fazhi", "shell", "-c", script],
        env={**edge.env, "FAZHI_VARNISH_URL": ""},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        while shell.stdout.readline().strip() != "ready":
            assert shell.poll() is None, "the shell ended"
        assert ask(edge.port, channel, "PURGE").status == 200
        first = ask(edge.port, channel)
        fetched = time.monotonic()
        assert first.cache == "MISS" and "未经清除也更新" not in first.text
        shell.stdin.write("\n")
        shell.stdin.flush()
        while shell.stdout.readline().strip() != "published":
            assert shell.poll() is None, "the shell ended"
        published = time.monotonic()
    finally:
        shell.stdin.close()
        stop(shell)
    shown = seconds_until(lambda: "未经清除也更新" in ask(edge.port, channel).text, timeout=10)
    print(f"publish {published - fetched:.3f} s after the fetch, shown {shown:.3f} s later")
    assert published - fetched + shown < 2 + VISIBLE_WITHIN, (published - fetched, shown)
    assert "未经清除也更新" in cached(edge, channel).text


# --- Settings and the configuration command (no server) ---------------------------------------


def settings_value(name: str, **env: str) -> str:
    """A setting as a fresh process computes it from the environment."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    environ.update(FAZHI_SECRET_KEY="x" * 50, **env)
    done = subprocess.run(
        [sys.executable, "-c", f"import fazhi.settings as s; print(s.{name})"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_the_edge_lifetime_follows_the_caches_in_front():
    assert settings_value("FAZHI_EDGE_CACHE_SECONDS") == "0"
    assert settings_value("FAZHI_EDGE_CACHE_SECONDS", FAZHI_VARNISH_URL="http://x:6081") == "3600"
    assert (
        settings_value(
            "FAZHI_EDGE_CACHE_SECONDS",
            FAZHI_VARNISH_URL="http://x:6081",
            FAZHI_PAGE_CACHE_SECONDS="600",
        )
        == "600"
    )
    assert settings_value("FAZHI_EDGE_CACHE_SECONDS", FAZHI_EDGE_CACHE_SECONDS="90") == "90"


def test_stored_pages_say_s_maxage_only_with_an_edge_lifetime(client, seed_article, settings):
    assert "s-maxage" not in client.get(seed_article.url)["Cache-Control"]
    settings.FAZHI_EDGE_CACHE_SECONDS = 120
    from fazhi.serving.purge import purge_all

    purge_all()
    response = client.get(seed_article.url)
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=120"
    assert client.get(seed_article.url)["Cache-Control"] == response["Cache-Control"]  # a hit


def compiles(vcl: str, folder: Path) -> None:
    (folder / "fazhi.vcl").write_text(vcl)
    done = subprocess.run(
        [VARNISHD, "-C", "-n", str(folder / "n"), "-f", str(folder / "fazhi.vcl"), *JAIL],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_varnish_config_fills_in_this_install(tmp_path, settings):
    if not os.path.exists(VARNISHD):
        if os.environ.get("CI") == "true":
            pytest.fail("varnishd is missing: `make test` installs it (Debian package varnish)")
        pytest.skip("Varnish is not installed; run `make varnish`")
    settings.FAZHI_ADMIN_PATH = "bianji-7f3a/"
    settings.BASE_URL = "https://www.example.cn"
    out = StringIO()
    call_command(
        "varnish_config",
        "--backend",
        "10.0.0.5:8080",
        "--purge-from",
        "127.0.0.1,10.0.0.0/24",
        stdout=out,
    )
    vcl = out.getvalue()
    assert "${FAZHI" not in vcl.replace("${FAZHI_...}", "")
    assert '.host = "10.0.0.5";' in vcl and '.port = "8080";' in vcl
    assert '"Host: www.example.cn"' in vcl
    assert "^/(bianji\\-7f3a|api|search|accounts|captcha|staff|documents|media)(/|$)" in vcl
    assert '"10.0.0.0"/24;' in vcl
    compiles(vcl, tmp_path)

    out = StringIO()
    call_command("varnish_config", stdout=out)  # the defaults: granian on 127.0.0.1:8000
    assert '.port = "8000";' in out.getvalue()
    compiles(out.getvalue(), tmp_path)

    out = StringIO()
    call_command("varnish_config", "--systemd", "--listen", ":80", "--storage", "2g", stdout=out)
    unit = out.getvalue()
    assert "-a :80 " in unit and "-f /etc/varnish/fazhi.vcl " in unit and "malloc,2g" in unit
    assert "\nExecStart=\n" in unit

    for bad in (["--backend", "nohost"], ["--purge-from", "everyone"], ["--probe-host", 'a"b']):
        with pytest.raises(CommandError, match="参数有误"):
            call_command("varnish_config", *bad, stdout=StringIO())
