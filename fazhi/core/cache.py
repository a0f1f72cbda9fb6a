"""What fazhi's cache backend promises its callers (the backend itself: fazhi.security.cache)."""

from __future__ import annotations


class CacheUnavailable(ValueError):
    """Raised by ``incr`` while Redis is down: a counter cannot be faked. A ValueError, like
    Django's "key not found", so callers that re-create a missing key go on (a no-op set);
    callers that must count (rate limits) catch it first and fall back to the database."""
