import random
import re
import unicodedata

from fazhi.search.segment import (
    STABLE_CHARS,
    Segmenter,
    builtin_words,
    joins_previous,
    normalize,
    parse_dictionary,
)


def test_normalize_folds_full_width_and_case():
    assert normalize("２０１９年ＩＣＰ") == "2019年icp"


def test_stable_chars_are_left_alone_by_nfkc_and_join_nothing():
    stable = re.compile(f"[{STABLE_CHARS}]")
    seconds = set()  # characters that NFKC composes with the character before them
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    assert all(joins_previous(ch) for ch in seconds)
    for code in range(0x10000):
        ch = chr(code)
        if stable.match(ch):
            assert unicodedata.normalize("NFKC", ch) == ch, hex(code)
            assert not unicodedata.combining(ch) and ch not in seconds, hex(code)


def test_normalize_equals_whole_text_nfkc():
    samples = [
        "第一条　为了保护劳动者的合法权益，制定本法（２０１９年修订）。",
        "温度３０℃，①②Ⅲ；ＡＢＣ－１２３．５％……",
        "café e\u0301 Ａ\u0301 ＝\u0338 가\u11a8 \u1100\u1161 ｶﾞ ﬁ",
    ]
    pool = [
        chr(c)
        for r in (
            range(0x20, 0x250),
            range(0x300, 0x370),
            range(0x1100, 0x1200),
            range(0x3000, 0x3100),
            range(0xFF00, 0xFFF0),
            range(0x4E00, 0x4E20),
            range(0x2000, 0x2200),
            range(0xAC00, 0xAC20),
            (0x0CC6, 0x0CD5, 0x09C7, 0x09BE),
        )
        for c in r
    ]
    rng = random.Random(4)
    samples += ["".join(rng.choices(pool, k=rng.randrange(1, 12))) for _ in range(20000)]
    for text in samples:
        assert normalize(text) == unicodedata.normalize("NFKC", text).lower(), repr(text)


def test_index_tokens_are_search_mode_then_extra_words_without_punctuation():
    tokens = Segmenter().index_tokens("高级人民法院，法律援助！")
    search_mode = ["高级", "人民", "民法", "法院", "高级人民法院", "法律", "援助", "法律援助"]
    assert tokens == [*search_mode, "人民法院"]


def test_extra_words_inside_long_words_and_across_two_tokens():
    seg = Segmenter()
    text = "中华人民共和国最高人民检察院：完善社会主义市场经济体制"
    tokens = seg.index_tokens(text)
    # Inside a long word (search mode stops at 3 characters).
    assert {"中华人民", "人民共和国", "人民检察院"} <= set(tokens)
    # Precise mode cuts 社会主义 / 市场 / 经济体制: 市场经济 spans two of its tokens.
    assert "市场经济" in tokens
    # Every extra word is in the text and in the dictionary (joined overlapping sub-words such
    # as 会主主义 are not words); extra words follow the search-mode tokens.
    stream = seg.phrase_tokens(text)
    extra = tokens[len(stream) :]
    assert tokens[: len(stream)] == list(stream) and extra
    assert all(word in text and seg.is_word(word) and len(word) >= 4 for word in extra)


def test_extra_words_use_what_the_segmenter_remembers():
    seg = Segmenter()
    first = seg.index_text("社会主义市场经济体制")
    assert seg.index_text("社会主义市场经济体制") == first  # answered from memory
    assert "市场经济" in seg._known.words and "人民法院" not in seg._known.words


def test_mixed_scripts_split_into_latin_digits_and_chinese():
    tokens = Segmenter().index_tokens("拨打12348热线，ICP备案2019年")
    assert {"12348", "热线", "icp", "备案", "2019", "年"} <= set(tokens)


def test_a_dictionary_word_is_one_token():
    seg = Segmenter()
    assert seg.word_alternatives("人民法院") == [("人民法院",)]
    assert seg.word_alternatives("违约金") == [("违约金",)]
    assert seg.word_alternatives("党建") == [("党建",)]


