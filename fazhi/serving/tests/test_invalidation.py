"""Every kind of change makes exactly the pages that show it fresh, and leaves the others cached."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from fazhi.core.models import SiteSettings
from fazhi.news.factories import make_article, make_channel
from fazhi.news.models import ArticlePage
from fazhi.serving.purge import purge_all, purge_pages, purge_paths
from fazhi.serving.tests.conftest import cache_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home, on_commit):
    """Two channels, a few articles each; every page has been cached once."""
    with on_commit():
        news = make_channel(home, "法治要闻", "fzyw", per_page=2)
        voices = make_channel(home, "学界之声", "xjzs")
        # Texts without a word in common: no 相关阅读 links them (fazhi.related)
        a1 = make_article(news, "要闻一", paragraphs=["春天桃花盛开。"])
        a2 = make_article(news, "要闻二", paragraphs=["高铁列车提速。"])
        a3 = make_article(news, "要闻三", paragraphs=["冬季滑雪运动。"])
        b1 = make_article(voices, "学者一", paragraphs=["围棋比赛决赛。"])
    return {"news": news, "voices": voices, "a1": a1, "a2": a2, "a3": a3, "b1": b1}


def warm(client, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert cache_state(client.get(url)) == "hit", url


def all_urls(site) -> list[str]:
    news, voices = site["news"], site["voices"]
    return [
        "/",
        "/feed/",
        news.url,
        news.url + "page/2/",
        news.url + "feed/",
        voices.url,
        site["a1"].url,
        site["a2"].url,
        site["a3"].url,
        site["b1"].url,
    ]


def text(client, url: str) -> str:
    return client.get(url).content.decode()


def test_publishing_an_edit_refreshes_the_article_its_lists_and_nothing_else(
    client, site, on_commit
):
    warm(client, *all_urls(site))
    article = ArticlePage.objects.get(pk=site["a1"].pk)
    article.title = "要闻一（更正）"
    with on_commit():
        article.save_revision().publish()
    # 要闻二 is its 下一篇 neighbour: it shows the title under 上一篇
    for url in ["/", "/feed/", site["news"].url + "page/2/", site["a1"].url, site["a2"].url]:
        response = client.get(url)
        assert cache_state(response) == "miss", url
        assert "要闻一（更正）" in response.content.decode(), url
    assert cache_state(client.get(site["news"].url)) == "miss"  # lists it no more, but might
    # (要闻三 lists it under 相关阅读 — the titles share 要闻 — so it is purged too)
    for url in [site["voices"].url, site["b1"].url]:
        assert cache_state(client.get(url)) == "hit", url


def test_publishing_a_new_article_refreshes_every_list_page(client, site, on_commit):
    warm(client, *all_urls(site))
    with on_commit():
        make_article(site["news"], "要闻四")
    assert "要闻四" in text(client, site["news"].url)
    # The list shifted: 要闻二 moved from page 1 to page 2.
    assert "要闻二" not in text(client, site["news"].url)
    assert "要闻二" in text(client, site["news"].url + "page/2/")
    assert "要闻四" in text(client, "/")


def test_unpublishing_removes_the_page_and_its_entries(client, site, on_commit):
    warm(client, *all_urls(site))
    with on_commit():
        site["a3"].unpublish()
    assert client.get(site["a3"].url).status_code == 404
    assert "要闻三" not in text(client, site["news"].url)
    assert "要闻三" not in text(client, "/")
    assert "要闻三" not in text(client, "/feed/")
    assert cache_state(client.get(site["b1"].url)) == "hit"


def test_deleting_removes_the_page_and_the_last_list_page(client, site, on_commit):
    warm(client, *all_urls(site))
    url = site["a1"].url
    with on_commit():
        ArticlePage.objects.get(pk=site["a1"].pk).delete()
    assert client.get(url).status_code == 404
    assert client.get(site["news"].url + "page/2/").status_code == 404  # 2 articles left, 1 page
    assert "要闻一" not in text(client, "/")


def test_moving_refreshes_both_channels_and_both_addresses(client, site, on_commit):
    warm(client, *all_urls(site))
    old_url = site["a2"].url
    with on_commit():
        ArticlePage.objects.get(pk=site["a2"].pk).move(site["voices"], pos="last-child")
    new_url = ArticlePage.objects.get(pk=site["a2"].pk).url
    assert client.get(old_url).status_code == 301  # Wagtail's automatic redirect
    assert client.get(new_url).status_code == 200
    assert "要闻二" not in text(client, site["news"].url)
    assert "要闻二" in text(client, site["voices"].url)


def test_renaming_a_channel_refreshes_every_page_menu(client, site, on_commit):
    warm(client, *all_urls(site))
    channel = site["voices"]
    channel.title = "学界观点"
    with on_commit():
        channel.save_revision().publish()
    for url in [site["a1"].url, site["b1"].url, "/"]:
        response = client.get(url)
        assert cache_state(response) == "miss", url
        assert "学界观点" in response.content.decode(), url


def test_site_settings_refresh_every_footer(client, site, on_commit):
    warm(client, *all_urls(site))
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.icp_number = "京ICP备99999999号"
    with on_commit():
        settings.save()
    for url in all_urls(site):
        assert "京ICP备99999999号" in text(client, url) or url.endswith("feed/"), url


def test_purge_pages_is_the_hook_for_other_apps(client, site, on_commit):
    """E.g. the staff app, when a byline's staff record is revoked."""
    warm(client, *all_urls(site))
    ArticlePage.objects.filter(pk=site["b1"].pk).update(byline="记者 李四（已注销）")
    assert "已注销" not in text(client, site["b1"].url)  # cached: no signal was sent
    purged = purge_pages([ArticlePage.objects.get(pk=site["b1"].pk)])
    assert site["b1"].url in purged and site["voices"].url in purged and "/" in purged
    assert "已注销" in text(client, site["b1"].url)
    assert cache_state(client.get(site["a1"].url)) == "hit"


def test_purge_pages_of_a_channel_purges_everything(client, site):
    warm(client, *all_urls(site))
    assert purge_pages([site["news"]]) == ["*"]
    assert cache_state(client.get(site["b1"].url)) == "miss"


def test_purge_paths_and_purge_all(client, site):
    warm(client, *all_urls(site))
    purge_paths([site["a1"].url])
    assert cache_state(client.get(site["a1"].url)) == "miss"
    assert cache_state(client.get(site["a2"].url)) == "hit"
    purge_all()
    assert all(cache_state(client.get(url)) == "miss" for url in all_urls(site))


def test_a_page_rendered_during_a_purge_is_not_served(client, site):
    """The tokens are read before rendering: a purge in between makes the stored copy stale."""
    from django.test import RequestFactory

    from fazhi.serving.cache import lookup, store

    url = site["a1"].url
    request = RequestFactory().get(url)
    found = lookup(request)  # the worker starts rendering ...
    purge_paths([url])  # ... an editor publishes ...
    stale = client.get(url)  # (the page as the worker would have rendered it)
    store(found, stale)  # ... and the worker stores its copy under the old token.
    assert cache_state(client.get(url)) == "miss"
