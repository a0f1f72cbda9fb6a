"""PostgreSQL chooses each window's plan from a capped count: walking the doc_key index newest
first (dense matches) must give exactly what the GIN bitmap plan gives."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from fazhi.search.backends import postgres
from fazhi.search.backends.base import NO_FILTERS, SORT_DATE, SORT_RELEVANCE, Filters
from fazhi.search.query import parse_query
from fazhi.search.ranking import key_bound
from fazhi.search.service import current_segmenter, get_backend, run_search


def _answer(backend, raw: str, date_order: bool = False) -> tuple[tuple, list[str]]:
    """count_and_scored's answer (count_and_newest's, in date order, 2 results from the 2nd),
    and its statement's EXPLAIN ANALYZE lines."""
    return _statement(backend, raw, NO_FILTERS, date_order)


def _walked(plan: list[str]) -> int:
    """How many walking branches ran: their rows are tested by ``ts_match_vq`` (a node whose
    branch was gated off says 'never executed'). At scale the walk is an ordered backward scan
    of the doc_key index; on a dozen rows the planner may read them all and sort."""
    walked, node = 0, ""
    for line in plan:
        if "(actual" in line or "never executed" in line:
            node = line
        elif "ts_match_vq(" in line and "never executed" not in node:
            walked += 1
    return walked


def _publish_sample(publish, with_rare_word: bool = False) -> datetime:
    """Twelve articles a day apart: 检察建议 in every body (in a third of the titles), the
    phrase 社会主义市场经济 in half, and (``with_rare_word``) 公益诉讼 in a quarter; returns the
    newest one's publish time."""
    now = timezone.now()
    for n in range(12):
        title = f"检察建议第{n}号" if n % 3 == 0 else f"工作通报{n}"
        body = ["检察建议" * (n % 4 + 1) + "。", "社会主义市场经济。" if n % 2 else "市场。"]
        if with_rare_word and n % 4 == 0:
            body.append("公益诉讼。")
        publish(title, paragraphs=body, publish_time=now - timedelta(days=n))
    return now


