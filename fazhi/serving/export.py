"""Static export (生成HTML): every public page written as a file nginx can serve.

Pages are rendered through the app's own request handling (middleware, Wagtail routing, the
templates), so an exported file is byte for byte what an anonymous reader gets from the app.
Everything dynamic on those pages (counts, comments, digg, search, sign-in) is fetched from the
app's endpoints by the page script, so it keeps working behind the exported files.

Files are written to a temporary name in the same directory and renamed over the old file, so
nginx never serves a half-written page (and denies the dot-named temporaries). A run that dies
mid-way (SIGKILL, power cut) leaves whole old or whole new files and perhaps a temporary, which
the next run sweeps away (``.fazhi-export.running`` says a run did not finish); a full disk stops
the run with the files as they were. An export directory remembers the last journal entry it
has seen (``.fazhi-export.json``); the next run rewrites only the URLs purged since then.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Max
from django.test import Client
from tqdm import tqdm
from wagtail.models import Page

from fazhi.serving.models import EVERYTHING, ExportChange
from fazhi.serving.paths import page_urls, site_roots
from fazhi.serving.purge import JOURNAL_DAYS

STATE_FILE = ".fazhi-export.json"
LOCK_FILE = ".fazhi-export.lock"
RUNNING_FILE = ".fazhi-export.running"  # exists while a run writes; left behind by a killed one
TMP_PREFIX = ".tmp-"
# Which file a URL ending in "/" becomes, by the response's content type. nginx tries them in
# this order (deploy/nginx/fazhi.conf: try_files $uri $uri/index.html $uri/index.rss).
INDEX_FILES = {"text/html": "index.html", "application/rss+xml": "index.rss"}


class ExportError(Exception):
    pass


@dataclass
class ExportResult:
    everything: bool = False
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[str] = field(default_factory=list)
    static_copied: int = 0
    pages: int = 0
    seconds: float = 0.0


def file_for_url(url: str, content_type: str) -> str:
    """The file (relative to the export root) that holds ``url``; plain function."""
    if ".." in url.split("/") or not url.startswith("/"):
        raise ExportError(f"不能导出的地址：{url}")
    if not url.endswith("/"):
        return url.lstrip("/")
    name = INDEX_FILES.get(content_type.split(";")[0].strip())
    if name is None:
        raise ExportError(f"地址 {url} 的内容类型 {content_type} 无法写成静态文件")
    return url.lstrip("/") + name


def candidate_files(url: str) -> list[str]:
    """Every file an export may have written for ``url`` (to remove it when the page is gone)."""
    if not url.endswith("/"):
        return [url.lstrip("/")]
    return [url.lstrip("/") + name for name in INDEX_FILES.values()]


def write_atomic(target: Path, data: bytes) -> bool:
    """Write ``data`` to ``target`` so readers see the old file or the new one, never a part.
    Returns False (and writes nothing) when the file already holds exactly ``data``."""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TMP_PREFIX, suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; nginx runs as another user
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def remove_file(root: Path, relative: str) -> bool:
    """Remove an exported file and the directories it leaves empty (never ``root`` itself)."""
    target = root / relative
    if not target.is_file():
        return False
    target.unlink()
    parent = target.parent
    while parent != root and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
    return True


def all_urls() -> list[str]:
    """Every public URL of every site: home, channels with all list pages and feeds, articles,
    the site feed and sitemap. A few queries whatever the number of pages (one count per channel)."""
    roots = site_roots()
    urls: list[str] = list(settings.FAZHI_PAGE_CACHE_PATHS)
    pages = Page.objects.live().public().filter(depth__gt=1).order_by("path")
    for page in pages.specific(defer=True):
        urls.extend(page_urls(page, roots))
    return list(dict.fromkeys(urls))


def static_files() -> Iterator[tuple[str, str]]:
    """(relative path, source file) of every static file: the collected tree when there is one
    (production, hashed names), otherwise the apps' own files."""
    root = Path(settings.STATIC_ROOT)
    if (root / "staticfiles.json").exists():
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                source = Path(dirpath) / name
                yield str(source.relative_to(root)), str(source)
        return
    seen: set[str] = set()
    for finder in finders.get_finders():
        for relative, storage in finder.list(["CVS", ".*", "*~"]):
            if relative not in seen:
                seen.add(relative)
                yield relative, storage.path(relative)


