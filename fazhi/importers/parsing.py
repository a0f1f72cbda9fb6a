"""Parse scraped article pages (EmpireCMS / DedeCMS style) into structured data.

Pure Python on purpose: no Django imports, so the parser can be unit-tested on
its own and reused by management commands, admin upload views and scripts.

Two inputs are supported:

* plain-text dumps of what a reader sees on the page (one visual line per line);
* saved HTML pages, which are first flattened into the same kind of lines.

Both then go through one line-based pipeline (``_parse_lines``): find the
breadcrumb, the publish-date line, the title just above it, the meta/lead block,
the body up to the first piece of site chrome, and the site footer.
"""

import codecs
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

SHANGHAI = ZoneInfo("Asia/Shanghai")

__all__ = [
    "BodyBlock",
    "PageParseError",
    "ParsedArticle",
    "SiteFooter",
    "decode_bytes",
    "find_breadcrumb",
    "find_byline",
    "find_date_line",
    "find_footer",
    "find_lead",
    "find_meta",
    "find_title",
    "html_to_lines",
    "is_heading",
    "looks_like_html",
    "normalise_line",
    "parse_bytes",
    "parse_datetime",
    "parse_html",
    "parse_text",
    "split_body",
]


# --------------------------------------------------------------------------- #
# Public data model
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class BodyBlock:
    kind: str  # "heading" or "paragraph"
    text: str


@dataclass
class SiteFooter:
    site_name: str = ""
    broadcast_licence: str = ""
    icp_number: str = ""
    police_filing: str = ""
    supervision_phone: str = ""
    chief_editor_email: str = ""


@dataclass
class ParsedArticle:
    title: str
    publish_time: datetime
    source: str = ""
    author: str = ""
    byline: str = ""
    lead: str = ""
    body: list[BodyBlock] = field(default_factory=list)
    responsible_editor: str = ""
    channel_path: list[str] = field(default_factory=list)
    source_url: str = ""
    footer: SiteFooter = field(default_factory=SiteFooter)


class PageParseError(ValueError):
    """The page cannot be turned into an article; the message is user-facing Chinese."""


# --------------------------------------------------------------------------- #
# Patterns
# --------------------------------------------------------------------------- #

# Label -> field kind. Longer labels must win over their suffixes ("发布时间" over
# "时间"), which the length-sorted alternation below guarantees.
_LABEL_KINDS: dict[str, str] = {
    "发布时间": "date",
    "发布日期": "date",
    "发表时间": "date",
    "发稿时间": "date",
    "更新时间": "date",
    "时间": "date",
    "日期": "date",
    "信息来源": "source",
    "文章来源": "source",
    "稿源": "source",
    "来源": "source",
    "作者": "author",
    "记者": "author",
    "撰稿": "author",
    "文": "author",
    "责任编辑": "editor",
    "责编": "editor",
    "编辑": "editor",
    # Labels we do not keep, but must recognise so they end the previous value.
    "点击数": "ignored",
    "点击量": "ignored",
    "点击": "ignored",
    "浏览次数": "ignored",
    "浏览量": "ignored",
    "浏览": "ignored",
    "阅读量": "ignored",
    "阅读数": "ignored",
    "阅读": "ignored",
    "人气": "ignored",
    "字号": "ignored",
    "字体": "ignored",
    "校对": "ignored",
    "审核": "ignored",
    "审校": "ignored",
    "终审": "ignored",
    "监制": "ignored",
}

# Preference order when a page carries several labels of one kind.
_DATE_LABEL_ORDER = ("发布时间", "发布日期", "发表时间", "发稿时间", "时间", "日期", "更新时间")
_SOURCE_LABEL_ORDER = ("来源", "文章来源", "信息来源", "稿源")
_AUTHOR_LABEL_ORDER = ("作者", "记者", "撰稿", "文")
_EDITOR_LABEL_ORDER = ("责任编辑", "责编", "编辑")

_SEPARATOR_CHARS = r"\s|丨｜【\[(（/"
_MULTI_CHAR_LABELS = sorted((k for k in _LABEL_KINDS if len(k) > 1), key=len, reverse=True)
_LABEL_ALT = (
    "(?:"
    + "|".join(_MULTI_CHAR_LABELS)
    + ")"
    # A bare "文" is only a label at a boundary, never the tail of a word ("原文:").
    + f"|(?<![^{_SEPARATOR_CHARS}])文"
)
_LABEL_RE = re.compile(rf"(?P<label>{_LABEL_ALT})\s*[:：]\s*")
_LABEL_AT_START_RE = re.compile(rf"^[【\[（(]?\s*(?:{_LABEL_ALT})\s*[:：]")
# Date labels are sometimes written without a colon ("发布时间 2019-08-28").
_DATE_LABEL_RE = re.compile(
    r"(?P<label>" + "|".join(_DATE_LABEL_ORDER) + r")\s*[:：]?\s*(?=(?:19|20)\d{2})"
)

