"""Static export (生成HTML): every public page written as a file nginx can serve.

Pages are rendered through the app's own request handling (middleware, Wagtail routing, the
templates), so an exported file is byte for byte what an anonymous reader gets from the app.
What makes it fast: the handler is called directly (no test-client instrumentation), the page
cache is not written (the export marks its requests, see ``EXPORT_MARK``), fragments (menu,
footer) are rendered once per process, and ``processes`` worker processes share the URLs.
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
import io
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.core.handlers.exception import response_for_exception
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.db import connections
from django.db.models import Max
from django.http import HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.utils import translation
from tqdm import tqdm
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from fazhi.adapters import wagtail_routing as routing
from fazhi.serving.fastpath import epoch_held
from fazhi.serving.fragments import fragment_store, site_root_paths
from fazhi.serving.middleware import EXPORT_MARK  # the page cache neither looks up nor stores
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
    return [url for url, _page in all_targets()]


# A URL to export, with the (content type id, page id) it is the page of, when known.
Target = tuple[str, tuple[int, int] | None]


def all_targets() -> list[Target]:
    """``all_urls()``, each with the page it shows when it is that page's own URL (not a list
    page or feed), so the export can load pages in batches instead of routing each URL."""
    roots = site_roots()
    targets: dict[str, tuple[int, int] | None] = dict.fromkeys(settings.FAZHI_PAGE_CACHE_PATHS)
    pages = Page.objects.live().public().filter(depth__gt=1).order_by("path")
    for page in pages.specific(defer=True):
        for n, url in enumerate(page_urls(page, roots)):
            targets.setdefault(url, (page.content_type_id, page.pk) if n == 0 else None)
    return list(targets.items())


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


def wsgi_environ(url: str, base_url: str) -> dict[str, Any]:
    """The WSGI environ (PEP 3333) of an anonymous ``GET url`` on ``base_url``'s host and
    scheme, as nginx passes it to the app server: no cookie, no query string."""
    base = urlsplit(base_url)
    secure = base.scheme == "https"
    host = base.netloc or "127.0.0.1"
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": url,
        "QUERY_STRING": "",
        "SERVER_NAME": base.hostname or "127.0.0.1",
        "SERVER_PORT": str(base.port or (443 if secure else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https" if secure else "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


# The request handler of each export run (``render_chunks``), by run: loading the middleware
# builds WhiteNoise's index of the static files, which every batch of 50 did anew (0.19 s a
# batch under cProfile). Forked export workers inherit the parent's. Per run, not per process:
# middleware reads settings when it is loaded.
_run_handlers: dict[int, WSGIHandler] = {}


class Renderer:
    """Asks the app for URLs as nginx would (public host and scheme, no cookie), through Django's
    own WSGI handler and the same middleware as a reader's request. ``get_response`` is called
    without the request-started/finished signals a server sends around each request: they
    would close the export's database connection after every page."""

    def __init__(self, handler: WSGIHandler | None = None) -> None:
        self.base_url = settings.FAZHI_EXPORT_BASE_URL
        self.secure = urlsplit(self.base_url).scheme == "https"
        self.handler = handler or WSGIHandler()
        self.site = Site.find_for_request(WSGIRequest(self.environ("/")))

    def environ(self, url: str) -> dict[str, Any]:
        return wsgi_environ(url, self.base_url)

    def get(self, url: str, page: Page | None = None) -> HttpResponseBase:
        """The app's response for ``url``; ``page``, when given, is the live public page that
        Wagtail's routing would find for it (loaded in a batch): the response is the same."""
        if page is not None:
            response = self.serve(url, page)
            if response is not None:
                return response
        environ = self.environ(url)
        environ[EXPORT_MARK] = (self.site, page) if page is not None else True
        # Not ``response.close()``: it sends request_finished, the signal that closes the
        # connection; a page response holds no file to close.
        return self.handler.get_response(WSGIRequest(environ))

    def serve(self, url: str, page: Page) -> HttpResponseBase | None:
        """A preloaded page's response from Wagtail's serve view, without the middleware (≈ 1 ms
        of a page's ≈ 7). For an anonymous GET the middleware adds headers, a lazy session and
        user and the language (the default one: no Accept-Language), none of which changes the
        body, and the body is all a file keeps: ``test_every_exported_file_is_what_the_app_serves``
        compares every exported file with the app's full answer. None (use the handler) for
        "/", when the middleware would redirect every request, and when the fragment store is
        off or cannot reach the shared epoch (the middleware's own fallbacks then apply)."""
        if url == "/" or self.site is None:
            return None  # "/" checks the base URL through the whole stack (host, https)
        if (settings.SECURE_SSL_REDIRECT and not self.secure) or settings.PREPEND_WWW:
            return None  # the middleware redirects every page
        store = fragment_store()
        now = time.monotonic()
        epoch = store.sync(now) if store is not None else None
        if epoch is None:
            return None
        request = WSGIRequest(self.environ(url))
        request.user = AnonymousUser()
        routing.set_site_root_paths(site_root_paths(store, epoch, now), request, page)
        routing.set_route(request, self.site, RouteResult(page))
        with translation.override(settings.LANGUAGE_CODE):
            request.LANGUAGE_CODE = translation.get_language()
            try:
                response = wagtail_serve(request, request.path_info)
                if isinstance(response, SimpleTemplateResponse):
                    response.render()
            except Exception as exc:  # the handler's answer: 404, 500 (the old file stays)
                response = response_for_exception(request, exc)
        return response

    def preload(self, targets: list[Target]) -> dict[str, Page]:
        """The pages of ``targets`` in one query per page type, with what their templates show
        (tags, corrections); only plain pages of the export's own site (not channels, whose
        sub-URLs Wagtail routes itself)."""
        if self.site is None:
            return {}
        wanted: dict[int, dict[int, str]] = {}
        for url, page in targets:
            if page is not None:
                wanted.setdefault(page[0], {})[page[1]] = url
        found: dict[str, Page] = {}
        root = self.site.root_page.path
        for content_type_id, ids in wanted.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if (
                model is None or model.route is not Page.route
            ):  # routes sub-URLs itself (RoutablePageMixin)
                continue
            queryset = model.objects.live().public().filter(pk__in=ids, path__startswith=root)
            queryset = queryset.prefetch_related(*_prefetches(model))
            for page in queryset:
                routing.mark_public(page)  # ``.public()``: nothing restricts it
                found[ids[page.pk]] = page
        attach_breadcrumbs(list(found.values()))
        return found


