"""Rebuilding the index: the token format upgrade, and PostgreSQL's shadow-table swap."""

from __future__ import annotations

import importlib

import psycopg
import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

from fazhi.news.factories import make_article, make_channel
from fazhi.search.indexing import entry_for, replace_index, restricted_paths, resync_pages
from fazhi.search.models import INDEX_FORMAT, SearchDocument, SearchIndexState
from fazhi.search.service import FORMAT_KEY, get_backend, index_is_legacy, run_search

pytestmark = pytest.mark.django_db


def test_words_inside_and_across_tokens_are_single_tokens(publish):
    publish("完善社会主义市场经济体制", paragraphs=["省高级人民法院召开会议。"])
    publish("市场监管", paragraphs=["经济运行平稳。"])
    for word in ["市场经济", "人民法院"]:
        outcome = run_search(word)
        # One token, no sub-word phrase (which PostgreSQL's GIN index would recheck).
        assert outcome.query.include[0].alternatives == ((word,),)
        assert [r.plain_title for r in outcome.results] == ["完善社会主义市场经济体制"]


def test_rebuild_upgrades_a_legacy_index(publish):
    publish("省高级人民法院发布白皮书")
    SearchIndexState.set_format(1)
    cache.delete(FORMAT_KEY)
    assert index_is_legacy()
    # Until the rebuild, searches also look for the sub-word phrase (old articles lack the
    # extra words).
    legacy = run_search("人民法院")
    assert legacy.query.include[0].alternatives == (("人民法院",), ("人民", "民法", "法院"))
    assert [r.plain_title for r in legacy.results] == ["省高级人民法院发布白皮书"]
    call_command("rebuild_search")
    assert SearchIndexState.current_format() == INDEX_FORMAT and not index_is_legacy()
    current = run_search("人民法院")
    assert current.query.include[0].alternatives == (("人民法院",),)
    assert [r.plain_title for r in current.results] == ["省高级人民法院发布白皮书"]


def _index_names() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname FROM pg_indexes "
            "WHERE tablename IN ('search_document', 'search_vector') "
            "UNION ALL SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE conrelid IN ('search_document'::regclass, 'search_vector'::regclass) ORDER BY 1, 2"
        )
        return cursor.fetchall()


def _other_connection() -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"], port=s["PORT"] or 5432, user=s["USER"], dbname=s["NAME"], autocommit=True
    )


@pytest.mark.postgres
def test_postgres_rebuild_loads_a_shadow_table_while_searches_and_edits_go_on(
    django_db_serialized_rollback, transactional_db, home
):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's shadow table: runs in the PostgreSQL pass")
    channel = make_channel(home, "法治要闻", "yaowen")
    first = make_article(channel, "扫黑除恶专项斗争")
    second = make_article(channel, "法律援助进社区")
    assert SearchDocument.objects.count() == 2  # indexed by the signal handlers
    names = _index_names()
    backend = get_backend()
    resynced: list[int] = []
    seen_during_load: list[int] = []

    def resync(ids: list[int]) -> None:
        resynced.extend(ids)
        resync_pages(ids, backend)

    def entries():
        restricted = restricted_paths()
        for page in (first, second):
            yield entry_for(page, restricted)
            if page is first:
                with _other_connection() as other:
                    # A reader is not held up by the rebuild, and sees the live index.
                    other.execute("SET statement_timeout = '5s'")
                    row = other.execute(
                        "SELECT count(*) FROM search_vector "
                        "WHERE vector @@ plainto_tsquery('simple', '扫黑除恶')"
                    ).fetchone()
                    seen_during_load.append(row[0])
                    # A signal handler writes the live table meanwhile (here: a stale title).
                    other.execute(
                        "UPDATE search_document SET title = '旧标题' WHERE page_id = %s",
                        [second.pk],
                    )

    replace_index(entries(), backend, resync, processes=1)
    assert seen_during_load == [1]
    # The page the live table got a write for was indexed again from the page itself.
    assert resynced == [second.pk]
    assert SearchDocument.objects.get(page_id=second.pk).title == "法律援助进社区"
    # The shadow table took the live one's place, indexes and constraints under their names.
    assert _index_names() == names
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regclass('search_document_rebuild'), to_regclass('search_vector_rebuild')"
        )
        assert cursor.fetchone() == (None, None)
    assert [r.plain_title for r in run_search("扫黑除恶").results] == ["扫黑除恶专项斗争"]
    assert [r.plain_title for r in run_search("援助").results] == ["法律援助进社区"]
    # The vectors follow their document (foreign key, ON DELETE CASCADE).
    SearchDocument.objects.filter(page_id=first.pk).delete()
    assert run_search("扫黑除恶").total == 0


def test_the_format_migration_marks_an_existing_index_as_legacy(publish):
    migration = importlib.import_module("fazhi.search.migrations.0004_index_format")
    SearchIndexState.objects.all().delete()
    migration.record_format(django_apps, None)  # a new site: empty index
    assert SearchIndexState.current_format() == INDEX_FORMAT
    publish("扫黑除恶专项斗争")
    SearchIndexState.objects.all().delete()
    migration.record_format(django_apps, None)  # a site upgraded with its index
    assert SearchIndexState.current_format() == 1


def test_sqlite_rebuild_recreates_the_fts_tables_with_their_settings(publish):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 tables")
    first = publish("扫黑除恶专项斗争")
    publish("法律援助进社区")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('usermerge', 8)")
    pragmas = _connection_pragmas()
    call_command("rebuild_search")
    # The rebuild's page cache size is put back.
    assert _connection_pragmas() == pragmas
    with connection.cursor() as cursor:
        cursor.execute("SELECT k, v FROM search_fts_config ORDER BY k")
        assert cursor.fetchall() == [("automerge", 4), ("usermerge", 8), ("version", 4)]
        cursor.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)")
    assert [r.plain_title for r in run_search("扫黑除恶").results] == ["扫黑除恶专项斗争"]
    # The delete trigger reaches the new tables.
    SearchDocument.objects.filter(page_id=first.pk).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_fts")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT count(*) FROM search_title_fts")
        assert cursor.fetchone()[0] == 1
    assert run_search("扫黑除恶").total == 0


def _connection_pragmas() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]


def test_sqlite_bulk_puts_the_connection_settings_back_after_an_error(publish):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's connection settings")
    pragmas = _connection_pragmas()
    backend = get_backend()
    with pytest.raises(RuntimeError), transaction.atomic():
        with backend.bulk():
            assert _connection_pragmas() != pragmas
            raise RuntimeError
    assert _connection_pragmas() == pragmas
