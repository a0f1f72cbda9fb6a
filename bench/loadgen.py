"""A load generator for a live fazhi server: readers and members mixing reads with writes.

Used by ``bench/load.py`` (200 clients for a minute, by hand) and by the suite's smoke test
(``fazhi/security/tests/test_load_smoke.py``: 20 clients for a few seconds), so the harness
cannot rot. Three parts:

- ``prepare()`` runs inside Django on the site under test: reader accounts, approved comments
  to report, and a description of the site (URLs, page ids, staff cards) for the clients;
- ``run_load()`` is the asyncio client (aiohttp): every client is one browser with its own
  cookie jar; it reads (home, channel, article + its live JSON, search, 人员查询, feeds) and
  writes (顶, comments, reports, sign-ins) through the same endpoints, CSRF tokens and forms a
  browser uses, and records per route the status and latency of every request;
- ``snapshot()`` counts what is stored, so acknowledged writes can be compared with rows.

With ``reader_mix=READ_ONLY_MIX`` and no members the load is reads only (GET): what a reader's
browser asks of a site, e.g. while one of several app servers is killed (``bench/failover.py``,
``fazhi/serving/tests/test_app_servers.py``); ``Results.events`` times every answer, so
``window()`` sums up the answers before and after a moment.

A write is *acknowledged* only when the server says it was done (digg "谢谢支持！", comment 201,
report "举报已收到", sign-in 302). Rate-limited answers (429), duplicates ("您已经顶过了") and
validation refusals are counted apart: they are not writes.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The project root (bench/.. ): where Django processes started from here import ``bench``.
PROJECT = Path(__file__).resolve().parent.parent
LOAD_MEMBER_PREFIX = "load_member_"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LIMIT_MESSAGE = "操作过于频繁"  # fazhi.limits.LIMIT_MESSAGE, as rendered
DIGG_DONE, DIGG_AGAIN = "谢谢支持！", "您已经顶过了。"
REPORT_DONE, REPORT_AGAIN = "举报已收到，谢谢！", "您已经举报过这条评论。"
SEARCH_WORDS = [
    "司法", "法治", "党建", "公共法律服务", "人民法院", "检察", "律师", "调解", "普法", "基层",
    "宣传", "改革", "法律援助", "行政", "社区矫正", "公证", "仲裁", "劳动合同", "知识产权",
    "环境保护", "扫黑除恶", "未成年人", "信访", "安全生产", "食品安全",
]  # fmt: skip
COMMENT_TEXTS = [
    "这篇报道写得很实在，基层的做法值得推广。",
    "希望多报道一些法律援助的案例。",
    "支持依法治理，期待后续报道。",
    "文章条理清楚，学到了。",
    "普法工作要常抓不懈，点赞。",
]

# What a client does next, by weight. Readers (anonymous) never comment or report; members do.
READER_MIX = {
    "home": 16, "channel": 12, "article": 24, "search": 10, "staff": 3, "feed": 6, "digg": 14,
}  # fmt: skip
MEMBER_MIX = {
    "home": 8, "channel": 6, "article": 14, "search": 6, "staff": 1, "feed": 2, "digg": 10,
    "comment": 20, "report": 14, "login": 6,
}  # fmt: skip
# Reads only: pages, the live JSON each article page fetches, search, feeds; every request a GET,
# so any may be retried on another app server (nginx's proxy_next_upstream).
READ_ONLY_MIX = {"home": 16, "channel": 12, "article": 24, "search": 10, "feed": 6}
# Settings a load test needs: every client comes from 127.0.0.1, which per-IP limits would treat
# as one reader (so 429s and, for 人员查询, a captcha after 3 misses). Only limits are raised.
LOAD_SETTINGS = {
    **{
        f"FAZHI_RATE_{scope}": "1000000/h"
        for scope in (
            "DIGG_IP", "COMMENT_IP", "COMMENT_USER", "REPORT_IP", "REPORT_USER",
            "LOGIN_IP", "LOGIN_USER",
        )
    },
    "FAZHI_STAFF_LOOKUP_RATE": "1000000/h",
    "FAZHI_STAFF_LOOKUP_CAPTCHA_AFTER": "1000000",
}  # fmt: skip

# What each client does first: a member signs in and writes; a reader opens an article and diggs.
MEMBER_FIRST = ["login", "article", "comment", "report", "digg"]
# Readers open with one of these in turn, so a short run still visits every read route.
READER_OPENINGS = ["home", "channel", "search", "staff", "feed"]
READER_FIRST = ["article", "digg"]
WRITE_KINDS = ("digg", "comment", "report", "login")


# --- Inside Django: the site under test ------------------------------------------------------


def prepare(members: int, password: str, comments: int = 300) -> dict[str, Any]:
    """Reader accounts ``load_member_<n>`` with ``password``, ``comments`` approved comments
    spread over the articles (for reports), and what the clients need to know."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import Argon2PasswordHasher
    from django.contrib.auth.models import Group
    from django.db import transaction

    from fazhi.accounts.models import ReaderProfile
    from fazhi.accounts.readers import READER_GROUP
    from fazhi.comments.models import Comment, CommentStatus
    from fazhi.news.models import ArticlePage, ChannelPage
    from fazhi.staff.models import StaffMember
    from fazhi.staff.status import ACTIVE

    user_model = get_user_model()
    # Hashed once, with production's hasher (the test settings' MD5 would not verify there).
    argon2 = Argon2PasswordHasher()
    password_hash = argon2.encode(password, argon2.salt())
    articles = list(ArticlePage.objects.live().public().order_by("pk"))
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=READER_GROUP)
        existing = set(
            user_model.objects.filter(username__startswith=LOAD_MEMBER_PREFIX).values_list(
                "username", flat=True
            )
        )
        new = [
            user_model(username=f"{LOAD_MEMBER_PREFIX}{n}", password=password_hash)
            for n in range(members)
            if f"{LOAD_MEMBER_PREFIX}{n}" not in existing
        ]
        user_model.objects.bulk_create(new)
        users = list(user_model.objects.filter(username__startswith=LOAD_MEMBER_PREFIX))
        through = user_model.groups.through
        through.objects.bulk_create(
            [through(user_id=u.pk, group_id=group.pk) for u in users], ignore_conflicts=True
        )
        ReaderProfile.objects.bulk_create(
            [ReaderProfile(user=u) for u in users], ignore_conflicts=True
        )
        have = Comment.objects.filter(status=CommentStatus.APPROVED).count()
        Comment.objects.bulk_create(
            [
                Comment(
                    page_id=articles[n % len(articles)].pk,
                    author_name="匿名网友",
                    is_anonymous=True,
                    text=f"{COMMENT_TEXTS[n % len(COMMENT_TEXTS)]}（{n}）",
                    status=CommentStatus.APPROVED,
                    ip_address="127.0.0.1",
                )
                for n in range(max(0, comments - have))
            ]
        )
    staff = StaffMember.objects.filter(status=ACTIVE).values_list("name", "card_number")
    return {
        "articles": [[a.pk, a.url] for a in articles],
        "channels": [c.url for c in ChannelPage.objects.live().public().order_by("path")],
        "comments": list(
            Comment.objects.filter(status=CommentStatus.APPROVED).values_list("pk", flat=True)
        ),
        "members": sorted(u.username for u in users),
        "staff": [list(s) for s in staff],
    }


