"""Walking directories: what is read, what is skipped."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pathspec
import pytest

from smtplint.discover import MAX_NAMED_FILES, GitTracking, PathError, candidates, only_files
from smtplint.exclude import DEFAULT_EXCLUDE, Excludes


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


def _repository(folder: Path, tracked: list[str], untracked: list[str]) -> None:
    """A git repository in ``folder`` with these files, the first ones added to it."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    for name in tracked + untracked:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x=1\n")
    if tracked:
        subprocess.run(["git", "add", *tracked], cwd=folder, check=True)


def test_git_tracking(tmp_path: Path) -> None:
    _repository(tmp_path, ["tracked.env"], ["untracked.env"])
    tracking = GitTracking()
    assert tracking.is_tracked(tmp_path / "tracked.env") is True
    assert tracking.is_tracked(tmp_path / "untracked.env") is False


@pytest.mark.parametrize("named", [False, True], ids=["walked", "named"])
def test_git_tracking_names_files_as_git_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: bool
) -> None:
    repository = tmp_path / "repo"
    os.makedirs(repository / "config")
    os.symlink("mail.env", repository / "config" / "current.env")  # a tracked link
    os.symlink("local.env", repository / "config" / "other.env")  # an untracked link
    _repository(repository, ["config/mail.env", "config/current.env"], ["config/local.env"])
    os.symlink(repository / "config", tmp_path / "settings")  # a folder reached by a link
    (repository / "sub").mkdir()
    monkeypatch.chdir(repository / "sub")
    expected = {
        tmp_path / "settings" / "mail.env": True,
        Path("../config/mail.env"): True,
        repository / "config" / "current.env": True,
        repository / "config" / "other.env": False,
        repository / "config" / "local.env": False,
    }
    tracking = GitTracking(list(expected) if named else None)  # named: as a hook's call
    assert {path: tracking.is_tracked(path) for path in expected} == expected


def test_nested_repositories_answer_for_their_own_files(tmp_path: Path) -> None:
    inner = tmp_path / "vendor" / "lib"
    _repository(tmp_path, [], ["app.env"])
    _repository(inner, ["mail.env"], [])
    tracking = GitTracking()
    assert tracking.is_tracked(inner / "mail.env") is True
    assert tracking.is_tracked(tmp_path / "app.env") is False


def test_named_files_are_asked_about_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repository(tmp_path, ["a.env", "[x]*.env"], ["b.env", "c.env"])
    calls: list[list[str]] = []
    run = subprocess.run

    def recording(command: list[str], **options: Any) -> Any:
        calls.append(command)
        return run(command, **options)

    monkeypatch.setattr(subprocess, "run", recording)
    named = [tmp_path / "a.env", tmp_path / "b.env", tmp_path / "[x]*.env"]
    tracking = GitTracking(named)
    assert [tracking.is_tracked(path) for path in named] == [True, False, True]
    (command,) = calls
    assert command[-4:] == ["--", *sorted(os.path.realpath(path) for path in named)]
    # a file the run did not name is answered from the whole repository
    assert tracking.is_tracked(tmp_path / "c.env") is False
    assert len(calls) == 2 and "--" not in calls[1]
    assert tracking.is_tracked(tmp_path / "a.env") is True


def test_a_run_of_many_files_or_a_folder_lists_the_repository(tmp_path: Path) -> None:
    many = [tmp_path / f"f{i}.env" for i in range(MAX_NAMED_FILES + 1)]
    for path in many[:3]:
        path.write_text("x=1\n")
    assert only_files(many[:3]) == many[:3]
    assert only_files([*many[:3], tmp_path]) is None  # a folder: the walk decides
    assert only_files([]) is None
    _repository(tmp_path, ["f0.env"], [])
    assert GitTracking(many).is_tracked(many[0]) is True  # too many to name: all listed


def test_outside_a_repository_tracking_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "x.env").write_text("x=1\n")
    assert GitTracking().is_tracked(tmp_path / "x.env") is None


def test_walk_order_is_files_first_then_folders_by_name(tmp_path: Path) -> None:
    for relative in ("b/.env", "a/z/.env", "a/.env", "z.env", "a.env", "a/y.env", "c.py"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x=1\n")
    walked = [c.path.relative_to(tmp_path).as_posix() for c in candidates([tmp_path])]
    assert walked == ["a.env", "c.py", "z.env", "a/.env", "a/y.env", "a/z/.env", "b/.env"]


def test_special_files_and_broken_links_are_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.env")
    os.symlink(tmp_path / "gone.env", tmp_path / "broken.env")
    (tmp_path / "real.env").write_text("x=1\n")
    os.symlink(tmp_path / "real.env", tmp_path / "link.env")
    assert names(tmp_path) == ["link.env", "real.env"]


def test_excluded_folder_between_the_base_and_the_walked_folder(tmp_path: Path) -> None:
    inside = tmp_path / "venv" / "lib"
    inside.mkdir(parents=True)
    (inside / ".env").write_text("x=1\n")
    excludes = Excludes.of(base=tmp_path)
    assert [c.path for c in candidates([inside], excludes)] == []
    assert [c.path for c in candidates([inside])] == [inside / ".env"]


PATHS = [
    "node_modules",
    "a/node_modules",
    "a/node_modules/b.env",
    "venvs/x.env",
    "src/.git",
    "x.venv",
    "deep/er/site-packages/p.py",
    ".tox/a",
    "keep/.env",
    "venv",
]


@pytest.mark.parametrize(
    "patterns",
    [DEFAULT_EXCLUDE, ("generated", "venv"), ("generated/", "*.bak"), ("build", "!build")],
    ids=str,
)
@pytest.mark.parametrize("is_dir", [True, False])
def test_exclude_matching_agrees_with_gitignore_rules(
    tmp_path: Path, patterns: tuple[str, ...], is_dir: bool
) -> None:
    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    matcher = Excludes(patterns).matcher(tmp_path)
    for relative in PATHS:
        expected = spec.match_file(relative + ("/" if is_dir else ""))
        assert matcher.excluded(tmp_path / relative, is_dir=is_dir) == expected, relative
