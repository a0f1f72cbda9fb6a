"""The database store of the rate-limit counters (fazhi.limits.rates)."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """A fixed-window counter for rate limits when no atomic cache is available (SQLite)."""

    key = models.CharField(max_length=200)
    window = models.BigIntegerField()  # window number: epoch seconds // period
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="ratecounter_key_window")
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}: {self.count}"
