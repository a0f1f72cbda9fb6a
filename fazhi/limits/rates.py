"""Rate limits (per IP, per account) as fixed-window counters, and the atomic increment they share
with the digg counter (fazhi.comments.digg).

Two counter stores, chosen by ``settings.RATE_LIMIT_BACKEND``:

- ``database`` (the default without Redis): one ``INSERT ... ON CONFLICT DO UPDATE SET count =
  count + 1 RETURNING count`` statement, atomic on SQLite (>= 3.35) and PostgreSQL alike, so
  concurrent requests in several processes never lose a hit;
- ``cache`` (the default with Redis): ``cache.add`` + ``cache.incr``, which Redis runs atomically.
"""

from __future__ import annotations

import hashlib
import random
import re
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models
from django.http import HttpRequest
from django.utils import timezone

from fazhi.core.cache import CacheUnavailable

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
# Cache keys kept readable (an IP, a plain user name); anything else — a user name is whatever
# was typed into the form — is stored by its digest, which every cache backend accepts.
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.:@-]{1,150}")

LIMIT_MESSAGE = "操作过于频繁，请稍后再试。"


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


def parse_rate(text: str) -> Rate:
    """``"30/h"`` → 30 per 3600 s; ``"5/10m"`` → 5 per 600 s."""
    match = _RATE.match(text)
    if not match:
        raise ValueError(f"bad rate {text!r}: expected N/period, e.g. 30/h or 5/10m")
    count, multiple, unit = match.groups()
    return Rate(int(count), int(multiple or 1) * PERIODS[unit])


def upsert_increment(
    model: type[models.Model], keys: dict[str, object], extra: dict[str, object] | None = None
) -> int:
    """Add 1 to ``model.count`` for the row with ``keys`` (created at 1), atomically; new count.

    ``keys`` must be covered by a unique constraint. No read-modify-write: the database does it.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    values = {**keys, **(extra or {}), "count": 1}
    columns = [model._meta.get_field(name).column for name in values]
    conflict = ", ".join(quote(model._meta.get_field(name).column) for name in keys)
    count_col = quote(model._meta.get_field("count").column)
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {count_col} = {table}.{count_col} + 1 "
        f"RETURNING {count_col}"
    )
    params = [
        model._meta.get_field(name).get_db_prep_value(value, connection)
        for name, value in values.items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


def _hit_database(key: str, rate: Rate, now: float) -> int:
    from fazhi.limits.models import RateCounter

    window = int(now // rate.period)
    expires = timezone.now() + timedelta(seconds=rate.period)
    count = upsert_increment(RateCounter, {"key": key, "window": window}, {"expires_at": expires})
    if random.random() < 0.01:  # now and then, forget windows that are over
        RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return count


def counter_cache_key(key: str, window: int) -> str:
    """The cache key of ``key``'s count in ``window``."""
    if _PLAIN_KEY.fullmatch(key):
        return f"rate:{key}:{window}"
    return f"rate#:{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}:{window}"


def _hit_cache(key: str, rate: Rate, now: float) -> int:
    stored = counter_cache_key(key, int(now // rate.period))
    cache.add(stored, 0, timeout=rate.period + 1)
    try:
        return int(cache.incr(stored))
    except CacheUnavailable:
        raise
    except ValueError:  # expired between add and incr
        cache.add(stored, 1, timeout=rate.period + 1)
        return 1


def peek(key: str, rate: Rate, now: float | None = None) -> int:
    """The count of ``key`` in the current window so far, without counting anything."""
    now = time.time() if now is None else now
    window = int(now // rate.period)
    if settings.RATE_LIMIT_BACKEND == "cache":
        value = cache.get(counter_cache_key(key, window))
        if not getattr(cache, "is_down", lambda: False)():
            return int(value or 0)
        # Redis is down: hit() counts in the database meanwhile, so that is where to look.
    from fazhi.limits.models import RateCounter

    row = RateCounter.objects.filter(key=key, window=window).values_list("count", flat=True)
    return int(row.first() or 0)


def hit(key: str, rate: Rate, now: float | None = None) -> int:
    """Count one action for ``key`` in the current window; the window's count so far."""
    now = time.time() if now is None else now
    if settings.RATE_LIMIT_BACKEND == "cache":
        try:
            return _hit_cache(key, rate, now)
        except CacheUnavailable:  # Redis is down: count in the database meanwhile
            pass
    return _hit_database(key, rate, now)


def exceeded(scope: str, ident: object, now: float | None = None) -> bool:
    """Count an action of ``scope`` (a key of ``settings.RATE_LIMITS``) by ``ident``; over limit?"""
    rate = parse_rate(settings.RATE_LIMITS[scope])
    return hit(f"{scope}:{ident}", rate, now) > rate.limit


def any_exceeded(checks: list[tuple[str, object]]) -> bool:
    """Count every check (each counts even when an earlier one is over) and say if any is over."""
    results = [exceeded(scope, ident) for scope, ident in checks if ident not in (None, "")]
    return any(results)


def client_ip(request: HttpRequest) -> str:
    """The reader's IP: REMOTE_ADDR, or X-Forwarded-For ``PROXY_COUNT`` hops from the right."""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
