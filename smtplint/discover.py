"""Turning the paths a user gives into the files smtplint reads.

Directories are walked, skipping what the exclude globs match (by default version-control
folders, virtual environments and dependency folders; see smtplint.exclude) and what
``.gitignore`` files ignore. A file named explicitly is always read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from smtplint.exclude import BUILT_IN_EXCLUDES, DEFAULT_EXCLUDE, ExcludeMatcher, Excludes
from smtplint.records import record
from smtplint.sources import source_for_file_name, source_name_for

SKIPPED_DIRS = frozenset(DEFAULT_EXCLUDE)  # the built-in exclude list, as names


@record
class Candidate:
    path: Path
    source: str
    explicit: bool  # named on the command line rather than found by walking


class PathError(Exception):
    """A path given by the user that does not exist or cannot be read."""


def candidates(
    paths: Sequence[Path], excludes: Excludes = BUILT_IN_EXCLUDES
) -> Iterator[Candidate]:
    for path in paths:
        if path.is_dir():
            yield from _walk(path, excludes)
        elif path.is_file():
            source = source_name_for(path)
            if source is not None:
                yield Candidate(path, source, explicit=True)
        elif not path.exists():
            raise PathError(f"{path}: no such file or directory")
        else:
            raise PathError(f"{path}: not a regular file or directory")


def _walk(root: Path, excludes: Excludes) -> Iterator[Candidate]:
    """Depth first, each folder's files in name order before its subfolders in name order;
    symbolic links to folders are not followed, and a folder reached twice is read once."""
    ignores = _Ignores()
    matcher = excludes.matcher(root)
    visited: set[tuple[int, int]] = set()
    pending = [root]
    while pending:
        here = pending.pop()
        try:
            stat = here.stat()
            with os.scandir(here) as listing:
                entries = sorted(listing, key=_name)
        except OSError:
            continue
        if (stat.st_dev, stat.st_ino) in visited:
            continue
        visited.add((stat.st_dev, stat.st_ino))
        ignores.enter(here)
        where = matcher.relative(here)
        subfolders = []
        for entry in entries:
            if _is_folder(entry):
                if not entry.is_symlink():
                    subfolders.append(entry.name)
                continue
            source = source_for_file_name(entry.name)
            if source is None or not _is_file(entry):
                continue
            path = here / entry.name
            if not _excluded(matcher, where, entry.name, is_dir=False) and not ignores.ignored(
                path, is_dir=False
            ):
                yield Candidate(path, source, explicit=False)
        pending.extend(
            here / name
            for name in reversed(subfolders)
            if not _excluded(matcher, where, name, is_dir=True)
            and not (here / name / "pyvenv.cfg").exists()
            and not ignores.ignored(here / name, is_dir=True)
        )


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _excluded(matcher: ExcludeMatcher, where: str | None, name: str, *, is_dir: bool) -> bool:
    """Whether the entry ``name`` of the folder the matcher sees as ``where`` is excluded."""
    if where is None:
        return False
    relative = name if where == "." else f"{where}/{name}"
    return matcher.excluded_relative(relative, is_dir=is_dir)


class _Ignores:
    """The ``.gitignore`` files in force while walking down a tree."""

    def __init__(self) -> None:
        self._specs: list[tuple[Path, object]] = []

    def enter(self, directory: Path) -> None:
        gitignore = directory / ".gitignore"
        if not gitignore.is_file():
            return
        try:
            lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        import pathspec

        self._specs.append((directory, pathspec.GitIgnoreSpec.from_lines(lines)))

    def ignored(self, path: Path, *, is_dir: bool) -> bool:
        result = False
        for base, spec in self._specs:
            try:
                relative = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if is_dir:
                relative += "/"
            check = spec.check_file(relative)  # type: ignore[attr-defined]
            if check.include is not None:
                result = bool(check.include)
        return result


# A run naming at most this many files asks git about them alone; beyond, it lists the
# repository (a command line has a length limit).
MAX_NAMED_FILES = 500


class GitTracking:
    """Answers "does git track this file?", asking git once per repository.

    A file is named by its folder's real path and its own name, as git names what it tracks
    (a tracked symbolic link is the link, not its target). Folders are resolved once each,
    and tracked names are never resolved: a monorepo lists hundreds of thousands. A run
    given only files (a pre-commit hook's call) asks git about those files alone.
    """

    def __init__(self, named: Sequence[Path] | None = None) -> None:
        self._named = None if named is None or len(named) > MAX_NAMED_FILES else named
        # by repository root: the names git was asked about (None: all), and those tracked
        self._tracked: dict[str, tuple[frozenset[str] | None, frozenset[str] | None]] = {}
        self._folders: dict[Path, tuple[str, str | None]] = {}  # real path, repository root
        self._roots: dict[str, str | None] = {}  # by real folder

    def ask_before_forking(self, first: Candidate) -> None:
        """Ask git now about the repository holding ``first``, so that forked workers
        inherit the answer rather than each asking."""
        self.is_tracked(first.path)

    def is_tracked(self, path: Path) -> bool | None:
        folder, root = self._folder(path.parent)
        if root is None:
            return None
        name = os.path.join(folder, path.name)
        if root not in self._tracked:
            asked = self._named_in(root)
            self._tracked[root] = (asked, _tracked_files(root, asked))
        asked, tracked = self._tracked[root]
        if asked is not None and name not in asked:  # not named: list the repository
            self._tracked[root] = (None, _tracked_files(root))
            asked, tracked = self._tracked[root]
        return None if tracked is None else name in tracked

    def _named_in(self, root: str) -> frozenset[str] | None:
        """The named files inside the repository at ``root``, or None to list it all."""
        if self._named is None:
            return None
        names = set()
        for path in self._named:
            folder, holder = self._folder(path.parent)
            if holder == root:
                names.add(os.path.join(folder, path.name))
        return frozenset(names)

    def _folder(self, folder: Path) -> tuple[str, str | None]:
        known = self._folders.get(folder)
        if known is None:
            real = os.path.realpath(folder)
            known = self._folders[folder] = (real, self._root_of(real))
        return known

    def _root_of(self, real: str) -> str | None:
        """The repository holding the real folder ``real``: the nearest with a ``.git``."""
        visited = []
        root: str | None = None
        folder = real
        while True:
            if folder in self._roots:
                root = self._roots[folder]
                break
            visited.append(folder)
            if os.path.exists(os.path.join(folder, ".git")):
                root = folder
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        for seen in visited:
            self._roots[seen] = root
        return root


def only_files(paths: Sequence[Path]) -> Sequence[Path] | None:
    """``paths`` when every one names a file, as a hook's call does; else None."""
    return paths if paths and all(path.is_file() for path in paths) else None


def _tracked_files(root: str, names: frozenset[str] | None = None) -> frozenset[str] | None:
    """The files git tracks in the repository at ``root``: all, or those among ``names``."""
    if names is not None and not names:
        return frozenset()  # an empty pathspec would list everything
    import subprocess  # here: only a file inside a repository needs git

    pathspecs = [] if names is None else ["--", *sorted(names)]
    try:
        completed = subprocess.run(
            ["git", "--literal-pathspecs", "-C", root, "ls-files", "-z", *pathspecs],
            capture_output=True,
            check=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    listed = completed.stdout.decode("utf-8", "surrogateescape").split("\0")
    return frozenset(os.path.join(root, name) for name in listed if name)
