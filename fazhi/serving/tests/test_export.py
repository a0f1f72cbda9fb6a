"""Static export: complete (crawl the tree), incremental, atomic, and on publish when asked."""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import Resolver404, resolve
from wagtail.models import Site

from fazhi.core.models import SiteSettings
from fazhi.news.factories import make_article, make_channel
from fazhi.news.models import ArticlePage
from fazhi.serving.export import STATE_FILE, export_site, file_for_url, write_atomic
from fazhi.serving.purge import purge_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home, seed_article, on_commit):
    with on_commit():
        news = make_channel(home, "法治要闻", "fzyw", per_page=3)
        articles = [make_article(news, f"要闻{i}") for i in range(7)]
    return {"news": news, "articles": articles, "seed": seed_article}


def exported_file(root: Path, url: str) -> Path | None:
    """The file nginx would serve for ``url`` (deploy/nginx/fazhi.conf's try_files order)."""
    path = urlsplit(url).path.lstrip("/")
    candidates = [path, path + "index.html", path + "index.rss"] if path else ["index.html"]
    for candidate in candidates:
        if candidate and not candidate.endswith("/") and (root / candidate).is_file():
            return root / candidate
    return None


# Linked from the header already; the staff app (人员查询) lands in its own branch.
BUILT_ELSEWHERE = {"/staff/"}


def is_app_endpoint(path: str) -> bool:
    """A URL the app answers itself (search, live JSON, admin, media): not a Wagtail page.
    Everything under /api/ goes to the app (nginx proxies it), including endpoints other apps
    are still building, such as the comment and digg forms' actions."""
    if path.startswith("/api/") or path in BUILT_ELSEWHERE:
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "wagtail_serve"


