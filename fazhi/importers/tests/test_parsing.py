"""Unit tests for the pure-Python article page parser (no Django needed)."""

import codecs
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from fazhi.importers.parsing import (
    BodyBlock,
    PageParseError,
    ParsedArticle,
    SiteFooter,
    decode_bytes,
    find_breadcrumb,
    find_byline,
    find_meta,
    is_heading,
    looks_like_html,
    parse_bytes,
    parse_datetime,
    parse_html,
    parse_text,
)

SH = ZoneInfo("Asia/Shanghai")
PAGES = Path(__file__).parent / "pages"
SEED = Path(__file__).parents[1] / "demo" / "pages" / "000_e5f525cd22f2dae1.txt"

# Site chrome that must never leak into an article field.
CHROME_WORDS = (
    "用户名",
    "验证码",
    "来顶一下",
    "返回首页",
    "京ICP备",
    "监督电话",
    "发表评论",
    "搜索",
    "人员查询",
)


def page_bytes(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def article_fields(article: ParsedArticle) -> list[str]:
    texts = [
        article.title,
        article.lead,
        article.author,
        article.source,
        article.responsible_editor,
        article.byline,
        *article.channel_path,
    ]
    return texts + [block.text for block in article.body]


def p(text: str) -> BodyBlock:
    return BodyBlock("paragraph", text)


def h(text: str) -> BodyBlock:
    return BodyBlock("heading", text)


# --------------------------------------------------------------------------- #
# The seed page (EmpireCMS plain-text dump)
# --------------------------------------------------------------------------- #


@pytest.fixture(scope="module")
def seed() -> ParsedArticle:
    return parse_text(SEED.read_text(encoding="utf-8"))


def test_seed_title_and_time(seed: ParsedArticle) -> None:
    assert seed.title == "司法行政机关抓党建应做到“四个聚力”"
    assert seed.publish_time == datetime(2019, 8, 28, 11, 33, 51, tzinfo=SH)
    assert seed.publish_time.tzinfo is SH
    assert seed.publish_time.utcoffset() == timedelta(hours=8)


def test_seed_meta_fields(seed: ParsedArticle) -> None:
    assert seed.source == "法治报道"
    assert seed.author == "董定权"
    assert seed.responsible_editor == "guanliyuan3"
    assert seed.channel_path == ["学界之声"]
    assert seed.byline == "通讯员 董定权"
    assert seed.source_url == ""


def test_seed_lead_has_no_label(seed: ParsedArticle) -> None:
    assert seed.lead.startswith("最大程度发挥党的建设作用,凸显党组织的政治核心地位")
    assert seed.lead.endswith("才能切实履行好党和人民赋予司法行政的职责使命。")
    assert "导读" not in seed.lead


def test_seed_body_structure(seed: ParsedArticle) -> None:
    assert [block.kind for block in seed.body] == ["paragraph"] + ["heading", "paragraph"] * 4
    assert seed.body[0].text.startswith("法治报道讯(通讯员 董定权) 最大程度发挥党的建设作用")
    assert [block.text for block in seed.body if block.kind == "heading"] == [
        "一、聚力抓好司法行政干警意识形态工作",
        "二、聚力强化基层党组织的战斗堡垒作用",
        "三、聚力贯彻落实全面依法治国总体要求",
        "四、聚力践行以人民为中心的发展思想",
    ]
    assert seed.body[-1].text.startswith("司法行政机关是政治机关")
    assert seed.body[-1].text.endswith("安全感。")


def test_seed_footer(seed: ParsedArticle) -> None:
    assert seed.footer == SiteFooter(
        site_name="法治报道",
        broadcast_licence="(京)字第22754号",
        icp_number="京ICP备10039517号",
        police_filing="京公网安备11010102007124号",
        supervision_phone="010-57027107 57127127",
        chief_editor_email="zgfzzb@126.com",
    )


def test_seed_has_no_site_chrome(seed: ParsedArticle) -> None:
    for text in article_fields(seed):
        for word in CHROME_WORDS:
            assert word not in text, (word, text[:30])


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda raw: raw, id="utf8"),
        pytest.param(lambda raw: codecs.BOM_UTF8 + raw, id="utf8-bom"),
        pytest.param(lambda raw: raw.decode("utf-8").encode("gb18030"), id="gb18030"),
        pytest.param(lambda raw: raw.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda raw: raw.decode("utf-8").encode("utf-16"), id="utf16-bom"),
    ],
)
def test_seed_from_bytes_matches_text(seed: ParsedArticle, transform) -> None:
    assert parse_bytes(transform(SEED.read_bytes()), filename="seed.txt") == seed


