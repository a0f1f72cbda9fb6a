"""A corpus of hostile strings, shared by every test that feeds reader input to fazhi.

Script payloads set ``window.__xss`` (the sentinel a browser test checks) instead of calling alert,
so an executed payload is caught even where dialogs are dismissed. Categories: HTML/SVG/MathML XSS,
event handlers, ``javascript:`` variants, entity and Unicode tricks, template injection, SQL and
FTS5/tsquery syntax, path traversal, control characters and huge inputs.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

S = "window.__xss=1"

XSS = [
    f"<script>{S}</script>",
    f"<SCRIPT>{S}</SCRIPT>",
    f"<script src=data:,{S}></script>",
    f"<scr<script>ipt>{S}</scr</script>ipt>",
    f"</textarea><script>{S}</script>",
    f"</title><script>{S}</script>",
    f"</script><script>{S}</script>",
    f"'\"><script>{S}</script>",
    f"<img src=x onerror={S}>",
    f'<img src=x onerror="{S}">',
    f"<img/src/onerror={S}>",
    f"<IMG SRC=x OnErRoR={S}>",
    f"<svg onload={S}>",
    f"<svg><script>{S}</script></svg>",
    f"<svg><animate onbegin={S} attributeName=x dur=1s>",
    f"<svg><a xlink:href=javascript:{S}><text x=20 y=20>点我</text></a></svg>",
    f'<svg><foreignObject><iframe srcdoc="<script>parent.{S}</script>"></iframe></foreignObject></svg>',
    f"<svg><style><img src=x onerror={S}></style></svg>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={S}>",
    f"<math><maction actiontype=statusline xlink:href=javascript:{S}>点</maction></math>",
    f"<math href=javascript:{S}>CLICK</math>",
    f"<body onload={S}>",
    f"<iframe src=javascript:{S}></iframe>",
    f"<iframe srcdoc='<script>parent.{S}</script>'></iframe>",
    f"<object data=javascript:{S}></object>",
    f"<embed src=javascript:{S}>",
    f"<details open ontoggle={S}>",
    f"<video><source onerror={S}></video>",
    f"<audio src=x onerror={S}>",
    f"<input autofocus onfocus={S}>",
    f"<select autofocus onfocus={S}>",
    f"<marquee onstart={S}>",
    f"<div onmouseover={S}>悬停</div>",
    f"<a href=javascript:{S}>点我</a>",
    f"<a href=JaVaScRiPt:{S}>点我</a>",
    f'<a href=" javascript:{S}">点我</a>',
    f'<a href="java\tscript:{S}">点我</a>',
    f'<a href="java&#x09;script:{S}">点我</a>',
    f'<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:{S}">x</a>',
    f'<a href="&#x6A;avascript:{S}">x</a>',
    f'<a href="vbscript:{S}">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==">x</a>',
    f"javascript:{S}",
    f"javascript://%0a{S}",
    f"JaVaScRiPt:{S}",
    f"&#106;avascript:{S}",
    f"<form action=javascript:{S}><button>提交</button></form>",
    f"<button formaction=javascript:{S}>x</button>",
    f"<base href=javascript:{S}//>",
    f'<meta http-equiv=refresh content="0;url=javascript:{S}">',
    f"<link rel=import href=data:text/html,<script>{S}</script>>",
    f"<style>@import 'javascript:{S}';</style>",
    f'<div style="background:url(javascript:{S})">x</div>',
    f'<div style="x:expression({S})">x</div>',
    f'<noscript><p title="</noscript><img src=x onerror={S}>">',
    f"<template><img src=x onerror={S}></template>",
    f"<xmp><img src=x onerror={S}></xmp>",
    f"<!--<img src=--><img src=x onerror={S}//>",
    f"<![CDATA[<img src=x onerror={S}>]]>",
    f'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">{S}</x:script>',
    f'"><img src=x onerror={S}>',
    f"'><img src=x onerror={S}>",
    f'" onmouseover="{S}" x="',
    f"' onfocus='{S}' autofocus='",
    f"`-{S}-`",
    f"${{{S}}}",
    f"\\u003cscript\\u003e{S}\\u003c/script\\u003e",
    f"\\x3cscript\\x3e{S}\\x3c/script\\x3e",
    f"%3Cscript%3E{S}%3C%2Fscript%3E",
    f"%253Cscript%253E{S}%253C%252Fscript%253E",
    f"&lt;script&gt;{S}&lt;/script&gt;",
    f"&amp;lt;script&amp;gt;{S}",
    f"&#60;script&#62;{S}&#60;/script&#62;",
    f"&#x3C;img src=x onerror={S}&#x3E;",
    f"＜script＞{S}＜/script＞",  # fullwidth brackets
    f"\uff1cimg src=x onerror={S}\uff1e",
    f"<scr\u0000ipt>{S}</scr\u0000ipt>",
    f"<img src=x onerror\u000c={S}>",
    f"<img src=x\u2028onerror={S}>",
    f'<a href="\u202ejavascript:{S}">x</a>',
    '{"__proto__":{"innerHTML":"<img src=x onerror=window.__xss=1>"}}',
    f"</script><svg/onload={S}>",
    f'<img src="x` `<script>{S}</script>"` `>',
    f"<isindex type=image src=1 onerror={S}>",
    f"<frameset onload={S}>",
    f"<table background=javascript:{S}>",
    f"<x contenteditable onblur={S}>lose focus</x>",
    f"<img srcset=x onerror={S}>",
    f"<picture><source srcset=x><img src=x onerror={S}></picture>",
    f'<object data="data:text/html,<script>{S}</script>"></object>',
]

UNICODE = [
    "\u202e反转文本\u202c",
    "零宽\u200b字符\u200c连接\u200d",
    "\ufeff字节序标记",
    "\U0001f600表情😀👨‍👩‍👧‍👦",
    "𠀀𪚥𰻞 扩展汉字",
    "e\u0301\u0301\u0301\u0301\u0301 combining",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "\ud7ff\ue000\uffff",
    "ﬁ ﬂ ＡＢＣ １２３ ㍻",
    "İıŞş ǅ ß ẞ",
    "Ω≈ç√∫˜µ≤≥÷",
    "法\u3000轮\u3000功",
    "\u00a0\u2000\u2001\u2002\u3000",
    "\u0085\u2028\u2029 line separators",
    "٠١٢٣٤٥ العربية עברית",
    "\u0000",
    "a\u0000b",
    "\u0007\u0008\u001b[31m红\u001b[0m",
    "\r\n\r\n",
    "\t\v\f",
    "\x7f\x80\x9f",
    "%00",
    "%0d%0aSet-Cookie: x=1",
    "\r\nLocation: https://evil.example/",
    "..%c0%af..%c0%af",
]

TEMPLATE = [
    "{{ settings.SECRET_KEY }}",
    "{{ request.user.password }}",
    "{% debug %}",
    "{% load static %}{% static 'x' %}",
    "{% include '/etc/passwd' %}",
    "{{7*7}}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{ ''.__class__.__mro__ }}",
    "{{ page.owner.password }}",
    "{% csrf_token %}",
    "[!--empirenews.page--]",
    "[~e.qq~]",
    "#p#分页标题#e#",
    "{dede:field name='title'/}",
    "<?php system('id'); ?>",
    '<!--#exec cmd="id" -->',
    "{{constructor.constructor('window.__xss=1')()}}",
    "{{$on.constructor('window.__xss=1')()}}",
]

SQL_FTS = [
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "1; DROP TABLE auth_user; --",
    "'; DELETE FROM wagtailcore_page; --",
    "1' UNION SELECT username, password FROM auth_user --",
    "admin'--",
    "') OR ('a'='a",
    "1 AND SLEEP(5)",
    "1' AND pg_sleep(5)--",
    "'; SELECT pg_sleep(5); --",
    "%' AND 1=0 UNION SELECT NULL--",
    "\\'; --",
    "classid=1 and 1=2 union select 1,2,username,password from phome_enewsuser",
    "keyword=%cf' and 1=2#",
    "法治 OR 1=1",
    "NEAR(法治 律师, 2)",
    "法治 NOT 律师",
    "法治 AND",
    "OR OR OR",
    "* ",
    "法*",
    "^法治",
    "title:法治",
    "{title body}: 法治",
    '"未闭合的引号',
    '"""',
    "“中文引号",
    "-",
    "--",
    "- - -",
    "-法治",
    "法治 -",
    "(((",
    ")))",
    "法治 & 律师 | !援助",
    "!!!",
    "法治:* & 律师:*",
    "'法治' <-> '律师'",
    "法治 <2> 律师",
    "a:*A & b:B",
    "\\",
    "\\\\\\",
    "%",
    "_",
    "%_%",
    ";",
    "\x00' OR 1=1",
    "SELECT * FROM search_fts WHERE search_fts MATCH '*'",
    "MATCH 'x' --",
]