@pytest.mark.postgres
def test_dense_matches_walk_newest_first_with_the_same_results(publish, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan choice: runs in the PostgreSQL pass")
    _publish_sample(publish)
    backend = type(get_backend())
    # The plans as chosen from capped counts alone (as before the first ANALYZE).
    monkeypatch.setattr(postgres, "token_shares", lambda: None)
    monkeypatch.setattr(backend, "window", 4)  # the window holds some of the matches
    monkeypatch.setattr(backend, "count_cap", 3)
    monkeypatch.setattr(backend, "title_count_cap", 2)
    cases = ["检察建议", '"社会主义市场经济"', "检察建议 -市场经济", "检察建议 市场"]
    for raw in cases:
        monkeypatch.setattr(backend, "dense_share", 1e9)  # never dense: the GIN bitmap
        monkeypatch.setattr(backend, "title_dense_share", 1e9)
        bitmap = [_answer(get_backend(), raw), _answer(get_backend(), raw, date_order=True)]
        pages = _pages(raw)
        monkeypatch.setattr(backend, "dense_share", 0)  # dense whenever the cap is passed
        monkeypatch.setattr(backend, "title_dense_share", 0)
        walked = [_answer(get_backend(), raw), _answer(get_backend(), raw, date_order=True)]
        assert [a for a, _ in walked] == [a for a, _ in bitmap], raw
        assert len(bitmap[0][0][1]) == 4, raw  # a full window: the plans had a choice to make
        assert len(bitmap[1][0][1]) == 2, raw
        for (_, bitmap_plan), (_, walked_plan) in zip(bitmap, walked, strict=True):
            assert _walked(bitmap_plan) == 0, raw
            assert _walked(walked_plan) >= 1, "\n".join(walked_plan)
        assert _pages(raw) == pages, raw
    # The title window walks too when its own count passes its cap.
    _, plan = _answer(get_backend(), "检察建议")
    assert _walked(plan) == 2


def _pages(raw: str) -> list[list[str]]:
    """Titles of the first two pages of 3, by relevance and by date."""
    return [
        [r.plain_title for r in run_search(raw, sort=sort, page=p, per_page=3).results]
        for sort in (SORT_RELEVANCE, SORT_DATE)
        for p in (1, 2)
    ]


def _counted(plan: list[str]) -> bool:
    """Whether the matches were counted: the CTE ``m`` (read by the count) ran."""
    at = next(i for i, line in enumerate(plan) if line.strip() == "CTE m")
    return "never executed" not in plan[at + 1]


@pytest.mark.postgres
def test_plans_chosen_from_token_statistics_give_the_same_results(publish, monkeypatch):
    """With ANALYZE's token statistics the plans are chosen without counting where a share
    settles it, and a lone word in more than twice ``count_cap`` rows is not counted: the
    answers are the ones the capped counts give."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan choice: runs in the PostgreSQL pass")
    now = _publish_sample(publish, with_rare_word=True)
    backend = type(get_backend())
    monkeypatch.setattr(backend, "window", 4)
    monkeypatch.setattr(backend, "count_cap", 5)
    monkeypatch.setattr(backend, "title_count_cap", 2)
    monkeypatch.setattr(postgres, "_SHARES", {})
    cases = ["检察建议", "公益诉讼", '"社会主义市场经济"', "检察建议 -市场经济", "检察建议 市场"]
    monkeypatch.setattr(postgres, "token_shares", lambda: None)
    counted = {raw: [_answer(get_backend(), raw, d)[0] for d in (False, True)] for raw in cases}
    pages = {raw: _pages(raw) for raw in cases}
    monkeypatch.undo()  # statistics from here on, the caps as above
    monkeypatch.setattr(backend, "window", 4)
    monkeypatch.setattr(backend, "count_cap", 5)
    monkeypatch.setattr(backend, "title_count_cap", 2)
    monkeypatch.setattr(postgres, "_SHARES", {})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_vector")
    shares = postgres.token_shares()
    assert shares is not None and shares.text["检察建议"] == 1.0
    for raw in cases:
        answers = [_answer(get_backend(), raw, d) for d in (False, True)]
        assert [a for a, _ in answers] == counted[raw], raw
        assert _pages(raw) == pages[raw], raw
    # 检察建议 is in all 12 rows, over twice the cap: shown as more than 5, not counted; its
    # window walks (the title window too: 4 titles of 12).
    (total, _, _), plan = _answer(get_backend(), "检察建议")
    assert total == 6 and not _counted(plan), "\n".join(plan)
    assert _walked(plan) == 2
    # In a date range the word is counted (the statistics are the whole index's).
    until = Filters(date_to=now - timedelta(days=8, hours=12))
    in_range = run_search("检察建议", filters=until)
    assert (in_range.total, in_range.total_exact) == (3, True)
    # 公益诉讼, in 3 rows: counted, and no walk (its share is below ``walk_share``).
    (total, _, _), plan = _answer(get_backend(), "公益诉讼")
    assert total == 3 and _counted(plan) and _walked(plan) == 0


def test_range_share_interpolates_the_doc_key_histogram():
    shares = postgres.TokenShares(1000.0, {}, 0.0, {}, 0.0, keys=(0, 100, 200, 400))
    assert shares.range_share(0, 399) == pytest.approx(1.0)
    assert shares.range_share(0, 99) == pytest.approx(1 / 3)
    assert shares.range_share(200, 299) == pytest.approx(1 / 6)
    assert shares.range_share(500, 900) == 0.0  # past the last bound (newer than ANALYZE)
    assert shares.range_share(-50, 49) == pytest.approx(1 / 6)
    assert postgres.TokenShares(1000.0, {}, 0.0, {}, 0.0).range_share(0, 1) == 1.0  # unknown
    # Rows changed since ANALYZE are counted in every range (the histogram does not know them).
    since = postgres.TokenShares(1000.0, {}, 0.0, {}, 0.0, keys=(0, 100, 200, 400), changed=50)
    assert since.range_share(500, 900) == pytest.approx(0.05)
    assert since.range_share(0, 99) == pytest.approx(1 / 3 + 0.05)


def _statement(backend, raw: str, filters: Filters, date_order: bool) -> tuple[tuple, list[str]]:
    """count_and_scored's (count_and_newest's, 2 results from the 2nd) answer in ``filters``'
    date range, and its statement's EXPLAIN ANALYZE lines."""
    query = parse_query(raw, current_segmenter())
    low = key_bound(filters.date_from, upper=False) if filters.date_from else 0
    high = key_bound(timezone.now())
    statements = []
    fetch = backend._fetch

    def recording(sql, params):
        statements.append((sql, params))
        return fetch(sql, params)

    backend._fetch = recording
    try:
        if date_order:
            answer = backend.count_and_newest(query, filters, low, high, 1, 2)
        else:
            total, window, titled = backend.count_and_scored(query, filters, low, high)
            answer = (total, sorted(window), sorted(titled))
    finally:
        del backend._fetch
    ((sql, params),) = statements
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    return answer, plan


