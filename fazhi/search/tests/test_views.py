"""/search/ and /api/search: what the reader gets."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from fazhi.conftest import count_queries
from fazhi.search.models import SearchDictionary

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, committed):
    with committed():
        call_command("load_demo", stdout=open("/dev/null", "w"))


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


@pytest.mark.parametrize("word", ["党建", "法律援助", "公共法律服务"])
def test_demo_finds_the_seed_article_highlighted(client, demo, word):
    response = client.get("/search/", {"q": word})
    html = response.content.decode()
    assert response.status_code == 200
    assert "司法行政机关抓党建应做到“四个聚力”" in re.sub(r"</?mark>", "", html)
    assert word in marks(html)
    assert re.search(r"找到相关文章 <strong>\d+</strong> 篇", html)


def test_empty_query_shows_the_form(client, db):
    html = client.get("/search/").content.decode()
    assert 'name="q"' in html and "请在上方输入关键词" in html
    assert "请在上方输入关键词" in client.get("/search/?q=+++").content.decode()


def test_only_syntax_or_exclusions_asks_for_a_word(client, db):
    html = client.get("/search/", {"q": "-党建 ()"}).content.decode()
    assert "请输入要查找的词" in html


def test_over_long_query_is_cut_with_a_notice(client, publish):
    publish("党建工作")
    response = client.get("/search/", {"q": "党建" + "啊" * 10000})
    assert response.status_code == 200
    assert "搜索词过长，已截取前 100 个字。" in response.content.decode()
    data = client.get("/api/search", {"q": "党建" + "啊" * 500}).json()
    assert data["truncated"] and data["notice"].startswith("搜索词过长")


def test_highlighting_escapes_article_text(client, publish):
    publish(
        "<b>党建</b> & “引号”",
        paragraphs=["正文含 &lt;script&gt;alert('党建')&lt;/script&gt; 字样。"],
    )
    html = client.get("/search/", {"q": "党建"}).content.decode()
    assert "&lt;b&gt;<mark>党建</mark>&lt;/b&gt; &amp; “引号”" in html
    assert "&lt;script&gt;alert(&#x27;<mark>党建</mark>&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_no_results_suggests_each_word_alone(client, publish):
    publish("党建工作会议")
    html = client.get("/search/", {"q": "党建 量子力学"}).content.decode()
    assert "没有找到与“党建 量子力学”相关的文章" in html
    assert '<a href="?q=%E5%85%9A%E5%BB%BA">党建</a>（1 篇）' in html
    assert "量子力学（无结果）" in html or "量子（无结果）" in html


def test_api_returns_the_same_results_as_json(client, publish, channel):
    article = publish("法律援助便民", paragraphs=["法律援助申请全面接入平台。"], author="王晓燕")
    response = client.get("/api/search", {"q": "法律援助"})
    data = response.json()
    assert response["Content-Type"] == "application/json"
    assert data["total"] == 1 and data["page"] == 1 and data["num_pages"] == 1
    result = data["results"][0]
    assert result["title"] == "法律援助便民"
    assert result["title_html"] == "<mark>法律援助</mark>便民"
    assert result["url"] == article.url
    assert result["channel"] == channel.title and result["author"] == "王晓燕"
    assert "<mark>法律援助</mark>申请" in result["snippet_html"]


def test_api_rejects_bad_parameters_in_chinese(client, db):
    response = client.get("/api/search", {"q": "党建", "date_from": "昨天"})
    assert response.status_code == 400
    assert response.json()["error"] == "搜索参数有误。"
    assert response.json()["fields"]["date_from"] == ["输入一个有效的日期。"]
    html = client.get("/search/", {"q": "党建", "date_from": "2024-05-01", "date_to": "2024-01-01"})
    assert "起始日期不能晚于截止日期。" in html.content.decode()


def test_channel_filter_and_date_sort_from_the_form(client, publish, other_channel):
    publish("普法甲", in_channel=other_channel)
    publish("普法乙")
    html = client.get("/search/", {"q": "普法", "channel": other_channel.pk}).content.decode()
    assert "普法甲" in re.sub(r"</?mark>", "", html) and "普法乙" not in re.sub(
        r"</?mark>", "", html
    )


def test_results_are_cacheable_for_anonymous_readers_and_follow_changes(client, publish, committed):
    article = publish("扫黑除恶")
    response = client.get("/search/", {"q": "扫黑除恶"})
    assert response["Cache-Control"] == "public, max-age=60"
    assert (
        "Set-Cookie" not in response.headers
        and "csrfmiddlewaretoken" not in response.content.decode()
    )
    with committed():
        article.unpublish()
    # The index change makes the cached result unreachable at once.
    assert "没有找到" in client.get("/search/", {"q": "扫黑除恶"}).content.decode()


def test_signed_in_readers_get_private_responses(client, django_user_model, db):
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)
    assert "private" in client.get("/search/", {"q": "党建"})["Cache-Control"]


def test_result_page_query_count_does_not_grow_with_results(publish):
    client = Client()
    for n in range(3):
        publish(f"法治政府建设{n}")
    few = count_queries(client, "/search/?q=法治政府&sort=date")
    for n in range(3, 20):
        publish(f"法治政府建设{n}")
    many = count_queries(client, "/search/?q=法治政府&sort=date")
    assert many == few <= 12


def test_dictionary_edited_in_the_admin_applies_to_queries(client, admin_user, publish):
    publish("新型网络诈骗防范指南", paragraphs=["谨防杀猪盘骗局。"])
    client.force_login(admin_user)
    page = client.get("/admin/settings/search/searchdictionary/", follow=True)
    assert page.status_code == 200 and "搜索词典" in page.content.decode()
    settings_url = page.redirect_chain[-1][0]
    response = client.post(settings_url, {"words": "杀猪盘\n网络诈骗\n"}, follow=True)
    assert response.status_code == 200
    assert SearchDictionary.load().word_list() == ["杀猪盘", "网络诈骗"]
    call_command("rebuild_search", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
    client.logout()
    assert "<mark>杀猪盘</mark>" in client.get("/search/", {"q": "杀猪盘"}).content.decode()


def test_wagtail_admin_page_search_still_works(client, admin_user, publish):
    article = publish("Wagtail管理搜索")
    from wagtail.search.backends import get_search_backend

    get_search_backend().add(article)
    client.force_login(admin_user)
    response = client.get("/admin/pages/search/", {"q": "Wagtail管理搜索"})
    assert response.status_code == 200
    assert Page.objects.get(pk=article.pk).title in response.content.decode()