_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*"
    r"(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*T?\s*(?P<H>\d{1,2})\s*(?:[:：]|时)\s*(?P<M>\d{1,2})"
    r"(?:\s*(?:[:：]|分)\s*(?P<S>\d{1,2})(?:\.\d+)?)?"
    r"(?:\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|北京时间))?)?"
)
# Top bars print today's date with a weekday; that is never the publish date.
_WEEKDAY_RE = re.compile(
    r"星期[一二三四五六日天]|礼拜[一二三四五六日天]|(?<![\u4e00-\u9fff])周[一二三四五六日]"
)

_CRUMB_PREFIX = (
    r"(?:您当前的位置|您现在的位置|您的当前位置|您的位置|当前位置|现在位置|所在位置|位置)"
)
_CRUMB_PREFIX_RE = re.compile(rf"^{_CRUMB_PREFIX}\s*[:：]\s*(?P<rest>.*)$")
_CRUMB_SEP = r"(?:-+>|>>|＞＞|»|›|→|＞|>|/)"
_CRUMB_SEP_RE = re.compile(rf"\s*{_CRUMB_SEP}\s*")
_CRUMB_HOME = {"首页", "主页", "网站首页", "本站首页", "首 页", "home"}
# Without a prefix, accept "首页 > 栏目" only (not "首页 / 栏目", which nav bars use).
_CRUMB_BARE_RE = re.compile(r"^(?:首页|主页|网站首页)\s*(?:-+>|>>|＞＞|»|›|→|＞|>)")
# Generic last crumbs that stand for "this article", not a channel.
_CRUMB_TAIL_NOISE = {"正文", "内容", "正文内容", "文章内容", "详细内容", "浏览文章", "阅读文章"}

_LEAD_RE = re.compile(
    r"^[【\[]?\s*(?:导读|摘要|内容提要|内容摘要|提要|核心提示)\s*(?:[】\]]\s*[:：]?|[:：])\s*(?P<text>.*)$"
)

_ROLE = (
    r"(?:本报|本台|本网|本刊)?"
    r"(?:特约记者|见习记者|实习记者|首席记者|记者|通讯员|实习生|特约撰稿人|撰稿人)"
)
# "法治报道讯(通讯员 董定权)", "新华社北京3月5日电（记者 张三）", "（记者 张三 通讯员 李四）"
_BYLINE_RE = re.compile(
    rf"^[^()（）。，,]{{0,30}}?[(（]\s*(?P<who>{_ROLE}[^()（）]{{0,60}}?)\s*[)）]"
)

_CN_NUM = "一二三四五六七八九十百零〇两"
# (pattern, max length, numbered list item?): long lines that merely start like a
# heading are paragraphs; "1." items are headings only if they are not sentences.
_HEADING_RULES: tuple[tuple[re.Pattern[str], int, bool], ...] = (
    (re.compile(rf"^[{_CN_NUM}]{{1,3}}、\s*\S"), 60, False),
    (re.compile(rf"^[（(][{_CN_NUM}]{{1,3}}[）)]\s*\S"), 60, False),
    (re.compile(rf"^第[{_CN_NUM}\d]{{1,4}}(?:章|部分|节|篇)"), 60, False),
    (re.compile(r"^\d{1,2}\s*[.．、](?!\d)\s*\S"), 40, True),
)

# First line that is certainly not article text any more.
_BODY_END_RE = re.compile(
    r"^(?:[（(【\[]\s*)?(?:责任编辑|责编|编辑)\s*[:：]"
    r"|^(?:来顶一下|顶一下|返回首页|返回顶部|返回列表|上一篇|下一篇|上一条|下一条|相关文章|相关新闻"
    r"|相关阅读|相关链接|推荐阅读|热门文章|热点新闻|发表评论|网友评论|我要评论|评论列表|用户名"
    r"|验证码|打印本页|关闭窗口|分享到|关于我们|联系我们|网站地图|免责声明)"
    r"|^【\s*(?:打印|关闭|打印本页|关闭窗口)"
    r"|^[-—=_*\s]*分隔线[-—=_*\s]*$"  # DedeCMS "------分隔线------"
)
# Footer keywords; only trusted on short lines so articles *about* ICP filings survive.
_FOOTER_RE = re.compile(
    r"ICP[备证]|公网安备|版权所有|Copyright|©|广播电视节目制作经营许可证|监督电话|举报电话"
    r"|总编邮箱|违法和不良信息",
    re.IGNORECASE,
)
# Small widgets around the meta line or inside the body that carry no text.
_INLINE_CHROME_RE = re.compile(
    r"^【?\s*(?:字体|字号)\s*[:：]"
    r"|^【?\s*(?:打印|关闭|收藏|纠错)\s*】?$"
    r"|^【?\s*[大中小](?:\s*[大中小]){2}\s*】?$"
    r"|^[-—=_*·\s]{5,}$"
)
# Header widgets that can never be a title or a site name.
# Kept specific: real headlines say "搜索引擎" or "《密码法》".
_HEADER_CHROME_RE = re.compile(
    r"搜索\s*[:：]|^搜索$|站内搜索|用户名|密码\s*[:：]|验证码|设为首页|加入收藏|人员查询|登录\s*\|"
)

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_TERMINAL_PUNCT = ("。", "！", "？", "!", "?", "；", ";", "…", "”", "’", "」", "』", "：", ":")


