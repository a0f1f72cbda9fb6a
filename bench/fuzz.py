"""Long fuzz runs (hypothesis) of the page importer, the search query parser and the
sensitive-word normaliser, with the same targets as fazhi/security/tests/test_fuzz.py.

    .venv/bin/python -m bench.fuzz --target query --inputs 1000000
    .venv/bin/python -m bench.fuzz --target importer --seconds 1200     # stop at whichever comes first

Runs in batches of fresh hypothesis runs (no example database), counts every input the target
was called with, and stops at the first failure (printed with the falsifying input). The last
line is a summary: target, inputs, seconds, inputs/s, result.
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=["importer", "query", "normaliser"], required=True)
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=float("inf"))
    parser.add_argument("--batch", type=int, default=20_000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.test_settings")
    import django

    django.setup()
    from hypothesis import HealthCheck, given, settings

    from fazhi.security import fuzzing

    check, strategy = {
        "importer": (fuzzing.check_importer, fuzzing.hostile_bytes()),
        "query": (fuzzing.check_query, fuzzing.hostile_text()),
        "normaliser": (fuzzing.check_normaliser, fuzzing.hostile_text(2000)),
    }[args.target]
    count = 0

    def counted(value) -> None:
        nonlocal count
        count += 1
        check(value)

    started = time.monotonic()
    result = "ok"
    while count < args.inputs and time.monotonic() - started < args.seconds:
        batch = min(args.batch, args.inputs - count)
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
        print(f"{args.target}: {count:,} inputs, {elapsed:.0f} s", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - started
    print(
        f"{args.target}: {count:,} inputs in {elapsed:.0f} s ({count / elapsed:,.0f}/s), "
        f"{'reached' if count >= args.inputs else 'did NOT reach'} {args.inputs:,}: {result}"
    )
    return 0 if result == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