def test_other_words_and_a_legacy_index_add_the_run_of_sub_words():
    seg = Segmenter()
    assert seg.word_alternatives("人民法院", legacy=True) == [
        ("人民法院",),
        ("人民", "民法", "法院"),
    ]
    # One sub-word alone (违约金 → 违约) would match far too much: not used.
    assert seg.word_alternatives("违约金", legacy=True) == [("违约金",)]
    # Not a dictionary word (jieba's HMM kept it whole in the query): it may be cut otherwise
    # inside a longer text.
    assert not seg.is_word("法治化营商")
    assert seg.word_alternatives("法治化营商") == [("法治化营商",), ("法治", "法治化", "营商")]


def test_user_words_stay_whole_in_queries():
    assert Segmenter().query_words("公共法律服务") == ["公共", "法律", "服务"]
    assert Segmenter(["公共法律服务"]).query_words("公共法律服务") == ["公共法律服务"]


def test_parse_dictionary_one_word_a_line():
    text = "党建\n\n  法律援助  # comment\n党建\n两个 词\n＃\nＩＣＰ备案\n"
    assert parse_dictionary(text) == ["党建", "法律援助", "icp备案"]


def test_builtin_dictionary_has_the_newsroom_terms():
    assert {"党建", "法律援助", "公共法律服务"} <= set(builtin_words())


def test_index_text_keeps_the_token_order_for_the_fts_tokenizer():
    assert Segmenter().index_text("法律援助，ＩＣＰ！") == "法律 援助 法律援助 , icp !"


# index_text's output is what every stored index holds: a faster implementation must give these
# exact strings (the search-mode stream, then the extra words, sorted). Taken from the
# implementation of 2026-11-26 (main 71c92a7).
FIXED_SAMPLE = {
    "中华人民共和国最高人民法院发布《关于完善社会主义市场经济体制的意见》，"
    "要求各级人民检察院依法履行法律监督职能。": "中华 华人 人民 共和 共和国 中华人民共和国 最高 人民 "
    "民法 法院 最高人民法院 发布 《 关于 完善 社会 会主 主义 社会主义 市场 经济 体制 经济体 "
    "经济体制 的 意见 》 , 要求 各级 人民 检察 察院 检察院 人民检察院 依法 履行 法律 监督 职能 。 "
    "中华人民 人民共和国 人民法院 市场经济",
    "２０１９年，ICP备案系统升级；拨打12348公共法律服务热线可获得法律援助。": "2019 年 , icp 备案 "
    "系统 升级 系统升级 ; 拨打 12348 公共 法律 服务 公共法律服务 热线 可 获得 法律 援助 法律援助 。",
    "省高级人民法院审理的劳动合同纠纷案件中，用人单位违约金条款被认定无效。": "省 高级 人民 民法 "
    "法院 高级人民法院 审理 的 劳动 合同 劳动合同 纠纷 案件 纠纷案 纠纷案件 中 , 用人 单位 "
    "用人单位 违约 违约金 条款 被 认定 无效 。 人民法院",
}


def test_index_text_of_a_fixed_sample_is_unchanged():
    seg = Segmenter(builtin_words())
    for _ in range(2):  # the second time from what the segmenter remembers
        for text, expected in FIXED_SAMPLE.items():
            assert seg.index_text(text) == expected


def test_a_quoted_phrase_skips_the_sub_words_before_its_first_long_word():
    seg = Segmenter()
    assert seg.phrase_tokens("社会主义市场经济")[:4] == ("社会", "会主", "主义", "社会主义")
    assert seg.quoted_phrase("社会主义市场经济") == ("社会主义", "市场", "经济", "市场经济")
    # Kept whole: a first word of 3 characters (it may be another word's sub-word) ...
    assert seg.quoted_phrase("违约金标准") == seg.phrase_tokens("违约金标准")
    # ... and one followed by a long word (two extra words may sit side by side).
    assert seg.phrase_tokens("人民法院乌鲁木齐")[-2:] == ("人民法院", "乌鲁木齐")
    assert seg.quoted_phrase("人民法院乌鲁木齐") == seg.phrase_tokens("人民法院乌鲁木齐")
