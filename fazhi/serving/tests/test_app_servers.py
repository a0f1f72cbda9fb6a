"""Two granian app servers on PostgreSQL + Redis behind Debian's nginx (one upstream: the site
`fazhi nginx_config --upstream A --upstream B` prints) with the task worker on the RQ queue, as
deploy/systemd/fazhi@.service and fazhi-worker.service run them (issue 17, item 5):

1. an editor publishes through server A — the admin's sign-in and page editor over HTTP,
   straight to A's port — and the article, its channel and home show it through nginx within a
   second (whichever server nginx picks) and on server B, which had its own in-memory copies of
   those pages; the worker runs the jobs the publish queued (the admin's page search finds it);
2. a POST that a server received and then lost is answered 502 and never resent to the other
   server: server B is stopped (SIGSTOP) so that a digg sent to it waits there, then killed; the
   digg is not counted. (A stopped server stands for one that got the POST, perhaps wrote it,
   and died before answering: nginx must not replay it elsewhere. With `non_idempotent` in
   proxy_next_upstream it would, and the digg would be answered 200 by A.)
3. one server killed (SIGKILL to its whole process group) a few seconds into a reader load from
   the project's load generator (bench/loadgen.py, reads only, through nginx): 0 5xx, 0 transport
   errors, and requests go on succeeding after the kill. ``pytest -s`` prints the figures.

The pages are not exported here (FAZHI_EXPORT_ON_PUBLISH off, nginx's export root empty), so
every page a reader asks goes through the upstream to the app servers: the site as it runs
without the static export. With the export in front, a publish shows through nginx when the
worker has rewritten the files (README, "Several app servers").
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from io import StringIO
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.management import call_command
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from bench import failover, loadgen
from fazhi.comments.digg import digg_count
from fazhi.conftest import database_url_for_another_process
from fazhi.news.models import ArticlePage
from fazhi.serving.deploy import MAX_FAILS, render_standalone
from fazhi.serving.tests.test_nginx import NGINX
from fazhi.testing.processes import (
    fazhi_process,
    free_ports,
    nginx_server,
    seconds_until,
    signal_group,
    site_env,
    start_server_group,
    stop_group,
    wait_for_port,
)

# The task worker on the RQ queue, as deploy/systemd/fazhi-worker.service starts it.
WORKER = failover.WORKER_COMMAND
# Each server checks the purge epoch every FAZHI_PAGE_L1_CHECK_MS (100 ms).
VISIBLE_WITHIN = 1.0
ADMIN, PASSWORD = "zongbianji", "Upstream-pass-2026"
NEW_TITLE = "四个聚力（双机 failover 修订）"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DIGG_DONE = loadgen.DIGG_DONE
# The reader load: readers, seconds, the kill that many seconds in.
CLIENTS, LOAD_SECONDS, KILL_AFTER = 8, 8.0, 3.0

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Stack:
    """nginx on ``port`` in front of the app servers ``servers`` (port → process group)."""

    def __init__(self, tmp_path: Path, env: dict[str, str], port: int) -> None:
        self.tmp, self.env, self.port = tmp_path, env, port
        self.servers: dict[int, subprocess.Popen] = {}
        self.upstream_log = tmp_path / "nginx" / "upstream.log"

    def start_server(self, port: int) -> None:
        self.servers[port] = start_server_group(self.env, port, self.tmp / f"granian-{port}.log")

    def wait(self) -> None:
        for port, process in self.servers.items():
            wait_for_port(port, 90, process)

    def stop(self, wait: bool = True) -> None:
        if not wait:
            for process in self.servers.values():
                signal_group(process, signal.SIGCONT)
                signal_group(process, signal.SIGTERM)
            return
        for process in self.servers.values():
            stop_group(process)

    def get(self, port: int, path: str) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            # The host readers ask for (nginx passes it on): the page caches are keyed on it.
            conn.request("GET", path, headers={"Host": f"127.0.0.1:{self.port}"})
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def answers(self, port: int) -> bool:
        """The app itself answers on ``port`` (not only its listening socket)."""
        try:
            return self.get(port, "/robots.txt")[0] == 200
        except OSError:
            return False

    def shows(self, port: int, path: str, text: str) -> bool:
        status, body = self.get(port, path)
        return status == 200 and text in body

    def logs(self) -> str:
        names = ["nginx/error.log", "worker.log", *(f"granian-{p}.log" for p in self.servers)]
        paths = [self.tmp / name for name in names if (self.tmp / name).exists()]
        return "\n".join(f"{p.name}:\n{p.read_text(errors='replace')[-3000:]}" for p in paths)


@pytest.fixture
def stack(tmp_path, seed_article, settings) -> Iterator[Stack]:
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip(
            "needs FAZHI_DATABASE_URL=postgres://... and FAZHI_REDIS_URL (the second `make test` run)"
        )
    if not os.path.exists(NGINX):
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing: `make test` installs it (Debian package nginx)")
        pytest.skip("nginx is not installed; run `make nginx`")
    export_dir = tmp_path / "export"  # nginx's root: nothing exported
    env = site_env(
        tmp_path,
        database_url_for_another_process(tmp_path),
        FAZHI_REDIS_URL=settings.REDIS_URL,
        FAZHI_CACHE_PREFIX=settings.CACHES["default"]["KEY_PREFIX"],
        FAZHI_TASK_BACKEND="rq",
        FAZHI_PAGE_CACHE_SECONDS="3600",
        FAZHI_PROXY_COUNT="1",
        FAZHI_EXPORT_DIR=str(export_dir),
        FAZHI_MEDIA_ROOT=str(tmp_path / "media"),
        **loadgen.LOAD_SETTINGS,  # every reader of the load comes from 127.0.0.1
    )
    nginx_port, first, second = free_ports(3)
    site = Stack(tmp_path, env, nginx_port)
    user = get_user_model().objects.create_superuser(ADMIN, password=None)
    argon2 = Argon2PasswordHasher()  # the servers verify with production's hashers
    user.password = argon2.encode(PASSWORD, argon2.salt())
    user.save(update_fields=["password"])

    # The site as `fazhi nginx_config --upstream A --upstream B` prints it.
    settings.FAZHI_EXPORT_DIR = str(export_dir)
    settings.STATIC_ROOT = str(export_dir / "static")
    settings.MEDIA_ROOT = env["FAZHI_MEDIA_ROOT"]
    out = StringIO()
    call_command(
        "nginx_config",
        "--listen",
        f"127.0.0.1:{site.port}",
        "--upstream",
        f"127.0.0.1:{first}",
        "--upstream",
        f"127.0.0.1:{second}",
        stdout=out,
    )
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    conf = prefix / "nginx.conf"
    conf.write_text(render_standalone(out.getvalue(), prefix, upstream_log=site.upstream_log))

    with ExitStack() as resources:
        for port in (first, second):
            site.start_server(port)
        resources.callback(site.stop)
        resources.enter_context(fazhi_process(env, *WORKER, log=tmp_path / "worker.log"))
        resources.callback(site.stop, wait=False)  # the servers stop while the worker does
        site.wait()
        resources.enter_context(nginx_server(conf, site.port, NGINX))
        yield site


def publish_through(port: int, page: ArticlePage, title: str) -> requests.Session:
    """What an editor's browser sends to server ``port``: the admin's sign-in form, then the
    page editor's form with 发布 (``action-publish``). Returns the signed-in session."""
    base = f"http://127.0.0.1:{port}"
    browser = requests.Session()
    login = browser.get(f"{base}/admin/login/", timeout=30)
    token = CSRF_INPUT.search(login.text).group(1)
    signed_in = browser.post(
        f"{base}/admin/login/",
        data={"csrfmiddlewaretoken": token, "username": ADMIN, "password": PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    edit_url = f"{base}/admin/pages/{page.pk}/edit/"
    editor = browser.get(edit_url, timeout=60)
    assert editor.status_code == 200, editor.status_code
    data = article_form(editor.text, title)
    data["csrfmiddlewaretoken"] = CSRF_INPUT.search(editor.text).group(1)  # new since sign-in
    data["action-publish"] = "action-publish"
    published = browser.post(edit_url, data=data, allow_redirects=False, timeout=60)
    assert published.status_code == 302, form_errors(published.text)
    # Wagtail goes back to the channel's page list after a publish.
    assert published.headers["Location"].endswith(f"/pages/{page.get_parent().pk}/")
    return browser


def article_form(editor_html: str, title: str) -> dict[str, str]:
    """The editor form as the browser posts it, with a new title and body: the plain fields as
    the editor shows them, the StreamField and formsets built by Wagtail's test helpers (the
    browser's script builds them from JSON the HTML carries)."""
    form = BeautifulSoup(editor_html, "html.parser").find("form", id="page-edit-form")

    def value(name: str) -> str:
        field = form.find(attrs={"name": name})
        if field is None:
            return ""
        return field.text if field.name == "textarea" else field.get("value", "")

    plain = [
        "slug", "publish_time", "source", "author", "byline", "lead", "responsible_editor",
        "tags", "source_url", "seo_title", "search_description", "go_live_at", "expire_at",
    ]  # fmt: skip
    data = {name: value(name) for name in plain}
    data.update(
        title=title,
        body=streamfield([("paragraph", rich_text("<p>两台应用服务器之一发布的修订。</p>"))]),
        corrections=inline_formset([]),
        comments=inline_formset([]),
        related_choices=inline_formset([]),  # 相关阅读调整 (fazhi.related)
    )
    return nested_form_data(data)


def form_errors(html: str) -> str:
    found = re.findall(r'class="[^"]*error-message[^"]*"[^>]*>(.*?)<', html, re.S)
    return "; ".join(m.strip() for m in found) or html[:3000]


def first_seen(site: Stack, targets: list[tuple[int, str]], text: str) -> dict:
    """For each (port, path), the moment (time.monotonic()) the first request that showed
    ``text`` was sent; each target asked over and over by a thread of its own, for 10 s."""
    seen: dict = {}

    def poll(target: tuple[int, str]) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            sent = time.monotonic()
            if site.shows(*target, text):
                seen[target] = sent
                return
            time.sleep(0.01)

    threads = [threading.Thread(target=poll, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return seen


class Digg(threading.Thread):
    """One 来顶一下 through nginx, as the page script sends it (the live JSON's token)."""

    def __init__(self, port: int, page_id: int, token: str, cookie: str) -> None:
        super().__init__(daemon=True)
        self.port, self.page_id, self.token, self.cookie = port, page_id, token, cookie
        self.status, self.body = 0, ""

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(
                "POST",
                f"/api/pages/{self.page_id}/digg/",
                headers={
                    "Accept": "application/json",
                    "X-CSRFToken": self.token,
                    "Cookie": self.cookie,
                },
            )
            response = conn.getresponse()
            self.status = response.status
            self.body = response.read().decode("utf-8", "replace")
        finally:
            conn.close()


def live_token(port: int, page_id: int) -> tuple[str, str]:
    """The CSRF token and cookie the article's live JSON gives a reader."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", f"/api/pages/{page_id}/live/?me=1")
    response = conn.getresponse()
    token = json.loads(response.read())["csrf_token"]
    cookie = response.getheader("Set-Cookie").split(";")[0]
    conn.close()
    return token, cookie


def test_publish_through_one_server_then_failover_without_replaying_posts(stack, seed_article):
    site = stack
    first, second = site.servers
    page_id = seed_article.pk
    paths = [seed_article.url, seed_article.get_parent().url, "/"]

    # 1. Each page asked of nginx, A and B three times: each server now answers it from its own
    # copy. A publish through A then shows through nginx (A or B, round-robin) and on B within
    # a second.
    for _ in range(3):
        for port in (site.port, first, second):
            for path in paths:
                assert site.shows(port, path, "四个聚力"), (port, path, site.logs())
    started = time.monotonic()
    editor = publish_through(first, seed_article, NEW_TITLE)
    published = time.monotonic()
    targets = [(port, path) for port in (site.port, second) for path in paths]
    seen = first_seen(site, targets, NEW_TITLE)
    after = {target: round(seen[target] - published, 2) for target in seen}
    print(f"\npublish through A took {published - started:.2f} s; seen after (s): {after}")
    assert set(seen) == set(targets), (after, site.logs())
    assert max(after.values()) < VISIBLE_WITHIN, (after, site.logs())
    # The worker ran what the publish queued on RQ: the admin's page search (Wagtail's index,
    # updated by a task) finds the new title.
    index = get_search_backend()
    indexed = seconds_until(
        lambda: [p.pk for p in index.search("failover", ArticlePage)] == [page_id], timeout=30
    )
    assert indexed < 30, site.logs()
    found = editor.get(f"http://127.0.0.1:{second}/admin/pages/search/?q=failover", timeout=30)
    assert NEW_TITLE in found.text, "the admin search on server B lists it"

    # 2. A POST a server received and lost is never resent: B stopped, diggs sent until one
    # waits there (round-robin), B killed. That one is answered 502 and not counted.
    token, cookie = live_token(site.port, page_id)
    before = digg_count(page_id)
    signal_group(site.servers[second], signal.SIGSTOP)
    acknowledged, waiting = 0, None
    for _ in range(6):
        digg = Digg(site.port, page_id, token, cookie)
        digg.start()
        digg.join(5)  # A answers in a fraction of that, even on a busy machine
        if digg.is_alive():
            waiting = digg
            break
        assert digg.status == 200, (digg.status, digg.body)
        assert json.loads(digg.body)["message"] == DIGG_DONE, digg.body
        acknowledged += 1
    assert waiting is not None, "no digg went to the stopped server"
    killed = site.servers[second]
    signal_group(killed, signal.SIGKILL)
    killed.wait(20)
    site.start_server(second)  # back up meanwhile, for the reader load
    waiting.join(30)
    assert waiting.status == 502, (waiting.status, waiting.body)
    assert digg_count(page_id) == before + acknowledged, "no digg counted twice, none replayed"
    posts = [
        r
        for r in failover.read_upstream_log(site.upstream_log)
        if r["method"] == "POST" and r["uri"].endswith("/digg/")
    ]
    assert [len(r["upstreams"]) for r in posts] == [1] * len(posts), posts  # never a 2nd server
    assert [r["status"] for r in posts].count(502) == 1, posts
    wait_for_port(second, 90, site.servers[second])
    assert seconds_until(lambda: site.answers(second), timeout=60) < 60, site.logs()

    # 3. Readers through nginx; server A killed KILL_AFTER seconds in.
    reader_site = {
        "articles": [[page_id, seed_article.url]],
        "channels": [seed_article.get_parent().url],
        "staff": [],
        "comments": [],
        "members": [],
    }
    results, killed_at, killed_wall = failover.reader_load_with_kill(
        f"http://127.0.0.1:{site.port}",
        reader_site,
        lambda: failover.kill_group(site.servers[first]),
        clients=CLIENTS,
        seconds=LOAD_SECONDS,
        kill_after=KILL_AFTER,
    )
    site.servers[first].wait(20)
    figures = failover.figures(results, killed_at)
    rows = failover.read_upstream_log(site.upstream_log)
    spread = failover.upstream_summary(rows, killed_wall - KILL_AFTER, killed_wall)
    rest = failover.upstream_summary(rows, killed_wall)
    report = (
        f"{CLIENTS} readers through nginx for {results.seconds:.1f} s, server A killed after "
        f"{KILL_AFTER:g} s: {json.dumps(figures, ensure_ascii=False)}; nginx before the kill "
        f"{spread}, after {rest}; load average {os.getloadavg()[0]:.2f}"
    )
    print(report)
    assert results.server_errors == 0 and results.transport_errors == 0, (
        report,
        results.error_samples,
        site.logs(),
    )
    # Readers were served all along (a few hundred answers on a quiet machine).
    assert figures["before the kill"]["2xx/3xx"] >= 20, report
    assert figures["after the kill"]["2xx/3xx"] >= 20, report
    a, b = f"127.0.0.1:{first}", f"127.0.0.1:{second}"
    assert spread["per server"].get(a) and spread["per server"].get(b), report  # both worked
    # Once A failed MAX_FAILS times nginx stops trying it (for FAIL_TIMEOUT); every request
    # that went to A after the kill was retried on B.
    late = failover.upstream_summary(rows, killed_wall + 1)
    assert late["per server"].get(a, 0) <= MAX_FAILS and late["per server"].get(b), report
    assert rest["retried"] == rest["per server"].get(a, 0), report
