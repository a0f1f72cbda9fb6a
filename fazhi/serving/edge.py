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
