import pytest

from fazhi.search.query import cut_query, fts5_query, parse_query
from fazhi.search.segment import Segmenter

SEG = Segmenter(["公共法律服务", "法律援助", "党建"])

HOSTILE = [
    '"',
    '""',
    '"unterminated',
    "NEAR(a b)",
    "NEAR/2",
    "a AND OR NOT b",
    "*",
    "法律*",
    "title:法律",
    "{title}:法律",
    "^法律",
    "(((",
    ")",
    "'; DROP TABLE search_document; --",
    "1=1 OR 'a'='a'",
    "!!法律 & | <-> :*",
    "\\x00\x00",
    "-",
    "--",
    "- -法律",
    "％＊＂",
    "法律 " * 5000,
]


def test_words_are_anded():
    q = parse_query("党建 法律援助", SEG)
    assert [t.text for t in q.include] == ["党建", "法律援助"]
    # Dictionary words are one index token each (no sub-word phrase: see extra_words).
    assert fts5_query(q) == '(("党建") AND ("法律援助"))'


def test_a_legacy_index_gets_the_sub_word_phrase_too():
    # Format 1 (built before extra_words): 高级人民法院 holds no 人民法院 token.
    q = parse_query("党建 人民法院", SEG, legacy=True)
    assert fts5_query(q) == '(("党建") AND ("人民法院" OR "人民 民法 法院"))'


def test_a_run_of_chinese_is_cut_into_words():
    q = parse_query("党建工作", SEG)
    assert [t.text for t in q.include] == ["党建", "工作"]


def test_phrase_in_straight_or_curly_quotes():
    for text in ['"司法行政机关"', "“司法行政机关”"]:
        q = parse_query(text, SEG)
        assert len(q.include) == 1
        assert q.include[0].alternatives == (("司法", "行政", "机关"),)
        assert q.highlight == ("司法行政机关",)


def test_exclusion():
    q = parse_query("人民调解 -社区", SEG)
    assert [t.text for t in q.include] == ["人民调解"]
    assert [t.text for t in q.exclude] == ["社区"]
    assert fts5_query(q).endswith(' NOT ("社区")')
    assert not parse_query("-社区", SEG).searchable


def test_mixed_scripts():
    q = parse_query("12348热线 ICP 2019年", SEG)
    assert [t.text for t in q.include] == ["12348", "热线", "icp", "2019", "年"]


def test_title_column_filter():
    q = parse_query("党建", SEG)
    assert fts5_query(q, "title") == '{title} : (("党建"))'


def test_over_long_query_is_cut():
    text, cut = cut_query("法" * 150, 100)
    assert (len(text), cut) == (100, True)
    assert parse_query("法" * 150, SEG).truncated
    assert not parse_query("法律", SEG).truncated


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_text_only_ever_becomes_quoted_tokens(raw):
    q = parse_query(raw, SEG)
    for term in (*q.include, *q.exclude):
        for phrase in term.alternatives:
            for token in phrase:
                assert token and all(ch.isalnum() or ch in "._%+-#&'" for ch in token), token


def test_filters_are_required_tokens():
    q = parse_query("党建 -社区", SEG)
    assert fts5_query(q, required=["fp00010001"]) == ('((("党建")) AND "fp00010001") NOT ("社区")')
