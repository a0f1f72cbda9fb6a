"""Sensitive-word filter: the Aho–Corasick automaton against a naive per-word scan, same run.

    .venv/bin/python -m bench.word_filter [--words 2000] [--texts 300] [--repeat 5]

Both sides normalise the text the same way (fazhi.comments.filtering.normalise); the baseline
then looks for each word's skeleton with ``in``. Prints medians and the ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from fazhi.comments.filtering import BLOCK, WordFilter, normalise, normalise_word

CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def make_words(n: int, rng: random.Random) -> list[str]:
    return list({"".join(rng.choices(CJK, k=rng.randint(2, 4))) for _ in range(n)})


def make_texts(n: int, words: list[str], rng: random.Random) -> list[str]:
    texts = []
    for i in range(n):
        chars = rng.choices([*CJK, " ", "，", "。", "a", "Ｂ"], k=rng.randint(50, 500))
        if i % 10 == 0:  # one text in ten hides a word behind separators
            word = rng.choice(words)
            chars.insert(len(chars) // 2, " * ".join(word))
        texts.append("".join(chars))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--texts", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(3)
    words = make_words(args.words, rng)
    texts = make_texts(args.texts, words, rng)
    word_filter = WordFilter((w, BLOCK) for w in words)
    skeletons = [normalise_word(w) for w in words]

    def automaton() -> int:
        return sum(1 for t in texts if word_filter.check(t).matches)

    def naive() -> int:
        found = 0
        for text in texts:
            skeleton = normalise(text)[0]
            found += any(s in skeleton for s in skeletons)
        return found

    assert automaton() == naive()  # same answers
    timings = {}
    for name, fn in (("naive scan", naive), ("automaton", automaton)):
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - start)
        timings[name] = statistics.median(runs)
        per_text = timings[name] / len(texts) * 1e6
        print(
            f"{name:11s} median {timings[name] * 1000:8.1f} ms for {len(texts)} texts ({per_text:.0f} µs/text)"
        )
    print(
        f"{len(words)} words: automaton is {timings['naive scan'] / timings['automaton']:.1f}x faster"
    )


if __name__ == "__main__":
    main()
