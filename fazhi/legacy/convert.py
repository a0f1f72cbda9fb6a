"""Pure conversions from old EmpireCMS / DedeCMS values to fazhi's: no database, no files.

Each function has its own unit tests in ``tests/test_convert.py``.
"""

from __future__ import annotations

import hashlib
import html
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import nh3
from lxml import html as lxml_html

# --- time ----------------------------------------------------------------------------------


def unix_to_datetime(value: int | str | datetime | None) -> datetime | None:
    """EmpireCMS/DedeCMS store unix seconds (EmpireCMS 6 used DATETIME); 0 or empty = unknown."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    seconds = int(value)
    if seconds <= 0:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC)


# --- keywords ------------------------------------------------------------------------------

_KEYWORD_SPLIT = re.compile(r"[,，、;；|\s]+")
MAX_TAG_LENGTH = 100


def keywords_to_tags(keywords: str) -> list[str]:
    """``"法治,普法，调解 调解"`` → ``["法治", "普法", "调解"]``: both systems allow several separators."""
    tags: list[str] = []
    for word in _KEYWORD_SPLIT.split(keywords or ""):
        word = word.strip()[:MAX_TAG_LENGTH]
        if word and word.lower() not in {t.lower() for t in tags}:
            tags.append(word)
    return tags


# --- page breaks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyPage:
    title: str  # the page's own subtitle, "" when the old page break had none
    html: str


_EMPIRE_BREAK = re.compile(r"\[!--empirenews\.page--\]")
_EMPIRE_TITLE = re.compile(r"^\s*(.*?)\[/!--empirenews\.page--\]", re.S)
_DEDE_BREAK = re.compile(r"#p#(.*?)#e#", re.S)


def split_empire_pages(text: str) -> list[BodyPage]:
    """Split on ``[!--empirenews.page--]``; a page may open with ``subtitle[/!--empirenews.page--]``."""
    pages: list[BodyPage] = []
    for n, part in enumerate(_EMPIRE_BREAK.split(text or "")):
        title = ""
        match = _EMPIRE_TITLE.match(part)
        if match and n > 0:
            title, part = _plain(match.group(1)), part[match.end() :]
        if part.strip() or title:
            pages.append(BodyPage(title, part))
    return pages or [BodyPage("", "")]


def split_dede_pages(text: str) -> list[BodyPage]:
    """Split on DedeCMS's ``#p#subtitle#e#`` (the subtitle may be empty or 分页标题)."""
    parts = _DEDE_BREAK.split(text or "")
    pages = [BodyPage("", parts[0])] if parts[0].strip() else []
    for title, part in zip(parts[1::2], parts[2::2], strict=True):
        title = _plain(title)
        if title == "分页标题":  # DedeCMS editor's placeholder
            title = ""
        if part.strip() or title:
            pages.append(BodyPage(title, part))
    return pages or [BodyPage("", "")]


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", fragment)).split())


# --- sanitising ----------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "a", "img", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "thead", "tbody", "tfoot", "tr", "td",
    "th", "caption", "colgroup", "col", "hr", "pre", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "col": {"span"},
}
# Old editors wrapped everything in these; they carry only layout, so they are unwrapped.
_UNWRAP = {"div", "span", "font", "center", "section", "article"}