def copy_static(root: Path) -> int:
    """Copy static files into ``root/static/`` when missing or changed (size or mtime)."""
    prefix = settings.STATIC_URL.strip("/")
    copied = 0
    for relative, source in static_files():
        target = root / prefix / relative
        src = os.stat(source)
        try:
            dst = target.stat()
            if dst.st_size == src.st_size and int(dst.st_mtime) == int(src.st_mtime):
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TMP_PREFIX)
        os.close(fd)
        try:
            shutil.copy2(source, tmp)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)  # e.g. the disk is full: no partial file stays
            raise
        copied += 1
    return copied


def sweep_temporaries(root: Path) -> int:
    """Remove the temporary files a killed run left (call with the lock held: no run of ours
    is writing them). Returns how many."""
    removed = 0
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            if name.startswith(TMP_PREFIX):
                (Path(dirpath) / name).unlink(missing_ok=True)
                removed += 1
    return removed


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """One export at a time per directory (workers exporting on publish, a timer, a person)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_FILE, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def load_state(root: Path) -> dict | None:
    try:
        return json.loads((root / STATE_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return None


def export_client() -> Client:
    """A client that asks the app exactly as nginx would, on the public host."""
    base = urlsplit(settings.FAZHI_EXPORT_BASE_URL)
    return Client(HTTP_HOST=base.netloc or "127.0.0.1", secure=base.scheme == "https")


def export_site(
    outdir: str | os.PathLike, everything: bool = False, progress: bool = True
) -> ExportResult:
    """Write the public site into ``outdir``: everything on the first run or with
    ``everything``, otherwise only the URLs purged since this directory's last export."""
    started = time.monotonic()
    root = Path(outdir).resolve()
    result = ExportResult()
    with locked(root):
        running = root / RUNNING_FILE
        if running.exists():  # the previous run was killed half-way
            sweep_temporaries(root)
        running.touch()
        state = load_state(root)
        last_id = ExportChange.objects.aggregate(last=Max("pk"))["last"] or 0
        files: dict[str, str] = dict(state.get("files", {})) if state else {}
        if state and time.time() - state.get("exported_at", 0) > JOURNAL_DAYS * 86400:
            everything = True  # older than the journal keeps: changes may be missing
        if state is None or everything:
            everything = True
            urls = all_urls()
        else:
            changed = set(
                ExportChange.objects.filter(pk__gt=state["last_change_id"], pk__lte=last_id)
                .values_list("path", flat=True)
                .distinct()
            )
            everything = EVERYTHING in changed
            urls = all_urls() if everything else sorted(changed)
        result.everything = everything
        result.pages = len(urls)

        client = export_client()
        for url in tqdm(urls, desc="生成页面", unit="页", disable=not progress, mininterval=0.5):
            response = client.get(url)
            if url == "/" and response.status_code != 200:
                # E.g. an https-only site rendered for http://: every page would be removed.
                raise ExportError(
                    f"首页返回 {response.status_code}，请检查 FAZHI_EXPORT_BASE_URL"
                    f"（现为 {settings.FAZHI_EXPORT_BASE_URL}）"
                )
            if response.status_code == 200:
                relative = file_for_url(url, response.get("Content-Type", ""))
                if write_atomic(root / relative, response.content):
                    result.written += 1
                else:
                    result.unchanged += 1
                files[url] = relative
            elif response.status_code >= 500:
                result.skipped.append(f"{url} ({response.status_code})")  # keep the old file
            else:
                # Gone, moved (Wagtail's redirect), restricted: the app answers from now on.
                for relative in candidate_files(url):
                    result.removed += remove_file(root, relative)
                files.pop(url, None)
        if everything:
            wanted = set(urls)
            for url in [u for u in files if u not in wanted]:
                result.removed += remove_file(root, files.pop(url))
        result.static_copied = copy_static(root)
        state = {"last_change_id": last_id, "exported_at": time.time(), "files": files}
        write_atomic(root / STATE_FILE, json.dumps(state, ensure_ascii=False).encode())
        running.unlink()  # not on an error: a failed run may have left temporaries too
    result.seconds = time.monotonic() - started
    return result