PATHS = [
    "../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "....//....//etc/passwd",
    "/etc/passwd%00.jpg",
    "file:///etc/passwd",
    "\\\\evil.example\\share",
    "shell.php",
    "shell.php.jpg",
    "shell.phtml",
    ".htaccess",
    "e/data/tmp/mod/info.php",
    "/d/file/../../e/class/config.php",
    "https://evil.example/",
    "//evil.example/",
    "http://127.0.0.1:6379/",
    "gopher://127.0.0.1:6379/_FLUSHALL",
    "CON",
    "NUL.txt",
    "~/.ssh/id_rsa",
]

HUGE = [
    "法" * 5000,
    "A" * 100_000,
    "<" * 20_000,
    '"' * 20_000,
    "(" * 10_000 + ")" * 10_000,
    "<a>" * 5000,
    "-" * 10_000,
    "法治 " * 5000,
    "\u0301" * 10_000,
    "😀" * 10_000,
]


def _variants() -> list[str]:
    """Payloads wrapped in Chinese prose and in quotes: how they arrive inside real text."""
    seeds = XSS[:40]
    return [f"评论：{p}好文章" for p in seeds] + [f"“{p}”" for p in seeds[:20]]


def _legacy() -> list[str]:
    """The comments app's own XSS list, kept in one corpus."""
    path = Path(__file__).resolve().parents[2] / "comments" / "tests" / "xss_payloads.txt"
    return [line for line in path.read_text("utf-8").splitlines() if line.strip()]


