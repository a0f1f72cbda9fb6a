"""The seed article page, element by element, as a reader's browser receives it."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from fazhi.conftest import count_queries
from fazhi.news.factories import make_article, make_channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_html(client: Client, seed_article) -> BeautifulSoup:
    response = client.get(seed_article.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "lxml")


def test_seed_article_lives_at_its_channel_url(seed_article):
    assert seed_article.get_parent().title == "学界之声"
    assert seed_article.url.startswith(seed_article.get_parent().url)


def test_header_has_site_name_nav_and_search(page_html):
    header = page_html.select_one("header.site-header")
    assert header.select_one(".site-name").get_text(strip=True) == "法治报道"
    nav_labels = [a.get_text(strip=True) for a in header.select("nav.main-nav a")]
    assert "人员查询" in nav_labels
    assert "学界之声" in nav_labels
    search = header.select_one("form[role=search]")
    assert search["action"] == "/search/" and search["method"] == "get"
    assert search.select_one("input[name=q]") is not None
    assert "搜索" in search.get_text()


def test_breadcrumb_links_home_and_channel(page_html, seed_article):
    crumb = page_html.select_one("nav.breadcrumb")
    assert " ".join(crumb.get_text().split()) == "您当前的位置:首页 > 学界之声"
    links = {a.get_text(strip=True): a["href"] for a in crumb.select("a")}
    assert links == {"首页": "/", "学界之声": seed_article.get_parent().url}


def test_title_and_meta_line(page_html):
    assert page_html.select_one("h1").get_text(strip=True) == "司法行政机关抓党建应做到“四个聚力”"
    assert len(page_html.select("h1")) == 1
    meta = page_html.select_one(".article__meta")
    # 阅读 N: the number comes with the live JSON (the page is the same for every reader).
    assert (
        " ".join(meta.get_text().split())
        == "时间:2019-08-28 11:33:51 来源:法治报道 作者:董定权 阅读"
    )
    assert meta.select_one("time")["datetime"] == "2019-08-28T11:33:51+08:00"


def test_lead_body_sections_and_toc(page_html):
    lead = page_html.select_one(".article__lead").get_text(strip=True)
    assert lead.startswith("导读:最大程度发挥党的建设作用")
    headings = [h.get_text(strip=True) for h in page_html.select(".article__body h2")]
    assert len(headings) == 4
    assert headings[0] == "一、聚力抓好司法行政干警意识形态工作"
    assert headings[3].startswith("四、聚力践行以人民为中心的发展思想")
    toc = page_html.select(".article__toc a")
    assert [a.get_text(strip=True) for a in toc] == headings
    for link in toc:  # every 目录 entry points at a heading that exists
        assert page_html.select_one(link["href"]).name == "h2"
    first_paragraph = page_html.select_one(".article__body p").get_text(strip=True)
    assert first_paragraph.startswith("法治报道讯(通讯员 董定权)")


def test_editor_digg_back_link_and_comment_form(page_html):
    assert page_html.select_one(".article__editor").get_text(strip=True) == "责任编辑:guanliyuan3"
    digg = page_html.select_one("form.digg")
    assert digg["method"] == "post"
    assert digg.select_one("button").get_text(strip=True) == "来顶一下"
    assert digg.select_one("[data-live=digg_count]") is not None
    assert page_html.find("a", string="返回首页")["href"] == "/"
    comments = page_html.select_one("section#comments")
    assert "发表评论" in comments.h2.get_text()
    assert "共有" in comments.h2.get_text() and "条评论" in comments.h2.get_text()
    form = comments.select_one("form.comment-form")
    for label in ("用户名:", "密码:", "验证码:"):
        label_el = form.find("label", string=label)
        assert label_el is not None, label
        assert form.select_one(f"#{label_el['for']}") is not None  # every field is labelled
    assert (
        form.select_one("input[name=anonymous][type=checkbox]").parent.get_text(strip=True)
        == "匿名发表"
    )


def test_footer_from_site_settings(page_html):
    footer = page_html.select_one("footer.site-footer").get_text()
    assert "广播电视节目制作经营许可证:(京)字第22754号" in footer
    assert "京公网安备11010102007124号" in footer
    assert "监督电话:010-57027107" in footer
    assert "总编邮箱:zgfzzb@126.com" in footer
    icp = page_html.find("a", string="京ICP备10039517号")
    assert icp["href"] == "https://beian.miit.gov.cn/"


def test_json_ld_and_open_graph(page_html, seed_article):
    data = json.loads(page_html.select_one("script[type='application/ld+json']").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == seed_article.title
    assert data["datePublished"] == "2019-08-28T11:33:51+08:00"
    assert data["author"] == [{"@type": "Person", "name": "董定权"}]
    og = {m["property"]: m["content"] for m in page_html.select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:title"] == seed_article.title
    assert og["og:url"].endswith(seed_article.url)


def test_html_is_identical_for_every_anonymous_reader(client: Client, seed_article):
    first = client.get(seed_article.url)
    other = Client(HTTP_USER_AGENT="another reader", REMOTE_ADDR="10.1.2.3")
    second = other.get(seed_article.url, HTTP_ACCEPT_LANGUAGE="en")
    assert first.content == second.content
    assert b'csrfmiddlewaretoken" value=""' in first.content  # empty: filled in by live.js
    assert "Set-Cookie" not in first.headers and not first.cookies


def test_no_external_assets(page_html):
    assets = [
        *[(link, "href") for link in page_html.select("link[rel=stylesheet]")],
        *[(script, "src") for script in page_html.select("script[src]")],
        *[(img, "src") for img in page_html.select("img[src]")],
    ]
    assert assets
    for element, attr in assets:
        assert not element[attr].startswith(("http://", "https://", "//")), element


def test_live_data_endpoint_gives_token_and_sign_in_state(client: Client, seed_article):
    response = client.get(f"/api/pages/{seed_article.pk}/live/?me=1")  # the personal mode
    assert response.status_code == 200
    data = response.json()
    assert data["csrf_token"] and data["user"] is None
    assert "no-cache" in response["Cache-Control"]


def test_live_data_for_unknown_page_is_404(client: Client, home):
    assert client.get("/api/pages/999999/live/").status_code == 404


def test_article_page_query_count_is_fixed(client, seed_article, home):
    seed_count = count_queries(client, seed_article.url)
    short = make_article(seed_article.get_parent(), "短文", paragraphs=["一段。"])
    for n in range(3):
        make_channel(home, f"栏目{n}")  # more channels in the nav
    # 14: one query for the 更正 notes (fazhi.editorial), with or without any.
    assert count_queries(client, short.url) == seed_count <= 14


def test_public_content_is_plain_text(seed_article):
    from fazhi.core.content import public_content_of

    content = public_content_of(seed_article)
    assert content.title == seed_article.title
    assert content.channel == "学界之声"
    assert content.body.startswith("法治报道讯(通讯员 董定权)")
    assert "<p>" not in content.body
    assert public_content_of(seed_article.get_parent()) is None
