"""The pure conversions: old markup, URLs, passwords and comments in, fazhi values out."""

from datetime import UTC, datetime

from fazhi.legacy import convert
from fazhi.legacy.convert import BodyPage, FileRef


def test_unix_time():
    assert convert.unix_to_datetime(1566963231) == datetime(2019, 8, 28, 3, 33, 51, tzinfo=UTC)
    assert convert.unix_to_datetime(0) is None
    assert convert.unix_to_datetime("") is None
    naive = datetime(2019, 1, 1)
    assert convert.unix_to_datetime(naive).tzinfo is UTC


def test_keywords_to_tags_splits_on_every_separator_and_dedupes():
    assert convert.keywords_to_tags("法治,政府，调解 调解、普法;Law|law") == [
        "法治", "政府", "调解", "普法", "Law",
    ]  # fmt: skip
    assert convert.keywords_to_tags("") == []


def test_empire_page_breaks_with_and_without_subtitles():
    pages = convert.split_empire_pages(
        "<p>一</p>[!--empirenews.page--]第二页[/!--empirenews.page--]<p>二</p>"
        "[!--empirenews.page--]<p>三</p>"
    )
    assert pages == [
        BodyPage("", "<p>一</p>"),
        BodyPage("第二页", "<p>二</p>"),
        BodyPage("", "<p>三</p>"),
    ]
    assert convert.split_empire_pages("") == [BodyPage("", "")]


def test_dede_page_breaks_drop_the_placeholder_title():
    pages = convert.split_dede_pages("<p>引言</p>#p#分页标题#e#<p>一</p>#p#结语#e#<p>完</p>")
    assert pages == [
        BodyPage("", "<p>引言</p>"),
        BodyPage("", "<p>一</p>"),
        BodyPage("结语", "<p>完</p>"),
    ]


def test_sanitize_removes_scripts_handlers_styles_keeps_tables_and_images():
    html = convert.sanitize_html(
        '<div style="width:900px" onclick="x()"><script>alert(1)</script><p class="a">正文'
        '<font color=red>红</font></p><table border="1" style="w"><tr><td colspan="2">格</td></tr>'
        '</table><img src="/d/file/a.jpg" onerror="x()"><a href="javascript:x()">坏</a></div>'
    )
    assert "script" not in html and "alert" not in html
    assert "onclick" not in html and "onerror" not in html and "style" not in html
    assert "javascript" not in html and "class" not in html and "font" not in html
    assert '<td colspan="2">格</td>' in html and '<img src="/d/file/a.jpg">' in html
    assert "<p>正文红</p>" in html


def test_body_blocks_images_documents_headings_and_loose_text():
    files = {
        "/d/file/a.jpg": FileRef("image", 3, "/media/original_images/a.jpg"),
        "/d/file/b.pdf": FileRef("document", 4, "/documents/4/b.pdf"),
        "/d/file/c.png": FileRef("image", 5, "/media/original_images/c.png"),
    }
    blocks = convert.body_blocks(
        [
            BodyPage("", '开头<b>粗</b><p><img src="http://old.cn/d/file/a.jpg"></p>'
                         '<p>下载<a href="/d/file/b.pdf">报告</a> <img src="/d/file/c.png"></p>'),
            BodyPage("第二页", "<p>二</p>"),
        ],
        files,
        key="k",
    )  # fmt: skip
    kinds = [b["type"] for b in blocks]
    assert kinds == ["paragraph", "image", "paragraph", "heading", "paragraph"]
    assert blocks[0]["value"] == "<p>开头<b>粗</b></p>"
    assert blocks[1]["value"] == {"image": 3, "caption": ""}
    assert '<a linktype="document" id="4">报告</a>' in blocks[2]["value"]
    assert 'src="/media/original_images/c.png"' in blocks[2]["value"]
    assert blocks[3]["value"] == "第二页"
    # Stable ids: the same input gives the same JSON (re-runs do not churn).
    assert convert.body_blocks([BodyPage("", "<p>x</p>")], {}, "k") == convert.body_blocks(
        [BodyPage("", "<p>x</p>")], {}, "k"
    )


