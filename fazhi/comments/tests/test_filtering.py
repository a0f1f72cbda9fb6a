"""The sensitive-word filter: normalisation and evasion cases, spans, word-list files."""

from __future__ import annotations

import pytest

from fazhi.comments.filtering import (
    BLOCK,
    HOLD,
    WordFilter,
    highlight_spans,
    normalise,
    normalise_word,
    parse_word_list,
)

WORDS = WordFilter([("法轮功", BLOCK), ("六合彩", BLOCK), ("枪支", HOLD), ("ABC", BLOCK)])


def test_normalise_full_width_case_and_traditional():
    assert normalise_word("ＡＢＣ") == "abc"
    assert normalise_word("Abc") == "abc"
    assert normalise_word("法輪功") == "法轮功"
    assert normalise_word("六 合 彩") == "六合彩"


def test_normalise_keeps_a_map_to_the_original_text():
    skeleton, origin = normalise("a ＢＣ!d")
    assert skeleton == "abcd"
    assert origin == [0, 2, 3, 5]


@pytest.mark.parametrize(
    "text",
    [
        "法轮功",
        "这里有法轮功的东西",
        "法 轮 功",
        "法*轮*功",
        "法　轮　功",  # ideographic spaces
        "法-轮_功",
        "法.轮。功",
        "法♥轮★功",
        "法\u200b轮\u200b功",  # zero-width spaces
        "法輪功",  # traditional
        "六合彩",
        "六．合．彩",
        "abc",
        "ＡＢＣ",
        "a b c",
        "A|B|C",
        "Ａ－Ｂ－Ｃ",
    ],
)
def test_blocked_words_are_found_through_evasions(text):
    result = WORDS.check(text)
    assert result.blocked, text


@pytest.mark.parametrize(
    "text",
    ["法治建设", "轮功", "六合", "abxc", "今天天气很好", "", "法轮", "abd"],
)
def test_innocent_text_passes(text):
    result = WORDS.check(text)
    assert not result.matches, text


def test_hold_words_hold_and_block_words_block():
    held = WORDS.check("非法枪支买卖")
    assert held.held and not held.blocked
    assert held.words == ["枪支"]
    both = WORDS.check("枪支 与 六合彩")
    assert both.blocked and both.held
    assert both.words_with(BLOCK) == ["六合彩"]


def test_match_spans_point_at_the_original_text():
    text = "看：法 * 轮 * 功！"
    result = WORDS.check(text)
    (match,) = result.matches
    assert text[match.start : match.end] == "法 * 轮 * 功"
    assert highlight_spans(text, result) == [("看：", False), ("法 * 轮 * 功", True), ("！", False)]


def test_same_skeleton_twice_block_wins():
    both = WordFilter([("枪 支", HOLD), ("枪支", BLOCK)])
    assert both.size == 1
    assert both.check("枪支").blocked


def test_empty_filter_and_empty_words():
    assert not WordFilter([]).check("法轮功").matches
    assert WordFilter([("  ", BLOCK), ("***", BLOCK)]).size == 0


def test_word_list_file_one_word_a_line():
    content = "\ufeff法轮功\n\n# a comment\n  六合彩  \n法轮功\r\n代开发票\n"
    assert parse_word_list(content) == ["法轮功", "六合彩", "代开发票"]
