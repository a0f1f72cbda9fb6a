"""The index on the database in use (SQLite FTS5, or PostgreSQL when FAZHI_DATABASE_URL says so)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import PageViewRestriction

from fazhi.search import bulk
from fazhi.search.backends.base import SORT_DATE, Filters, SearchBackend
from fazhi.search.models import SearchDocument
from fazhi.search.service import get_backend, run_search
from fazhi.search.tests.test_query import HOSTILE

pytestmark = pytest.mark.django_db


def titles(query, **kwargs):
    return [r.plain_title for r in run_search(query, **kwargs).results]


def test_backend_follows_the_database():
    assert get_backend().vendor == connection.vendor


def test_two_character_words(publish):
    publish("司法行政机关抓党建", paragraphs=["聚力抓好党建工作。"])
    publish("天气预报", paragraphs=["明天晴。"])
    assert titles("党建") == ["司法行政机关抓党建"]
    assert titles("法律") == []


def test_words_inside_longer_words_are_found(publish):
    # Search mode never emits 人民法院 for 高级人民法院: the sub-word phrase finds it.
    publish("省高级人民法院发布白皮书")
    publish("基层法律援助中心挂牌", paragraphs=["援助中心设在司法所。"])
    publish("人民群众满意", paragraphs=["服务群众。"])
    assert titles("人民法院") == ["省高级人民法院发布白皮书"]
    assert titles("援助中心") == ["基层法律援助中心挂牌"]
    assert titles("法律援助") == ["基层法律援助中心挂牌"]


def test_words_across_segmentation_boundaries(publish):
    publish("公共法律服务体系建设", paragraphs=["推进公共法律服务。"])
    publish("公共场所禁烟", paragraphs=["法律规定，公共服务场所禁止吸烟。"])
    # 公共法律服务 is one dictionary word; 法律服务 and 律服 cross its parts.
    assert titles("公共法律服务") == ["公共法律服务体系建设"]
    assert titles('"法律服务"') == ["公共法律服务体系建设"]


def test_mixed_scripts(publish):
    publish(
        "12348热线全天候服务", paragraphs=["拨打１２３４８热线咨询，ICP备案号京ICP备10039517号。"]
    )
    publish("2019年工作总结", paragraphs=["2019年全年办理案件。"])
    assert titles("12348热线") == ["12348热线全天候服务"]
    assert titles("icp") == ["12348热线全天候服务"]
    assert titles("2019年") == ["2019年工作总结"]
    assert titles("ICP 2019年") == []


def test_phrase_and_and(publish):
    publish("甲文", paragraphs=["依法治国是党领导人民治理国家的基本方略。"])
    publish("乙文", paragraphs=["治理国家要依法，人民是根本。"])
    assert set(titles("治理 国家 人民")) == {"甲文", "乙文"}
    assert titles('"治理国家"') == ["甲文", "乙文"] or set(titles('"治理国家"')) == {"甲文", "乙文"}
    assert titles('"人民治理国家"') == ["甲文"]


def test_a_phrase_starting_with_a_long_word(publish):
    # Searched as "社会主义 市场 经济 市场经济" (Segmenter.quoted_phrase): still only adjacent words.
    publish("甲文", paragraphs=["坚持社会主义市场经济改革方向。"])
    publish("乙文", paragraphs=["社会主义建设离不开市场，市场经济在发展。"])
    publish("丙文", paragraphs=["发展社会主义民主，培育市场经济。"])
    assert titles('"社会主义市场经济"') == ["甲文"]
    assert set(titles("社会主义 市场经济")) == {"甲文", "乙文", "丙文"}


def test_exclusion(publish):
    publish("人民调解进社区", paragraphs=["社区调解员。"])
    publish("人民调解进乡村", paragraphs=["村调解员。"])
    assert titles("人民调解 -社区") == ["人民调解进乡村"]
    assert titles("人民调解 -“进社区”") == ["人民调解进乡村"]


def test_filters_by_channel_author_and_date(publish, other_channel):
    now = timezone.now()
    publish("法律援助甲", author="张三", publish_time=now - timedelta(days=10))
    publish("法律援助乙", author="李四", publish_time=now - timedelta(days=1))
    publish("法律援助丙", in_channel=other_channel, author="张三")
    assert set(titles("法律援助", filters=Filters(channel_path=other_channel.path))) == {
        "法律援助丙"
    }
    assert set(titles("法律援助", filters=Filters(author="张三"))) == {"法律援助甲", "法律援助丙"}
    recent = Filters(date_from=now - timedelta(days=3))
    assert set(titles("法律援助", filters=recent)) == {"法律援助乙", "法律援助丙"}
    old = Filters(date_to=now - timedelta(days=3))
    assert titles("法律援助", filters=old) == ["法律援助甲"]
    assert titles("法律援助", sort=SORT_DATE) == ["法律援助丙", "法律援助乙", "法律援助甲"]


def test_a_title_match_outranks_body_matches(publish):
    now = timezone.now()
    publish("关于社区矫正的通知", publish_time=now - timedelta(days=30))
    publish("新闻一", paragraphs=["社区矫正" * 20], publish_time=now)
    publish("新闻二", paragraphs=["社区矫正工作会议召开，社区矫正。"], publish_time=now)
    assert titles("社区矫正")[0] == "关于社区矫正的通知"
    assert titles("社区矫正")[1] == "新闻一"  # more occurrences: higher score


def test_pages_past_the_scored_window_follow_newest_first(publish, monkeypatch):
    monkeypatch.setattr(SearchBackend, "window", 3)
    monkeypatch.setattr(type(get_backend()), "window", 3)
    now = timezone.now()
    for day in range(8):
        title = "检察建议落实" if day == 7 else f"第{day}天"
        publish(title, paragraphs=["检察建议。"], publish_time=now - timedelta(days=day))
    first = run_search("检察建议", per_page=3)
    assert first.total == 8 and first.num_pages == 3
    seen = [
        r.plain_title for p in (1, 2, 3) for r in run_search("检察建议", page=p, per_page=3).results
    ]
    assert seen[0] == "检察建议落实"  # the oldest, but a title match
    assert sorted(seen) == sorted(["检察建议落实", *[f"第{d}天" for d in range(7)]])
    assert seen[4:] == ["第3天", "第4天", "第5天", "第6天"]


def test_index_follows_publish_edit_unpublish_move_delete(publish, other_channel, committed):
    article = publish("以案释法进校园", paragraphs=["开展以案释法活动。"])
    assert titles("以案释法") == ["以案释法进校园"]

    with committed():
        article.title = "普法讲座进校园"
        article.save_revision().publish()
    assert titles("以案释法") == ["普法讲座进校园"]  # body still matches
    assert titles("普法讲座") == ["普法讲座进校园"]

    with committed():
        article.move(other_channel, pos="last-child")
    doc = SearchDocument.objects.get(page_id=article.pk)
    assert (doc.channel, doc.url) == ("普法园地", f"/pufa/{article.slug}/")

    with committed():
        article.refresh_from_db()
        article.unpublish()
    assert titles("普法讲座") == []

    with committed():
        article.save_revision().publish()
    assert titles("普法讲座") == ["普法讲座进校园"]

    with committed():
        article.delete()
    assert titles("普法讲座") == []
    assert not SearchDocument.objects.exists()


def test_deleting_a_channel_removes_its_articles(publish, other_channel, committed):
    publish("社区矫正甲", in_channel=other_channel)
    publish("社区矫正乙")
    with committed():
        other_channel.delete()
    assert titles("社区矫正") == ["社区矫正乙"]


def test_embargoed_and_restricted_pages_are_never_found(publish, channel, committed):
    future = timezone.now() + timedelta(days=2)
    publish("禁发稿件甲", go_live_at=future)  # scheduled: not live yet
    publish("禁发稿件乙", publish_time=future)  # live, but its time has not come
    PageViewRestriction.objects.create(page=channel, restriction_type="password", password="x")
    publish("禁发稿件丙")  # behind a password
    assert titles("禁发稿件") == []
    assert run_search("禁发稿件").total == 0


def test_rebuild_search_restores_the_index(publish):
    publish("扫黑除恶专项斗争")
    SearchDocument.objects.all().delete()
    assert titles("扫黑除恶") == []
    call_command("rebuild_search")
    assert titles("扫黑除恶") == ["扫黑除恶专项斗争"]


def index_contents() -> list[tuple]:
    """Every stored token of the index, as the database holds it."""
    sql = {
        "sqlite": "SELECT rowid, title, lead, body, meta, filters FROM search_fts ORDER BY 1",
        "postgresql": "SELECT doc_key, vector::text, title_vector::text FROM search_vector "
        "ORDER BY 1",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_rebuild_in_worker_processes_writes_the_same_index(publish, monkeypatch):
    for title in ["扫黑除恶专项斗争", "法律援助进社区", "ＩＣＰ备案２０１９年", "人民法院审理"]:
        publish(title)
    call_command("rebuild_search", processes=1)
    in_process = index_contents()
    assert len(in_process) == 4
    # Force the worker pool for a handful of pages, one page a batch (so batches overtake).
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 0)
    monkeypatch.setattr(bulk, "BATCH", 1)
    SearchDocument.objects.all().delete()
    call_command("rebuild_search", processes=2)
    assert index_contents() == in_process
    assert titles("法院") == ["人民法院审理"]
    assert titles("icp 2019年") == ["ＩＣＰ备案２０１９年"]


@pytest.mark.parametrize("raw", [*HOSTILE, "法" * 10000, "NEAR(法律 援助, 2)", '"法律" OR "援助"'])
def test_hostile_queries_are_answered_without_error(publish, raw):
    publish("法律援助", paragraphs=["法律援助。"])
    outcome = run_search(raw)
    assert outcome.total >= 0


def test_a_capped_count_says_it_is_a_lower_bound(publish, client, monkeypatch):
    monkeypatch.setattr(type(get_backend()), "count_cap", 2)
    for n in range(4):
        publish(f"普法宣传{n}")
    outcome = run_search("普法宣传", per_page=1)
    assert (outcome.total, outcome.total_exact, len(outcome.results)) == (2, False, 1)
    assert (
        "找到相关文章 超过 <strong>2</strong> 篇"
        in client.get("/search/?q=普法宣传").content.decode()
    )
    assert client.get("/api/search?q=普法宣传").json()["total_exact"] is False


def test_results_carry_the_indexed_fields(publish, committed):
    """Result rows are read with one plain query: the same values the model gives, the
    publish time aware (both backends), on a page written by the signal and by a rebuild."""
    published = timezone.now().replace(microsecond=0) - timedelta(days=3)
    publish(
        "社区矫正工作会议",
        author="王明",
        paragraphs=["社区矫正工作稳步推进。"],
        publish_time=published,
    )
    for _ in range(2):
        (result,) = run_search("社区矫正").results
        document = SearchDocument.objects.get()
        assert (result.plain_title, result.url, result.channel, result.author) == (
            document.title,
            document.url,
            document.channel,
            document.author,
        )
        assert result.publish_time == document.publish_time == published
        assert timezone.is_aware(result.publish_time)
        assert "<mark>社区矫正</mark>" in result.snippet
        call_command("rebuild_search")
