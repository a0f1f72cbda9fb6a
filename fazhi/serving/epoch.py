"""The purge epoch: one token that every process of the site reads to learn that something changed.

Each purge writes a new random token; a process that reads a token other than the one it saw
last drops its own copies (the WSGI fast path's pages, rendered fragments, and — when the page
cache itself lives in the process — that cache). Where the token lives:

- with a shared cache (Redis, ``FAZHI_REDIS_URL``): a key there, beside the page entries;
- otherwise (the default install: SQLite, a local-memory cache in each process): a small file
  in ``FAZHI_VAR_DIR``, which every process on the box — the server, the task worker, the
  scheduler, a ``fazhi shell``, a second server — reads and writes. Reading it costs one
  open and read of a 32-byte file, at most every ``FAZHI_PAGE_L1_CHECK_MS``; writing replaces
  it atomically (write, then rename), so a reader sees the old token or the new one.

``None`` means "cannot tell" (Redis down, the folder unreadable): callers then use no copy.
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache

from fazhi.serving.cache import EPOCH_KEY, new_token, page_cache

logger = logging.getLogger(__name__)


def cache_is_local() -> bool:
    """The page cache lives in each process (no shared cache configured)."""
    return isinstance(page_cache(), LocMemCache)


def epoch_file() -> Path:
    return Path(settings.FAZHI_PURGE_EPOCH_FILE)


def _read_file(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            token = handle.read(64).decode("ascii", "replace").strip()
    except FileNotFoundError:
        return None
    return token or None


def _write_file(path: Path, token: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".page-epoch-")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(token)
        os.chmod(tmp, 0o644)  # the worker and the server may run as different users
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_epoch() -> str | None:
    """The current epoch, created when there is none yet; None when it cannot be read."""
    if cache_is_local():
        path = epoch_file()
        try:
            token = _read_file(path)
            if token is None:
                _write_file(path, new_token())
                token = _read_file(path)
        except OSError:
            logger.exception("Cannot read the purge epoch file %s", path)
            return None
        return token
    cache = page_cache()
    token = cache.get(EPOCH_KEY)
    if token is None:
        cache.add(EPOCH_KEY, new_token(), None)
        token = cache.get(EPOCH_KEY)
    return token


def write_new_epoch() -> tuple[str | None, str]:
    """A new epoch: every process drops its copies at its next check. Returns the epoch it
    replaced and the new one; in the file, under a lock, so that two purges at the same moment
    cannot both take the same previous epoch for theirs (``LocalCacheGuard.adopt``)."""
    token = new_token()
    if not cache_is_local():
        page_cache().set(EPOCH_KEY, token, None)
        return None, token
    path = epoch_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            previous = _read_file(path)
            _write_file(path, token)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return previous, token
