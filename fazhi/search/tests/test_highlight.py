from fazhi.search.highlight import highlight, match_spans, snippet


def test_marks_are_taken_from_the_original_text():
    assert highlight("ＩＣＰ备案与icp", ["icp"]) == "<mark>ＩＣＰ</mark>备案与<mark>icp</mark>"


def test_article_text_is_escaped_and_marks_are_not():
    html = highlight('<script>alert("法律")</script> & 法律', ["法律"])
    assert html == (
        "&lt;script&gt;alert(&quot;<mark>法律</mark>&quot;)&lt;/script&gt; &amp; <mark>法律</mark>"
    )


def test_a_needle_that_looks_like_markup_is_escaped_too():
    assert highlight("a<b>c", ["<b>"]) == "a<mark>&lt;b&gt;</mark>c"


def test_longest_needle_wins():
    assert match_spans("法律援助中心", ["法律", "法律援助"]) == [(0, 4)]


def test_snippet_is_a_window_around_the_first_match():
    text = "开头" * 100 + "关键的党建工作" + "结尾" * 100
    html = snippet(text, ["党建"], length=40)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>党建</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 42


def test_snippet_without_a_match_is_the_beginning():
    assert snippet("甲乙丙丁", ["党建"], length=2) == "甲乙…"