def test_seed_with_html_extension_is_still_text(seed: ParsedArticle) -> None:
    # Decided by content: the dump has no tags, so it is not parsed as HTML.
    assert parse_bytes(SEED.read_bytes(), filename="page.html") == seed


def test_source_url_is_passed_through() -> None:
    article = parse_text(SEED.read_text(encoding="utf-8"), source_url="http://x.cn/a.html")
    assert article.source_url == "http://x.cn/a.html"


# --------------------------------------------------------------------------- #
# Fixture page shapes
# --------------------------------------------------------------------------- #

DEDE_EXPECTED = ParsedArticle(
    title="某某市开展“八五”普法中期检查",
    publish_time=datetime(2024, 3, 5, 9, 12, tzinfo=SH),
    source="某某市司法局",
    author="张三",
    byline="",
    lead="3月4日，某某市“八五”普法中期检查工作全面启动。",
    body=[
        p(
            "3月4日，某某市“八五”普法中期检查工作全面启动，5个检查组分赴各县（市、区）"
            "开展实地检查。"
        ),
        h("一、检查内容"),
        p("此次检查重点围绕普法责任制落实、法治文化阵地建设、重点对象学法用法等方面展开。"),
        h("二、工作要求"),
        p("各地要以检查为契机，查漏补缺，确保“八五”普法规划各项任务落地见效。"),
    ],
    responsible_editor="李四",
    channel_path=["新闻中心", "法治要闻"],
    source_url="",
    footer=SiteFooter(
        site_name="某某法治网",
        icp_number="鲁ICP备12345678号-2",
        police_filing="鲁公网安备37010202000123号",
        supervision_phone="0531-88886666",
        chief_editor_email="tougao@fz.example.cn",
    ),
)


def test_dedecms_gbk_html() -> None:
    raw = page_bytes("dedecms_gbk.html")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # guard: the fixture really is GBK
    assert parse_bytes(raw, filename="dedecms_gbk.html") == DEDE_EXPECTED


def test_dedecms_saved_as_utf8_with_stale_gb2312_meta() -> None:
    # Browsers re-encode "saved" pages to UTF-8 but keep <meta charset=gb2312>.
    raw = page_bytes("dedecms_gbk.html").decode("gbk").encode("utf-8")
    assert b"charset=gb2312" in raw
    assert parse_bytes(raw, filename="page.htm") == DEDE_EXPECTED


def test_gbk_meta_charset_is_honoured() -> None:
    text = decode_bytes(page_bytes("dedecms_gbk.html"))
    assert "<h2>某某市开展“八五”普法中期检查</h2>" in text


EMPIRE_URL = "https://www.fzbd.example.cn/xjzs/fxyj/2023-11-02/1234.html"
EMPIRE_EXPECTED = ParsedArticle(
    title="强化基层法律服务 打通普法“最后一公里”",
    publish_time=datetime(2023, 11, 2, 16, 45, 10, tzinfo=SH),
    source="法治日报",
    author="王五",
    byline="记者 张三 通讯员 李四",
    lead="基层法律服务是公共法律服务体系的“神经末梢”，直接关系群众的获得感。",
    body=[
        p(
            "本报讯（记者 张三 通讯员 李四）近日，某某县司法局推动法律服务资源向村（社区）下沉，"
            "实现“一村一法律顾问”全覆盖。"
        ),
        h("一、建强阵地"),
        p("全县建成村级公共法律服务工作室126个，群众在家门口即可获得法律咨询。"),
        h("二、做优服务"),
        p("法律顾问每月到村坐班不少于一次，今年以来共调处矛盾纠纷312件。"),
        p("图为法律顾问在村委会解答群众咨询。"),
    ],
    responsible_editor="赵敏",
    channel_path=["学界之声", "法学研究"],
    source_url=EMPIRE_URL,
    footer=SiteFooter(
        site_name="法治报道",
        broadcast_licence="(京)字第22754号",
        icp_number="京ICP备10039517号",
        police_filing="京公网安备11010102007124号",
        supervision_phone="010-57027107 57127127",
        chief_editor_email="zgfzzb@126.com",
    ),
)


