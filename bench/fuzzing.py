"""Fuzz targets: the page importer, the search query parser and the sensitive-word normaliser.

Each target takes one input and raises AssertionError (or any unexpected exception) when fazhi
misbehaves; a refusal it is designed to give (PageParseError) is not a failure. The suite runs
them a few hundred times with hypothesis (fazhi/security/tests/test_fuzz.py); `bench/fuzz.py`
runs them for a million inputs or more. Tooling, not part of the running site: it lives in
``bench/`` and nothing under ``fazhi/`` but tests imports it.
"""

from __future__ import annotations

import sqlite3
from functools import cache

from hypothesis import strategies as st

from fazhi.comments.filtering import BLOCK, HOLD, WordFilter, normalise
from fazhi.importers.parsing import PageParseError, parse_bytes
from fazhi.search.query import fts5_query, parse_query
from fazhi.search.segment import Segmenter

# Characters a reader or a scraped page can really hold, weighted to the hard cases: CJK,
# markup and query syntax, quotes, separators, controls, surrogate-free astral characters.
_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
_SYNTAX = st.sampled_from(
    [
        *list("<>\"'“”-*^:(){}[]&|!~\\/%;_ \t\n\r\x00\u3000\u200b\ufeff"),
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "<->",
        "<script>",
        "法治",
        "律师",
        "人民法院",
        "法轮功",
    ]
)


@st.composite
def hostile_text(draw, max_size: int = 300) -> str:
    parts = draw(
        st.lists(st.one_of(st.text(_ALPHABET, max_size=20), _SYNTAX), max_size=max_size // 8)
    )
    return "".join(parts)[:max_size]


def hostile_bytes() -> st.SearchStrategy[bytes]:
    """Raw bytes, or text in the encodings pages come in, optionally wrapped in page markup."""
    text = hostile_text(2000)
    wrapped = st.builds(
        lambda head, body, tail: f"{head}您当前的位置:首页 > {body}\n时间:2019-08-28 {tail}",
        hostile_text(100),
        text,
        hostile_text(100),
    )
    html = st.builds(lambda t: f"<html><title>{t}</title><body><h1>{t}</h1><p>{t}</p>", text)
    encoded = st.tuples(st.one_of(text, wrapped, html), st.sampled_from(["utf-8", "gb18030"]))
    return st.one_of(
        st.binary(max_size=2000), encoded.map(lambda pair: pair[0].encode(pair[1], "replace"))
    )


def check_importer(data: bytes) -> None:
    try:
        parsed = parse_bytes(data, filename="fuzz")
    except PageParseError as error:
        assert str(error), "a refusal must say why"
        return
    assert parsed.title.strip()


@cache
def _segmenter() -> Segmenter:
    return Segmenter(["人民法院", "法律援助"])


@cache
def _fts() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, filters)")
    db.execute("INSERT INTO t VALUES ('人民法院 法律援助', '法治 律师', 'fp1')")
    return db


def check_query(raw: str) -> None:
    """Whatever is typed, the parsed query is bounded and its FTS5 expression is valid syntax."""
    query = parse_query(raw, _segmenter())
    assert len(query.text) <= 100
    if not query.include:
        return
    for expression in (fts5_query(query), fts5_query(query, column="title", required=["fp1"])):
        _fts().execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()


_FILTER = WordFilter([("法轮功", BLOCK), ("办证", HOLD), ("台独", BLOCK), ("ｆａｌｕｎ", BLOCK)])


def check_normaliser(text: str) -> None:
    skeleton, origin = normalise(text)
    assert len(skeleton) == len(origin)
    assert origin == sorted(origin) and all(0 <= i < len(text) for i in origin)
    for match in _FILTER.check(text).matches:
        assert 0 <= match.start < match.end <= len(text)
