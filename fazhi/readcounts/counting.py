"""Counting reads: who counts (bots and reloads do not), where a read is added up (Redis, or the
database buffer on the default install), the flush into the stored count, and the reading side
(阅读 N, rankings). Plain functions; the beacon (``beacon.py``) and the task call them.

Reloads: the beacon's answer sets a first-party cookie ``fazhi_read`` (path ``/api/pages/``, so
neither the cached pages nor the shared live JSON ever see it) listing the pages this browser
was counted for in the last ``FAZHI_READ_REVISIT_MINUTES``; a beacon for one of them within that
window is answered but not counted. No server-side state per reader.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import crawleruseragents
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from fazhi.limits.rates import upsert_increment
from fazhi.readcounts.hooks import START_VALUES
from fazhi.readcounts.models import ReadBuffer, ReadCount, ReadDay, ReadFlush

logger = logging.getLogger("fazhi.readcounts")

COOKIE = "fazhi_read"
COOKIE_PATH = "/api/pages/"
MAX_REMEMBERED = 50  # pages kept in the cookie, most recent last
PENDING_KEY = "fazhi:reads:pending"  # Redis hash "page_id:YYYYMMDD" -> reads
BATCH_PREFIX = "fazhi:reads:batch:"  # a pending hash taken by a flush, until applied


# --- Who counts ----------------------------------------------------------------------------


_seen_agents: dict[str, bool] = {}  # User-Agent -> is a bot (few distinct values; bounded)


def is_bot(user_agent: str) -> bool:
    """Crawlers, spiders, monitors, HTTP libraries (the crawler-user-agents list) and requests
    without a User-Agent (every browser sends one) are not readers."""
    found = _seen_agents.get(user_agent)
    if found is None:
        found = not user_agent.strip() or crawleruseragents.is_crawler(user_agent)
        if len(_seen_agents) >= 10_000:
            _seen_agents.clear()
        _seen_agents[user_agent] = found
    return found


def _window_minutes() -> int:
    return settings.FAZHI_READ_REVISIT_MINUTES


def parse_seen(cookie: str, now_minute: int) -> dict[int, int]:
    """The cookie's ``page.minute`` pairs still inside the window (bad parts are ignored)."""
    seen: dict[int, int] = {}
    for part in cookie.split("-")[-MAX_REMEMBERED:]:
        page, _, minute = part.partition(".")
        if page.isdigit() and minute.isdigit() and now_minute - int(minute) < _window_minutes():
            seen[int(page)] = int(minute)
    return seen


