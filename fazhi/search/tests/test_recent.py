"""SQLite's recent tables: the newest documents ranked apart from the whole index."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from fazhi.search.backends import sqlite
from fazhi.search.backends.base import NO_FILTERS, SearchBackend
from fazhi.search.query import parse_query
from fazhi.search.ranking import key_bound
from fazhi.search.service import current_segmenter, get_backend, run_search

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's FTS5 tables"),
]

RECENT = 3  # SEARCH_RECENT_DOCUMENTS in these tests: filled from 4 x 3 = 12 documents


@pytest.fixture(autouse=True)
def small_recent(settings, monkeypatch):
    settings.SEARCH_RECENT_DOCUMENTS = RECENT
    monkeypatch.setattr(sqlite, "RECENT_SHARE", 4)  # 12 documents fill all 3


def recent_keys() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM search_recent_fts ORDER BY rowid")
        keys = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT rowid FROM search_recent_title_fts ORDER BY rowid")
        assert [row[0] for row in cursor.fetchall()] == keys
    return keys


def newest_keys(count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT doc_key FROM search_document ORDER BY doc_key DESC LIMIT %s", [count]
        )
        return sorted(row[0] for row in cursor.fetchall())


def publish_days(publish, days, title="第{}天", text="社区矫正工作。"):
    now = timezone.now()
    return [
        publish(title.format(day), paragraphs=[text], publish_time=now - timedelta(days=day))
        for day in days
    ]


def test_a_small_index_leaves_the_recent_tables_empty(publish):
    publish_days(publish, range(11))
    call_command("rebuild_search")
    assert recent_keys() == []
    publish_days(publish, [-1])  # newer than all: still nothing kept apart
    assert recent_keys() == []


def test_the_recent_tables_follow_the_newest_documents(publish, committed, settings):
    articles = publish_days(publish, range(1, 13))
    call_command("rebuild_search")
    assert recent_keys() == newest_keys(3)

    # A new article enters, the oldest of the three leaves.
    publish_days(publish, [0])
    assert recent_keys() == newest_keys(3)
    # Backdated: older than all three, it stays out (they hold every document from their oldest).
    publish_days(publish, [30], title="旧闻{}")
    assert recent_keys() == newest_keys(3)
    # Unpublished: gone from them at once (the delete trigger).
    newest = articles[0]
    with committed():
        newest.unpublish()
    assert len(recent_keys()) == 2 and set(recent_keys()) <= set(newest_keys(3))
    # Turned off: emptied by the next write.
    settings.SEARCH_RECENT_DOCUMENTS = 0
    publish_days(publish, [-1])
    assert recent_keys() == []


def test_a_rebuild_fills_at_most_a_share_of_the_index(publish, monkeypatch):
    monkeypatch.setattr(sqlite, "RECENT_SHARE", 6)
    publish_days(publish, range(1, 14))
    call_command("rebuild_search")
    assert recent_keys() == newest_keys(2)  # 13 // 6, not 3
    # New articles join them up to SEARCH_RECENT_DOCUMENTS, then the oldest leave.
    publish_days(publish, [0])
    assert recent_keys() == newest_keys(3)
    publish_days(publish, [-1])
    assert recent_keys() == newest_keys(3)


def scored(words: str, backend: SearchBackend) -> list[tuple[int, float]]:
    query = parse_query(words, current_segmenter())
    return backend.scored(query, NO_FILTERS, 0, key_bound(timezone.now()), title_only=False)


def test_a_full_window_is_ranked_on_the_recent_tables(publish, monkeypatch):
    monkeypatch.setattr(SearchBackend, "window", 2)
    monkeypatch.setattr(type(get_backend()), "window", 2)
    publish_days(publish, range(5))
    publish_days(publish, range(5, 14), title="简讯{}", text="天气晴。")
    publish_days(publish, [20, 21], title="旧案{}", text="旧案卷宗整理。")
    call_command("rebuild_search")
    backend = get_backend()

    # 社区矫正 fills a window of 2 from the 3 recent documents: the same two newest matches as
    # the whole index gives, scored with the recent documents' IDF (in all 3 of them: FTS5's
    # floor, 1e-6; in 5 of all 16 it is log(11.5 / 5.5)).
    recent = scored("社区矫正", backend)
    assert [key for key, _ in recent] == sorted(newest_keys(2), reverse=True)
    assert all(score < 1e-4 for _, score in recent)
    with monkeypatch.context() as whole:
        whole.setattr(type(backend), "_newest_scored", _whole_index_only)
        whole_index = scored("社区矫正", backend)
    assert [key for key, _ in whole_index] == [key for key, _ in recent]
    assert all(score > 0.1 for _, score in whole_index)

    # 旧案 is only in old articles: ranked on the whole index.
    assert all(score > 0.1 for _, score in scored("旧案", backend))
    assert [r.plain_title for r in run_search("旧案").results] == ["旧案20", "旧案21"]


def _whole_index_only(self, tables, match, low, high, phrases):
    with connection.cursor() as cursor:
        return self._bm25_window(cursor, tables, tables.name, match, low, high)


def test_a_window_of_common_words_is_scored_in_python_on_the_whole_index(publish, monkeypatch):
    monkeypatch.setattr(SearchBackend, "window", 2)
    monkeypatch.setattr(type(get_backend()), "window", 2)
    publish_days(publish, range(1, 4), title="简讯{}", text="天气晴。")
    publish_days(publish, range(4, 14), text="社区矫正工作，社区矫正对象。")
    call_command("rebuild_search")
    backend = get_backend()
    with connection.cursor() as cursor:
        assert sqlite.fts5_totals(cursor, "search_fts")[0] == 13  # written by the commit

    by_bm25 = scored("社区矫正 工作", backend)
    monkeypatch.setattr(sqlite, "PYTHON_FROM_POSTINGS", -1)
    in_python = scored("社区矫正 工作", backend)
    # The same newest two rows; bm25's IDFs come from the whole index (words in 10 of 13: the
    # floor, 1e-6), Python's from the recent documents (in none of 3: as for a rare word).
    assert [key for key, _ in in_python] == [key for key, _ in by_bm25]
    assert all(score < 1e-4 for _, score in by_bm25)
    assert all(score > 0.1 for _, score in in_python)
    titles = [r.plain_title for r in run_search("社区矫正 工作").results]
    assert titles[:2] == ["第4天", "第5天"]
