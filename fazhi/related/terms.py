"""Words and weights: plain functions (no database), the rules 相关阅读 is chosen by.

A page's text is cut into words by the search app's segmenter (precise mode: the words a reader
would name), the title and tags counted three times and the lead twice. Each word weighs
``(1 + log tf) · log((N + 1) / (df + 0.5))`` (TF-IDF with a smoothed IDF), the vector is scaled to
unit length, and the ``KEY_TERMS`` heaviest words are kept: the similarity of two pages is the
sum over the words both keep of the product of their weights (the cosine of the two cut vectors).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from fazhi.related.models import TERM_LENGTH

KEY_TERMS = 16
TITLE_WEIGHT = 3
LEAD_WEIGHT = 2

# Words too common in news text to say what an article is about (beyond what IDF discounts).
STOPWORDS = frozenset(
    """我们 他们 你们 这个 那个 一个 一些 这些 那些 没有 不是 就是 还是 可以 进行 通过 以及 其中 因为 所以
    但是 如果 已经 目前 同时 记者 通讯员 表示 介绍 相关 有关 工作 问题 方面 情况 要求 开展 今年 去年 今天
    日前 近日 此外 对于 关于 自己 为了 之后 以来 其他 由于 之一 一是 二是 三是 四是 本报 报道 法治报道""".split()
)
_WORD = re.compile(r"^[\w\u4e00-\u9fff]+$")
_NUMBER = re.compile(r"^[\d.]+[年月日号%]?$")


@dataclass(frozen=True)
class Text:
    title: str
    lead: str
    body: str
    tags: tuple[str, ...] = ()


def is_term(word: str) -> bool:
    """A word worth counting: two characters or more, not punctuation, a number or a stopword."""
    return (
        2 <= len(word) <= TERM_LENGTH
        and word not in STOPWORDS
        and _WORD.match(word) is not None
        and _NUMBER.match(word) is None
    )


def term_counts(text: Text, cut: Callable[[str], Iterable[str]]) -> Counter[str]:
    """How often each word occurs, with the title and tags weighted ``TITLE_WEIGHT`` and the
    lead ``LEAD_WEIGHT``. ``cut`` is the segmenter's precise mode."""
    counts: Counter[str] = Counter()
    for part, times in (
        (text.title, TITLE_WEIGHT),
        (" ".join(text.tags), TITLE_WEIGHT),
        (text.lead, LEAD_WEIGHT),
        (text.body, 1),
    ):
        if not part:
            continue
        for word in cut(part):
            word = word.strip().lower()
            if is_term(word):
                counts[word] += times
    for tag in text.tags:  # a tag is one term even where the segmenter would cut it
        tag = tag.strip().lower()
        if is_term(tag):
            counts[tag] += TITLE_WEIGHT
    return counts


def key_terms(
    counts: Counter[str],
    documents: dict[str, int],
    total: int,
    keep: int = KEY_TERMS,
    tags: Iterable[str] = (),
) -> dict[str, float]:
    """The ``keep`` heaviest words with their unit-length TF-IDF weights, and the editors' tags
    whatever their weight (a tag shared by many pages still says what they have in common).
    ``documents`` gives each word's document frequency, ``total`` the number of indexed pages
    (this one included)."""
    weights = {
        word: (1 + math.log(tf)) * math.log((total + 1) / (documents.get(word, 0) + 0.5))
        for word, tf in counts.items()
    }
    top = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:keep]
    kept = {word for word, _ in top}
    top += [
        (tag, weights[tag])
        for tag in {t.strip().lower() for t in tags}
        if tag in weights and tag not in kept
    ]
    top = [(word, weight) for word, weight in top if weight > 0]
    norm = math.sqrt(sum(weight * weight for _, weight in top)) or 1.0
    return {word: weight / norm for word, weight in top}


def merge_choices(
    computed: list[int], pins: list[int], drops: Iterable[int], own: int, count: int
) -> list[tuple[int, bool]]:
    """The list shown: the editors' pins in their order, then the computed pages, without the
    dropped ones, the page itself or duplicates, ``count`` at most (more when more are pinned).
    Each item is (page id, pinned)."""
    dropped = set(drops) | {own}
    shown: list[tuple[int, bool]] = []
    seen: set[int] = set()
    for page_id in pins:
        if page_id not in dropped and page_id not in seen:
            shown.append((page_id, True))
            seen.add(page_id)
    for page_id in computed:
        if len(shown) >= count:
            break
        if page_id not in dropped and page_id not in seen:
            shown.append((page_id, False))
            seen.add(page_id)
    return shown
