"""Fragments (header and menu, footer, article body and meta) rendered once per process and
purge epoch: uncached pages run fewer queries and still show every change at once."""

from __future__ import annotations

import time

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from wagtail.models import Site

from fazhi.conftest import count_queries
from fazhi.core.models import SiteSettings
from fazhi.news.factories import make_article
from fazhi.news.models import ArticlePage, ChannelPage
from fazhi.serving.fragments import fragment_store, site_root_paths
from fazhi.serving.purge import bump_epoch

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_page_cache_off")]


@pytest.fixture
def _page_cache_off(settings):
    settings.FAZHI_PAGE_CACHE_SECONDS = 0  # "uncached": every request renders its page


def test_an_uncached_article_runs_one_query(client, channel):
    """The page itself: its route is remembered with "no view restriction" (so Wagtail's check
    runs no query); the menu, settings, breadcrumb, corrections, tags and staff badge come with
    the fragments."""
    make_article(channel)
    url = make_article(channel, paragraphs=["一段。"] * 5, headings=["一", "二"]).url
    assert count_queries(client, url) == 1


def test_an_article_viewed_again_runs_no_query_and_follows_a_publish(client, channel, on_commit):
    """From the third view on, the page object itself is kept in the process (until the next
    purge, like fragments): no query; a published change shows at the next request."""
    with on_commit():
        article = make_article(channel, "保留的页面", paragraphs=["一段。"] * 3)
    with override_settings(FAZHI_FRAGMENT_CACHE_BYTES=0):
        plain = client.get(article.url).content  # nothing kept: the bytes to compare with
    # count_queries views it once first: the route is kept, then the page is loaded once.
    assert count_queries(client, article.url) == 1
    assert count_queries(client, article.url) == 0  # the page object is kept too
    assert client.get(article.url).content == plain
    with on_commit():
        page = ArticlePage.objects.get(pk=article.pk)
        page.title = "保留的页面（修订）"
        page.save_revision().publish()
    assert "保留的页面（修订）" in client.get(article.url).content.decode()
    with on_commit():
        ArticlePage.objects.get(pk=article.pk).unpublish()
    assert client.get(article.url).status_code == 404


@override_settings(FAZHI_FRAGMENT_CACHE_BYTES=0)
def test_without_fragments_the_same_bytes(client, channel):
    article = make_article(channel, paragraphs=["一段。"] * 3)
    plain = client.get(article.url).content
    with override_settings(FAZHI_FRAGMENT_CACHE_BYTES=8 * 1024 * 1024):
        first, second = client.get(article.url).content, client.get(article.url).content
    assert plain == first == second


def test_every_change_shows_at_once(client, home, channel, on_commit):
    with on_commit():
        article = make_article(channel, "片段测试")
    assert "片段测试" in client.get(article.url).content.decode()

    with on_commit():
        page = ArticlePage.objects.get(pk=article.pk)
        page.title = "片段测试（修订）"
        page.save_revision().publish()
    assert "片段测试（修订）" in client.get(article.url).content.decode()

    with on_commit():
        footer = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        footer.supervision_phone = "010-87654321"
        footer.save()
    assert "010-87654321" in client.get(article.url).content.decode()

    with on_commit():
        menu = ChannelPage.objects.get(pk=channel.pk)
        menu.title = "改名的栏目"
        menu.save_revision().publish()
    body = client.get(article.url).content.decode()
    assert body.count("改名的栏目") >= 2  # the menu and the breadcrumb


def test_a_preview_is_never_taken_from_or_kept_in_the_store(client, channel, on_commit):
    with on_commit():
        article = make_article(channel, "已发布标题")
    client.get(article.url)  # the live fragments are stored
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.title = "草稿标题"
    draft.save_revision()  # not published
    preview = draft.make_preview_request()
    assert "草稿标题" in preview.content.decode()
    public = client.get(article.url).content.decode()
    assert "已发布标题" in public and "草稿标题" not in public


def render(source: str, request, **context) -> str:
    return Template("{% load fragments %}" + source).render(
        Context({"request": request, **context})
    )


def test_the_tag_keys_and_epochs():
    request = RequestFactory().get("/")
    tag = '{% fragment "t" key %}{{ value }}{% endfragment %}'
    assert render(tag, request, key=1, value="a") == "a"
    assert render(tag, request, key=1, value="b") == "a"  # kept
    assert render(tag, request, key=2, value="b") == "b"  # another key
    assert render(tag, None, key=1, value="c") == "c"  # no request: never from the store
    assert render(tag, request, key=None, value="d") == "d"  # no key: not cached
    bump_epoch()  # any purge
    assert render(tag, request, key=1, value="e") == "e"
    request.is_preview = True
    assert render(tag, request, key=1, value="f") == "f"
    assert fragment_store().get(("t", 1), 0) == "e"


def test_off_by_setting(settings):
    settings.FAZHI_FRAGMENT_CACHE_BYTES = 0
    assert fragment_store() is None
    request = RequestFactory().get("/")
    tag = '{% fragment "t" 1 %}{{ value }}{% endfragment %}'
    assert render(tag, request, value="a") == "a" and render(tag, request, value="b") == "b"


def test_adding_a_restriction_applies_at_once(client, channel, on_commit, settings):
    from wagtail.models import PageViewRestriction

    settings.FAZHI_PAGE_CACHE_SECONDS = 3600  # and the page cache, too
    with on_commit():
        article = make_article(channel, "受限文章")
    for _ in range(3):
        assert client.get(article.url).status_code == 200
    with on_commit():
        PageViewRestriction.objects.create(page=channel, restriction_type="login")
    assert client.get(article.url).status_code == 302  # to the sign-in page
    with on_commit():
        PageViewRestriction.objects.filter(page=channel).delete()
    assert client.get(article.url).status_code == 200


def test_site_root_paths_are_kept_until_a_site_changes(client, channel, on_commit, settings):
    """Wagtail's site root paths (page URLs) are kept in the process like fragments, and follow
    a change of the site at once; the canonical link names FAZHI_BASE_URL throughout."""
    article = make_article(channel, paragraphs=["一段。"])
    site = Site.objects.get(is_default_site=True)
    canonical = f'<link rel="canonical" href="{settings.BASE_URL}{article.url}">'
    assert canonical in client.get(article.url).content.decode()
    store = fragment_store()
    kept = site_root_paths(store, store.sync(time.monotonic()), time.monotonic())
    assert [p.root_url for p in kept] == [site.root_url]
    with on_commit():
        site.hostname, site.port = "www.example.cn", 8443
        site.save()
    assert canonical in client.get(article.url).content.decode()
    kept = site_root_paths(store, store.sync(time.monotonic()), time.monotonic())
    assert [p.root_url for p in kept] == ["http://www.example.cn:8443"]
