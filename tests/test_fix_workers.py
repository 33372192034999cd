"""Fixing in worker processes writes and reports exactly what fixing in one process does."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from smtplint.discover import Candidate, candidates
from smtplint.fix_chunks import fix_chunks
from smtplint.fixer import FixResult, fix_paths
from smtplint.model import EnvironmentReference, Secret
from smtplint.workers import CHUNKS_PER_WORKER, grouped_chunks

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FIX_DATA = Path(__file__).resolve().parent / "data" / "fix"

BASE_SETTINGS = 'EMAIL_HOST = "smtp.gmail.com"\nEMAIL_PORT = 465\nEMAIL_USE_TLS = True\n'
DEV_SETTINGS = "from ..base import *  # noqa: F403\n\nEMAIL_TIMEOUT = 0\n"
TOP_SETTINGS = "from nested.mail import *  # noqa: F403\n\nEMAIL_TIMEOUT = 0\n"


@pytest.mark.parametrize(
    ("keys", "count"),
    [
        (["a", "b", "c", "d", "e", "f"], 3),
        (["a", "a", "b", "c", "c", "c", "d"], 3),
        (["a", "b", "a", "c", "d", "e", "d"], 4),
        (["a", "a", "a"], 5),
        (["a", "b", "c"], 1),
        ([], 2),
    ],
)
def test_grouped_chunks_never_separate_items_sharing_a_key(keys: list[str], count: int) -> None:
    items = list(enumerate(keys))
    runs = grouped_chunks(items, count, lambda item: [item[1]])
    assert [item for run in runs for item in run] == items
    assert all(runs) and len(runs) <= max(1, count)
    for key in keys:
        owners = {index for index, run in enumerate(runs) for _, k in run if k == key}
        assert len(owners) == 1, key


def test_grouped_chunks_of_unrelated_items_are_nearly_equal() -> None:
    runs = grouped_chunks(list(range(10)), 4, lambda item: [item])
    assert [len(run) for run in runs] == [3, 3, 2, 2]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _build(root: Path) -> None:
    """Example projects and fix test files several times over, Python modules importing
    from their parent folder and from a folder below (a namespace package), a link to a file
    of another folder and a read-only file."""
    for copy in range(3):
        shutil.copytree(EXAMPLES, root / f"examples-{copy}")
        for kind in ("env", "python", "toml", "thunderbird"):
            shutil.copytree(FIX_DATA / kind, root / f"{kind}-{copy}")
        package = root / f"project-{copy}" / "pkg"
        _write(package / "__init__.py", "")
        _write(package / "base.py", BASE_SETTINGS)
        _write(package / "sub" / "__init__.py", "")
        _write(package / "sub" / "dev.py", DEV_SETTINGS)
        _write(root / f"project-{copy}" / "top.py", TOP_SETTINGS)
        _write(root / f"project-{copy}" / "nested" / "mail.py", BASE_SETTINGS)
    (root / "linked").mkdir()
    (root / "linked" / ".env").symlink_to(Path("..", "examples-1", "laravel", ".env"))
    locked = root / "examples-2" / "laravel" / ".env"
    locked.chmod(0o444)


def _fixed(root: Path, workers: int, *, diff: bool = False) -> tuple[FixResult, dict[str, bytes]]:
    """The result of fixing ``root`` (paths relative to it) and every file's bytes after."""
    previous = Path.cwd()
    os.chdir(root)
    try:
        result = fix_paths(["."], unsafe=True, diff=diff, workers=workers)
    finally:
        os.chdir(previous)
    files = {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }
    return result, files


@pytest.fixture
def trees(tmp_path: Path) -> tuple[Path, Path]:
    alone, shared = tmp_path / "alone", tmp_path / "shared"
    _build(alone)
    shutil.copytree(alone, shared, symlinks=True)
    return alone, shared


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_workers_write_and_report_what_one_process_does(trees: tuple[Path, Path]) -> None:
    alone_root, shared_root = trees
    found = list(candidates([shared_root]))
    assert len(fix_chunks(found, 3 * CHUNKS_PER_WORKER)) > 3  # the work is really shared
    before = _fixed(alone_root, 1, diff=True)[1]
    alone, alone_files = _fixed(alone_root, 1)
    shared, shared_files = _fixed(shared_root, 3)
    assert alone.fixes_applied > 20 and alone.notes and alone.check.unreadable
    assert alone_files != before
    assert shared_files == alone_files
    assert shared == alone


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_workers_show_the_same_diffs_and_write_nothing(trees: tuple[Path, Path]) -> None:
    alone_root, shared_root = trees
    alone, alone_files = _fixed(alone_root, 1, diff=True)
    shared, shared_files = _fixed(shared_root, 3, diff=True)
    assert alone.diffs and shared == alone
    assert shared_files == alone_files == _fixed(alone_root, 1, diff=True)[1]


def _chunk_of(chunks: Sequence[Sequence[Candidate]], path: Path) -> int:
    [index] = [i for i, chunk in enumerate(chunks) for found in chunk if found.path == path]
    return index


def test_files_that_read_each_other_share_a_chunk(trees: tuple[Path, Path]) -> None:
    root = trees[0]
    found = list(candidates([root]))
    chunks = fix_chunks(found, len(found))
    profile = root / "examples-0" / "thunderbird-profile"
    assert _chunk_of(chunks, profile / "prefs.js") == _chunk_of(chunks, profile / "user.js")
    package = root / "project-0" / "pkg"
    assert _chunk_of(chunks, package / "base.py") == _chunk_of(chunks, package / "sub" / "dev.py")
    project = root / "project-0"
    nested = project / "nested" / "mail.py"
    assert _chunk_of(chunks, project / "top.py") == _chunk_of(chunks, nested)
    target = root / "examples-1" / "laravel" / ".env"
    assert _chunk_of(chunks, root / "linked" / ".env") == _chunk_of(chunks, target)
    assert len(chunks) > len(found) // 8  # the other files are not held together


class _Mover:
    def reference_for(self, path: Path, key: str) -> EnvironmentReference:
        return EnvironmentReference("SMTP_PASSWORD", "moved")

    def store(self, path: Path, key: str, secret: Secret) -> None:
        raise OSError("not in this test")


def test_moving_passwords_stays_in_one_process(
    trees: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork(*args: object) -> list[FixResult]:
        raise AssertionError("keyring backends must not be used across fork")

    monkeypatch.setattr("smtplint.workers.map_forked", no_fork)
    result = fix_paths([trees[0]], secrets=_Mover(), workers=3)
    assert result.fixes_applied > 20
