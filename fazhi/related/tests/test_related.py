"""相关阅读: chosen by word similarity when an article or video is published, stored, shown in
the cached page with one query; editors pin and drop; removals purge the pages that list it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from fazhi.news.factories import make_article, make_channel
from fazhi.news.models import ArticlePage
from fazhi.related import store
from fazhi.related.models import KeyTerm, RelatedChoice, RelatedLink, TermDocuments
from fazhi.related.terms import KEY_TERMS, Text, key_terms, merge_choices, term_counts
from fazhi.serving.tests.conftest import cache_state
from fazhi.video.factories import make_video

pytestmark = pytest.mark.django_db
NOW = timezone.now()

CIVIL = [
    (
        "民法典婚姻家庭编解读：夫妻共同债务如何认定",
        "民法典婚姻家庭编对夫妻共同债务的认定作出规定，夫妻双方共同签名或者事后追认的债务属于夫妻共同债务。",
    ),
    (
        "民法典继承编：遗嘱形式有哪些",
        "民法典继承编规定了自书遗嘱、代书遗嘱、打印遗嘱、录音录像遗嘱等遗嘱形式，遗嘱继承优先于法定继承。",
    ),
    (
        "民法典物权编：居住权首次入法",
        "民法典物权编新增居住权制度，当事人可以订立居住权合同，居住权应当向登记机构申请登记。",
    ),
    (
        "民法典合同编：格式条款提示说明义务",
        "民法典合同编规定，提供格式条款的一方应当提示对方注意免除或者减轻其责任的条款，否则对方可以主张该条款不成为合同内容。",
    ),
    (
        "民法典侵权责任编：高空抛物谁来担责",
        "民法典侵权责任编明确禁止从建筑物中抛掷物品，经调查难以确定具体侵权人的，由可能加害的建筑物使用人给予补偿。",
    ),
    (
        "民法典人格权编：个人信息受法律保护",
        "民法典人格权编规定自然人的个人信息受法律保护，处理个人信息应当遵循合法、正当、必要原则。",
    ),
    (
        "民法典总则编：民事行为能力年龄下调",
        "民法典总则编将限制民事行为能力的未成年人年龄下限调整为八周岁，民事权利能力一律平等。",
    ),
]
GANGS = [
    (
        "扫黑除恶专项斗争常态化推进",
        "扫黑除恶专项斗争转入常态化，公安机关依法严厉打击黑恶势力犯罪，深挖彻查保护伞。",
    ),
    (
        "某地法院一审宣判涉黑组织案",
        "法院对以某某为首的黑社会性质组织案一审宣判，黑恶势力成员分别被判处有期徒刑，保护伞被依法追责。",
    ),
]


def tagged(channel, title: str, text: str, *tags: str, hours: int = 0) -> ArticlePage:
    article = make_article(
        channel, title, paragraphs=[text], publish_time=NOW - timedelta(hours=hours)
    )
    if tags:
        article = ArticlePage.objects.get(pk=article.pk)
        article.tags.add(*tags)
        article.save_revision().publish()
    return article


@pytest.fixture
def site(home, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        news = make_channel(home, "法治要闻", "fzyw")
        pufa = make_channel(home, "普法园地", "pufa")
        civil = [tagged(pufa if i % 2 else news, t, b, "民法典", hours=i) for i, (t, b) in enumerate(CIVIL)]  # fmt: skip
        gangs = [tagged(news, t, b, "扫黑除恶", hours=20 + i) for i, (t, b) in enumerate(GANGS)]
    return {"news": news, "pufa": pufa, "civil": civil, "gangs": gangs}


def shown(page) -> list[int]:
    return list(
        RelatedLink.objects.filter(page=page)
        .order_by("position")
        .values_list("target_id", flat=True)
    )


# --- the rules ------------------------------------------------------------------------------
def test_words_are_weighted_by_place_and_rarity():
    text = Text("居住权入法", "居住权合同", "居住权应当登记。我们认为应当登记。", ("民法典",))
    counts = term_counts(text, lambda s: s.replace("。", " ").replace("入法", " 入法").split())
    assert "我们认为应当登记" in counts or "我们" not in counts  # stopwords never counted
    assert counts["民法典"] == 3 + 3  # a tag: cut once, and counted whole
    weights = key_terms(
        {"居住权": 5, "登记": 2, "民法典": 6}, {"居住权": 1, "登记": 50, "民法典": 90}, 100
    )
    assert next(iter(weights)) == "居住权"  # rare beats frequent
    assert abs(sum(w * w for w in weights.values()) - 1) < 1e-9


def test_pins_come_first_drops_never_and_the_page_itself_never():
    assert merge_choices([5, 6, 7, 8], pins=[9, 6], drops=[7], own=5, count=4) == [
        (9, True), (6, True), (8, False),
    ]  # fmt: skip
    assert len(merge_choices(list(range(20)), [], [], own=100, count=6)) == 6


# --- computed at publish ----------------------------------------------------------------------
def test_publish_computes_at_least_five_similar_items(site):
    first = site["civil"][0]
    related = shown(first)
    assert len(related) >= 5
    civil_ids = {a.pk for a in site["civil"]} - {first.pk}
    assert set(related[:5]) <= civil_ids  # the same subject before the others
    assert first.pk not in related
    assert KeyTerm.objects.filter(page=first).count() <= KEY_TERMS + 1  # and its one tag
    assert TermDocuments.objects.get(term=store.TOTAL).documents == len(CIVIL) + len(GANGS)


def test_a_later_publish_finds_the_earlier_ones(site):
    gang = site["gangs"][1]
    assert shown(gang)[0] == site["gangs"][0].pk


def test_the_page_shows_the_list_in_one_query(client, site, django_assert_num_queries):
    first = site["civil"][0]
    response = client.get(first.url)
    html = BeautifulSoup(response.content, "lxml")
    links = html.select("section.related li a")
    assert html.select_one("section.related h2").get_text() == "相关阅读"
    expected = [ArticlePage.objects.get(pk=pk) for pk in shown(first)]
    assert [(a.get_text(), a["href"]) for a in links] == [(p.title, p.url) for p in expected]
    with django_assert_num_queries(1):
        assert [p.pk for p in store.shown_links(first.pk)] == [p.pk for p in expected]


def test_videos_get_related_reading_too(site, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        video = make_video(site["news"], title="扫黑除恶：黑恶势力保护伞被追责", description="扫黑除恶专项斗争中，黑恶势力保护伞被依法追责。",
                           external_url="https://v.qq.com/x/1.html", duration=60)  # fmt: skip
    related = shown(video)
    assert related[0] in {g.pk for g in site["gangs"]}
    html = BeautifulSoup(client.get(video.url).content, "lxml")
    assert len(html.select("section.related li a")) == len(related)


def test_editors_pin_and_drop(site, django_capture_on_commit_callbacks):
    first = ArticlePage.objects.get(pk=site["civil"][0].pk)
    computed = shown(first)
    gang, dropped = site["gangs"][1], computed[0]
    first.related_choices = [
        RelatedChoice(target_id=gang.pk, action=RelatedChoice.PIN),
        RelatedChoice(target_id=dropped, action=RelatedChoice.DROP),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        first.save_revision().publish()
    now = shown(first)
    assert now[0] == gang.pk and dropped not in now and len(now) >= 5
    assert RelatedLink.objects.get(page=first, target=gang).pinned


def test_unpublishing_hides_it_and_purges_the_pages_that_listed_it(
    client, site, settings, django_capture_on_commit_callbacks
):
    settings.FAZHI_PAGE_CACHE_SECONDS = 3600
    settings.FAZHI_PAGE_L1_CHECK_MS = 0
    first = site["civil"][0]
    gone = ArticlePage.objects.get(pk=shown(first)[0])
    listing = [p for p in ArticlePage.objects.live() if gone.pk in shown(p)]
    unrelated = [p for p in site["gangs"] if gone.pk not in shown(p) and p.pk not in
                 {n.pk for n in (gone.neighbours().previous, gone.neighbours().next) if n}]  # fmt: skip
    for page in [*listing, *unrelated]:
        client.get(page.url)
        assert cache_state(client.get(page.url)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        gone.unpublish()
    for page in listing:
        response = client.get(page.url)
        assert cache_state(response) == "miss", page.title
        assert (
            gone.title
            not in BeautifulSoup(response.content, "lxml").select_one("section.related").get_text()
        )
    for page in unrelated:
        assert cache_state(client.get(page.url)) == "hit", page.title
    assert not KeyTerm.objects.filter(page_id=gone.pk).exists()  # never a candidate again


def test_deleting_takes_its_counts_back(site, django_capture_on_commit_callbacks):
    total = TermDocuments.objects.get(term=store.TOTAL).documents
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=site["gangs"][0].pk).delete()
    assert TermDocuments.objects.get(term=store.TOTAL).documents == total - 1


def test_republishing_counts_words_once(site, django_capture_on_commit_callbacks):
    page = ArticlePage.objects.get(pk=site["civil"][2].pk)
    before = TermDocuments.objects.get(term="居住权").documents
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert TermDocuments.objects.get(term="居住权").documents == before


def test_the_admin_edit_form_has_the_related_panel(client, site, django_user_model):
    admin = django_user_model.objects.create_superuser("chief", "chief@example.cn", "pw-123456")
    client.force_login(admin)
    for page in (site["civil"][0],):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        text = response.content.decode()
        assert "相关阅读调整" in text and "固定显示在相关阅读中" in text


def test_rebuild_related_computes_every_list_from_nothing(site):
    from io import StringIO

    from django.core.management import call_command

    RelatedLink.objects.all().delete()
    TermDocuments.objects.update(documents=999)  # wrong counts are replaced, not added to
    out = StringIO()
    call_command("rebuild_related", stdout=out, stderr=StringIO())
    assert "已计算 9 篇" in out.getvalue()
    assert TermDocuments.objects.get(term=store.TOTAL).documents == 9
    for article in site["civil"]:
        assert len(shown(article)) >= 5  # every list full: all words were counted first