# --------------------------------------------------------------------------- #
# Small helpers
# --------------------------------------------------------------------------- #


def normalise_line(line: str) -> str:
    """Collapse every kind of space (NBSP, full-width indent) to one ASCII space."""
    line = line.replace("\u200b", "").replace("\ufeff", "")
    return re.sub(r"[ \t\f\v\u00a0\u3000\u2002\u2003\u2009]+", " ", line).strip()


_CLOSERS = {"）": "（", ")": "(", "】": "【", "]": "["}
_OPENERS = {opener: closer for closer, opener in _CLOSERS.items()}


def _clean_value(value: str) -> str:
    """Trim separators and dangling brackets left over from "【来源：X】" style meta."""
    value = normalise_line(value)
    previous = None
    while value != previous:
        previous = value
        value = value.strip(" |丨｜·•,，;；/")
        # An opener at the end / closer at the start never belongs to the value.
        if value and value[-1] in _OPENERS:
            value = value[:-1]
        if value and value[0] in _CLOSERS:
            value = value[1:]
        # Unbalanced wrappers ("张三】", "（李四") come from the surrounding markup.
        if value and value[-1] in _CLOSERS and _CLOSERS[value[-1]] not in value:
            value = value[:-1]
        if value and value[0] in _OPENERS and _OPENERS[value[0]] not in value:
            value = value[1:]
    return value


def _is_blank_or_space(text: str) -> bool:
    return not text.strip()


def _ensure_text(text: str) -> None:
    if _is_blank_or_space(text):
        raise PageParseError("文件为空")
    if "\x00" in text:
        raise PageParseError("不是文本文件（疑似二进制）")


# --------------------------------------------------------------------------- #
# Dates
# --------------------------------------------------------------------------- #


def _tz_from_token(token: str | None) -> timezone | ZoneInfo:
    # No explicit zone: Chinese CMS pages always print Beijing time.
    if not token or token == "北京时间":
        return SHANGHAI
    if token == "Z" or token in ("UTC", "GMT"):
        return UTC
    match = re.search(r"([+-])\s*(\d{1,2}):?(\d{2})?", token)
    if not match:
        return SHANGHAI
    sign = -1 if match.group(1) == "-" else 1
    offset = timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
    return timezone(sign * offset)


def _datetime_from_match(match: re.Match[str], original: str) -> datetime:
    try:
        return datetime(
            int(match.group("y")),
            int(match.group("m")),
            int(match.group("d")),
            int(match.group("H") or 0),
            int(match.group("M") or 0),
            int(match.group("S") or 0),
            tzinfo=_tz_from_token(match.group("tz")),
        )
    except ValueError as exc:
        raise PageParseError(f"日期时间无效：{original}") from exc


def parse_datetime(value: str) -> datetime:
    """Parse the first date(-time) in ``value``; Beijing time unless it says otherwise."""
    text = normalise_line(value or "")
    match = _DATE_RE.search(text)
    if not match:
        raise PageParseError(f"无法识别的日期时间：{value}")
    return _datetime_from_match(match, value)


def _labelled_date(line: str) -> str | None:
    """Return the text from the best-labelled date onwards, e.g. "2019-08-28 11:33:51 …"."""
    found: dict[str, int] = {}
    for match in _DATE_LABEL_RE.finditer(line):
        found.setdefault(match.group("label"), match.end())
    for label in _DATE_LABEL_ORDER:
        if label in found:
            return line[found[label] :]
    return None


def _is_date_only(line: str) -> bool:
    match = _DATE_RE.search(line)
    if not match:
        return False
    rest = line[: match.start()] + line[match.end() :]
    return not re.sub(r"[\s|丨｜·:：,，\-—\[\]【】()（）]", "", rest)


def _date_from_line(line: str) -> datetime:
    labelled = _labelled_date(line)
    return parse_datetime(labelled if labelled is not None else line)


