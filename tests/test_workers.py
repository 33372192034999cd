"""Checking in worker processes gives exactly what checking in one process gives."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest

from smtplint.api import check_paths
from smtplint.workers import (
    BATCH_SIZE,
    BATCHES_AHEAD,
    MAX_WORKERS,
    MIN_FILES_PER_WORKER,
    cpu_quota,
    map_chunks,
    map_forked,
    map_walked,
    worker_count,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TEST_DATA = Path(__file__).resolve().parent / "data"


def test_map_forked_keeps_order_and_runs_closures_in_other_processes() -> None:
    offset = 1000
    results = map_forked(lambda item: (item + offset, os.getpid()), list(range(40)), 2)
    assert [value for value, _ in results] == [item + offset for item in range(40)]
    assert os.getpid() not in {pid for _, pid in results}


def _pid_and_items(batch: Iterable[int]) -> tuple[int, list[int]]:
    return os.getpid(), list(batch)


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_a_walk_is_shared_out_in_order_while_it_goes_on() -> None:
    walked = 0
    taken_at_first_result = None

    def walk() -> Iterator[int]:
        nonlocal walked
        for item in range(20 * BATCH_SIZE):
            walked += 1
            yield item

    results = []
    for result in map_walked(_pid_and_items, walk(), requested=2):
        taken_at_first_result = taken_at_first_result or walked
        results.append(result)
    assert [item for _, batch in results for item in batch] == list(range(20 * BATCH_SIZE))
    assert os.getpid() not in {pid for pid, _ in results}
    # the walk ran only a few batches ahead of the first result, not to its end
    assert taken_at_first_result is not None
    ahead = MAX_WORKERS * MIN_FILES_PER_WORKER + 2 * BATCHES_AHEAD * BATCH_SIZE
    assert taken_at_first_result <= ahead < 20 * BATCH_SIZE


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_setup_runs_once_before_forking_and_the_workers_inherit_it() -> None:
    prepared: list[int] = []  # what git tracks, say: asked once, in this process

    def work(batch: Iterable[int]) -> tuple[int, list[int]]:
        return os.getpid(), [*prepared, *batch]

    def cut(items: Sequence[int], count: int) -> list[Sequence[int]]:
        return [items[: len(items) // 2], items[len(items) // 2 :]]

    items = list(range(4 * BATCH_SIZE))
    walked = list(map_walked(work, iter(items), requested=2, setup=prepared.append))
    assert prepared == [0]
    prepared.clear()
    chunked = map_chunks(work, items, 2, cut, setup=prepared.append)
    assert prepared == [0]
    for results in (walked, chunked):
        assert os.getpid() not in {pid for pid, _ in results}
        assert all(batch[0] == 0 for _, batch in results)  # set up before forking
    prepared.clear()
    assert map_chunks(work, items, 1, cut, setup=prepared.append) == [(os.getpid(), items)]
    assert prepared == []  # in process there is nothing to share


def test_a_short_walk_is_worked_in_process() -> None:
    (result,) = map_walked(_pid_and_items, iter(range(10)))
    assert result == (os.getpid(), list(range(10)))
    (result,) = map_walked(_pid_and_items, iter(range(3 * BATCH_SIZE)), requested=1)
    assert result == (os.getpid(), list(range(3 * BATCH_SIZE)))


def test_small_batches_stay_in_process() -> None:
    assert worker_count(0) == 1
    assert worker_count(10) == 1
    if sys.platform == "linux" and len(os.sched_getaffinity(0)) > 1 and cpu_quota() != 1:
        assert worker_count(100_000) > 1
    assert worker_count(10_000_000) <= MAX_WORKERS


@pytest.mark.parametrize(
    ("cpu_max", "cpus"),
    [("max 100000\n", None), ("150000 100000\n", 2), ("50000 100000\n", 1), ("", None)],
)
def test_a_container_cpu_limit_caps_the_workers(
    tmp_path: Path, cpu_max: str, cpus: int | None
) -> None:
    limits = tmp_path / "cpu.max"
    limits.write_text(cpu_max, encoding="utf-8")
    assert cpu_quota(limits) == cpus
    assert cpu_quota(tmp_path / "missing") is None


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Every example project and test file several times over, with an unreadable file."""
    for copy in range(3):
        shutil.copytree(EXAMPLES, tmp_path / f"examples-{copy}")
        shutil.copytree(TEST_DATA / "env", tmp_path / f"env-{copy}")
        shutil.copytree(TEST_DATA / "python", tmp_path / f"python-{copy}")
    locked = tmp_path / "env-1" / "locked.env"
    locked.write_text("SMTP_HOST=smtp.gmail.com\n", encoding="utf-8")
    locked.chmod(0)
    return tmp_path


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_workers_find_what_one_process_finds(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("smtplint.workers.BATCH_SIZE", 7)  # many batches, out of step
    alone = check_paths([tree], workers=1)
    shared = check_paths([tree], workers=3)
    assert alone.findings and alone.files_checked > 20
    assert shared.findings == alone.findings
    assert shared.files == alone.files
    assert (shared.files_checked, shared.configs_found) == (
        alone.files_checked,
        alone.configs_found,
    )
    assert shared.unreadable == alone.unreadable


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_jobs_asks_for_a_number_of_workers() -> None:
    assert worker_count(10, requested=3) == 3  # below the automatic threshold
    assert worker_count(2, requested=8) == 2  # never more than one per file
    assert worker_count(100_000, requested=1) == 1


# Runs the console script, printing how many processes the files were given.
_COUNTING_SCRIPT = """
import sys
import smtplint.fixer, smtplint.workers
real = smtplint.workers.worker_count
def counting(files, requested=None):
    count = real(files, requested)
    print("workers", count, file=sys.stderr)
    return count
smtplint.workers.worker_count = smtplint.fixer.worker_count = counting
from smtplint.entry import main
main()
"""


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
@pytest.mark.parametrize("command", ["check", "fix"])
@pytest.mark.parametrize(("jobs", "workers"), [(["--jobs", "3"], 3), (["--jobs=1"], 1), ([], 1)])
def test_the_jobs_option_reaches_the_workers(
    tree: Path, command: str, jobs: list[str], workers: int
) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", _COUNTING_SCRIPT, command, *jobs, str(tree)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert f"workers {workers}\n" in done.stderr, done.stderr
    assert "Found" in done.stdout
