import pytest

from fazhi.search import highlight as highlight_module
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


def test_folding_is_per_character_nfkc_and_lower_case_everywhere():
    """The translation table gives what NFKC + lower() per character gives, on every BMP
    character (positions never move: a match span is a span of the original text)."""
    import unicodedata

    from fazhi.search.highlight import _fold

    def reference(ch: str) -> str:
        folded = unicodedata.normalize("NFKC", ch)
        folded = folded if len(folded) == 1 and _NEEDS_NFKC.match(ch) else ch
        low = folded.lower()
        return low if len(low) == 1 else folded

    from fazhi.search.highlight import _NEEDS_NFKC

    text = "".join(chr(code) for code in range(0x20, 0x10000) if not 0xD800 <= code < 0xE000)
    assert _fold(text) == "".join(map(reference, text))
    assert match_spans("２０１９年ＩＣＰ备案", ["2019年", "icp"]) == [(0, 5), (5, 8)]
    # İ lower-cases to two characters: the marks after it stay on their characters.
    assert str(highlight("İstanbul 法律", ["法律"])) == "İstanbul <mark>法律</mark>"


@pytest.mark.parametrize("position", [0, 100, 380, 390, 395, 400, 505, 508, 510, 2000, 2990])
def test_a_snippet_from_a_folded_prefix_is_the_snippet_of_the_whole_text(position, monkeypatch):
    filler = "法治宣传教育（２０２６）。" * 250
    # 法律援助 and its prefix 法律: the longer must win even where it crosses the prefix's end.
    text = filler[:position] + "ＡＢＣ法律援助中心" + filler[position:] + "法律"
    needles = ["法律援助", "法律", "abc"]
    from_prefix = snippet(text, needles)
    monkeypatch.setattr(highlight_module, "SNIPPET_PREFIX", 10**9)
    assert from_prefix == snippet(text, needles)
    assert "<mark>法律援助</mark>" in from_prefix or position >= 2990