def _range_walked(plan: list[str]) -> bool:
    """Whether the CTE ``m`` (the matches) walked the date range: its rows tested one by one
    by ``ts_match_vq`` rather than found by the GIN index."""
    at = next(i for i, line in enumerate(plan) if line.strip() == "CTE m")
    body = []
    for line in plan[at + 1 :]:
        if line.strip().startswith("CTE "):
            break
        body.append(line)
    return any("ts_match_vq(" in line for line in body)


@pytest.mark.postgres
def test_a_narrow_date_range_is_walked_with_the_same_results(publish, monkeypatch):
    """With ANALYZE's statistics, a date range holding few rows next to the words' matches is
    walked row by row (newest first) instead of reading every match from the GIN index: the
    counts, windows and pages are the ones the GIN plan gives."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan choice: runs in the PostgreSQL pass")
    now = _publish_sample(publish, with_rare_word=True)
    backend = type(get_backend())
    monkeypatch.setattr(backend, "window", 4)
    monkeypatch.setattr(backend, "count_cap", 5)
    monkeypatch.setattr(backend, "title_count_cap", 2)
    monkeypatch.setattr(postgres, "_SHARES", {})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_vector")
    shares = postgres.token_shares()
    assert shares is not None and len(shares.keys) == 12
    since = Filters(date_from=now - timedelta(days=6, hours=12))  # the newest 7 of 12
    cases = ["检察建议", "公益诉讼", '"社会主义市场经济"', "检察建议 -市场经济", "检察建议 市场"]
    for raw in cases:
        monkeypatch.setattr(backend, "range_walk_ratio", 0)  # never walk the range
        gin = [_statement(get_backend(), raw, since, d) for d in (False, True)]
        pages = _filtered_pages(raw, since)
        monkeypatch.setattr(backend, "range_walk_ratio", 1e9)  # walk it whenever there are stats
        walked = [_statement(get_backend(), raw, since, d) for d in (False, True)]
        assert [a for a, _ in walked] == [a for a, _ in gin], raw
        assert not any(_range_walked(plan) for _, plan in gin), raw
        assert all(_range_walked(plan) for _, plan in walked), raw
        assert _filtered_pages(raw, since) == pages, raw
    # 检察建议: 7 matches in range, over the cap of 5 — counted as more, by the walk too.
    assert walked and _statement(get_backend(), "检察建议", since, False)[0][0] == 6
    # The default ratio: 7 rows of 12 is no narrow range for a word in every row.
    monkeypatch.undo()
    monkeypatch.setattr(postgres, "_SHARES", {})
    assert not _range_walked(_statement(get_backend(), "检察建议", since, False)[1])


def _filtered_pages(raw: str, filters: Filters) -> list[tuple[int, bool, list[str]]]:
    """Totals and titles of the first two pages of 3, by relevance and by date."""
    pages = []
    for sort in (SORT_RELEVANCE, SORT_DATE):
        for page in (1, 2):
            outcome = run_search(raw, filters=filters, sort=sort, page=page, per_page=3)
            pages.append(
                (outcome.total, outcome.total_exact, [r.plain_title for r in outcome.results])
            )
    return pages