def links_of(html: bytes, base: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    found = [a.get("href") for a in soup.select("a[href]")]
    found += [link.get("href") for link in soup.select("link[href]")]
    found += [s.get("src") for s in soup.select("script[src], img[src]")]
    found += [f.get("action") for f in soup.select("form[action]")]
    found += [e.get("data-live-url") for e in soup.select("[data-live-url]")]
    urls = []
    for href in found:
        absolute = urljoin(base, href)
        parts = urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.netloc in ("127.0.0.1:8000", ""):
            urls.append(parts.path)
        elif not parts.scheme and not parts.netloc:
            urls.append(parts.path)
    return urls


def test_export_is_complete_every_internal_link_resolves(site, tmp_path):
    result = export_site(tmp_path, progress=False)
    assert result.everything and result.written >= 13
    seen: set[str] = set()
    todo = ["/"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        target = exported_file(tmp_path, url)
        if target is None:
            assert is_app_endpoint(url), f"{url} is neither exported nor an app endpoint"
            continue
        if target.suffix == ".html":
            todo.extend(links_of(target.read_bytes(), "http://127.0.0.1:8000" + url))
    news = site["news"]
    for url in [news.url, news.url + "page/2/", news.url + "page/3/", site["seed"].url]:
        assert url in seen, url
    assert (tmp_path / "feed/index.rss").read_bytes().startswith(b"<?xml")
    assert (tmp_path / news.url.strip("/") / "feed/index.rss").is_file()
    assert (tmp_path / "sitemap.xml").is_file()
    assert (tmp_path / "static/core/js/live.js").is_file()
    assert "/search/" in seen and f"/api/pages/{site['seed'].pk}/live/" in seen


def test_exported_page_is_what_the_app_serves(client, site, tmp_path):
    export_site(tmp_path, progress=False)
    url = site["seed"].url
    assert (tmp_path / url.strip("/") / "index.html").read_bytes() == client.get(url).content


def test_incremental_export_writes_only_what_changed(site, tmp_path, on_commit):
    full = export_site(tmp_path, progress=False)
    again = export_site(tmp_path, progress=False)
    assert (again.everything, again.pages, again.written) == (False, 0, 0)

    article = ArticlePage.objects.get(pk=site["articles"][-1].pk)
    article.title = "要闻6（更正）"
    with on_commit():
        article.save_revision().publish()
    result = export_site(tmp_path, progress=False)
    assert not result.everything
    # its lists, its 上一篇/下一篇 neighbours and the 要闻 articles whose 相关阅读 lists it
    assert 0 < result.pages < full.pages
    assert "要闻6（更正）" in (tmp_path / article.url.strip("/") / "index.html").read_text()
    assert "要闻6（更正）" in (tmp_path / "index.html").read_text()
    assert "要闻6（更正）" in (tmp_path / "feed/index.rss").read_text()

    with on_commit():
        article.unpublish()
    export_site(tmp_path, progress=False)
    assert not (tmp_path / article.url.strip("/") / "index.html").exists()
    assert "要闻6（更正）" not in (tmp_path / "index.html").read_text()
    assert not (tmp_path / site["news"].url.strip("/") / "page/3/index.html").exists()


def test_everything_after_site_wide_change_and_with_all(site, tmp_path, on_commit):
    export_site(tmp_path, progress=False)
    news = site["news"]
    news.title = "要闻频道"
    with on_commit():
        news.save_revision().publish()
    result = export_site(tmp_path, progress=False)
    assert result.everything
    assert "要闻频道" in (tmp_path / site["seed"].url.strip("/") / "index.html").read_text()
    assert export_site(tmp_path, everything=True, progress=False).unchanged == result.pages


def test_command_shows_progress_and_summary(site, tmp_path, capsys):
    call_command("export_static", str(tmp_path), "--all")
    captured = capsys.readouterr()
    assert "全部生成" in captured.out and "写入" in captured.out
    assert "生成页面" in captured.err and "页/s" in captured.err  # the tqdm bar
    assert (tmp_path / STATE_FILE).is_file()


def test_export_on_publish(site, tmp_path, on_commit):
    with override_settings(FAZHI_EXPORT_ON_PUBLISH=True, FAZHI_EXPORT_DIR=str(tmp_path)):
        export_site(tmp_path, progress=False)
        with on_commit():
            article = make_article(site["news"], "刚刚发布")
    assert "刚刚发布" in (tmp_path / article.url.strip("/") / "index.html").read_text()
    assert "刚刚发布" in (tmp_path / site["news"].url.strip("/") / "index.html").read_text()


def test_an_incremental_export_writes_the_published_page_first(site, tmp_path, on_commit):
    """The edited article's file is written before home and the site-wide lists."""
    export_site(tmp_path, progress=False)
    with on_commit():
        page = ArticlePage.objects.get(pk=site["seed"].pk)
        page.title = "先写这篇"
        page.save_revision().publish()
    result = export_site(tmp_path, progress=False, first=[page.url])
    assert not result.everything and result.written >= 2
    article = tmp_path / page.url.strip("/") / "index.html"
    assert "先写这篇" in article.read_text()
    assert article.stat().st_mtime_ns < (tmp_path / "index.html").stat().st_mtime_ns


@pytest.mark.django_db(transaction=True)  # the worker drops connections not in autocommit mode
def test_export_on_publish_is_a_background_task_not_a_thread(site, tmp_path, on_commit):
    """On the database queue a publish only enqueues the export: the request starts no thread,
    and the worker (run here in-process, in batch mode) writes the file."""
    from django_tasks_db.models import DBTaskResult

    db_queue = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    with override_settings(
        FAZHI_EXPORT_ON_PUBLISH=True, FAZHI_EXPORT_DIR=str(tmp_path), TASKS=db_queue
    ):
        export_site(tmp_path, progress=False)
        page = ArticlePage.objects.get(pk=site["seed"].pk)
        page.title = "队列里生成"
        threads = set(threading.enumerate())
        with on_commit():
            page.save_revision().publish()
        assert set(threading.enumerate()) == threads
        queued = DBTaskResult.objects.get(task_path="fazhi.serving.tasks.export_changes")
        assert queued.args_kwargs == {"args": [[page.url]], "kwargs": {}}
        target = tmp_path / page.url.strip("/") / "index.html"
        assert "队列里生成" not in target.read_text()
        call_command("run_worker", "--batch", verbosity=0)
        queued.refresh_from_db()
        assert queued.status == "SUCCESSFUL", queued.traceback
        assert "队列里生成" in target.read_text()


def test_site_settings_stored_on_first_read_start_no_export(
    home, tmp_path, django_capture_on_commit_callbacks
):
    """A render creates the settings row with its defaults on a site that has none: the pages
    already showed those, so nothing is purged or exported. A change, or a row created with
    values, is purged and exported."""
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.filter(site=site).delete()
    with override_settings(FAZHI_EXPORT_ON_PUBLISH=True, FAZHI_EXPORT_DIR=str(tmp_path)):
        with django_capture_on_commit_callbacks() as first_read:
            footer = SiteSettings.for_site(site)
        footer.icp_number = "京ICP备99999999号"
        with django_capture_on_commit_callbacks(execute=True) as changed:
            footer.save()
        home_file = tmp_path / "index.html"
        assert "京ICP备99999999号" in home_file.read_text()  # purged, then exported by its task
        footer.delete()
        with django_capture_on_commit_callbacks() as created_with_values:
            SiteSettings.objects.create(site=site, supervision_phone="010-12345678")
    assert first_read == []
    assert changed[0] is purge_all and created_with_values == [purge_all]


def test_file_names():
    assert file_for_url("/", "text/html; charset=utf-8") == "index.html"
    assert file_for_url("/fzyw/page/2/", "text/html") == "fzyw/page/2/index.html"
    assert file_for_url("/feed/", "application/rss+xml; charset=utf-8") == "feed/index.rss"
    assert file_for_url("/sitemap.xml", "application/xml") == "sitemap.xml"
    with pytest.raises(Exception, match="不能导出"):
        file_for_url("/a/../b/", "text/html")


def test_writes_are_atomic(tmp_path):
    """A reader never sees a partial file while another version is being written over it."""
    target = tmp_path / "a" / "index.html"
    versions = [b"<old>" + b"x" * 400_000, b"<new>" + b"y" * 600_000]
    write_atomic(target, versions[0])
    stop = threading.Event()
    seen: list[bytes] = []

    def read() -> None:
        while not stop.is_set():
            seen.append(target.read_bytes())

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(60):
        write_atomic(target, versions[i % 2 == 0])
    stop.set()
    reader.join()
    assert len(seen) > 5
    assert all(content in versions for content in seen)
    assert sorted(p.name for p in target.parent.iterdir()) == ["index.html"]  # no temp files left
    assert target.stat().st_mode & 0o644 == 0o644
    assert write_atomic(target, target.read_bytes()) is False  # unchanged: not rewritten


def test_export_refuses_a_site_that_redirects_home(site, tmp_path, settings, on_commit):
    """An https-only site rendered for http:// would answer 301 everywhere: nothing is removed."""
    export_site(tmp_path, progress=False)
    settings.SECURE_SSL_REDIRECT = True
    with pytest.raises(Exception, match="FAZHI_EXPORT_BASE_URL"):
        export_site(tmp_path, everything=True, progress=False)
    # Nor when the edited page comes before "/" in an incremental export (its 301 would remove it).
    with on_commit():
        page = ArticlePage.objects.get(pk=site["seed"].pk)
        page.save_revision().publish()
    with pytest.raises(Exception, match="FAZHI_EXPORT_BASE_URL"):
        export_site(tmp_path, progress=False, first=[page.url])
    assert (tmp_path / "index.html").is_file()
    assert (tmp_path / site["seed"].url.strip("/") / "index.html").is_file()


def app_body(url: str) -> bytes:
    """What an anonymous reader gets from the app for ``url`` (page cache and fragments off)."""
    from django.test import Client

    with override_settings(FAZHI_PAGE_CACHE_SECONDS=0, FAZHI_FRAGMENT_CACHE_BYTES=0):
        response = Client(HTTP_HOST="127.0.0.1").get(url)
    assert response.status_code == 200, url
    return response.content


def test_every_exported_file_is_what_the_app_serves(site, tmp_path, settings):
    """Batch loading, fragments and the direct handler change nothing in the bytes."""
    settings.FAZHI_EXPORT_BASE_URL = "http://127.0.0.1"
    export_site(tmp_path, everything=True, progress=False)
    from fazhi.serving.export import all_targets

    targets = all_targets()
    assert sum(page is not None for _url, page in targets) >= 8  # the articles were batched
    for url, _page in targets:
        relative = file_for_url(url, "application/rss+xml" if "feed" in url else "text/html")
        assert (tmp_path / relative).read_bytes() == app_body(url), url


def test_a_batch_of_articles_costs_a_few_queries(site, tmp_path, django_assert_max_num_queries):
    from fazhi.serving.export import all_targets, render_urls

    articles = [(url, page) for url, page in all_targets() if page and url.count("/") == 3]
    render_urls(tmp_path, articles[:2])  # warm-up: menu and footer fragments, content types
    with django_assert_max_num_queries(4 + 2 * len(articles)):
        render_urls(tmp_path, articles)  # routing and view restrictions: none per article


def test_the_export_does_not_fill_the_page_cache(site, tmp_path):
    from fazhi.serving.cache import entry_key, page_cache

    export_site(tmp_path, everything=True, progress=False)
    assert page_cache().get(entry_key("http", "127.0.0.1", site["seed"].url)) is None


def test_a_restricted_page_is_not_exported(site, tmp_path):
    from wagtail.models import PageViewRestriction

    article = site["articles"][0]
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    export_site(tmp_path, everything=True, progress=False)
    assert not (tmp_path / article.url.strip("/") / "index.html").exists()
    assert (tmp_path / site["articles"][1].url.strip("/") / "index.html").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_several_processes_write_the_same_files(site, tmp_path):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database they can all reach: the PostgreSQL run")
    one = export_site(tmp_path / "one", everything=True, progress=False, processes=1)
    two = export_site(tmp_path / "two", everything=True, progress=False, processes=2)
    assert one.pages == two.pages == one.written == two.written and not two.skipped
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*"))
    for relative in files:
        if relative.name != STATE_FILE and (tmp_path / "one" / relative).is_file():
            first = (tmp_path / "one" / relative).read_bytes()
            assert first == (tmp_path / "two" / relative).read_bytes(), relative