def find_date_line(lines: list[str], start: int = 0, *, labelled_only: bool = False) -> int | None:
    """Index of the meta line carrying the publish date, searching top-down from ``start``.

    A line qualifies if it has a date label, or (unlabelled) if it is a bare date
    or a date next to other meta labels. A top-bar "2024年3月5日 星期二" is neither
    (the weekday is extra text and there is no label), so it is skipped.
    """
    for index in range(start, len(lines)):
        line = lines[index]
        if not line or len(line) > 200:
            continue
        if _labelled_date(line) is not None and _DATE_RE.search(line):
            return index
        if labelled_only or len(line) > 150:
            continue
        if _DATE_RE.search(line) and (_is_date_only(line) or _LABEL_RE.search(line)):
            return index
    return None


# --------------------------------------------------------------------------- #
# Header: breadcrumb, title, meta, lead
# --------------------------------------------------------------------------- #


def _split_crumbs(rest: str) -> list[str]:
    items = [normalise_line(part) for part in _CRUMB_SEP_RE.split(rest)]
    items = [item for item in items if item]
    if items and items[0].lower() in _CRUMB_HOME:
        items = items[1:]
    return items


def find_breadcrumb(lines: list[str]) -> tuple[int | None, list[str]]:
    """Find the "您当前的位置:首页 > 栏目" line; return its index and the channels after 首页."""
    for index, line in enumerate(lines):
        match = _CRUMB_PREFIX_RE.match(line)
        # "位置：" alone is too common in text; insist on a separator or a home link.
        if match and (
            _CRUMB_SEP_RE.search(match.group("rest")) or match.group("rest") in _CRUMB_HOME
        ):
            return index, _split_crumbs(match.group("rest"))
    for index, line in enumerate(lines):
        if len(line) <= 80 and _CRUMB_BARE_RE.match(line):
            return index, _split_crumbs(line)
    return None, []


def _is_meta_line(line: str) -> bool:
    if not line or len(line) > 150:
        return False
    if _LABEL_AT_START_RE.match(line):
        return True
    return bool(_DATE_RE.match(line)) and (_is_date_only(line) or bool(_LABEL_RE.search(line)))


def _is_lead_line(line: str) -> bool:
    return bool(_LEAD_RE.match(line))


def _is_inline_chrome(line: str) -> bool:
    return len(line) <= 40 and bool(_INLINE_CHROME_RE.search(line))


def _is_header_chrome(line: str) -> bool:
    return bool(
        _HEADER_CHROME_RE.search(line)
        or _CRUMB_PREFIX_RE.match(line)
        or (_WEEKDAY_RE.search(line) and _DATE_RE.search(line))
    )


def _title_candidate(lines: list[str], start: int, stop: int) -> int | None:
    # The title is the nearest real line above the meta line: skip blanks, other
    # meta lines (multi-line meta), lead and widgets, but never cross the breadcrumb.
    for index in range(stop - 1, start - 1, -1):
        line = lines[index]
        if not line or _is_meta_line(line) or _is_lead_line(line) or _is_inline_chrome(line):
            continue
        if _is_header_chrome(line) or _is_date_only(line):
            continue
        # A sentence-long line or one ending in 。 is body text, so there is no title.
        if len(line) > 100 or line.endswith("。"):
            return None
        return index
    return None


def find_title(
    lines: list[str], *, start: int, stop: int | None, hints: tuple[str, ...] = ()
) -> tuple[int | None, str]:
    """Locate the title line (index, text). ``stop`` is the meta line index, if known.

    HTML hints (<h1>, og:title, <title>) win when they match a line in the header
    area; otherwise the line right above the meta line is taken; as a last resort a
    hint is used without a line.
    """
    wanted = {hint for hint in hints if hint}
    end = stop if stop is not None else len(lines)
    for index in range(end - 1, start - 1, -1):
        if lines[index] in wanted:
            return index, lines[index]
    if stop is not None:
        index = _title_candidate(lines, start, stop)
        if index is not None:
            return index, lines[index]
    for hint in hints:
        if hint:
            return None, hint
    return None, ""


def find_meta(lines: list[str]) -> dict[str, str]:
    """Read labelled meta fields from one or more lines; returns kind -> value.

    Values run until the next known label, so "时间:… 来源:X 作者:Y", "来源：X|作者：Y"
    and DedeCMS's gap-less "来源:X作者:Y" all split correctly.
    """
    by_label: dict[str, str] = {}
    for line in lines:
        matches = list(_LABEL_RE.finditer(line))
        for position, match in enumerate(matches):
            end = matches[position + 1].start() if position + 1 < len(matches) else len(line)
            value = _clean_value(line[match.end() : end])
            if value:
                by_label.setdefault(match.group("label"), value)

    def first(order: tuple[str, ...]) -> str:
        return next((by_label[label] for label in order if label in by_label), "")

    return {
        "date": first(_DATE_LABEL_ORDER),
        "source": first(_SOURCE_LABEL_ORDER),
        "author": first(_AUTHOR_LABEL_ORDER),
        "editor": first(_EDITOR_LABEL_ORDER),
    }


