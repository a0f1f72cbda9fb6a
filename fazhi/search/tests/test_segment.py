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


def test_index_tokens_are_search_mode_without_punctuation():
    tokens = Segmenter().index_tokens("高级人民法院，法律援助！")
    assert tokens == ["高级", "人民", "民法", "法院", "高级人民法院", "法律", "援助", "法律援助"]


def test_mixed_scripts_split_into_latin_digits_and_chinese():
    tokens = Segmenter().index_tokens("拨打12348热线，ICP备案2019年")
    assert {"12348", "热线", "icp", "备案", "2019", "年"} <= set(tokens)


def test_word_alternatives_add_the_run_of_sub_words():
    seg = Segmenter()
    assert seg.word_alternatives("人民法院") == [("人民法院",), ("人民", "民法", "法院")]
    # One sub-word alone (违约金 → 违约) would match far too much: not used.
    assert seg.word_alternatives("违约金") == [("违约金",)]
    assert seg.word_alternatives("党建") == [("党建",)]


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
