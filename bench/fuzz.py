"""Long fuzz runs of the page importer, the search query parser and the sensitive-word
normaliser, with the same targets (bench/fuzzing.py) as fazhi/security/tests/test_fuzz.py.

    .venv/bin/python -m bench.fuzz --target query --inputs 1000000                 # atheris (default)
    .venv/bin/python -m bench.fuzz --target importer --seconds 1200 --engine hypothesis

Two engines:

* ``atheris`` (default; ``pip install atheris``, not a project dependency): coverage-guided
  libFuzzer over the fazhi modules of the target, seeded with the hostile corpus and a dictionary
  of query/markup tokens. About 10× the inputs per second of hypothesis here, and it steers to new
  branches. A crash is saved under ``--artifacts`` and printed with the input.
* ``hypothesis``: batches of fresh runs of the suite's strategies (no example database); slow per
  input but the same inputs the suite draws.

Either stops at the first failure. The last line is a summary: target, engine, inputs, seconds,
inputs/s, result.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

# What the importer wraps mutated text in, chosen by the first input byte (atheris engine), so the
# fuzzer reaches the breadcrumb/date/body pipeline and the HTML path, not only decode_bytes.
_WRAPPERS = (
    "{}",
    "您当前的位置:首页 > 法治 > {}\n时间:2019-08-28 10:00 来源:法治日报 作者:张三\n{}\n责任编辑:李四",
    "<html><head><meta charset=utf-8><title>{}</title></head><body><h1>{}</h1><p>{}</p></body>",
)
_TOKENS = [
    *list("<>\"'“”-*^:(){}[]&|!~\\/%;_"),
    "AND", "OR", "NOT", "NEAR", "<->", "<script>", "</p>", "<br>", "&amp;", "&#x3c;",
    "法治", "律师", "人民法院", "法轮功", "办证", "台独", "ｆａｌｕｎ", "来源:", "作者:", "时间:",
    "责任编辑:", "您当前的位置:", "首页 >", "\u3000", "\u200b", "\ufeff", "\u202e", "\x00",
]  # fmt: skip


_INSTRUMENTED = (
    "fazhi.importers.parsing",
    "fazhi.search.segment",
    "fazhi.search.query",
    "fazhi.comments.filtering",
    "bench.fuzzing",
)


def _summary(target: str, engine: str, count: int, wanted: int, elapsed: float, result: str) -> str:
    return (
        f"{target} [{engine}]: {count:,} inputs in {elapsed:.0f} s ({count / max(elapsed, 1e-9):,.0f}/s), "
        f"{'reached' if count >= wanted else 'did NOT reach'} {wanted:,}: {result}"
    )


def run_hypothesis(target: str, inputs: int, seconds: float, batch_size: int) -> int:
    from hypothesis import HealthCheck, given, settings

    from bench import fuzzing

    check, strategy = {
        "importer": (fuzzing.check_importer, fuzzing.hostile_bytes()),
        "query": (fuzzing.check_query, fuzzing.hostile_text()),
        "normaliser": (fuzzing.check_normaliser, fuzzing.hostile_text(2000)),
    }[target]
    count = 0

    def counted(value) -> None:
        nonlocal count
        count += 1
        check(value)

    started = time.monotonic()
    result = "ok"
    while count < inputs and time.monotonic() - started < seconds:
        batch = min(batch_size, inputs - count)
        run = settings(
            max_examples=batch,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=["generate", "shrink"],
        )(given(strategy)(counted))
        try:
            run()
        except Exception as error:  # the falsifying example is printed by hypothesis
            result = f"FAILED: {type(error).__name__}: {error}"
            break
        elapsed = time.monotonic() - started
        print(f"{target}: {count:,} inputs, {elapsed:.0f} s", file=sys.stderr, flush=True)
    print(_summary(target, "hypothesis", count, inputs, time.monotonic() - started, result))
    return 0 if result == "ok" else 1


def _seed_corpus(target: str, directory: Path) -> None:
    from fazhi.security.tests.hostile import HOSTILE

    for number, item in enumerate(HOSTILE):
        data = item.encode("utf-8", "surrogatepass")
        if target == "importer":
            data = bytes([number % len(_WRAPPERS)]) + data
        (directory / f"hostile-{number:04d}").write_bytes(data)


def run_atheris(target: str, inputs: int, seconds: float, artifacts: Path) -> int:
    import atheris

    # Instrument only the code under test (and what it calls in fazhi), so coverage feedback is
    # about fazhi's branches and the rest runs at full speed.
    # django.setup() has imported them already: import them afresh so the bytecode is instrumented
    # (these are plain modules without models, so a second copy is harmless in this process).
    for name in _INSTRUMENTED:
        sys.modules.pop(name, None)
    with atheris.instrument_imports(include=list(_INSTRUMENTED)):
        from bench import fuzzing
        from fazhi.comments import filtering  # noqa: F401
        from fazhi.importers import parsing  # noqa: F401
        from fazhi.search import query, segment  # noqa: F401

    count = 0
    started = time.monotonic()
    last_report = started

    def progress() -> None:
        nonlocal last_report
        now = time.monotonic()
        if now - last_report >= 60 or count == inputs:
            last_report = now
            print(f"{target}: {count:,} inputs, {now - started:.0f} s", file=sys.stderr, flush=True)
        if count == inputs:
            print(_summary(target, "atheris", count, inputs, now - started, "ok"), flush=True)

    def text_of(data: bytes) -> str:
        return atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))

    def one_input(data: bytes) -> None:
        nonlocal count
        count += 1
        if target == "importer":
            if data:
                wrapper = _WRAPPERS[data[0] % len(_WRAPPERS)]
                if wrapper == "{}":
                    payload = data[1:]
                else:
                    # Split the mutated text over the wrapper's slots; gb18030 half the time.
                    text = data[1:].decode("utf-8", "replace")
                    third = max(1, len(text) // 3)
                    parts = [text[:third], text[third : 2 * third], text[2 * third :]]
                    encoding = "gb18030" if data[0] & 0x80 else "utf-8"
                    payload = wrapper.format(*parts[: wrapper.count("{}")]).encode(
                        encoding, "replace"
                    )
            else:
                payload = b""
            fuzzing.check_importer(payload)
        elif target == "query":
            fuzzing.check_query(text_of(data))
        else:
            fuzzing.check_normaliser(text_of(data))
        progress()

    corpus = Path(tempfile.mkdtemp(prefix=f"fazhi-fuzz-{target}-"))
    _seed_corpus(target, corpus)
    dictionary = corpus.parent / f"{corpus.name}.dict"
    dictionary.write_text(
        "".join('"' + "".join(f"\\x{b:02x}" for b in t.encode()) + '"\n' for t in _TOKENS)
    )
    artifacts.mkdir(parents=True, exist_ok=True)
    max_len = {"importer": 2048, "query": 400, "normaliser": 4096}[target]
    argv = [
        sys.argv[0],
        f"-runs={inputs}",
        f"-max_len={max_len}",
        f"-dict={dictionary}",
        f"-artifact_prefix={artifacts}/{target}-",
        "-print_final_stats=1",
        "-len_control=0",
        str(corpus),
    ]
    if seconds != float("inf"):
        argv.insert(1, f"-max_total_time={int(seconds)}")
    # libFuzzer counts the seed corpus among its runs; our counter counts every call.
    atheris.Setup(argv, one_input)
    atheris.Fuzz()  # exits the process: libFuzzer prints the crash and the saved input on failure
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=["importer", "query", "normaliser"], required=True)
    parser.add_argument("--engine", choices=["atheris", "hypothesis"], default="atheris")
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=float("inf"))
    parser.add_argument("--batch", type=int, default=20_000, help="hypothesis: inputs per run")
    parser.add_argument("--artifacts", type=Path, default=Path("bench/fuzz-artifacts"))
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.test_settings")
    import django

    django.setup()
    if args.engine == "hypothesis":
        return run_hypothesis(args.target, args.inputs, args.seconds, args.batch)
    return run_atheris(args.target, args.inputs, args.seconds, args.artifacts)


if __name__ == "__main__":
    sys.exit(main())
