"""Rules for the names readers choose (username, nickname): plain functions, no Django forms.

A name is refused when it has control characters (ANSI escapes included), when nothing visible is
left once invisible characters are taken away (zero-width spaces, Hangul fillers, U+2800, a lone
soft hyphen…), or when it passes for a name of authority: it is compared with the reserved names
and words (管理员, 总编辑, 编辑部, 官方, 客服, 本站, 记者, admin, root, system…) and the names in the
staff registry (the ``fazhi_reserved_names`` hook) after one normalisation —

    NFKC → case folding → format, control and default-ignorable characters and combining marks
    removed → separators removed → traditional → simplified (OpenCC t2s) → a few CJK look-alikes
    the Unicode tables lack (埋 → 理 …) → confusable skeleton (Unicode TS #39, ICU SpoofChecker)

so 管理員, 管\u200b理员, ＡＤＭＩＮ, Cyrillic ``аdmin``, ``a\u0301dmin`` and 管埋员 all compare equal
to what they imitate. What is stored drops bidi controls and other invisible characters
(``clean_display_name``); templates isolate every name (``<bdi>`` or ``unicode-bidi: isolate``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import icu
import opencc
from wagtail import hooks

from fazhi.core.hooks import RESERVED_NAMES

# Words that claim to speak for the site: refused anywhere inside a name.
RESERVED_WORDS_CJK = (
    "管理员",
    "站长",
    "版主",
    "总编",
    "总编辑",
    "主编",
    "编辑部",
    "小编",
    "官方",
    "客服",
    "本站",
    "本网",
    "记者",
    "通讯员",
    "法治网",
    "所有人",
    "全体成员",
)
# Latin names and words, with the pinyin of the words above: refused as the whole name or as a
# word of it (``admin``, ``admin_01``, ``the admin``), not inside longer words (``badminton``).
RESERVED_WORDS_LATIN = (
    "admin",
    "administrator",
    "administrador",
    "sysadmin",
    "root",
    "system",
    "superuser",
    "moderator",
    "webmaster",
    "official",
    "staff",
    "support",
    "editor",
    "fazhi",
    "everyone",
    "guanliyuan",
    "zongbianji",
    "bianjibu",
    "xiaobian",
    "guanfang",
    "kefu",
    "benzhan",
    "jizhe",
    "zhanzhang",
)

# CJK characters that look like another one but are not in the Unicode confusables table.
# Applied after t2s; the target is the character a reader would take it for.
CJK_LOOKALIKES = str.maketrans(
    {
        "埋": "理",
        "浬": "理",
        "狸": "理",
        "锂": "理",
        "里": "理",
        "圆": "员",
        "贝": "员",
        "馆": "管",
        "菅": "管",
        "宫": "官",
        "倌": "官",
        "棺": "官",
        "容": "客",
        "各": "客",
        "眼": "服",
        "报": "服",
        "木": "本",
        "术": "本",
        "沾": "站",
        "战": "站",
        "汜": "记",
        "纪": "记",
        "己": "记",
        "著": "者",
        "偏": "编",
        "遍": "编",
        "揖": "辑",
        "缉": "辑",
        "倍": "部",
        "剖": "部",
        "笼": "总",
        "忘": "总",
    }
)

INVISIBLE_EXTRA = "\u2800\u3000\u115f\u1160\u3164\uffa0"  # blank braille, fillers

_t2s = opencc.OpenCC("t2s")
# Characters nobody sees, and controls: [:Cc:] C0/C1 controls, [:Cf:] format (bidi controls,
# zero-width joiners, soft hyphen…), default-ignorables (variation selectors, Hangul fillers…).
_IGNORABLE = icu.UnicodeSet(r"[[:Cc:][:Cf:][:Default_Ignorable_Code_Point:][:Cs:][:Co:][:Cn:]]")
_IGNORABLE.freeze()
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_CONTROL = icu.UnicodeSet(r"[[:Cc:]-[\t\n\r]]")
_CONTROL.freeze()


def _spoof_checker() -> icu.SpoofChecker:
    return icu.SpoofChecker()


@dataclass(frozen=True)
class NameProblem:
    code: str  # "control", "invisible", "reserved", "staff"
    message: str  # for the reader, in Chinese


def has_control_characters(name: str) -> bool:
    """Raw C0/C1 controls (ESC of an ANSI escape, NUL, DEL…), newlines and tabs included."""
    return any(_CONTROL.contains(c) or c in "\t\n\r" for c in name)


def is_invisible(name: str) -> bool:
    """True when nothing a reader can see is left: only spaces, fillers and invisible characters."""
    for c in unicodedata.normalize("NFKC", name):
        if c.isspace() or c in INVISIBLE_EXTRA or _IGNORABLE.contains(c):
            continue
        if unicodedata.category(c) in ("Mn", "Me"):  # a mark with nothing visible under it
            continue
        return False
    return True


def clean_display_name(name: str) -> str:
    """What is stored and shown: bidi controls and other invisible characters dropped, NFC,
    runs of white space made one space."""
    kept = "".join(c for c in name if c not in _BIDI_CONTROLS and not _IGNORABLE.contains(c))
    return " ".join(unicodedata.normalize("NFC", kept).split())


@lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """The form two look-alike names share (see the module's docstring for the steps)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    kept = []
    for c in decomposed:
        if _IGNORABLE.contains(c) or c in INVISIBLE_EXTRA:
            continue
        category = unicodedata.category(c)
        if category[0] in "MZPSC":  # marks, separators, punctuation, symbols, controls
            continue
        kept.append(c)
    plain = unicodedata.normalize("NFC", "".join(kept))
    simplified = _t2s.convert(plain).translate(CJK_LOOKALIKES)
    return _spoof_checker().getSkeleton(0, simplified).casefold()


_LETTERS = re.compile(r"[^\W\d_]+")


def _latin_words(text: str) -> set[str]:
    """Skeletons of the name's words: runs of letters (any script), marks and invisibles dropped."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    stripped = "".join(
        c
        for c in unicodedata.normalize("NFD", folded)
        if not _IGNORABLE.contains(c) and unicodedata.category(c)[0] != "M"
    )
    return {skeleton(word) for word in _LETTERS.findall(stripped)}


@lru_cache(maxsize=1)
def _reserved_skeletons() -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    cjk = tuple((skeleton(w), w) for w in RESERVED_WORDS_CJK)
    latin = frozenset(skeleton(w) for w in RESERVED_WORDS_LATIN)
    return cjk, latin


def staff_names() -> list[str]:
    """Names that apps reserve through the ``fazhi_reserved_names`` hook (the staff registry)."""
    names: list[str] = []
    for fn in hooks.get_hooks(RESERVED_NAMES):
        names.extend(fn())
    return names


def reserved_word_in(name: str) -> str | None:
    """The reserved word ``name`` imitates or contains, or None."""
    cjk, latin = _reserved_skeletons()
    whole = skeleton(name)
    if not whole:
        return None
    for key, word in cjk:
        if key in whole:
            return word
    if whole in latin:
        return name
    for word in _latin_words(name):
        if word in latin:
            return word
    return None


def staff_name_in(name: str, names: Iterable[str]) -> str | None:
    """The staff name (two characters or more) that ``name`` imitates or contains, or None."""
    whole = skeleton(name)
    if not whole:
        return None
    for staff_name in names:
        key = skeleton(staff_name)
        if key.isascii() and key == whole:
            return staff_name
        if not key.isascii() and len(key) >= 2 and key in whole:
            return staff_name
    return None


def name_problem(name: str, *, staff: Iterable[str] | None = None) -> NameProblem | None:
    """Why a username or nickname is refused, or None. ``staff`` defaults to the hook's names."""
    if has_control_characters(name):
        return NameProblem("control", "名称不能包含控制字符（如换行、制表符或终端转义序列）。")
    if is_invisible(name):
        return NameProblem("invisible", "名称不能只由空格或看不见的字符组成。")
    word = reserved_word_in(name)
    if word:
        return NameProblem(
            "reserved",
            f"这个名称与「{word}」等本站保留名称相同或形近，容易被误认为本站人员或官方账号，请换一个。",
        )
    matched = staff_name_in(name, staff_names() if staff is None else staff)
    if matched:
        return NameProblem(
            "staff", "这个名称与本站工作人员的姓名相同或形近，容易被误认为本站人员，请换一个。"
        )
    return None
