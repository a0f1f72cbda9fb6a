"""A labelled set of banned-word evasions and innocent look-alikes (issue 23, part 2).

Five listed words (the demo's), each written around the filter in every way of the issue's list —
each positive case is labelled with its word and the technique — and innocent texts that look like
them: the same hanzi in other words, other hanzi with the same pinyin, partial words, markup and
Latin text that is not the pinyin. Used by test_evasions.py and bench/word_filter.py.
"""

from __future__ import annotations

WORDS = [
    ("法轮功", "block"),
    ("六合彩", "block"),
    ("代开发票", "block"),
    ("枪支", "hold"),
    ("上访", "hold"),
]
PINYIN = {
    "法轮功": ["fa", "lun", "gong"],
    "六合彩": ["liu", "he", "cai"],
    "代开发票": ["dai", "kai", "fa", "piao"],
    "枪支": ["qiang", "zhi"],
    "上访": ["shang", "fang"],
}
TONES = {  # the same syllables with their tone marks and tone numbers
    "法轮功": (["fǎ", "lún", "gōng"], ["fa3", "lun2", "gong1"]),
    "六合彩": (["liù", "hé", "cǎi"], ["liu4", "he2", "cai3"]),
    "代开发票": (["dài", "kāi", "fā", "piào"], ["dai4", "kai1", "fa1", "piao4"]),
    "枪支": (["qiāng", "zhī"], ["qiang1", "zhi1"]),
    "上访": (["shàng", "fǎng"], ["shang4", "fang3"]),
}
TRADITIONAL = {
    "法轮功": "法輪功",
    "六合彩": "六合彩",
    "代开发票": "代開發票",
    "枪支": "槍支",
    "上访": "上訪",
}


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _styled(text: str, base: int) -> str:  # Mathematical Alphanumeric Symbols (bold 0x1D41A…)
    return "".join(chr(base + ord(c) - ord("a")) if "a" <= c <= "z" else c for c in text)


def _cyrillic(text: str) -> str:  # one look-alike letter replaced
    for latin, cyr in (("a", "а"), ("o", "о"), ("e", "е"), ("i", "і"), ("c", "с"), ("p", "р")):
        if latin in text:
            return text.replace(latin, cyr, 1)
    return text


def _greek(text: str) -> str:
    for latin, greek in (("o", "ο"), ("a", "α"), ("i", "ι"), ("u", "υ"), ("n", "η")):
        if latin in text:
            return text.replace(latin, greek, 1)
    return text


def _entities(word: str) -> str:
    return "".join(f"&#{ord(c)};" if i % 2 == 0 else c for i, c in enumerate(word))


def _hex_entities(word: str) -> str:
    return "".join(f"&#x{ord(c):x};" for c in word)


def positives() -> list[tuple[str, str, str]]:
    """(text, listed word, technique) for every word and technique."""
    cases: list[tuple[str, str, str]] = []
    for word, _ in WORDS:
        syl = PINYIN[word]
        marked, numbered = TONES[word]
        plain = "".join(syl)
        mixed = [word[0], *syl[1:-1], word[-1]] if len(word) > 2 else [word[0], syl[1]]
        variants = {
            "hanzi in a sentence": f"这里有人在说{word}的事情",
            "spaced hanzi": " ".join(word),
            "punctuation between hanzi": "*".join(word),
            "zero-width between hanzi": "\u200b".join(word),
            "traditional or middle dots": (
                TRADITIONAL[word] if TRADITIONAL[word] != word else "\u00b7".join(word)
            ),
            "pinyin": plain,
            "pinyin in a sentence": f"大家都知道{plain}是什么",
            "pinyin mixed case": "".join(s.capitalize() for s in syl),
            "pinyin upper case": plain.upper(),
            "pinyin spaced": " ".join(syl),
            "pinyin hyphenated": "-".join(syl),
            "pinyin dotted": ".".join(syl),
            "pinyin with tone marks": " ".join(marked),
            "pinyin with tone numbers": "".join(numbered),
            "pinyin full-width": _full_width(plain),
            "pinyin bold letters": _styled(plain, 0x1D41A),
            "pinyin script letters": _styled(plain, 0x1D4EA),
            "pinyin double-struck": _styled(plain, 0x1D552),
            "hanzi mixed with pinyin": "".join(mixed),
            "pinyin mixed with hanzi": syl[0] + word[1:],
            "html entities": _entities(word),
            "html hex entities": _hex_entities(word),
            "tags splitting": "</b>".join(f"<b>{c}" for c in word) + "</b>",
            "comment splitting": "<!-- x -->".join(word),
            "combining marks": "".join(c + "\u0336" for c in word),
            "reversed behind RLO": "\u202e" + word[::-1] + "\u202c",
            "reversed pinyin behind RLO": "\u202e" + plain[::-1],
            "cyrillic letter in pinyin": _cyrillic(plain),
            "greek letter in pinyin": _greek(plain),
        }
        for technique, text in variants.items():
            cases.append((text, word, technique))
    return cases + HANDWRITTEN


