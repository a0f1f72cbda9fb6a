"""The sensitive-word list in the database, compiled into the filter; import and export."""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models import Count, Max

from fazhi.comments.filtering import FilterResult, WordFilter
from fazhi.comments.models import SensitiveWord

_lock = threading.Lock()
_compiled: dict[str, object] = {"version": None, "filter": WordFilter([])}


def current_filter() -> WordFilter:
    """The automaton for the list as it is now; rebuilt only when the list changed (one query)."""
    stats = SensitiveWord.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    version = (stats["n"], stats["t"])
    if _compiled["version"] != version:
        with _lock:
            if _compiled["version"] != version:
                words = SensitiveWord.objects.values_list("word", "action")
                _compiled["filter"] = WordFilter(list(words))
                _compiled["version"] = version
    return _compiled["filter"]  # type: ignore[return-value]


def check_text(*texts: str) -> FilterResult:
    """Filter one or more inputs together (e.g. a comment and its author's name)."""
    word_filter = current_filter()
    matches = []
    for text in texts:
        matches.extend(word_filter.check(text).matches)
    return FilterResult(tuple(matches))


def import_words(words: list[str], action: str) -> tuple[int, int]:
    """Add words (or change their action); all or nothing. Returns (added, changed)."""
    added = changed = 0
    with transaction.atomic():
        existing = {w.word: w for w in SensitiveWord.objects.filter(word__in=words)}
        for word in words:
            current = existing.get(word)
            if current is None:
                SensitiveWord.objects.create(word=word, action=action)
                added += 1
            elif current.action != action:
                current.action = action
                current.save(update_fields=["action", "updated_at"])
                changed += 1
    return added, changed


def export_words(action: str | None = None) -> str:
    words = SensitiveWord.objects.all()
    if action:
        words = words.filter(action=action)
    # Sorted here, not by the database: the same file whatever its collation.
    return "".join(f"{word}\n" for word in sorted(words.values_list("word", flat=True)))