def empire_html() -> str:
    return page_bytes("empirecms.html").decode("utf-8")


def test_empirecms_html() -> None:
    assert parse_bytes(page_bytes("empirecms.html"), filename="1234.html") == EMPIRE_EXPECTED


def test_empirecms_html_content_sniffed_despite_txt_extension() -> None:
    assert parse_bytes(page_bytes("empirecms.html"), filename="dump.txt") == EMPIRE_EXPECTED


def test_empirecms_explicit_source_url_wins() -> None:
    article = parse_html(empire_html(), source_url="https://mirror.example/a.html")
    assert article.source_url == "https://mirror.example/a.html"


def test_empirecms_canonical_used_without_og_url() -> None:
    canonical = "https://www.fzbd.example.cn/canonical/1234.html"
    html = empire_html().replace(f'<meta property="og:url" content="{EMPIRE_URL}">', "")
    html = html.replace(
        f'<link rel="canonical" href="{EMPIRE_URL}">', f'<link rel="canonical" href="{canonical}">'
    )
    assert EMPIRE_URL not in html
    assert parse_html(html).source_url == canonical


def test_empirecms_date_falls_back_to_meta_tag() -> None:
    html = empire_html().replace("时间:2023-11-02 16:45:10&nbsp;&nbsp;", "")
    html = html.replace("2023-11-02T16:45:10+08:00", "2023-11-02T08:45:10Z")
    article = parse_html(html)
    assert article.publish_time == datetime(2023, 11, 2, 8, 45, 10, tzinfo=UTC)
    assert article.publish_time.tzinfo is UTC  # "the text says otherwise": Z = UTC
    assert (article.title, article.source, article.author) == (
        EMPIRE_EXPECTED.title,
        "法治日报",
        "王五",
    )
    assert article.body == EMPIRE_EXPECTED.body


def test_html_title_from_title_tag_when_no_heading() -> None:
    html = (
        "<html><head><title>某地法院调解一起邻里纠纷 - 某某法院网</title></head><body>"
        "<div>当前位置：首页 &gt; 法院动态</div>"
        "<div>发布时间：2024-01-02 10:00</div>"
        "<p>邻里之间因排水问题发生争执，法官上门调解。</p></body></html>"
    )
    article = parse_html(html)
    assert article.title == "某地法院调解一起邻里纠纷"
    assert article.footer.site_name == "某某法院网"
    assert article.body == [p("邻里之间因排水问题发生争执，法官上门调解。")]


MULTILINE_EXPECTED = ParsedArticle(
    title="某某县法院集中宣判一批涉养老诈骗案件",
    publish_time=datetime(2019, 8, 28, tzinfo=SH),
    source="某某县人民法院",
    author="陈晓",
    lead="8月27日，某某县人民法院对5起涉养老诈骗犯罪案件进行集中宣判。",
    body=[
        p(
            "8月27日，某某县人民法院对5起涉养老诈骗犯罪案件进行集中宣判，12名被告人分别被判处"
            "有期徒刑二年至十年不等，并处罚金，依法追缴违法所得。"
        ),
        p(
            "经审理查明，2018年以来，被告人王某等人以销售“保健品”为名，组织老年人参加所谓健康"
            "讲座，骗取老年人钱款共计人民币86万余元。"
        ),
        p(
            "法院认为，被告人以非法占有为目的，虚构事实、隐瞒真相，骗取他人财物，数额特别巨大，"
            "其行为均已构成诈骗罪。"
        ),
    ],
    responsible_editor="周敏",
    channel_path=["法院动态"],
    footer=SiteFooter(site_name="某某县人民法院网"),
)


def test_multiline_meta_and_wrapped_paragraphs() -> None:
    raw = page_bytes("multiline_meta.txt")
    assert parse_bytes(raw, filename="multiline_meta.txt") == MULTILINE_EXPECTED


