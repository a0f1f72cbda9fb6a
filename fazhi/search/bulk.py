"""Writing many index entries at once (``rebuild_search``, the benchmark): segmentation in worker
processes, SQL in this one.

Segmenting is CPU work in Python and Rust that holds the GIL; the database writes are the other
half of the time. Worker processes segment batch n+1.. while this process writes batch n, so on a
machine with two cores both halves run at once. Batches are written in order, and at most
``2 × processes`` are in flight, so memory stays flat however large the site.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from fazhi.search.backends.base import IndexEntry, SearchBackend
from fazhi.search.segment import Segmenter

BATCH = 200
# Below this many entries, starting processes (each loads the dictionary: about 1 s) costs more
# than it saves.
PARALLEL_FROM = 2000

_worker_backend: SearchBackend | None = None


def default_processes() -> int:
    return min(os.cpu_count() or 1, 4)


def write_entries(
    entries: Iterable[IndexEntry],
    backend: SearchBackend,
    processes: int | None = None,
    expected: int | None = None,
    progress: Callable[[int], Any] | None = None,
) -> int:
    """Write ``entries`` through ``backend`` (call inside a transaction); returns how many.

    ``expected`` (how many entries are coming, if known) decides whether worker processes are
    worth starting; ``processes=1`` never starts any.
    """
    processes = default_processes() if processes is None else processes
    batches = batches_of(entries, BATCH)
    parallel = processes > 1 and (expected is None or expected >= PARALLEL_FROM)
    prepared = prepared_in_workers(batches, backend, processes) if parallel else None
    written = 0
    with backend.bulk():
        for rows in prepared or (backend.prepare(batch) for batch in batches):
            backend.insert(rows)
            written += len(rows)
            if progress:
                progress(len(rows))
    return written


def prepared_in_workers(
    batches: Iterator[list[IndexEntry]], backend: SearchBackend, processes: int
) -> Iterator[list[list[object]]]:
    # "spawn": a forked child would share this process's database connection.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        processes,
        mp_context=context,
        initializer=_start_worker,
        initargs=(type(backend), backend.segmenter.words, backend.window),
    ) as pool:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(pool.submit(_prepare, batch))
            if len(pending) >= 2 * processes:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _start_worker(backend_class: type[SearchBackend], words: tuple[str, ...], window: int) -> None:
    global _worker_backend
    _worker_backend = backend_class(Segmenter(words), window)


def _prepare(batch: list[IndexEntry]) -> list[list[object]]:
    assert _worker_backend is not None
    return _worker_backend.prepare(batch)


def batches_of(entries: Iterable[IndexEntry], size: int) -> Iterator[list[IndexEntry]]:
    batch: list[IndexEntry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
