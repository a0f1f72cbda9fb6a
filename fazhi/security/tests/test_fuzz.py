"""Short fuzz runs of the three parsers (the long runs: bench/fuzz.py)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from bench.fuzzing import (
    check_importer,
    check_normaliser,
    check_query,
    hostile_bytes,
    hostile_text,
)
from fazhi.security.tests.hostile import HOSTILE

SHORT_RUN = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@SHORT_RUN
@given(hostile_bytes())
def test_importer_never_crashes(data):
    check_importer(data)


@SHORT_RUN
@given(hostile_text())
def test_query_parser_gives_valid_fts5(raw):
    check_query(raw)


@SHORT_RUN
@given(hostile_text())
def test_normaliser_keeps_offsets(text):
    check_normaliser(text)


def test_the_hostile_corpus_through_all_three():
    for item in HOSTILE:
        check_query(item)
        check_normaliser(item)
        check_importer(item.encode("utf-8"))