ARROWS_EXPECTED = ParsedArticle(
    title="租房押金被扣，房东说了不算",
    publish_time=datetime(2024, 3, 6, 14, 32, tzinfo=SH),
    source="某某普法网",
    author="赵六",
    body=[
        p("租客小刘最近遇到了烦心事：租期届满退房时，房东以“墙面有污渍”为由扣下全部押金3000元。"),
        p("法官表示，押金是租赁合同的担保，出租人只能在承租人违约造成损失的范围内扣除。"),
        p("【法官说法】"),
        p("根据民法典第七百三十三条规定，租赁期限届满，承租人应当返还租赁物。"),
    ],
    channel_path=["普法宣传", "以案说法"],
    footer=SiteFooter(site_name="某某普法网", icp_number="豫ICP备20240001号-1"),
)


def test_arrow_separators_and_header_date_is_not_publish_date() -> None:
    article = parse_bytes(page_bytes("arrows_header_date.txt"))
    assert article == ARROWS_EXPECTED
    assert article.publish_time.date().isoformat() == "2024-03-06"  # not the 3-05 top bar


def test_header_date_ignored_even_without_breadcrumb() -> None:
    text = (
        "2024年3月5日 星期二\n某某网\n租房押金被扣，房东说了不算\n"
        "2024-03-06 14:32 来源：某某网\n\u3000\u3000法官表示，押金应当返还。\n"
    )
    article = parse_text(text)
    assert article.title == "租房押金被扣，房东说了不算"
    assert article.publish_time == datetime(2024, 3, 6, 14, 32, tzinfo=SH)
    assert article.footer.site_name == "某某网"
    assert article.body == [p("法官表示，押金应当返还。")]


def test_numbered_headings() -> None:
    article = parse_bytes(page_bytes("numbered_headings.txt"))
    assert article.title == "某某市司法局关于开展2024年“普法强基”行动的实施方案"
    assert article.publish_time == datetime(2024, 3, 8, 14, 32, tzinfo=SH)
    assert article.source == "某某市司法局办公室"
    assert article.author == ""
    assert article.responsible_editor == "孙七"
    assert article.channel_path == ["工作动态", "普法依法治理"]
    assert article.footer == SiteFooter(site_name="某某市司法局")
    assert article.body == [
        p("为深入贯彻落实“八五”普法规划，推动普法工作向基层延伸，制定本方案。"),
        h("第一部分 总体要求"),
        h("（一）指导思想"),
        p("坚持以习近平法治思想为指导，以基层群众法治需求为导向。"),
        h("(二)工作目标"),
        p("到2024年底，实现村（社区）法治宣传阵地全覆盖。"),
        h("第二部分 重点任务"),
        h("1.加强组织领导"),
        p("各单位要成立工作专班，明确责任分工。"),
        h("2、强化宣传引导"),
        p(
            "一是抓好线上宣传，依托微信公众号、短视频平台等新媒体，常态化推送以案释法内容，"
            "全年推送不少于50期；二是抓好线下宣传，组织普法志愿者深入社区、乡村开展法律咨询活动。"
        ),
        p("3．加强督导考核。"),
        p("1.5亿元专项资金已全部拨付到位。"),
    ]


GAOYUAN_EXPECTED = ParsedArticle(
    title="检察机关依法惩治“套路贷”犯罪",
    publish_time=datetime(2019, 8, 28, 14, 32, 10, tzinfo=SH),
    source="某某法制报",
    author="刘一",
    body=[
        p("“借款5000元，一个月后竟要还2万元。”近日，某某区人民检察院办理了一起“套路贷”案件。"),
        p(
            "承办检察官介绍，犯罪嫌疑人通过虚增借款金额、制造银行流水痕迹等手段，"
            "非法占有被害人财物。"
        ),
        p("检察官提醒：借款要选择正规金融机构，切勿轻信“无抵押、秒到账”等宣传。"),
    ],
    responsible_editor="钱二",
    channel_path=["政法", "检察"],
    footer=SiteFooter(
        site_name="某某法制报",
        icp_number="晋ICP备12000001号",
        police_filing="晋公网安备14010502000001号",
        supervision_phone="0351-1234567",
    ),
)


def test_slash_date_gaoyuan_zhuangao_zebian_in_gbk_text() -> None:
    raw = page_bytes("gaoyuan_slash_date_gbk.txt")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # guard: plain GBK text, no BOM, no meta
    assert parse_bytes(raw, filename="gaoyuan.txt") == GAOYUAN_EXPECTED
    assert parse_text(raw.decode("gbk")) == GAOYUAN_EXPECTED