def corpus() -> list[str]:
    seen: dict[str, None] = {}
    for item in [*XSS, *UNICODE, *TEMPLATE, *SQL_FTS, *PATHS, *_variants(), *_legacy(), *HUGE]:
        seen.setdefault(item, None)
    return list(seen)


HOSTILE = corpus()
SHORT = [s for s in HOSTILE if len(s) <= 200]  # fits every length-limited field


# What the corpus's script payloads call: an inline script holding one of these came from input.
PAYLOAD_CALLS = ("__xss", "alert(", "prompt(", "confirm(", "eval(", "document.cookie")


def _require(condition: object, what: object) -> None:
    """An explicit failure: unlike a bare ``assert`` in a helper, it survives ``python -O``."""
    if not condition:
        raise AssertionError(f"not inert: {str(what)[:500]}")


def assert_inert(
    html: str, allowed_scripts: tuple[str, ...] = ("/static/",), *, inline_ok: bool = False
) -> None:
    """No markup from reader input survived as live markup: every <script> is ours (a static
    file or JSON-LD data; with ``inline_ok``, as in Wagtail's admin, also an inline script that
    holds no payload's call, and the preview <iframe>), no element carries an event handler, no link or frame points to
    script, no <iframe srcdoc>, <object>, <embed>, <base> or <meta refresh>. Fails explicitly
    (AssertionError), so it checks under ``python -O`` too."""
    soup = BeautifulSoup(html, "lxml")
    for script in soup.find_all("script"):
        src = script.get("src") or ""
        kind = script.get("type") or ""
        if inline_ok and not src and not any(call in script.get_text() for call in PAYLOAD_CALLS):
            continue
        _require(
            src.startswith(allowed_scripts) or kind in ("application/ld+json", "application/json"),
            script,
        )
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            _require(not name.lower().startswith("on"), tag)
            text = " ".join(value) if isinstance(value, list) else str(value)
            squeezed = "".join(text.split()).lower()
            if name.lower() in ("href", "src", "action", "formaction", "data", "xlink:href"):
                _require(not squeezed.startswith(("javascript:", "vbscript:", "data:text")), tag)
        if inline_ok and tag.name == "iframe" and "srcdoc" not in tag.attrs:
            continue  # the admin's live preview (its src, if any, was checked above)
        _require(tag.name not in ("iframe", "object", "embed", "base", "frameset", "isindex"), tag)
        if tag.name == "meta":
            _require((tag.get("http-equiv") or "").lower() != "refresh", tag)


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
