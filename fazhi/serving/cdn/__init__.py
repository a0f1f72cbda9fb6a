"""Wagtail frontend-cache backends for the CDNs Chinese outlets use: a publish purges the CDN.

- ``fazhi.serving.cdn.aliyun.AliyunCdnBackend``: Alibaba Cloud CDN, ``RefreshObjectCaches``.
- ``fazhi.serving.cdn.tencent.TencentCdnBackend``: Tencent Cloud CDN, ``PurgeUrlsCache`` and
  ``PurgePathCache``.

Both are ``wagtail.contrib.frontend_cache`` backends (configured in
``settings.WAGTAILFRONTENDCACHE``) with one more method, ``purge_prefix(prefix)``, for
"everything under this absolute URL" (a channel or the site settings changed).

Library choice, measured on this machine (Python 3.11, one fresh venv per SDK, ``pip install``
of the newest releases, ``du`` of site-packages less pip and setuptools):

- Tencent: ``tencentcloud-sdk-python-cdn`` 3.1.169 + ``tencentcloud-sdk-python-common`` 3.1.195:
  7 distributions, 6.4 MB, of which only the two SDK packages (2.7 MB) are new here; their one
  dependency is ``requests``, already installed with Wagtail.
  ``HttpProfile(protocol="http", endpoint="127.0.0.1:<port>")`` points it at a test server.
  Used (``tencent.py``).
- Alibaba: ``alibabacloud-cdn20180510`` 9.2.0: 29 distributions, 46.6 MB, 13 of them new here
  (cryptography, APScheduler, websocket-client, aiofiles, tzlocal, darabonba-core and seven
  ``alibabacloud-*`` packages, the SDK's own included), to make one signed POST. Not used:
  ``aliyun.py`` signs the request by hand and sends it with ``requests``.

Failures (HTTP error, timeout, an error body) raise :class:`CdnPurgeError` after a warning is
logged; the caller runs purges in background tasks that retry on exceptions. A batch stops at the
first failing call: the retry purges the whole batch again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

logger = logging.getLogger(__name__)

__all__ = ["CdnBackend", "CdnPurgeError"]


class CdnPurgeError(Exception):
    """A purge the CDN did not accept: HTTP error, timeout, or an error answer of its API.

    ``code`` and ``message`` are the provider's own (verbatim) when it answered with an error
    body; otherwise a short name of what failed (``HTTP 500``, ``ClientNetworkError``...).
    """

    def __init__(
        self, provider: str, code: str, message: str, request_id: str | None = None
    ) -> None:
        self.provider = provider
        self.code = code
        self.message = message
        self.request_id = request_id
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.provider} CDN purge failed: {self.code}: {self.message}"
        if self.request_id:
            text += f" (RequestId {self.request_id})"
        return text


def chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    """``items`` in lists of at most ``size``."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def check_prefix(prefix: str) -> str:
    """An absolute http(s) URL ending in ``/`` (everything under it); ValueError otherwise."""
    parts = urlsplit(prefix)
    if parts.scheme not in ("http", "https") or not parts.netloc or not parts.path.endswith("/"):
        raise ValueError(f"A purge prefix is an absolute URL ending in '/', not {prefix!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"A purge prefix has no query string or fragment: {prefix!r}")
    return prefix


def endpoint_parts(endpoint: str, provider: str) -> tuple[str, str]:
    """``https://cdn.example.com`` → ``("https", "cdn.example.com")``; ImproperlyConfigured if
    it is not an http(s) URL without a path."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise ImproperlyConfigured(
            f"WAGTAILFRONTENDCACHE: the {provider} CDN ENDPOINT must be an http(s) URL without "
            f"a path, e.g. https://cdn.aliyuncs.com, not {endpoint!r}"
        )
    return parts.scheme, parts.netloc


class CdnBackend(BaseBackend):
    """What both providers share: HOSTNAMES filtering, grouping by host, chunking, errors.

    A subclass sets ``PROVIDER``, the per-call limits, and implements ``_purge_files`` and
    ``_purge_directories`` for one call of at most that many URLs, all of one host.
    """

    PROVIDER = ""
    FILES_PER_CALL = 1
    DIRECTORIES_PER_CALL = 1

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        if self.hostnames is None:  # HOSTNAMES given but unset: every host, as when absent
            self.hostnames = ["*"]

    def purge(self, url: str) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls: Iterable[str]) -> None:
        for chunk in self._calls(urls, self.FILES_PER_CALL):
            self._purge_files(chunk)

    def purge_prefix(self, prefix: str) -> None:
        """Purge everything under ``prefix``, an absolute URL ending in ``/``."""
        check_prefix(prefix)
        for chunk in self._calls([prefix], self.DIRECTORIES_PER_CALL):
            self._purge_directories(chunk)

    def _purge_files(self, urls: list[str]) -> None:
        raise NotImplementedError

    def _purge_directories(self, prefixes: list[str]) -> None:
        raise NotImplementedError

    def _calls(self, urls: Iterable[str], size: int) -> Iterator[list[str]]:
        """The URLs this backend serves (HOSTNAMES), once each, grouped by host and cut to the
        per-call limit. Hosts are read as Wagtail's purge task reads them (``netloc``)."""
        by_host: dict[str, list[str]] = {}
        for url in dict.fromkeys(urls):
            host = urlsplit(url).netloc
            if self.invalidates_hostname(host):
                by_host.setdefault(host, []).append(url)
            else:
                logger.info("[%s] not purging %s: host not in HOSTNAMES", self.PROVIDER, url)
        for host_urls in by_host.values():
            yield from chunks(host_urls, size)

    def _fail(self, error: CdnPurgeError, count: int) -> CdnPurgeError:
        """Log ``error`` (never a secret: only the provider's answer) and return it to raise."""
        logger.warning("[%s] purge of %d URL(s) failed: %s", self.PROVIDER, count, error)
        return error