def sanitize_html(fragment: str) -> str:
    """Scripts, event handlers, inline styles, classes and unknown tags go; tables and images stay.

    Done by nh3 (the ammonia sanitiser): ``<script>``/``<style>`` lose their content too, links get
    ``rel="noopener noreferrer"``, only http(s)/mailto and relative URLs survive.
    """
    cleaned = nh3.clean(
        fragment or "",
        tags=ALLOWED_TAGS | _UNWRAP,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    # Divs/fonts carried layout only: turn block wrappers into paragraphs, drop inline ones.
    cleaned = re.sub(r"<(div|center|section|article)>", "<p>", cleaned)
    cleaned = re.sub(r"</(div|center|section|article)>", "</p>", cleaned)
    cleaned = re.sub(r"</?(span|font)>", "", cleaned)
    return nh3.clean(
        cleaned, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None
    )  # second pass repairs nesting (<p> inside <p>) the first pass cannot know about


# --- attachments ---------------------------------------------------------------------------

_LOCAL_FILE = re.compile(
    r"""(?:(?:https?:)?//[^/"'\s<>]+)?(/(?:d/file|uploads)/[^"'\s<>?#]+)""", re.IGNORECASE
)
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"}


def attachment_paths(fragment: str) -> list[str]:
    """Old-site file paths (``/d/file/…``, ``/uploads/…``) referenced anywhere in ``fragment``."""
    seen: dict[str, None] = {}
    for match in _LOCAL_FILE.finditer(fragment or ""):
        seen[normalise_file_path(match.group(1))] = None
    return list(seen)


def normalise_file_path(path: str) -> str:
    """``//host/d/file/a.JPG`` or ``d/file/a.JPG`` → ``/d/file/a.JPG`` (case kept: Linux paths)."""
    path = urlsplit(path).path if "//" in path[:8] else path
    path = html.unescape(path).strip()
    return "/" + re.sub(r"/+", "/", path).lstrip("/")


def is_image_path(path: str) -> bool:
    return ("." + path.rsplit(".", 1)[-1].lower()) in IMAGE_SUFFIXES if "." in path else False


# --- body → StreamField --------------------------------------------------------------------


@dataclass(frozen=True)
class FileRef:
    """A migrated attachment: a Wagtail image or document id."""

    kind: str  # "image" | "document"
    id: int
    url: str  # the new public URL (images: the original file's URL)


def _block(kind: str, value: object, seed: str) -> dict[str, object]:
    # Stable block ids: a re-run of the same article writes identical JSON.
    return {
        "type": kind,
        "value": value,
        "id": str(uuid.UUID(hashlib.md5(seed.encode()).hexdigest())),
    }


def body_blocks(
    pages: list[BodyPage], files: dict[str, FileRef], key: str = ""
) -> list[dict[str, object]]:
    """StreamField JSON for an article body: paragraphs (rich text), images, page subtitles.

    Each page subtitle becomes a 小标题 (heading) block; a paragraph that holds only an image that
    was migrated becomes an image block; links to migrated documents become document links, and
    other migrated files have their URLs rewritten. Tables stay in paragraph rich text.
    """
    blocks: list[dict[str, object]] = []
    for page in pages:
        if page.title:
            blocks.append(_block("heading", page.title, f"{key}:{len(blocks)}"))
        cleaned = sanitize_html(page.html)
        if not cleaned.strip():
            continue
        _html_blocks(cleaned, files, key, blocks)
    return blocks


def _html_blocks(
    cleaned: str, files: dict[str, FileRef], key: str, blocks: list[dict[str, object]]
) -> None:
    """Append paragraph and image blocks for one sanitised HTML page to ``blocks``."""
    root = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    buffer: list[str] = []  # block-level HTML waiting to become one paragraph block
    inline: list[str] = []  # loose text and inline tags, wrapped into one <p>

    def close_inline() -> None:
        text = "".join(inline).strip()
        while text.startswith("<br/>") or text.endswith("<br/>"):
            text = text.removeprefix("<br/>").removesuffix("<br/>").strip()
        if text:
            buffer.append(f"<p>{text}</p>")
        inline.clear()

    def flush() -> None:
        close_inline()
        text = "".join(buffer).strip()
        if text:
            blocks.append(_block("paragraph", text, f"{key}:{len(blocks)}"))
        buffer.clear()

    if root.text:
        inline.append(html.escape(root.text))
    for node in root:
        tail = node.tail
        node.tail = None
        image = _lone_image(node, files)
        if image is not None:
            flush()
            blocks.append(
                _block("image", {"image": image.id, "caption": ""}, f"{key}:{len(blocks)}")
            )
        else:
            _rewrite_links(node, files)
            markup = _close_void_tags(lxml_html.tostring(node, encoding="unicode"))
            if node.tag in _INLINE:
                inline.append(markup)
            elif node.text_content().strip() or node.tag in {"hr", "table"} or len(node):
                close_inline()
                buffer.append(markup)
        if tail:
            inline.append(html.escape(tail))
    flush()


_INLINE = {"strong", "b", "em", "i", "u", "s", "sub", "sup", "a", "img", "br", "code"}
# lxml writes void elements HTML-style (<img src="x">); Wagtail's rich text is XHTML-style, and
# its editor's converter takes an unclosed <img> for an open element and fails on the next end tag
# ("Unmatched tags: expected img, got p": a 500 on the article's edit page). lxml escapes "<" and
# ">" inside attribute values, so a tag ends at the first ">".
_VOID_TAG = re.compile(r"<(img|br|hr|col|wbr)\b([^<>]*?)/?>")


def _close_void_tags(markup: str) -> str:
    return _VOID_TAG.sub(r"<\1\2/>", markup)


def _lone_image(node, files: dict[str, FileRef]) -> FileRef | None:
    """The migrated image when ``node`` is ``<img>`` or a paragraph holding only that image."""
    images = [node] if node.tag == "img" else list(node.iter("img"))
    if len(images) != 1 or node.tag not in {"img", "p"}:
        return None
    if node.tag == "p" and (node.text_content().strip() or len(node) != 1 or node[0].tag != "img"):
        return None
    ref = files.get(normalise_file_path(images[0].get("src", "")))
    return ref if ref and ref.kind == "image" else None


def _rewrite_links(node, files: dict[str, FileRef]) -> None:
    for element in node.iter("a", "img"):
        attr = "href" if element.tag == "a" else "src"
        value = element.get(attr, "")
        match = _LOCAL_FILE.fullmatch(value) or _LOCAL_FILE.match(value)
        if not match:
            continue
        ref = files.get(normalise_file_path(match.group(1)))
        if ref is None:
            continue
        if element.tag == "a" and ref.kind == "document":
            # Wagtail's rich-text form of a document link.
            del element.attrib["href"]
            element.set("linktype", "document")
            element.set("id", str(ref.id))
        else:
            element.set(attr, ref.url)


# --- old URLs ------------------------------------------------------------------------------


def empire_article_paths(
    classpath: str, newspath: str, filename: str, filetype: str, classid: int, article_id: int
) -> list[str]:
    """Where EmpireCMS served an article: the static file and the dynamic ShowInfo page."""
    paths = [f"/e/action/ShowInfo.php?classid={classid}&id={article_id}"]
    if filename:
        parts = [p.strip("/") for p in (classpath, newspath) if p and p.strip("/")]
        name = filename if "." in filename.rsplit("/", 1)[-1] else filename + (filetype or ".html")
        paths.insert(0, "/" + "/".join([*parts, name.lstrip("/")]))
    return paths


def dede_article_paths(
    typedir: str, namerule: str, article_id: int, published: datetime | None, filename: str = ""
) -> list[str]:
    """Where DedeCMS served an article: its ``namerule`` static file and ``/plus/view.php``."""
    paths = [f"/plus/view.php?aid={article_id}"]
    directory = "/" + clean_dir(typedir)
    if filename:
        name = filename if "." in filename else filename + ".html"
        paths.insert(0, f"{directory.rstrip('/')}/{name.lstrip('/')}")
        return paths
    rule = namerule or "{typedir}/{Y}/{M}{D}/{aid}.html"
    if re.search(r"\{(pinyin|py|cc)\}", rule):
        return paths  # names built from a transliteration we cannot reproduce exactly
    when = published or datetime.fromtimestamp(0, tz=UTC)
    built = (
        rule.replace("{typedir}", directory.rstrip("/"))
        .replace("{cmspath}", "")
        .replace("{Y}", f"{when:%Y}")
        .replace("{M}", f"{when:%m}")
        .replace("{D}", f"{when:%d}")
        .replace("{timestamp}", str(int(when.timestamp())))
        .replace("{aid}", str(article_id))
    )
    paths.insert(0, "/" + re.sub(r"/+", "/", built).lstrip("/"))
    return paths


def clean_dir(path: str) -> str:
    """``{cmspath}/a/news/`` or ``/news//guonei`` → ``a/news`` / ``news/guonei``."""
    path = (path or "").replace("{cmspath}", "").replace("\\", "/")
    return re.sub(r"/+", "/", path).strip("/")


def channel_paths(path: str) -> list[str]:
    """The list URLs of an old channel directory: ``/news/`` and ``/news/index.html``."""
    directory = clean_dir(path)
    if not directory:
        return []
    return [f"/{directory}/", f"/{directory}/index.html"]


# --- comments (stored by the comments app through the fazhi_migrate_comments hook) ---------

_FACE = re.compile(r"\[~e\.([a-z0-9_]+)~\]", re.IGNORECASE)
_EMPIRE_QUOTE = re.compile(
    r"\[quote\](.*?)\[/quote\]|<div class=[\"']?ecomment[\"']?>(.*?)</div>", re.S | re.IGNORECASE
)
# EmpireCMS ships these face codes with its default 表情 set; unknown codes become [表情].
FACE_NAMES = {
    "jy": "惊讶", "kq": "哭泣", "se": "色", "sq": "生气", "ts": "调皮", "wx": "微笑", "xk": "笑哭",
    "yw": "疑问", "zk": "抓狂", "hh": "哈哈", "lh": "流汗", "ng": "难过", "qq": "亲亲", "ku": "酷",
}  # fmt: skip


def face_codes_to_text(text: str) -> str:
    """``[~e.wx~]`` → ``[微笑]``: EmpireCMS's smiley codes as readable plain text."""
    return _FACE.sub(lambda m: f"[{FACE_NAMES.get(m.group(1).lower(), '表情')}]", text)


def comment_plain_text(saytext: str) -> str:
    """An EmpireCMS ``saytext`` / DedeCMS ``msg`` as plain text.

    Face codes become ``[微笑]``; a quoted earlier comment (EmpireCMS's
    ``<div class=ecomment><span class=ecommentauthor>网友 X 的原文：</span><br/>…</div>`` or
    ``[quote]…[/quote]``) becomes ``「引用 X：…」`` on its own line; ``<br>`` → newline; other tags go.
    """
    text = saytext or ""

    def quote(match: re.Match[str]) -> str:
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        author = re.search(r"网友\s*(.*?)\s*的原文", inner)
        inner = re.sub(r"<span class=[\"']?ecommentauthor[\"']?>.*?</span>", "", inner, flags=re.S)
        body = _comment_lines(inner).replace("\n", " ").strip()
        who = f"引用 {author.group(1)}：" if author and author.group(1) else "引用："
        return f"\n「{who}{body}」\n"

    previous = None
    while previous != text:  # quotes nest: innermost first
        previous = text
        text = _EMPIRE_QUOTE.sub(quote, text, count=1)
    return face_codes_to_text(_comment_lines(text))


def _comment_lines(fragment: str) -> str:
    fragment = re.sub(r"<br\s*/?>", "\n", fragment, flags=re.IGNORECASE)
    fragment = html.unescape(re.sub(r"<[^>]*>", "", fragment))
    lines = [" ".join(line.split()) for line in fragment.splitlines()]
    return "\n".join(line for line in lines if line)


def empire_comment_shown(checked: int) -> bool:
    """EmpireCMS ``phome_enewspl_*.checked``: 0 = shown, 1 = waiting for review."""
    return int(checked or 0) == 0


def dede_comment_shown(ischeck: int) -> bool:
    """DedeCMS ``dede_feedback.ischeck``: 1 = shown, 0 = waiting for review."""
    return int(ischeck or 0) == 1


def comment_user_id(userid: int | None) -> int | None:
    """Old user id of a comment's author; 0 (or empty) = anonymous → None."""
    return int(userid) if userid and int(userid) > 0 else None


# --- passwords -----------------------------------------------------------------------------


def empire_member_password(password: str, salt: str) -> str:
    """Django-encoded form of an EmpireCMS member password ``md5(md5(pw).salt)``."""
    if not re.fullmatch(r"[0-9a-fA-F]{32}", password or "") or "$" in (salt or ""):
        return ""
    return f"empirecms${salt}${password.lower()}"


def dede_password(pwd: str) -> str:
    """Django-encoded form of a DedeCMS password: ``md5(pw)`` (members) or its 20-char slice
    ``substr(md5(pw), 5, 20)`` (administrators)."""
    if not re.fullmatch(r"[0-9a-fA-F]{32}|[0-9a-fA-F]{20}", pwd or ""):
        return ""
    return f"dedecms$${pwd.lower()}"


def row_checksum(*values: object) -> str:
    """Fingerprint of an old row: a re-run skips rows whose fingerprint did not change."""
    digest = hashlib.blake2b(digest_size=16)
    for value in values:
        digest.update(repr(value).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()