@pytest.mark.parametrize(
    "name",
    [
        "dedecms_gbk.html",
        "empirecms.html",
        "multiline_meta.txt",
        "arrows_header_date.txt",
        "numbered_headings.txt",
        "gaoyuan_slash_date_gbk.txt",
    ],
)
def test_fixture_pages_have_no_site_chrome(name: str) -> None:
    article = parse_bytes(page_bytes(name), filename=name)
    for text in article_fields(article):
        for word in (*CHROME_WORDS, "ICP", "版权所有", "上一篇", "分隔线", "点击"):
            assert word not in text, (word, text[:30])


# --------------------------------------------------------------------------- #
# Errors
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no_title.txt", "未找到文章标题"),
        ("no_date.txt", "未找到发布时间"),
        ("empty.txt", "文件为空"),
        ("binary.png", "不是文本文件（疑似二进制）"),
    ],
)
def test_bad_pages_raise(name: str, message: str) -> None:
    with pytest.raises(PageParseError) as info:
        parse_bytes(page_bytes(name), filename=name)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b" \r\n\t\n", "文件为空"),
        (codecs.BOM_UTF8 + b"\n  \n", "文件为空"),
        (b"abc\x00def", "不是文本文件（疑似二进制）"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 4 + "标题".encode(), "不是文本文件（疑似二进制）"),
        (
            b"\x80\xff\xfe\x80\xff",
            "无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030，疑似二进制）",
        ),
    ],
)
def test_bad_bytes_raise(data: bytes, message: str) -> None:
    with pytest.raises(PageParseError) as info:
        parse_bytes(data)
    assert str(info.value) == message


@pytest.mark.parametrize("func", [parse_text, parse_html])
def test_empty_string_raises(func) -> None:
    with pytest.raises(PageParseError, match=r"^文件为空$"):
        func("   \n ")


def test_html_without_title_or_date() -> None:
    with pytest.raises(PageParseError, match=r"^未找到发布时间$"):
        parse_html("<html><body><h1>只有标题</h1><p>正文。</p></body></html>")


def test_missing_body_raises() -> None:
    with pytest.raises(PageParseError, match=r"^未找到正文内容$"):
        parse_text("标题\n时间：2024-01-01 10:00\n返回首页\n")


def test_parse_error_is_value_error() -> None:
    assert issubclass(PageParseError, ValueError)


# --------------------------------------------------------------------------- #
# Dates
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-08-28 11:33:51", datetime(2019, 8, 28, 11, 33, 51, tzinfo=SH)),
        ("2019-08-28 11:33", datetime(2019, 8, 28, 11, 33, tzinfo=SH)),
        ("2019-08-28", datetime(2019, 8, 28, tzinfo=SH)),
        ("2019年08月28日", datetime(2019, 8, 28, tzinfo=SH)),
        ("2019年8月28日 14:32", datetime(2019, 8, 28, 14, 32, tzinfo=SH)),
        ("2019年8月28日14时32分", datetime(2019, 8, 28, 14, 32, tzinfo=SH)),
        ("2019/8/28 14:32:10", datetime(2019, 8, 28, 14, 32, 10, tzinfo=SH)),
        ("2019.08.28", datetime(2019, 8, 28, tzinfo=SH)),
        ("时间：2019-08-28 11:33:51 来源：x", datetime(2019, 8, 28, 11, 33, 51, tzinfo=SH)),
        (
            "2019-08-28T11:33:51+08:00",
            datetime(2019, 8, 28, 11, 33, 51, tzinfo=timezone(timedelta(hours=8))),
        ),
        ("2019-08-28T03:33:51Z", datetime(2019, 8, 28, 3, 33, 51, tzinfo=UTC)),
        (
            "2019-08-28 11:33 UTC+9",
            datetime(2019, 8, 28, 11, 33, tzinfo=timezone(timedelta(hours=9))),
        ),
    ],
)
def test_parse_datetime_formats(value: str, expected: datetime) -> None:
    result = parse_datetime(value)
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()


def test_parse_datetime_defaults_to_shanghai_zone() -> None:
    assert parse_datetime("2019-08-28 11:33").tzinfo is SH


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "无法识别的日期时间："),
        ("昨天下午", "无法识别的日期时间：昨天下午"),
        ("2019-02-30", "日期时间无效：2019-02-30"),
        ("2019-08-28 25:00", "日期时间无效：2019-08-28 25:00"),
    ],
)
def test_parse_datetime_rejects(value: str, message: str) -> None:
    with pytest.raises(PageParseError) as info:
        parse_datetime(value)
    assert str(info.value) == message