def snapshot(comment_ids: list[int] | None = None) -> dict[str, int]:
    """What is stored now: the sums and rows the load's writes end up in."""
    from axes.models import AccessLog
    from django.contrib.sessions.models import Session
    from django.db.models import Sum

    from fazhi.comments.models import Comment, CommentReport, DiggCount

    counts = {
        "digg": DiggCount.objects.aggregate(n=Sum("count"))["n"] or 0,
        "comment": Comment.objects.filter(user__username__startswith=LOAD_MEMBER_PREFIX).count(),
        "report": CommentReport.objects.count(),
        "report_count_sum": Comment.objects.aggregate(n=Sum("report_count"))["n"] or 0,
        "login": AccessLog.objects.filter(username__startswith=LOAD_MEMBER_PREFIX).count(),
        "session": Session.objects.count(),
    }
    if comment_ids is not None:
        stored: set[int] = set()
        for start in range(0, len(comment_ids), 500):  # SQLite's parameter limit
            chunk = comment_ids[start : start + 500]
            stored |= set(Comment.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        counts["comment_ids_missing"] = len(set(comment_ids) - stored)
    return counts


# --- The server, and Django calls in another process ------------------------------------------


def django_json(env: dict[str, str], code: str) -> Any:
    """Run ``code`` (which sets ``result``) in a fresh Django process with ``env``; its JSON.

    The counts must come from the server's database, which (for a SQLite copy) this process may
    not have open, so they are read the way the server reads them.
    """
    script = "import django, json\ndjango.setup()\n" + code + "\nprint(json.dumps(result))"
    # From the project root, so ``code`` can import ``bench`` whatever the caller's directory.
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=PROJECT
    )
    if done.returncode:
        raise RuntimeError(f"django_json failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, logs: Path, threads: int = 1
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:``port`` as deploy/systemd/fazhi.service starts it (sync workers,
    same limits; ``threads`` > 1 for gthread workers), logging to files in ``logs``; returns once
    it answers."""
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "fazhi.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-tmp-dir", "/dev/shm",
        "--max-requests", "10000",
        "--max-requests-jitter", "1000",
        "--timeout", "60",
        "--forwarded-allow-ips", "127.0.0.1",
        "--access-logfile", str(logs / "access.log"),
        "--error-logfile", str(logs / "error.log"),
        *(["--threads", str(threads)] if threads > 1 else []),
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5).close()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log = logs / "error.log"
                raise RuntimeError(
                    "gunicorn did not start:\n" + (log.read_text() if log.exists() else "")
                ) from None
            time.sleep(0.5)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


# --- The clients -----------------------------------------------------------------------------


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: Counter = field(default_factory=Counter)  # route -> transport errors, timeouts
    error_samples: list[str] = field(default_factory=list)
    writes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    comment_ids: list[int] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    loadavg: list[float] = field(default_factory=list)
    # Every answer: (time.monotonic() when it ended, route, status or 0 for a transport error,
    # seconds it took).
    events: list[tuple[float, str, int, float]] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return sum(n for c in self.statuses.values() for s, n in c.items() if s >= 500)

    @property
    def transport_errors(self) -> int:
        return sum(self.errors.values())

    def acknowledged(self, kind: str) -> int:
        return self.writes[kind]["acknowledged"]

    def window(self, start: float = float("-inf"), end: float = float("inf")) -> dict[str, Any]:
        """The answers that ended in [``start``, ``end``) (``time.monotonic()`` values): how
        many, by class, and their p50/p99 latency in ms (transport errors not timed)."""
        chosen = [e for e in self.events if start <= e[0] < end]
        times = [e[3] for e in chosen if e[2]]
        return {
            "requests": len(chosen),
            "2xx/3xx": sum(1 for e in chosen if 0 < e[2] < 400),
            "4xx": sum(1 for e in chosen if 400 <= e[2] < 500),
            "5xx": sum(1 for e in chosen if e[2] >= 500),
            "errors": sum(1 for e in chosen if e[2] == 0),
            "p50 ms": round(1000 * statistics.median(times), 1) if times else None,
            "p99 ms": round(1000 * percentile(times, 0.99), 1) if times else None,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "latencies": dict(self.latencies),
            "statuses": {r: {str(k): n for k, n in c.items()} for r, c in self.statuses.items()},
            "errors": dict(self.errors),
            "error_samples": self.error_samples,
            "writes": {kind: dict(c) for kind, c in self.writes.items()},
            "comment_ids": self.comment_ids,
            "requests": self.requests,
            "seconds": self.seconds,
            "loadavg": self.loadavg,
        }


class _Budget:
    """Stops every client at the deadline or after ``max_requests`` requests, whichever first."""

    def __init__(self, seconds: float, max_requests: int) -> None:
        self.deadline = time.monotonic() + seconds
        self.left = max_requests

    def take(self, first: bool = False) -> bool:
        """One more request? A client's ``first`` actions always run (a bounded number)."""
        if not first and (self.left <= 0 or time.monotonic() >= self.deadline):
            return False
        self.left -= 1
        return True


class _Stop(Exception):
    pass


class Client:
    """One browser: its own cookies, CSRF token and (for members) account."""

    def __init__(
        self,
        base: str,
        site: dict[str, Any],
        results: Results,
        budget: _Budget,
        rng: random.Random,
        member: str | None,
        password: str,
        timeout: float,
    ) -> None:
        self.base, self.site, self.results, self.budget, self.rng = base, site, results, budget, rng
        self.member, self.password, self.timeout = member, password, timeout
        self.session: Any = None
        self.csrf = ""
        self.signed_in = False
        self.in_first = False  # running the client's first actions (never cut by the budget)

    # One request: budget, timing, status; transport errors counted, never raised.
    async def request(self, route: str, method: str, path: str, **kwargs: Any) -> tuple[int, str]:
        import aiohttp

        if not self.budget.take(self.in_first):
            raise _Stop
        self.results.requests += 1
        started = time.perf_counter()
        try:
            async with self.session.request(
                method, self.base + path, allow_redirects=False, **kwargs
            ) as response:
                body = await response.text(errors="replace")
                status = response.status
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            self.results.errors[route] += 1
            self.results.events.append((time.monotonic(), route, 0, time.perf_counter() - started))
            if len(self.results.error_samples) < 20:
                self.results.error_samples.append(f"{route} {path}: {error!r}")
            return 0, ""
        took = time.perf_counter() - started
        self.results.latencies[route].append(took)
        self.results.statuses[route][status] += 1
        self.results.events.append((time.monotonic(), route, status, took))
        if status >= 500 and len(self.results.error_samples) < 20:
            self.results.error_samples.append(f"{route} {path}: HTTP {status} {body[:300]!r}")
        return status, body

    def _article(self) -> list:
        return self.rng.choice(self.site["articles"])

    async def _token(self, page_id: int) -> None:
        status, body = await self.request("live", "GET", f"/api/pages/{page_id}/live/?me=1")
        if status == 200:
            self.csrf = json.loads(body).get("csrf_token", self.csrf)

    def _json_headers(self) -> dict[str, str]:
        return {"Accept": "application/json", "X-CSRFToken": self.csrf}

    # Reads ----------------------------------------------------------------------------------
    async def home(self) -> None:
        await self.request("home", "GET", "/")

    async def channel(self) -> None:
        await self.request("channel", "GET", self.rng.choice(self.site["channels"] or ["/"]))

    async def article(self) -> None:
        page_id, url = self._article()
        await self.request("article", "GET", url)
        await self._token(page_id)  # what the page's script fetches next

    async def search(self) -> None:
        words = self.rng.sample(SEARCH_WORDS, self.rng.choice([1, 1, 2]))
        page = self.rng.choice(["", "", "", "&page=2", "&sort=date"])
        await self.request("search", "GET", f"/search/?q={'+'.join(words)}{page}")

    async def staff(self) -> None:
        status, body = await self.request("staff_form", "GET", "/staff/")
        found = CSRF_INPUT.search(body) if status == 200 else None
        if not found:
            return
        name, card = self.rng.choice(self.site["staff"] or [["李明", "FZ00000000"]])
        if self.rng.random() < 0.2:  # now and then a wrong card number
            card = f"FZ{self.rng.randrange(10**8):08d}"
        data = {"csrfmiddlewaretoken": found.group(1), "name": name, "card_number": card}
        await self.request("staff_lookup", "POST", "/staff/", data=data)

    async def feed(self) -> None:
        channels = self.site["channels"]
        path = "/feed/"
        if channels and self.rng.random() < 0.5:
            path = self.rng.choice(channels) + "feed/"
        await self.request("feed", "GET", path)

    # Writes ---------------------------------------------------------------------------------
    async def digg(self) -> None:
        page_id, _url = self._article()
        if not self.csrf:
            await self._token(page_id)
        status, body = await self.request(
            "digg", "POST", f"/api/pages/{page_id}/digg/", headers=self._json_headers()
        )
        message = _json_message(body) if status == 200 else ""
        self._count("digg", status, acknowledged=message == DIGG_DONE, again=message == DIGG_AGAIN)

    async def login(self) -> None:
        """Sign in from a fresh browser (new cookies), as a person on another device would."""
        self.session.cookie_jar.clear()
        self.csrf, self.signed_in = "", False
        status, body = await self.request("login_form", "GET", "/accounts/login/")
        found = CSRF_INPUT.search(body) if status == 200 else None
        if not found:
            return
        data = {
            "csrfmiddlewaretoken": found.group(1),
            "username": self.member,
            "password": self.password,
        }
        status, body = await self.request("login", "POST", "/accounts/login/", data=data)
        ok = status == 302
        self.signed_in = ok
        self._count("login", status, acknowledged=ok, limited=LIMIT_MESSAGE in body)

    async def _as_member(self) -> bool:
        if not self.signed_in:
            await self.login()
        if self.signed_in and not self.csrf:
            await self._token(self._article()[0])  # the token rotates at sign-in
        return self.signed_in and bool(self.csrf)

    async def comment(self) -> None:
        if not await self._as_member():
            return
        page_id, _url = self._article()
        text = f"{self.rng.choice(COMMENT_TEXTS)} #{self.rng.randrange(10**9)}"
        status, body = await self.request(
            "comment",
            "POST",
            f"/api/pages/{page_id}/comments/",
            data={"text": text},
            headers=self._json_headers(),
        )
        if status == 201:
            self.results.comment_ids.append(int(json.loads(body)["comment"]["id"]))
        self._count("comment", status, acknowledged=status == 201)

    async def report(self) -> None:
        if not await self._as_member():
            return
        comment_id = self.rng.choice(self.site["comments"])
        status, body = await self.request(
            "report",
            "POST",
            f"/api/comments/{comment_id}/report/",
            data={"reason": "压力测试举报"},
            headers=self._json_headers(),
        )
        message = _json_message(body) if status == 200 else ""
        self._count(
            "report", status, acknowledged=message == REPORT_DONE, again=message == REPORT_AGAIN
        )

    def _count(
        self, kind: str, status: int, *, acknowledged: bool, again: bool = False, limited=False
    ) -> None:
        if status == 0:
            outcome = "transport error"
        elif status >= 500:
            outcome = "5xx"
        elif acknowledged:
            outcome = "acknowledged"
        elif status == 429 or limited:
            outcome = "rate limited"
        elif again:
            outcome = "duplicate"
        else:
            outcome = "refused"
        self.results.writes[kind][outcome] += 1

    async def run(
        self, mix: dict[str, int], think: float, start_delay: float, first: list[str]
    ) -> None:
        """``first`` actions in order (so every kind of write is exercised), then the mix."""
        import aiohttp

        actions, weights = list(mix), list(mix.values())
        jar = aiohttp.CookieJar(unsafe=True)  # cookies from 127.0.0.1 (an IP address)
        connector = aiohttp.TCPConnector(limit=1, force_close=True)
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        async with aiohttp.ClientSession(
            cookie_jar=jar, connector=connector, timeout=timeout
        ) as self.session:
            await asyncio.sleep(start_delay)
            try:
                self.in_first = True
                for action in first:
                    await getattr(self, action)()
                self.in_first = False
                while True:
                    action = self.rng.choices(actions, weights)[0]
                    await getattr(self, action)()
                    if think:
                        await asyncio.sleep(self.rng.uniform(0, 2 * think))
            except _Stop:
                pass


def _json_message(body: str) -> str:
    try:
        return str(json.loads(body).get("message", ""))
    except ValueError:
        return ""


async def _sample_loadavg(results: Results, every: float) -> None:
    while True:
        results.loadavg.append(os.getloadavg()[0])
        await asyncio.sleep(every)


async def run_load(
    base: str,
    site: dict[str, Any],
    *,
    clients: int,
    seconds: float,
    max_requests: int,
    password: str,
    member_share: float = 0.25,
    think: float = 0.25,
    timeout: float = 120.0,
    seed: int = 1,
    openings: bool = True,
    reader_mix: dict[str, int] | None = None,
) -> Results:
    """``clients`` browsers against ``base`` until ``seconds`` pass or ``max_requests`` are sent.

    With ``openings``, each client first runs its fixed opening (``MEMBER_FIRST``/``READER_FIRST``:
    every kind of write at least once, a few requests, never cut short), then the weighted mix;
    without, it starts with the mix (a member signs in before its first comment or report).

    ``member_share`` of them are members (signed in, post comments and reports); the rest are
    anonymous readers. ``think`` is the mean pause between two actions of one client. Requests in
    flight at the deadline are waited for (up to ``timeout``), so every answer is counted.
    ``reader_mix`` replaces the readers' ``READER_MIX``, openings included (a reader's opening
    keeps only the actions of its mix): with ``READ_ONLY_MIX`` and ``member_share=0`` no client
    sends anything but GETs.
    """
    results = Results()
    budget = _Budget(seconds, max_requests)
    members = site["members"]
    n_members = max(1, round(clients * member_share)) if members and member_share else 0
    tasks = []
    for n in range(clients):
        member = members[n % len(members)] if n < n_members else None
        client = Client(
            base, site, results, budget, random.Random(seed * 100003 + n), member, password, timeout
        )
        if member:
            mix, first = MEMBER_MIX, MEMBER_FIRST
        else:
            mix = reader_mix or READER_MIX
            first = [READER_OPENINGS[n % len(READER_OPENINGS)], *READER_FIRST]
            first = [action for action in first if action in mix]  # nothing outside the mix
        delay = min(2.0, seconds / 10) * n / clients  # a short ramp, not one burst
        tasks.append(client.run(mix, think, delay, first if openings else []))
    sampler = asyncio.ensure_future(_sample_loadavg(results, 5.0))
    started = time.monotonic()
    await asyncio.gather(*tasks)
    results.seconds = time.monotonic() - started
    sampler.cancel()
    results.loadavg.append(os.getloadavg()[0])
    return results


def run_load_in_thread(base: str, site: dict[str, Any], **options: Any) -> Results:
    """``run_load`` on its own event loop in a new thread: callable where a loop is already
    running in this thread (Playwright's sync API leaves one in the test process)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run_load(base, site, **options)).result()


# --- Report ----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1), nearest rank: p99 of 50 values is the largest."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(round(q * len(ordered), 9)))
    return ordered[rank - 1]


def route_table(results: Results, baseline: Results | None = None) -> list[dict[str, Any]]:
    """Per route: answers by class, p50/p99 latency; with ``baseline``, its p50 and the ratio."""
    rows = []
    for route in sorted(results.statuses, key=lambda r: -sum(results.statuses[r].values())):
        statuses = results.statuses[route]
        times = results.latencies[route]
        rows.append(
            {
                "route": route,
                "requests": sum(statuses.values()) + results.errors[route],
                "2xx/3xx": sum(n for s, n in statuses.items() if s < 400),
                "429": statuses[429],
                "other 4xx": sum(n for s, n in statuses.items() if 400 <= s < 500 and s != 429),
                "5xx": sum(n for s, n in statuses.items() if s >= 500),
                "errors": results.errors[route],
                "p50 ms": round(1000 * statistics.median(times), 1) if times else None,
                "p99 ms": round(1000 * percentile(times, 0.99), 1) if times else None,
            }
        )
        if baseline is not None:
            alone = baseline.latencies.get(route) or []
            p50 = 1000 * statistics.median(alone) if alone else None
            rows[-1]["baseline p50 ms"] = round(p50, 1) if p50 else None
            ratio = rows[-1]["p50 ms"] / p50 if p50 and rows[-1]["p50 ms"] else None
            rows[-1]["p50 / baseline"] = round(ratio, 1) if ratio else None
    return rows


def write_table(results: Results, before: dict[str, int], after: dict[str, int]) -> list[dict]:
    """Acknowledged vs stored per kind of write; ``lost`` must be 0 for every kind."""
    rows = []
    for kind in WRITE_KINDS:
        outcomes = results.writes[kind]
        stored = after[kind] - before[kind]
        rows.append(
            {
                "write": kind,
                "acknowledged": outcomes["acknowledged"],
                "stored": stored,
                "lost": max(0, outcomes["acknowledged"] - stored),
                "duplicate": outcomes["duplicate"],
                "rate limited": outcomes["rate limited"],
                "refused": outcomes["refused"],
                "5xx/errors": outcomes["5xx"] + outcomes["transport error"],
            }
        )
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        lines.append("| " + " | ".join("" if row[h] is None else str(row[h]) for h in head) + " |")
    return "\n".join(lines)