def test_attachment_paths_found_in_html():
    html = '<img src="http://www.a.cn/d/file/2019/x.jpg"><a href="/uploads/soft/y.doc?v=1">y</a>'
    assert convert.attachment_paths(html) == ["/d/file/2019/x.jpg", "/uploads/soft/y.doc"]
    assert convert.is_image_path("/d/file/x.JPG") and not convert.is_image_path("/d/x.pdf")


def test_empire_article_paths():
    assert convert.empire_article_paths("xjzs", "2019-08-28", "1", ".html", 2, 1) == [
        "/xjzs/2019-08-28/1.html",
        "/e/action/ShowInfo.php?classid=2&id=1",
    ]
    assert convert.empire_article_paths("fzyw/dfdt/", "", "a.shtml", ".html", 3, 9)[0] == (
        "/fzyw/dfdt/a.shtml"
    )


def test_dede_article_paths_follow_namerule():
    when = datetime(2019, 8, 28, 3, 33, 51, tzinfo=UTC)
    assert convert.dede_article_paths(
        "{cmspath}/a/flfg", "{typedir}/{Y}/{M}{D}/{aid}.html", 11, when
    ) == [
        "/a/flfg/2019/0828/11.html",
        "/plus/view.php?aid=11",
    ]
    assert convert.dede_article_paths("/a/x", "", 14, when, "special")[0] == "/a/x/special.html"
    assert convert.dede_article_paths("/a/x", "{typedir}/{pinyin}.html", 3, when) == [
        "/plus/view.php?aid=3"
    ]


def test_channel_paths():
    assert convert.channel_paths("{cmspath}/a/news/") == ["/a/news/", "/a/news/index.html"]
    assert convert.channel_paths("") == []


def test_comment_face_codes_and_quotes_become_plain_text():
    assert convert.comment_plain_text("好[~e.wx~]不知道[~e.zz~]") == "好[微笑]不知道[表情]"
    quoted = (
        '<div class="ecomment"><span class="ecommentauthor">网友 张三 的原文：</span><br />'
        "原话[~e.wx~]</div>同意<br>第二行&amp;"
    )
    assert convert.comment_plain_text(quoted) == "「引用 张三：原话[微笑]」\n同意\n第二行&"
    assert convert.comment_plain_text("[quote]旧话[/quote]新话") == "「引用：旧话」\n新话"


def test_comment_status_and_anonymous():
    assert convert.empire_comment_shown(0) and not convert.empire_comment_shown(1)
    assert convert.dede_comment_shown(1) and not convert.dede_comment_shown(0)
    assert convert.comment_user_id(0) is None and convert.comment_user_id(None) is None
    assert convert.comment_user_id(7) == 7


def test_password_encodings():
    assert convert.empire_member_password("F2DD4E8C95C32253FE58EEA04EAAD80C", "abc123") == (
        "empirecms$abc123$f2dd4e8c95c32253fe58eea04eaad80c"
    )
    assert convert.empire_member_password("not-a-hash", "s") == ""
    assert (
        convert.dede_password("23d146c77396332e3c95f3e051fa8185")
        == "dedecms$$23d146c77396332e3c95f3e051fa8185"
    )
    assert convert.dede_password("171469e80d32c0559f88") == "dedecms$$171469e80d32c0559f88"
    assert convert.dede_password("") == ""


def test_paragraphs_open_in_the_rich_text_editor():
    """Regression (hostile corpus, issue 9): ``<img src=x onerror=…>`` in an old body was kept as
    ``<img src="x">``, written HTML-style, and the editor's converter took the unclosed <img> for an
    open element: the migrated article's edit page failed with "Unmatched tags" (a 500)."""
    from wagtail.admin.rich_text import DraftailRichTextArea

    body = (
        '<p>正文<img src=x onerror="window.__xss=1">文字<br>下一行</p>'
        '<table><tr><td>格<br>二</td></tr><colgroup><col span="2"></colgroup></table><hr>'
    )
    blocks = convert.body_blocks([BodyPage("", body)], {}, key="k")
    paragraphs = [b["value"] for b in blocks if b["type"] == "paragraph"]
    assert paragraphs and '<img src="x"/>' in paragraphs[0] and "onerror" not in paragraphs[0]
    editor = DraftailRichTextArea()
    for value in paragraphs:
        assert editor.format_value(value)  # the editor's JSON; raised AssertionError before