PAGE_TEMPLATE = "某某网\n当前位置：首页 > 要闻\n标题甲\n{meta}\n\u3000\u3000正文第一段。\n"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ("时间:2019-08-28 11:33:51", datetime(2019, 8, 28, 11, 33, 51, tzinfo=SH)),
        ("发布时间：2019-08-28 11:33", datetime(2019, 8, 28, 11, 33, tzinfo=SH)),
        ("发布日期：2019年08月28日", datetime(2019, 8, 28, tzinfo=SH)),
        ("日期：2019.08.28", datetime(2019, 8, 28, tzinfo=SH)),
        ("更新时间：2019/8/28 14:32:10", datetime(2019, 8, 28, 14, 32, 10, tzinfo=SH)),
        ("发布时间 2019年8月28日 14:32", datetime(2019, 8, 28, 14, 32, tzinfo=SH)),
        ("2019-08-28", datetime(2019, 8, 28, tzinfo=SH)),
        ("更新时间：2019-09-01 发布时间：2019-08-28", datetime(2019, 8, 28, tzinfo=SH)),
        ("2019年08月28日 星期三 来源：人民法院报", datetime(2019, 8, 28, tzinfo=SH)),
    ],
)
def test_publish_date_variants_in_page(meta: str, expected: datetime) -> None:
    article = parse_text(PAGE_TEMPLATE.format(meta=meta))
    assert article.title == "标题甲"
    assert article.publish_time == expected
    assert article.body == [p("正文第一段。")]


# --------------------------------------------------------------------------- #
# Meta labels, breadcrumbs, bylines, headings, sniffing
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("meta", "source", "author", "editor"),
    [
        ("时间:2019-08-28 来源:法治报道 作者:董定权", "法治报道", "董定权", ""),
        ("时间：2019-08-28 | 稿源：法制日报 | 撰稿：刘一 | 责编：钱二", "法制日报", "刘一", "钱二"),
        ("时间：2019-08-28丨信息来源：某某县法院丨记者：陈晓", "某某县法院", "陈晓", ""),
        ("日期:2019-08-28来源:某某网作者:张三点击:", "某某网", "张三", ""),
        (
            "发布日期：2019-08-28\n文章来源：某某司法局\n文：李明\n编辑：王芳",
            "某某司法局",
            "李明",
            "王芳",
        ),
        ("【发布时间：2019-08-28】【来源：新华网】【字体：大 中 小】", "新华网", "", ""),
        ("时间：2019-08-28 原文：见附件 作者：张三（实习生）", "", "张三（实习生）", ""),
    ],
)
def test_meta_label_variants(meta: str, source: str, author: str, editor: str) -> None:
    article = parse_text(PAGE_TEMPLATE.format(meta=meta))
    assert article.title == "标题甲"
    assert article.publish_time == datetime(2019, 8, 28, tzinfo=SH)
    assert (article.source, article.author, article.responsible_editor) == (source, author, editor)
    assert article.body == [p("正文第一段。")]


def test_find_meta_prefers_publish_labels() -> None:
    assert find_meta(["记者：甲 作者：乙", "责编：丙 责任编辑：丁"]) == {
        "date": "",
        "source": "",
        "author": "乙",
        "editor": "丁",
    }


@pytest.mark.parametrize(
    ("line", "channels"),
    [
        ("您当前的位置:首页\u00a0>\u00a0学界之声", ["学界之声"]),
        ("当前位置：首页 >> 新闻中心 >> 法治要闻", ["新闻中心", "法治要闻"]),
        ("位置：首页 -> 普法 -> 以案说法 ->", ["普法", "以案说法"]),
        ("您现在的位置：主页 » 工作动态", ["工作动态"]),
        ("当前位置：网站首页 ＞ 政法 ＞ 检察", ["政法", "检察"]),
        ("当前位置：首页 / 法院动态", ["法院动态"]),
        ("首页 > 评论 > 法眼", ["评论", "法眼"]),
    ],
)
def test_breadcrumb_variants(line: str, channels: list[str]) -> None:
    index, found = find_breadcrumb(["某某网", "", line, "标题"])
    assert (index, found) == (2, channels)