def find_lead(lines: list[str]) -> str:
    """The 导读/摘要/内容提要 text, without its label."""
    for line in lines:
        match = _LEAD_RE.match(line)
        if match and match.group("text").strip():
            return normalise_line(match.group("text"))
    return ""


def _header_end(lines: list[str], first: int, last_meta: int) -> int:
    """First body line: skip everything up to the meta line, then meta/lead/widget lines."""
    index = first
    while index < len(lines):
        line = lines[index]
        in_header = index <= last_meta or not line or _is_meta_line(line)
        if in_header or _is_lead_line(line) or _is_inline_chrome(line):
            index += 1
            continue
        break
    return index


# --------------------------------------------------------------------------- #
# Body
# --------------------------------------------------------------------------- #


def is_heading(line: str) -> bool:
    """Section headings: 一、… / （一）… / 第X章 / short "1." lines."""
    text = line.strip()
    for pattern, max_len, list_item in _HEADING_RULES:
        if not pattern.match(text) or len(text) > max_len:
            continue
        if list_item:
            # Numbered list items that are full sentences are paragraphs.
            return not text.endswith(("。", "；", ";"))
        # A heading may close with 。 but never contains a sentence break inside.
        return not re.search(r"[。；;]", text[:-1])
    return False


def _is_body_end(line: str) -> bool:
    if _BODY_END_RE.search(line):
        return True
    return len(line) <= 100 and bool(_FOOTER_RE.search(line))


def _find_body_end(lines: list[str], start: int) -> int:
    for index in range(start, len(lines)):
        if lines[index] and _is_body_end(lines[index]):
            return index
    return len(lines)


def _join_wrapped(left: str, right: str) -> str:
    # Chinese needs no space when a hard-wrapped line is re-joined; Latin words do.
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def _merge_chunk(chunk: list[str]) -> list[str]:
    """Re-join a blank-line-separated chunk whose paragraph was hard-wrapped."""
    merged: list[str] = []
    for line in chunk:
        starts_new = (
            not merged
            or is_heading(line)
            or is_heading(merged[-1])
            or merged[-1].endswith(_TERMINAL_PUNCT)
        )
        if starts_new:
            merged.append(line)
        else:
            merged[-1] = _join_wrapped(merged[-1], line)
    return merged


def split_body(lines: list[str], *, join_wrapped: bool = True) -> list[BodyBlock]:
    """Turn body lines into heading/paragraph blocks.

    If paragraphs are separated by blank lines (and ``join_wrapped``), lines inside one
    chunk are re-joined as wrapped text; otherwise every line is its own paragraph.
    """
    cleaned = [normalise_line(line) for line in lines]
    cleaned = [line for line in cleaned if not (line and _is_inline_chrome(line))]
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    while cleaned and not cleaned[0]:
        cleaned.pop(0)
    blank_separated = join_wrapped and "" in cleaned

    texts: list[str] = []
    if blank_separated:
        chunk: list[str] = []
        for line in [*cleaned, ""]:
            if line:
                chunk.append(line)
            elif chunk:
                texts.extend(_merge_chunk(chunk))
                chunk = []
    else:
        texts = [line for line in cleaned if line]

    return [BodyBlock("heading" if is_heading(text) else "paragraph", text) for text in texts]


def find_byline(paragraph: str) -> str:
    """ "法治报道讯(通讯员 董定权) …" -> "通讯员 董定权"."""
    match = _BYLINE_RE.match(paragraph)
    return normalise_line(match.group("who")) if match else ""


_INLINE_EDITOR_RE = re.compile(
    r"\s*[（(【\[]\s*(?:责任编辑|责编|编辑)\s*[:：]\s*(?P<name>[^）)】\]]+?)\s*[）)】\]]\s*$"
)


def _pop_inline_editor(blocks: list[BodyBlock]) -> str:
    """Handle "…。（责任编辑：李四）" glued to the last paragraph."""
    if not blocks:
        return ""
    match = _INLINE_EDITOR_RE.search(blocks[-1].text)
    if not match:
        return ""
    rest = blocks[-1].text[: match.start()].strip()
    if rest:
        blocks[-1] = BodyBlock(blocks[-1].kind, rest)
    else:
        blocks.pop()
    return normalise_line(match.group("name"))


def _find_trailing_editor(lines: list[str]) -> str:
    for line in lines:
        if line and len(line) <= 80 and re.search(r"(?:责任编辑|责编|编辑)\s*[:：]", line):
            editor = find_meta([line])["editor"]
            if editor:
                return editor
    return ""


