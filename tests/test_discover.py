"""Walking directories: what is read, what is skipped."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from smtplint.discover import GitTracking, PathError, candidates


def names(root: Path) -> list[str]:
    return sorted(c.path.relative_to(root).as_posix() for c in candidates([root]))


def test_picks_env_toml_and_python_files_only(tmp_path: Path) -> None:
    for name in (
        ".env",
        ".env.production",
        "prod.env",
        "settings.toml",
        "notes.txt",
        "app.py",
        "env",
    ):
        (tmp_path / name).write_text("x=1\n")
    assert names(tmp_path) == [".env", ".env.production", "app.py", "prod.env", "settings.toml"]


def test_nested_gitignore_with_negation(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.env\n")
    sub = tmp_path / "deploy"
    sub.mkdir()
    (sub / ".gitignore").write_text("!keep.env\n")
    (sub / "keep.env").write_text("x=1\n")
    (sub / "drop.env").write_text("x=1\n")
    (tmp_path / "top.env").write_text("x=1\n")
    assert names(tmp_path) == ["deploy/keep.env"]


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / ".env").write_text("x=1\n")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    assert names(tmp_path) == ["a/.env"]


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(PathError):
        list(candidates([tmp_path / "nope"]))


def test_git_tracking(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "tracked.env").write_text("x=1\n")
    (tmp_path / "untracked.env").write_text("x=1\n")
    subprocess.run(["git", "add", "tracked.env"], cwd=tmp_path, check=True)
    tracking = GitTracking()
    assert tracking.is_tracked(tmp_path / "tracked.env") is True
    assert tracking.is_tracked(tmp_path / "untracked.env") is False


def test_outside_a_repository_tracking_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "x.env").write_text("x=1\n")
    assert GitTracking().is_tracked(tmp_path / "x.env") is None