def test_breadcrumb_ignores_nav_bar_and_plain_position_text() -> None:
    assert find_breadcrumb(["首页 | 新闻 | 普法", "位置：北京市东城区"]) == (None, [])


def test_breadcrumb_drops_trailing_title_and_zhengwen() -> None:
    text = "当前位置：首页 > 要闻 > 正文\n标题乙\n时间：2024-01-01\n正文。\n"
    assert parse_text(text).channel_path == ["要闻"]
    text = "当前位置：首页 > 要闻 > 标题乙\n标题乙\n时间：2024-01-01\n正文。\n"
    assert parse_text(text).channel_path == ["要闻"]


@pytest.mark.parametrize(
    ("paragraph", "byline"),
    [
        ("法治报道讯(通讯员 董定权) 最大程度发挥", "通讯员 董定权"),
        ("（记者 张三 通讯员 李四）近日，", "记者 张三 通讯员 李四"),
        ("本报讯（记者\u3000王五）3月5日，", "记者 王五"),
        ("新华社北京3月5日电（记者 张三、李四）全国人大", "记者 张三、李四"),
        ("近日，某地法院（二审）维持原判。", ""),
        ("法院认为（见下文）记者不应", ""),
    ],
)
def test_byline(paragraph: str, byline: str) -> None:
    assert find_byline(paragraph) == byline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("一、聚力抓好司法行政干警意识形态工作", True),
        ("十二、其他事项", True),
        ("（一）指导思想", True),
        ("(三)工作要求", True),
        ("第一章 总则", True),
        ("第二部分 重点任务", True),
        ("1.加强组织领导", True),
        ("2、强化宣传引导", True),
        ("3．加强督导考核", True),
        ("3．加强督导考核。", False),
        ("4. 各单位要于3月底前报送材料；", False),
        ("1.5亿元专项资金已全部拨付到位", False),
        ("一是抓好线上宣传，依托微信公众号等新媒体", False),
        ("第一条 为了规范行政执法行为，制定本办法。", False),
        ("一、加强领导。各地要高度重视此项工作，主要负责同志亲自抓，确保落实到位。", False),
        ("1." + "很长的编号行" * 8, False),
        ("2019年以来，全市共办理案件100件。", False),
    ],
)
def test_is_heading(line: str, expected: bool) -> None:
    assert is_heading(line) is expected


def test_legal_words_in_title_and_body_are_not_chrome() -> None:
    text = (
        "当前位置：首页 > 普法\n《密码法》实施后，搜索引擎服务商如何合规\n时间：2024-01-01\n"
        "机动车不得跨越道路中心分隔线行驶。\n"
    )
    article = parse_text(text)
    assert article.title == "《密码法》实施后，搜索引擎服务商如何合规"
    assert article.body == [p("机动车不得跨越道路中心分隔线行驶。")]


def test_title_repeated_above_text_is_not_a_paragraph() -> None:
    text = "标题戊\n时间：2024-01-01\n\n标题戊\n\n正文。\n"
    assert parse_text(text).body == [p("正文。")]


def test_line_separated_lines_are_not_joined() -> None:
    text = "标题丙\n时间：2024-01-01\n图为现场\n法官释法。\n"
    assert parse_text(text).body == [p("图为现场"), p("法官释法。")]


def test_inline_editor_at_end_of_last_paragraph() -> None:
    text = (
        "标题丁\n时间：2024-01-01\n"
        "\u3000\u3000正文第一段。\n\u3000\u3000正文结束。（责任编辑：李四）\n"
    )
    article = parse_text(text)
    assert article.responsible_editor == "李四"
    assert article.body == [p("正文第一段。"), p("正文结束。")]


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", "", True),
        ("\n  <html lang='zh'><p>x</p></html>", "a.txt", True),
        ("<p>一</p><p>二</p><div>三</div><br><span>四</span>", "", True),
        ("<p>只有一个段落</p>", "a.htm", True),
        ("<p>只有一个段落</p>", "a.txt", False),
        ("标题\n时间：2024-01-01\n正文 a<b 且 c>d。", "a.html", False),
    ],
)
def test_looks_like_html(text: str, filename: str, expected: bool) -> None:
    assert looks_like_html(text, filename) is expected