# --------------------------------------------------------------------------- #
# Footer and site name
# --------------------------------------------------------------------------- #

_COPYRIGHT_RES = (
    re.compile(r"版权所有\s*[:：]\s*(?P<name>[^\s|丨,，©]+)"),
    re.compile(
        r"(?:©|\(c\)|Copyright)\s*(?:\d{4}(?:\s*[-–—~]\s*\d{4})?)?\s*"
        r"(?P<name>[^\s|丨,，©\d][^\s|丨,，©]*?)\s*(?:版权所有|All\s+Rights|$|\s)",
        re.IGNORECASE,
    ),
)


def _search_lines(pattern: str, lines: list[str]) -> re.Match[str] | None:
    compiled = re.compile(pattern, re.IGNORECASE)
    for line in lines:
        match = compiled.search(line)
        if match:
            return match
    return None


def _copyright_name(lines: list[str]) -> str:
    for line in lines:
        for pattern in _COPYRIGHT_RES:
            match = pattern.search(line)
            if match:
                return _clean_value(match.group("name"))
    return ""


def find_footer(lines: list[str]) -> SiteFooter:
    """Licence, ICP, police filing, phone and e-mail from the footer lines."""
    footer = SiteFooter(site_name=_copyright_name(lines))
    licence = _search_lines(r"广播电视节目制作经营许可证\s*[:：]?\s*([^\s|丨，,；;]+)", lines)
    if licence:
        footer.broadcast_licence = licence.group(1)
    icp = _search_lines(r"[\u4e00-\u9fff]\s*ICP\s*[备证]\s*[:：]?\s*\d+\s*号(?:\s*-\s*\d+)?", lines)
    if icp:
        footer.icp_number = re.sub(r"[\s:：]", "", icp.group(0))
    police = _search_lines(r"[\u4e00-\u9fff]\s*公网安备\s*[:：]?\s*\d+\s*号", lines)
    if police:
        footer.police_filing = re.sub(r"[\s:：]", "", police.group(0))
    phone = _search_lines(
        r"(?:监督电话|监督举报电话|举报电话)\s*[:：]\s*([\d\-－()（） 、,，/转]+)", lines
    )
    if phone:
        footer.supervision_phone = normalise_line(phone.group(1)).strip(" 、,，/")
    email = _search_lines(rf"(?:总编辑?邮箱|总编辑?信箱)\s*[:：]\s*({_EMAIL})", lines) or (
        _search_lines(rf"(?:邮箱|信箱|E-?mail|电子邮件)\s*[:：]\s*({_EMAIL})", lines)
    )
    if email:
        footer.chief_editor_email = email.group(1)
    return footer


def _is_site_name_line(line: str) -> bool:
    return (
        len(line) <= 20
        and not re.search(r"[:：|丨｜]", line)
        and not _DATE_RE.search(line)
        and not _is_header_chrome(line)
        and not _CRUMB_BARE_RE.match(line)
    )


def _site_name_from_header(lines: list[str], limit: int | None) -> str:
    """The masthead: one of the first few lines above the breadcrumb/title."""
    head = [line for line in lines[: limit if limit is not None else 0] if line][:3]
    for line in head:
        if _is_site_name_line(line):
            return line
    return ""


# --------------------------------------------------------------------------- #
# The shared line pipeline
# --------------------------------------------------------------------------- #


@dataclass
class _Hints:
    """Extra evidence from HTML markup; empty for plain text."""

    titles: tuple[str, ...] = ()
    site_name: str = ""
    published: str = ""
    source_url: str = ""
    footer_lines: list[str] = field(default_factory=list)
    join_wrapped: bool = True


def _resolve_publish_time(
    lines: list[str], start: int, hints: _Hints
) -> tuple[int | None, datetime]:
    date_index = find_date_line(lines, start)
    if date_index is None and start:
        # A labelled date above the breadcrumb (odd templates) still beats nothing.
        date_index = find_date_line(lines, 0, labelled_only=True)
    if date_index is not None:
        return date_index, _date_from_line(lines[date_index])
    if hints.published:
        return None, parse_datetime(hints.published)
    raise PageParseError("未找到发布时间")