def attach_breadcrumbs(pages: list[Page]) -> None:
    """Give each page that shows a breadcrumb (``ArticlePage.breadcrumb``) its ancestors below
    the home page, for all ``pages`` in one query instead of one per page: the articles of a
    batch mostly share their channels."""
    pages = [page for page in pages if hasattr(type(page), "breadcrumb")]
    steplen = Page.steplen
    wanted = {page.path[: steplen * depth] for page in pages for depth in range(3, page.depth)}
    found = {crumb.path: crumb for crumb in Page.objects.filter(path__in=wanted)} if wanted else {}
    for page in pages:
        paths = [page.path[: steplen * depth] for depth in range(3, page.depth)]
        if all(path in found for path in paths):
            page._breadcrumb = [found[path] for path in paths]


def _prefetches(model: type[Page]) -> list[str]:
    names = {f.name for f in model._meta.get_fields()}
    return [name for name in ("tags", "corrections") if name in names]


@dataclass
class Rendered:
    """What became of one URL (computed in a worker process, applied to the state by the parent)."""

    url: str
    status: int
    relative: str | None = None
    written: bool = False
    removed: int = 0


def render_urls(root: Path, targets: list[Target], run: int | None = None) -> list[Rendered]:
    """Render ``targets`` and write (or remove) their files; raises ExportError when "/" fails.
    ``run``: the export run whose request handler to use (``render_chunks``).

    Fragments are checked against the shared epoch once, here, not every 100 ms: a purge while
    a batch renders is journaled and rewritten by the next incremental export."""
    with epoch_held():
        return _render_urls(root, targets, _run_handlers.get(run) if run is not None else None)