def visit(cookie: str, page_id: int, now: float | None = None) -> tuple[bool, str]:
    """Whether this read counts (not the same browser within the window), and the new cookie."""
    minute = int((time.time() if now is None else now) // 60)
    seen = parse_seen(cookie, minute)
    counts = page_id not in seen
    if counts:
        seen[page_id] = minute
    kept = sorted(seen.items(), key=lambda item: item[1])[-MAX_REMEMBERED:]
    return counts, "-".join(f"{page}.{at}" for page, at in kept)


# --- Adding up -----------------------------------------------------------------------------

_clients: dict[str, Any] = {}


def redis_client() -> Any:
    """One client (and connection pool) per process and Redis URL."""
    client = _clients.get(settings.REDIS_URL)
    if client is None:
        import redis

        client = _clients[settings.REDIS_URL] = redis.Redis.from_url(settings.REDIS_URL)
    return client


def uses_redis() -> bool:
    return settings.FAZHI_READ_COUNT_BACKEND == "redis"


_today: list = [0.0, None]  # until when (time.time()) the cached local date holds, the date


def today() -> date:
    """The local date, computed once a minute (a beacon asks for it every time)."""
    now = time.time()
    if now >= _today[0] or _today[1] is None:
        local = timezone.localtime()
        _today[1] = local.date()
        _today[0] = now + min(60.0, 86400 - (local.hour * 3600 + local.minute * 60 + local.second))
    return _today[1]


def add_read(page_id: int, day: date | None = None) -> None:
    """Count one read of ``page_id``: one Redis HINCRBY, or one upsert into the buffer. Never a
    write to the stored count: the flush does that for many reads at once."""
    day = day or today()
    if uses_redis():
        redis_client().hincrby(PENDING_KEY, f"{page_id}:{day:%Y%m%d}", 1)
    else:
        upsert_increment(ReadBuffer, {"page_id": page_id, "day": day})


def start_values(page_ids: list[int]) -> dict[int, int]:
    """The counts pages start from (the old site's), from every app's ``START_VALUES`` hook."""
    found: dict[int, int] = {}
    if not page_ids:
        return found
    for fn in hooks.get_hooks(START_VALUES):
        for page_id, value in fn(page_ids).items():
            found[page_id] = max(found.get(page_id, 0), int(value))
    return found


def _apply(counts: dict[tuple[int, date], int]) -> int:
    """Add ``counts`` to the stored totals and the day buckets (inside the caller's
    transaction); reads of ids that are not pages are dropped. Returns the reads applied."""
    ids = sorted({page_id for page_id, _ in counts})
    pages = set(Page.objects.filter(pk__in=ids).values_list("pk", flat=True))
    per_page: dict[int, int] = defaultdict(int)
    per_day: list[tuple[int, date, int]] = []
    for (page_id, day), n in sorted(counts.items()):
        if page_id in pages and n > 0:
            per_page[page_id] += n
            per_day.append((page_id, day, n))
    if not per_page:
        return 0
    starts = start_values(sorted(set(per_page) - _counted(list(per_page))))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        table = quote(ReadCount._meta.db_table)
        cursor.executemany(
            f"INSERT INTO {table} (page_id, total) VALUES (%s, %s) ON CONFLICT (page_id) "
            f"DO UPDATE SET total = {table}.total + %s",
            [(p, starts.get(p, 0) + n, n) for p, n in per_page.items()],
        )
        table = quote(ReadDay._meta.db_table)
        cursor.executemany(
            f"INSERT INTO {table} (page_id, day, count) VALUES (%s, %s, %s) "
            f"ON CONFLICT (page_id, day) DO UPDATE SET count = {table}.count + %s",
            [(p, connection.ops.adapt_datefield_value(d), n, n) for p, d, n in per_day],
        )
    return sum(per_page.values())


def _counted(page_ids: list[int]) -> set[int]:
    return set(ReadCount.objects.filter(page_id__in=page_ids).values_list("page_id", flat=True))


def _parse_field(field: bytes | str) -> tuple[int, date] | None:
    text = field.decode() if isinstance(field, bytes) else field
    page, _, day = text.partition(":")
    try:
        return int(page), date(int(day[:4]), int(day[4:6]), int(day[6:8]))
    except ValueError:
        return None


def _flush_redis() -> int:
    client = redis_client()
    applied = 0
    # Batches a flush took but did not finish (it died, or runs right now: the token decides).
    batches = [key.decode() for key in client.scan_iter(f"{BATCH_PREFIX}*")]
    token = uuid.uuid4().hex
    try:
        client.rename(PENDING_KEY, BATCH_PREFIX + token)  # atomic: later reads go to a new hash
        batches.append(BATCH_PREFIX + token)
    except Exception as exc:  # no pending reads (redis raises "no such key")
        if "no such key" not in str(exc).lower():
            raise
    for key in batches:
        counts: dict[tuple[int, date], int] = {}
        for field, value in client.hgetall(key).items():
            parsed = _parse_field(field)
            if parsed is not None:
                counts[parsed] = counts.get(parsed, 0) + int(value)
        with transaction.atomic():
            _, new = ReadFlush.objects.get_or_create(token=key.removeprefix(BATCH_PREFIX))
            if new:
                applied += _apply(counts)
        client.delete(key)
    ReadFlush.objects.filter(applied_at__lt=timezone.now() - timedelta(days=2)).delete()
    return applied


def _flush_database() -> int:
    with transaction.atomic():
        rows = list(
            ReadBuffer.objects.select_for_update()
            .filter(count__gt=0)
            .values_list("pk", "page_id", "day", "count")
        )
        if not rows:
            return 0
        counts: dict[tuple[int, date], int] = defaultdict(int)
        for _, page_id, day, n in rows:
            counts[(page_id, day)] += n
        applied = _apply(counts)
        # Subtract what was taken: reads that came in meanwhile (they waited for the row lock)
        # stay for the next flush.
        for pk, _, _, n in rows:
            ReadBuffer.objects.filter(pk=pk).update(count=F("count") - n)
        ReadBuffer.objects.filter(count=0, day__lt=timezone.localdate()).delete()
    return applied


def flush() -> int:
    """Move every pending read into the stored counts and day buckets; the reads applied.
    Exact under concurrency: every read lands exactly once, however many flushes run."""
    return _flush_redis() if uses_redis() else _flush_database()


# --- Reading -------------------------------------------------------------------------------


def read_counts(page_ids: Iterable[int]) -> dict[int, int]:
    """阅读 N of each page: the stored total, else the page's starting value, else 0. Reads
    not yet flushed show after the next flush (``FAZHI_READ_FLUSH_SECONDS``)."""
    ids = list(page_ids)
    stored = dict(ReadCount.objects.filter(page_id__in=ids).values_list("page_id", "total"))
    missing = [page_id for page_id in ids if page_id not in stored]
    starts = start_values(missing)
    return {page_id: stored.get(page_id, starts.get(page_id, 0)) for page_id in ids}


def most_read(days: int, within: Page | None = None, limit: int = 10) -> list[tuple[int, int]]:
    """The most read live pages of the last ``days`` calendar days (today included; 1 = today),
    site-wide or below ``within`` (a channel): ``(page_id, reads)``, most read first."""
    since = timezone.localdate() - timedelta(days=days - 1)
    rows = ReadDay.objects.filter(day__gte=since, page__live=True)
    if within is not None:
        rows = rows.filter(page__path__startswith=within.path, page__depth__gt=within.depth)
    ranked = rows.values("page_id").annotate(reads=Sum("count")).order_by("-reads", "-page_id")
    return [(row["page_id"], row["reads"]) for row in ranked[:limit]]
