"""Caches in front of the app — Varnish, a CDN — purged through ``wagtail.contrib.frontend_cache``.

The backends are Wagtail's (``settings.WAGTAILFRONTENDCACHE``, filled from ``FAZHI_*`` variables
in fazhi/settings.py): ``VarnishBackend`` below, and the CDNs of ``fazhi.serving.cdn`` (Alibaba
Cloud, Tencent Cloud). Every purge of the page cache (``purge.py``) enqueues, after its
transaction commits, a task (``tasks.py``) that purges the same URLs there: absolute URLs on
``FAZHI_BASE_URL``, the one public address. A site-wide purge asks each backend to drop
everything under the site root (``purge_prefix``).

Wagtail's own frontend-cache app is not installed: its signal handlers would purge only a
page's own URL on publish, while a publish also changes the channel lists, home, feeds and the
sitemap that fazhi purges.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from fazhi.core.urls_absolute import absolute_url

logger = logging.getLogger(__name__)


class EdgePurgeError(Exception):
    """A cache in front of the app did not confirm a purge (the task retries)."""


def configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_time() -> float:
    """When an edge purge may go out for a purge made now (``time.time()``): once every app
    process has seen the new purge epoch — each checks it at most every
    ``FAZHI_PAGE_L1_CHECK_MS`` — so the copy the edge fetches next is the new one, not a page a
    process still held for a few milliseconds. Measured before this wait: 1 publish in 8 left
    home stale in Varnish under traffic (fazhi/serving/tests/test_varnish.py)."""
    return time.time() + settings.FAZHI_PAGE_L1_CHECK_MS / 1000 + EPOCH_MARGIN


# Beyond the check interval: a request that read the old epoch just before may still be answering.
EPOCH_MARGIN = 0.05
# A task never waits longer than this (a clock step, a job retried long after).
MAX_WAIT = 2.0


def wait_until(moment: float | None) -> None:
    """Sleep until ``moment`` (a ``time.time()``), at most ``MAX_WAIT`` seconds."""
    if moment is not None:
        time.sleep(max(0.0, min(moment - time.time(), MAX_WAIT)))


def absolute_urls(paths: Iterable[str]) -> list[str]:
    """``/fzyw/abc/`` → ``https://www.example.cn/fzyw/abc/`` (``FAZHI_BASE_URL``)."""
    return [absolute_url(path) for path in paths if path.startswith("/")]


def site_root_url() -> str:
    return absolute_url("/")


def backends_for(url: str) -> dict[str, BaseBackend]:
    host = urlsplit(url).netloc
    return {
        name: backend
        for name, backend in get_backends().items()
        if backend.invalidates_hostname(host)
    }


class VarnishBackend(BaseBackend):
    """Varnish (deploy/varnish/fazhi.vcl): ``PURGE`` of one URL, ``BAN`` of a prefix.

    Like Wagtail's ``HTTPBackend``, but a refused or failed request raises, so the task that
    called it is retried instead of leaving a stale page at the edge; and one HTTP connection
    serves a whole batch."""

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        location = urlsplit(params["LOCATION"])
        self.scheme, self.netloc = location.scheme, location.netloc
        self.timeout = float(params.get("TIMEOUT", 5))

    def _send(self, session: requests.Session, method: str, url: str) -> None:
        parts = urlsplit(url)
        target = urlunsplit((self.scheme, self.netloc, parts.path or "/", parts.query, ""))
        try:
            response = session.request(
                method,
                target,
                headers={"Host": parts.netloc, "User-Agent": "fazhi-purge"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise EdgePurgeError(f"Varnish {method} {url}: {exc}") from exc
        if response.status_code >= 300:
            raise EdgePurgeError(f"Varnish {method} {url}: HTTP {response.status_code}")

    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls: Iterable[str]) -> None:
        with requests.Session() as session:
            for url in urls:
                self._send(session, "PURGE", url)

    def purge_prefix(self, prefix: str) -> None:
        """Everything whose URL starts with ``prefix`` (the VCL turns BAN into a ban)."""
        with requests.Session() as session:
            self._send(session, "BAN", prefix)
