"""Running independent pieces of work in forked worker processes, results in order.

A large tree is checked on every core: the walk stays in one process, the files are split
into contiguous chunks, and each chunk is read, parsed and linted in a worker. Workers are
forked, so they inherit what the parent loaded (profiles, settings) and only the chunks and
their results cross between processes. Where fork is not the safe default (anything but
Linux), and for batches too small to repay starting workers, the work runs in process.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many files per worker, starting a worker costs more than it saves.
MIN_FILES_PER_WORKER = 200
CHUNKS_PER_WORKER = 4  # several chunks each, so one slow chunk does not idle the others

_function: Callable[[Any], Any] | None = None


def worker_count(files: int) -> int:
    """How many processes to check ``files`` files in (1: in this process)."""
    if sys.platform != "linux":
        return 1
    cores = len(os.sched_getaffinity(0))
    return max(1, min(cores, files // MIN_FILES_PER_WORKER))


def chunks(items: Sequence[Item], count: int) -> list[Sequence[Item]]:
    """``items`` cut into at most ``count`` contiguous, nearly equal, non-empty runs."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    bounds = [index * size + min(index, extra) for index in range(count + 1)]
    return [items[start:end] for start, end in itertools.pairwise(bounds) if end > start]


def map_forked(
    function: Callable[[Item], Result], items: Sequence[Item], workers: int
) -> list[Result]:
    """``function(item)`` for every item, in ``workers`` forked processes, in item order.

    ``function`` may be a closure: workers inherit it by fork, it is never pickled.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _function
    _function = function
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            return list(pool.map(_call, items))
    finally:
        _function = None


def _call(item: Any) -> Any:
    assert _function is not None, "map_forked sets the function before forking"
    return _function(item)
