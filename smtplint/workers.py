"""Running independent pieces of work in forked worker processes, results in order.

A large tree is checked or fixed on every core: the walk stays in one process, and the files
go to workers in contiguous runs, each read, parsed and linted there. `check` hands out batches
while the walk goes on (:func:`map_walked`); `fix` first lists the tree, since files that read
each other must share a chunk (:func:`map_chunks`). Workers are forked, so they inherit what
the parent loaded (profiles, settings) and only the runs and their results cross between
processes. Where fork is not the safe default (anything but Linux), and for batches too small
to repay starting workers, the work runs in process.
"""

from __future__ import annotations

import collections
import gc
import itertools
import math
import os
import sys
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many files per worker, starting a worker costs more than it saves.
MIN_FILES_PER_WORKER = 200
# The walk stays in one process, and each worker holds its own copy of the rules and
# profiles (about 15 MB): past this many, more workers add memory, not speed.
MAX_WORKERS = 4
CHUNKS_PER_WORKER = 4  # several chunks each, so one slow chunk does not idle the others
# A walk is handed out in batches this size; a few per worker wait while they work, so a
# slow batch does not idle the others and the walk never runs far ahead.
BATCH_SIZE = 250
BATCHES_AHEAD = 3

_function: Callable[[Any], Any] | None = None


def worker_count(files: int, requested: int | None = None) -> int:
    """How many processes to check ``files`` files in (1: in this process): ``requested``
    (``--jobs``) when given, at most one per file, else one per usable CPU for large trees."""
    if sys.platform != "linux":
        return 1
    if requested is not None:
        return max(1, min(requested, files))
    cores = min(len(os.sched_getaffinity(0)), cpu_quota() or MAX_WORKERS, MAX_WORKERS)
    return max(1, min(cores, files // MIN_FILES_PER_WORKER))


def cpu_quota(limits: Path = Path("/sys/fs/cgroup/cpu.max")) -> int | None:
    """The CPUs a container's cgroup (v2) lets this process use, when it limits them: a
    container limited to one CPU on a large host still sees every core in its affinity."""
    try:
        quota, period = limits.read_text().split()[:2]
        return max(1, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):  # no cgroup v2 file, or "max": no limit
        return None


def grouped_chunks(
    items: Sequence[Item], count: int, keys: Callable[[Item], Iterable[Hashable]]
) -> list[Sequence[Item]]:
    """``items`` cut into at most ``count`` contiguous, non-empty runs of nearly equal length,
    never between two items that share a key (so each run can be worked on alone)."""
    item_keys = [tuple(keys(item)) for item in items]
    last = {key: index for index, found in enumerate(item_keys) for key in found}
    ends: list[int] = []  # where the shortest runs that split no key end
    reach = 0
    for index, found in enumerate(item_keys):
        reach = max(reach, index, *(last[key] for key in found))
        if reach == index:
            ends.append(index + 1)
    count = max(1, min(count, len(items)))
    runs: list[Sequence[Item]] = []
    start = 0
    for end in ends:
        left = count - len(runs)
        if end == len(items) or (left > 1 and end - start >= (len(items) - start) / left):
            runs.append(items[start:end])
            start = end
    return runs


def map_chunks(
    work: Callable[[Sequence[Item]], Result],
    items: Sequence[Item],
    workers: int,
    split: Callable[[Sequence[Item], int], list[Sequence[Item]]],
    setup: Callable[[Item], object] | None = None,
) -> list[Result]:
    """``work`` over ``items`` cut by ``split`` into chunks for ``workers`` processes, or over
    all of them in this process when ``workers`` is 1; results in item order.
    ``setup(first item)`` runs before any worker starts, for what they should share."""
    if workers > 1 and len(items) > 1:
        if setup is not None:
            setup(items[0])
        return map_forked(work, split(items, workers * CHUNKS_PER_WORKER), workers)
    return [work(items)]


def map_walked(
    work: Callable[[Iterable[Item]], Result],
    walk: Iterable[Item],
    requested: int | None = None,
    setup: Callable[[Item], object] | None = None,
) -> Iterator[Result]:
    """``work`` over the items of ``walk`` as it yields them, results in walk order.

    The first items decide the number of processes (:func:`worker_count`, ``requested``
    being ``--jobs``). In one process ``work`` reads the walk itself; otherwise the walk
    goes on in this process while workers take batches of ``BATCH_SIZE`` items, never more
    than a few batches ahead of the results, so memory does not grow with the tree.
    ``setup(first item)`` runs before any worker starts, for what they should share.
    """
    items = iter(walk)
    head = list(itertools.islice(items, MAX_WORKERS * MIN_FILES_PER_WORKER))
    workers = worker_count(len(head), requested)
    if workers == 1 or len(head) < 2:
        yield work(itertools.chain(head, items))
        return
    if setup is not None:
        setup(head[0])
    batches = _batched(itertools.chain(head, items), BATCH_SIZE)
    with _forked_pool(work, workers) as pool:
        pending: collections.deque[Future[Result]] = collections.deque()
        for batch in batches:
            pending.append(pool.submit(_call, batch))
            if len(pending) >= workers * BATCHES_AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


def map_forked(
    function: Callable[[Item], Result], items: Sequence[Item], workers: int
) -> list[Result]:
    """``function(item)`` for every item, in ``workers`` forked processes, in item order.

    ``function`` may be a closure: workers inherit it by fork, it is never pickled.
    """
    with _forked_pool(function, workers) as pool:
        return list(pool.map(_call, items))


@contextmanager
def _forked_pool(function: Callable[[Any], Any], workers: int) -> Iterator[Executor]:
    """A pool of ``workers`` processes forked from this one, each running ``function`` on
    what :func:`_call` is given."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _function
    _function = function
    # Objects the workers inherit stay out of their garbage collector, which would otherwise
    # touch, and so copy, every page holding them.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            yield pool
    finally:
        gc.unfreeze()
        _function = None


def _call(item: Any) -> Any:
    assert _function is not None, "_forked_pool sets the function before forking"
    return _function(item)