# Written by hand: combinations, other styled alphabets, and two leetspeak spellings (digits for
# letters), which the pipeline does not undo (so the figures are not 100% by construction).
HANDWRITTEN = [
    ("法 lun 功", "法轮功", "mixed, spaced"),
    ("fa轮gong", "法轮功", "pinyin around a hanzi"),
    ("FA-lun-GONG", "法轮功", "pinyin mixed case, hyphenated"),
    ("f a l u n g o n g", "法轮功", "pinyin letter by letter"),
    ("法&nbsp;轮&nbsp;功", "法轮功", "named entities"),
    ("法<span style='color:red'>轮</span>功", "法轮功", "tag with attributes"),
    ("fa\u200blun\u200bgong", "法轮功", "zero-width in pinyin"),
    ("ｆａ轮ｇｏｎｇ", "法轮功", "full-width pinyin around a hanzi"),
    ("ⓕⓐⓛⓤⓝⓖⓞⓝⓖ", "法轮功", "circled letters"),
    ("🄵🄰🄻🅄🄽🄶🄾🄽🄶", "法轮功", "squared letters"),
    ("fa\u00a0lun\u00a0gong", "法轮功", "no-break spaces"),
    ("liù-hé-cǎi 开奖", "六合彩", "tone marks, hyphenated, in a sentence"),
    ("代开fa票", "代开发票", "one syllable in pinyin"),
    ("dai开发piao", "代开发票", "alternating"),
    ("槍zhi", "枪支", "traditional with pinyin"),
    ("想去北京shang访", "上访", "pinyin then hanzi, in a sentence"),
    ("fa1ungong", "法轮功", "leetspeak 1 for l"),
    ("qi4ngzh1", "枪支", "leetspeak digits for letters"),
]


NEGATIVES = [
    # the same hanzi, other words
    "法律援助热线",
    "法治建设",
    "佛法轮回",
    "法轮",
    "轮功",
    "法律功能齐全",
    "发轮功",  # other hanzi, same pinyin
    "法论功",
    "六合区人民法院",
    "六合一的打印机",
    "合彩",
    "六和彩",
    "溜合彩",
    "请商家开发票",
    "开发票是商家的义务",
    "代开会议通知",
    "代为开发软件",
    "发票代码",
    "带开发票",
    "枪手",
    "支付宝",
    "水枪支架",  # spans two words, but still 枪支: kept out of the set (see test)
    "强制执行",
    "墙纸",
    "抢劫罪",
    "上方的图片",
    "商访团",
    "上海访问团",
    "访谈节目",
    "上诉期间",
    "尚芳",
    # Latin text that is not the pinyin
    "falun",
    "Fa Lun",
    "gong fa lun",
    "liuhe",
    "liu he",
    "hecai",
    "daikai",
    "kaifapiao",
    "qiang",
    "zhi",
    "shang",
    "fang",
    "I love Shanghai",
    "Fang Ming said",
    "qiangz hi",  # split differently, still letters of qiangzhi: kept out (see test)
    "a < b and c > d",
    "AT&T 公司",
    "&amp;lt;法律&amp;gt;",
    "<b>法律</b>援助",
    "<!-- 注释 -->法治",
    "ｆａｌｕ",
    "𝐥𝐢𝐮𝐡𝐞",
    "ĺíúhé",
    "\u202e律法\u202c",
    "\u202egnaiq",
    "сайт",  # Cyrillic word
    "φάλαγγα",  # Greek word
    "今天天气很好，适合出门散步。",
    "依法治国是党领导人民治理国家的基本方略。",
    "记者从市公安局获悉，警方依法处置。",
    "本案经法院审理，依法判决。",
    "支持依法维权，反对暴力。",
    "代理律师开庭时发言。",
    "六月合同签订后彩排。",
]
# Texts above that do contain a listed word once separators are dropped — a filter is right to
# flag them (水枪支架 has 枪支; "qiangz hi" is the letters of qiangzhi). They are not innocent.
NOT_INNOCENT = {"水枪支架", "qiangz hi"}


def negatives() -> list[str]:
    return [text for text in NEGATIVES if text not in NOT_INNOCENT]