def _parse_lines(raw_lines: list[str], *, source_url: str, hints: _Hints) -> ParsedArticle:
    lines = [normalise_line(line) for line in raw_lines]

    crumb_index, channels = find_breadcrumb(lines)
    start = crumb_index + 1 if crumb_index is not None else 0
    date_index, publish_time = _resolve_publish_time(lines, start, hints)

    title_index, title = find_title(lines, start=start, stop=date_index, hints=hints.titles)
    title = normalise_line(title)
    if not title:
        raise PageParseError("未找到文章标题")

    first = title_index + 1 if title_index is not None else start
    last_meta = date_index if date_index is not None else first - 1
    body_start = _header_end(lines, first, last_meta)
    header = lines[first:body_start]
    meta = find_meta([line for line in header if _is_meta_line(line)])

    body_end = _find_body_end(lines, body_start)
    blocks = [
        block
        for block in split_body(lines[body_start:body_end], join_wrapped=hints.join_wrapped)
        if block.text != title  # some templates repeat the title above the text
    ]
    inline_editor = _pop_inline_editor(blocks)
    if not blocks:
        raise PageParseError("未找到正文内容")

    trailer = lines[body_end:]
    footer = find_footer(trailer + hints.footer_lines)
    header_limit = crumb_index if crumb_index is not None else title_index
    footer.site_name = (
        hints.site_name or _site_name_from_header(lines, header_limit) or footer.site_name
    )

    if channels and (channels[-1] == title or channels[-1] in _CRUMB_TAIL_NOISE):
        channels = channels[:-1]

    return ParsedArticle(
        title=title,
        publish_time=publish_time,
        source=meta["source"],
        author=meta["author"],
        byline=find_byline(blocks[0].text) if blocks[0].kind == "paragraph" else "",
        lead=find_lead(header),
        body=blocks,
        responsible_editor=_find_trailing_editor(trailer) or inline_editor or meta["editor"],
        channel_path=channels,
        source_url=source_url or hints.source_url,
        footer=footer,
    )


def parse_text(text: str, *, source_url: str = "") -> ParsedArticle:
    """Parse a plain-text dump of an article page (what a reader sees)."""
    _ensure_text(text)
    return _parse_lines(text.splitlines(), source_url=source_url, hints=_Hints())


# --------------------------------------------------------------------------- #
# HTML
# --------------------------------------------------------------------------- #

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead", "tr", "ul",
}  # fmt: skip
_CELL_TAGS = {"td", "th"}
_DROP_TAGS = [
    "script", "style", "noscript", "template", "iframe", "form", "select", "button", "input",
    "textarea", "svg", "object", "embed", "canvas",
]  # fmt: skip
_CJK_PUNCT = r"\u4e00-\u9fff，。、；：？！“”‘’（）《》【】"


def _collapse_html_space(text: str) -> str:
    # Source-wrapped Chinese must not gain a space; everything else collapses like a browser.
    text = re.sub(rf"(?<=[{_CJK_PUNCT}])[ \t\r\f]*\n\s*(?=[{_CJK_PUNCT}])", "", text)
    return re.sub(r"[ \t\r\n\f]+", " ", text)


def html_to_lines(root: Tag) -> list[str]:
    """Flatten an element into visual lines: block elements and <br> break lines."""
    for comment in root.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    for node in list(root.find_all(string=True)):
        if isinstance(node, NavigableString):
            node.replace_with(_collapse_html_space(str(node)))
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(True):
        if tag.name in _BLOCK_TAGS:
            tag.insert_before("\n")
            tag.insert_after("\n")
        elif tag.name in _CELL_TAGS:
            tag.insert_after(" ")
    return [normalise_line(line) for line in root.get_text().split("\n")]


def _meta_content(metas: list[Tag], *names: str) -> str:
    """The content of the first <meta> named ``names[0]`` (by property, then name, then itemprop),
    else ``names[1]`` ...; ``metas`` is the page's <meta> tags, found once (one walk of the tree
    instead of three per name: the biggest cost of a saved page once parsed)."""
    for name in names:
        for attribute in ("property", "name", "itemprop"):
            tag = next((meta for meta in metas if meta.get(attribute) == name), None)
            if tag is not None:
                break
        if tag is not None and tag.get("content"):
            return normalise_line(str(tag["content"]))
    return ""


def _split_title_tag(text: str) -> list[str]:
    # "标题_栏目_网站名" / "标题 - 网站名" / "标题 | 网站名"; a bare "—" belongs to titles.
    return [part for part in re.split(r"\s*(?:_|\||｜| - | – |－)\s*", text) if part]


def _landmark_is_content(element: Tag) -> bool:
    """Keep <nav>/<header> that hold the breadcrumb or the article's own title/meta."""
    text = normalise_line(element.get_text(" "))
    if re.search(rf"{_CRUMB_PREFIX}\s*[:：]", text) or _CRUMB_BARE_RE.match(text):
        return True
    if element.find_parent(["article", "main"]) is not None:
        return True
    return element.find("h1") is not None and _labelled_date(text) is not None


def _take_site_footer(soup: BeautifulSoup) -> list[str]:
    """Remove site-wide <footer> elements but keep their lines for SiteFooter."""
    lines: list[str] = []
    for footer in soup.find_all("footer"):
        if footer.find_parent("article") is not None:
            continue
        lines.extend(line for line in html_to_lines(footer) if line)
        footer.decompose()
    return lines


