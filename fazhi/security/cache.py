"""Redis as a cache that may go away: when it is down, reads miss and writes are dropped, so
pages still serve (the page cache is bypassed) and rate limits fall back to the database.

After a failure Redis is not tried again for ``RETRY_SECONDS``, so an outage costs one connection
attempt per process per few seconds, not one per cache call.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache

# Defined on the ground floor, so the rate limits (fazhi.limits) catch it without importing this app.
from fazhi.core.cache import CacheUnavailable

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5.0


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


# What each call returns while Redis is down.
_FALLBACKS: dict[str, Any] = {
    "add": False,
    "get": None,  # replaced by the call's default below
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "set_many": [],
    "delete_many": None,
    "clear": None,
}


class ResilientRedisCache(RedisCache):
    _down_until = 0.0  # shared by every instance in the process

    @classmethod
    def is_down(cls) -> bool:
        """Redis failed lately: calls are answered by the fallbacks (get: the default)."""
        return time.monotonic() < cls._down_until

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < ResilientRedisCache._down_until:
            return self._fallback(name, *args, **kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except _redis_errors() as error:
            ResilientRedisCache._down_until = time.monotonic() + RETRY_SECONDS
            logger.warning("Redis unavailable (%s): cache bypassed for %ss", error, RETRY_SECONDS)
            return self._fallback(name, *args, **kwargs)

    def _fallback(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "incr":
            raise CacheUnavailable("Redis is unavailable")
        if name == "get":
            return kwargs.get("default", args[1] if len(args) > 1 else None)
        return _FALLBACKS[name]

    def add(self, *a, **k):
        return self._call("add", *a, **k)

    def get(self, *a, **k):
        return self._call("get", *a, **k)

    def set(self, *a, **k):
        return self._call("set", *a, **k)

    def touch(self, *a, **k):
        return self._call("touch", *a, **k)

    def delete(self, *a, **k):
        return self._call("delete", *a, **k)

    def get_many(self, *a, **k):
        return self._call("get_many", *a, **k)

    def has_key(self, *a, **k):
        return self._call("has_key", *a, **k)

    def incr(self, *a, **k):
        return self._call("incr", *a, **k)

    def set_many(self, *a, **k):
        return self._call("set_many", *a, **k)

    def delete_many(self, *a, **k):
        return self._call("delete_many", *a, **k)

    def clear(self):
        return self._call("clear")
