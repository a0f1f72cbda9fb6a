"""Pause points the fault tests put into a fazhi subprocess from outside (see faults.py: a
``sitecustomize`` calls one of these once Django is set up; FAZHI_FAULT_HOOK names it).

Each waits for the FAZHI_FAULT_AFTER-th time the process reaches its point, writes the process id
and what it has done so far to FAZHI_FAULT_MARKER, then sleeps until the test SIGKILLs it. Only
these test processes load this module; the app's code has no hook of its own."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any


def _pause(note: str = "") -> None:
    marker = Path(os.environ["FAZHI_FAULT_MARKER"])
    if marker.exists():
        return  # once only: the restarted worker and the rerun go on normally
    marker.write_text(f"{os.getpid()} {note}\n")
    time.sleep(600)  # the test kills us here
    raise SystemExit("fault hook: never killed")


def _nth() -> int:
    return int(os.environ.get("FAZHI_FAULT_AFTER", "1"))


def export_mid_write() -> None:
    """``export_static``: stop right before the Nth rename of a written temp file over its page,
    the moment a half-done export leaves most behind (new pages, old pages, a temp file)."""
    import os as real_os

    from fazhi.serving import export

    calls = {"n": 0}

    class OS:
        def __getattr__(self, name: str) -> Any:
            return getattr(real_os, name)

        @staticmethod
        def replace(src: str, dst: str) -> None:
            calls["n"] += 1
            if calls["n"] == _nth():
                _pause(f"{src} {dst}")
            real_os.replace(src, dst)

    export.os = OS()


def comment_in_transaction() -> None:
    """A comment post: stop inside the view's transaction, after the INSERT ran."""
    from django.db import connection
    from django.db.models.signals import post_save

    def paused(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
        if created and connection.in_atomic_block:
            _pause(f"comment {instance.pk} inserted, not committed")

    post_save.connect(paused, sender="comments.Comment", weak=False)


def migrate_mid_batch() -> None:
    """``migrate_from``: stop inside the Nth article batch's transaction, once its pages are
    inserted (before its tags, counters, redirects and id mapping)."""
    from django.db import connection

    from fazhi.legacy.writer import Writer
    from fazhi.news.models import ArticlePage

    original = Writer._write_stats
    calls = {"n": 0}

    def paused(self: Writer, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == _nth():
            if not connection.in_atomic_block:  # explicit: survives python -O
                raise AssertionError("the batch is not inside a transaction")
            _pause(f"{ArticlePage.objects.count()} pages seen inside the open batch")
        return original(self, *args, **kwargs)

    Writer._write_stats = paused