def _strip_chrome(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(["nav", "header"]):
        if not tag.decomposed and not _landmark_is_content(tag):
            tag.decompose()


def parse_html(html: str, *, source_url: str = "") -> ParsedArticle:
    """Parse a saved HTML article page."""
    _ensure_text(html)
    soup = BeautifulSoup(html, "lxml")

    title_tag = normalise_line(soup.title.get_text()) if soup.title else ""
    title_parts = _split_title_tag(title_tag)
    canonical = soup.find("link", rel="canonical")
    metas = soup.find_all("meta")
    url = _meta_content(metas, "og:url") or (
        normalise_line(str(canonical.get("href", ""))) if canonical else ""
    )
    published = _meta_content(
        metas, "article:published_time", "datePublished", "publishdate", "PubDate", "pubdate"
    )
    og_title = _meta_content(metas, "og:title")
    og_site_name = _meta_content(metas, "og:site_name")
    for head in soup.find_all("head"):
        head.decompose()

    footer_lines = _take_site_footer(soup)
    _strip_chrome(soup)
    root = soup.body or soup
    lines = html_to_lines(root)
    h1_texts = tuple(normalise_line(h1.get_text().replace("\n", " ")) for h1 in root.find_all("h1"))

    hints = _Hints(
        titles=(*h1_texts, og_title, title_parts[0] if title_parts else ""),
        site_name=(
            og_site_name
            or (title_parts[-1] if len(title_parts) > 1 else "")
            or _copyright_name(lines + footer_lines)
        ),
        published=published,
        source_url=url,
        footer_lines=footer_lines,
        join_wrapped=False,
    )
    return _parse_lines(lines, source_url=source_url, hints=hints)


# --------------------------------------------------------------------------- #
# Bytes: encoding and text-vs-HTML sniffing
# --------------------------------------------------------------------------- #

_HTML_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".php", ".jsp")
_HTML_START_RE = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG_RE = re.compile(
    r"</?(?:html|head|body|div|p|span|a|h[1-6]|table|tr|td|ul|li|br|meta|title|script|style)\b[^>]*>",
    re.IGNORECASE,
)
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "csgb2312"}


def looks_like_html(text: str, filename: str = "") -> bool:
    """Decide by content; the extension only lowers the bar (a .txt may hold HTML and v.v.)."""
    if _HTML_START_RE.match(text):
        return True
    tags = len(_HTML_TAG_RE.findall(text[:20000]))
    if filename.lower().endswith(_HTML_EXTENSIONS):
        return tags >= 1
    return tags >= 5


def _declared_charset(data: bytes) -> str:
    match = _META_CHARSET_RE.search(data[:4096])
    if not match:
        return ""
    name = match.group(1).decode("ascii", "ignore").lower()
    if name in _GB_FAMILY:
        return "gb18030"  # superset: GB2312-labelled sites routinely use GBK-only characters
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_without_bom(data: bytes) -> str | None:
    declared = _declared_charset(data)
    utf8 = _try_decode(data, "utf-8")
    if declared == "gb18030":
        # Browsers re-encode saved pages to UTF-8 but keep the old <meta charset>;
        # non-ASCII text that is valid UTF-8 is practically never real GBK.
        if utf8 is not None and not utf8.isascii():
            return utf8
        return _try_decode(data, "gb18030")
    if declared:
        decoded = _try_decode(data, declared)
        if decoded is not None:
            return decoded
    return utf8 if utf8 is not None else _try_decode(data, "gb18030")


def _looks_binary(text: str) -> bool:
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f\v")
    return "\x00" in text or controls > max(2, len(text) // 100)


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 (BOM or not), UTF-16 with BOM, or GB18030/GBK; reject empty/binary."""
    if not data.strip():
        raise PageParseError("文件为空")
    if data.startswith(codecs.BOM_UTF8):
        text = _try_decode(data[len(codecs.BOM_UTF8) :], "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _try_decode(data, "utf-16")
    elif b"\x00" in data:
        raise PageParseError("不是文本文件（疑似二进制）")
    else:
        text = _decode_without_bom(data)
    if text is None:
        raise PageParseError("无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030，疑似二进制）")
    if _is_blank_or_space(text):
        raise PageParseError("文件为空")
    if _looks_binary(text):
        raise PageParseError("不是文本文件（疑似二进制）")
    return text


def parse_bytes(data: bytes, *, filename: str = "", source_url: str = "") -> ParsedArticle:
    """Parse an uploaded/scraped file of unknown encoding and kind."""
    text = decode_bytes(data)
    if looks_like_html(text, filename):
        return parse_html(text, source_url=source_url)
    return parse_text(text, source_url=source_url)
