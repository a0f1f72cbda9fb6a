"""The flush of counted reads into the stored counts: a periodic background task."""

from __future__ import annotations

from fazhi.jobs.background import background
from fazhi.readcounts import counting


@background(label="阅读数入库", attempts=3, backoff=5)
def flush_reads() -> int:
    """Idempotent: a failed flush leaves its reads pending (database) or its batch in Redis,
    applied exactly once by the next run."""
    return counting.flush()