def _render_urls(
    root: Path, targets: list[Target], handler: WSGIHandler | None = None
) -> list[Rendered]:
    renderer = Renderer(handler)
    pages = renderer.preload(targets)
    done = []
    # Removals wait until "/" answered 200 when it is still to come (it is rendered after the
    # URLs an incremental export puts first): a wrong base URL must never remove a file.
    home_pending = any(url == "/" for url, _page in targets)
    deferred: list[Rendered] = []
    for url, _page in targets:
        response = renderer.get(url, pages.get(url))
        if url == "/":
            if response.status_code != 200:
                # E.g. an https-only site rendered for http://: every page would be removed.
                raise ExportError(
                    f"首页返回 {response.status_code}，请检查 FAZHI_EXPORT_BASE_URL"
                    f"（现为 {settings.FAZHI_EXPORT_BASE_URL}）"
                )
            home_pending = False
            for item in deferred:
                item.removed = sum(remove_file(root, rel) for rel in candidate_files(item.url))
        item = Rendered(url, response.status_code)
        if response.status_code == 200:
            item.relative = file_for_url(url, response.get("Content-Type", ""))
            item.written = write_atomic(root / item.relative, response.content)
        elif response.status_code < 500:
            # Gone, moved (Wagtail's redirect), restricted: the app answers from now on.
            if home_pending:
                deferred.append(item)
            else:
                item.removed = sum(remove_file(root, rel) for rel in candidate_files(url))
        done.append(item)
    return done


def _render_in_worker(job: tuple[Path, list[Target], int]) -> list[Rendered]:
    return render_urls(*job)


def _can_fork() -> bool:
    """Worker processes must reach the same database: not an in-memory SQLite one."""
    name = str(connections["default"].settings_dict.get("NAME", ""))
    return ":memory:" not in name and "mode=memory" not in name


def render_chunks(
    root: Path, targets: list[Target], processes: int, chunk: int = 50
) -> Iterator[list[Rendered]]:
    """Render every target in batches of ``chunk``, in ``processes`` forked workers when there
    is enough to share; yields each batch's results as it completes."""
    handler = WSGIHandler()
    run = id(handler)
    _run_handlers[run] = handler
    try:
        jobs = [(root, targets[i : i + chunk], run) for i in range(0, len(targets), chunk)]
        if processes <= 1 or len(jobs) < 3 or not _can_fork():
            for job in jobs:
                yield render_urls(*job)
            return
        yield render_urls(*jobs.pop(0))  # "/" here, before any worker removes a file
        import multiprocessing

        connections.close_all()  # each worker opens its own
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            yield from pool.imap_unordered(_render_in_worker, jobs)
    finally:
        _run_handlers.pop(run, None)


def render_all(
    root: Path, targets: list[Target], processes: int, progress: bool
) -> Iterator[Rendered]:
    """Every target's result, with a progress bar."""
    bar = tqdm(
        total=len(targets), desc="生成页面", unit="页", disable=not progress, mininterval=0.5
    )
    with bar:
        for done in render_chunks(root, targets, processes):
            bar.update(len(done))
            yield from done


def export_site(
    outdir: str | os.PathLike,
    everything: bool = False,
    progress: bool = True,
    processes: int = 1,
    first: Iterable[str] = (),
) -> ExportResult:
    """Write the public site into ``outdir``: everything on the first run or with
    ``everything``, otherwise only the URLs purged since this directory's last export;
    ``processes`` worker processes render in parallel. An incremental export renders the URLs
    in ``first`` (the page just published) before the rest — before "/" and the site-wide
    lists, which cost most — so the edited page's file is there soonest."""
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
            targets = all_targets()
        else:
            changed = set(
                ExportChange.objects.filter(pk__gt=state["last_change_id"], pk__lte=last_id)
                .values_list("path", flat=True)
                .distinct()
            )
            everything = EVERYTHING in changed
            targets = all_targets() if everything else [(url, None) for url in sorted(changed)]
        result.everything = everything
        result.pages = len(targets)

        # "/" first: a wrong base URL fails before anything is removed (in an incremental
        # export the ``first`` URLs come before it; their removals wait for it, _render_urls).
        early = set() if everything else set(first)
        targets.sort(key=lambda target: (target[0] not in early, target[0] != "/"))
        for item in render_all(root, targets, processes, progress):
            if item.status == 200:
                result.written += item.written
                result.unchanged += not item.written
                files[item.url] = item.relative
            elif item.status >= 500:
                result.skipped.append(f"{item.url} ({item.status})")  # keep the old file
            else:
                result.removed += item.removed
                files.pop(item.url, None)
        if everything:
            wanted = {url for url, _page in targets}
            for url in [u for u in files if u not in wanted]:
                result.removed += remove_file(root, files.pop(url))
        result.static_copied = copy_static(root)
        state = {"last_change_id": last_id, "exported_at": time.time(), "files": files}
        write_atomic(root / STATE_FILE, json.dumps(state, ensure_ascii=False).encode())
        running.unlink()  # not on an error: a failed run may have left temporaries too
    result.seconds = time.monotonic() - started
    return result
