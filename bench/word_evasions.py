"""Banned words written around the filter (issue 23, part 2): detection, false positives, time.

    .venv/bin/python -m bench.word_evasions [--before REF] [--rounds 7] [--chars 10000]

On the labelled set of fazhi/comments/tests/evasion_set.py (five listed words, every evasion
technique of the issue, innocent look-alikes) it prints, for this checkout's filter and for the
filter of ``--before`` (default: the merge base with main, loaded from git into a module of its
own), detection (positives whose word is found), false positives (innocent texts with any match)
and the missed cases. Then the time of one ``check`` on a ``--chars`` text (prose with entities,
tags, overrides, pinyin) and on ten times that text: rounds interleave baseline and subject,
medians are printed with the load average (os.getloadavg()) of each side's rounds, and the ratio.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from fazhi.comments import filtering
from fazhi.comments.tests.evasion_set import WORDS, negatives, positives

ROOT = Path(__file__).resolve().parent.parent
TEXT_UNIT = (
    "依法治国是党领导人民治理国家的基本方略，记者从法院获悉 fa lun 法 轮 <b>法律</b> &amp; "
    "&#27861;治 \u202e律法\u202c qiang zhi 强制执行 ｆａｌｕ 六合区 开发票 "
)


def module_at(ref: str) -> ModuleType:
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{ref}:fazhi/comments/filtering.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "filtering_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("filtering_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["filtering_before"] = module
    spec.loader.exec_module(module)
    return module


def figures(module: ModuleType) -> tuple[float, int, int, list, list]:
    word_filter = module.WordFilter(WORDS)
    pos, neg = positives(), negatives()
    missed = [(t, w, k) for t, w, k in pos if w not in word_filter.check(t).words]
    false = [t for t in neg if word_filter.check(t).matches]
    return 1 - len(missed) / len(pos), len(pos), len(neg), missed, false


def one_check(word_filter, text: str) -> float:
    start = time.perf_counter()
    word_filter.check(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--chars", type=int, default=10_000)
    args = parser.parse_args()
    ref = (
        args.before
        or subprocess.run(
            ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    before = module_at(ref)
    sides = {f"before ({ref[:7]})": before, "this checkout": filtering}

    print(f"labelled set: {len(positives())} evasions, {len(negatives())} innocent look-alikes")
    print(f"{'filter':<22} {'detection':>10} {'caught':>9} {'false positives':>16}")
    for name, module in sides.items():
        detection, n_pos, n_neg, missed, false = figures(module)
        print(
            f"{name:<22} {detection:>10.1%} {n_pos - len(missed):>4}/{n_pos:<4} "
            f"{len(false):>6}/{n_neg:<4}"
        )
    for name, module in sides.items():
        _, _, _, missed, false = figures(module)
        techniques = sorted({k for _, _, k in missed})
        print(f"\n{name}: missed {len(missed)} ({len(techniques)} techniques)")
        for technique in techniques:
            print(f"  - {technique}")
        if false:
            print(f"  false positives: {false}")

    text = (TEXT_UNIT * (args.chars // len(TEXT_UNIT) + 1))[: args.chars]
    filters = {name: module.WordFilter(WORDS) for name, module in sides.items()}
    for word_filter in filters.values():
        word_filter.check(text * 10)  # warm the per-character caches
    times: dict[tuple[str, int], list[float]] = {}
    loads: dict[str, list[float]] = {name: [] for name in filters}
    for _ in range(args.rounds):
        for name, word_filter in filters.items():  # interleaved: baseline, subject, baseline…
            loads[name].append(os.getloadavg()[0])
            for size, sample in ((1, text), (10, text * 10)):
                times.setdefault((name, size), []).append(one_check(word_filter, sample))
    print(f"\none check, median of {args.rounds} interleaved rounds")
    print(
        f"{'filter':<22} {f'{args.chars:,} chars':>14} {f'{args.chars * 10:,} chars':>15} "
        f"{'10x text / 1x':>14} {'load avg':>9}"
    )
    medians = {}
    for name in filters:
        small = statistics.median(times[(name, 1)])
        large = statistics.median(times[(name, 10)])
        medians[name] = small
        print(
            f"{name:<22} {small * 1000:>11.2f} ms {large * 1000:>12.2f} ms {large / small:>13.1f}x "
            f"{statistics.median(loads[name]):>9.2f}"
        )
    base, subject = medians.values()
    print(f"this checkout / before, {args.chars:,} chars: {subject / base:.2f}x")


if __name__ == "__main__":
    main()
