"""The background worker behind scheduled (embargoed) publishing.

Wagtail keeps a piece approved for a future go-live time unpublished and records the time; its
``publish_scheduled`` command publishes whatever is due. ``run_periodically`` calls it every
``FAZHI_SCHEDULER_INTERVAL`` seconds (30 by default), so a go-live time takes effect within a
minute. One process is enough; ``publish_scheduled`` is safe to run from several at once only in
the sense that a second run finds nothing left to publish.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Callable

from django.core.management import call_command
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def publish_due() -> str:
    """Publish every scheduled revision whose time has come (and unpublish expired pages)."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


def publish_due_in_worker() -> str:
    """``publish_due`` for a long-running process: drop stale connections around it, as Django
    does around each request (a restarted database must not end the worker)."""
    close_old_connections()
    try:
        return publish_due()
    finally:
        close_old_connections()


def run_periodically(
    tick: Callable[[], object],
    interval: float,
    stop: threading.Event,
    max_runs: int | None = None,
) -> int:
    """Call ``tick`` now and then every ``interval`` seconds until ``stop`` is set.

    A failing tick is logged and the loop goes on: a database hiccup must not end the worker.
    Returns how many ticks ran.
    """
    runs = 0
    while not stop.is_set():
        started = time.monotonic()
        try:
            tick()
        except Exception:
            logger.exception("定时发布检查失败，将在下个周期重试")
        runs += 1
        if max_runs is not None and runs >= max_runs:
            break
        stop.wait(max(0.0, interval - (time.monotonic() - started)))
    return runs
