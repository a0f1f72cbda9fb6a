from fazhi.search.segment import Segmenter, builtin_words, normalize, parse_dictionary


def test_normalize_folds_full_width_and_case():
    assert normalize("２０１９年ＩＣＰ") == "2019年icp"


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
