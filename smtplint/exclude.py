"""Which files and folders a directory walk leaves out: gitignore-style globs.

The built-in list names version-control folders, virtual environments and dependency
folders; configuration can replace it (``exclude``) or add to it (``extend-exclude``).
A glob without a slash matches a name at any depth; one with a slash is anchored at
``base``, the directory of the configuration file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from smtplint.records import record

DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "site-packages",
    "bower_components",
)


@record
class Excludes:
    patterns: tuple[str, ...] = DEFAULT_EXCLUDE
    base: Path | None = None  # anchors patterns with a slash; None: the walked folder

    @classmethod
    def of(
        cls,
        exclude: Sequence[str] | None = None,
        extend_exclude: Sequence[str] = (),
        base: Path | None = None,
    ) -> Excludes:
        """``exclude`` replaces the built-in list (None keeps it); ``extend_exclude`` adds."""
        chosen = DEFAULT_EXCLUDE if exclude is None else tuple(exclude)
        return cls((*chosen, *extend_exclude), base)

    def matcher(self, root: Path) -> ExcludeMatcher:
        return ExcludeMatcher(self, root)


class ExcludeMatcher:
    """The excludes applied while walking below ``root``."""

    def __init__(self, excludes: Excludes, root: Path) -> None:
        bases = (excludes.base, root) if excludes.base is not None else (root,)
        self._plain = tuple(base.absolute() for base in bases)
        self._real = tuple(base.resolve() for base in bases)
        self._names = _plain_names(excludes.patterns)
        self._spec: Any = None
        if self._names is None:
            import pathspec

            self._spec = pathspec.GitIgnoreSpec.from_lines(excludes.patterns)

    def excluded(self, path: Path, *, is_dir: bool) -> bool:
        relative = self.relative(path)
        return relative is not None and self.excluded_relative(relative, is_dir=is_dir)

    def relative(self, path: Path) -> str | None:
        """``path`` as the patterns see it (``/``-separated, from the base); None when it
        lies outside the base, where no pattern applies."""
        relative = _relative(path.absolute(), self._plain)
        if relative is None:  # only through a symbolic link: resolving costs a system call
            relative = _relative(path.resolve(), self._real)
        return relative

    def excluded_relative(self, relative: str, *, is_dir: bool) -> bool:
        if self._names is not None:
            return any(part in self._names for part in relative.split("/"))
        return bool(self._spec.match_file(relative + ("/" if is_dir else "")))


def _plain_names(patterns: Sequence[str]) -> frozenset[str] | None:
    """The patterns as a set of names when each is a plain name (as the built-in list is):
    such a pattern excludes any file or folder of that name, and all below it, so a set
    lookup per path part decides what pathspec would. None when any pattern is more."""
    names = frozenset(patterns)
    plain = all(name and not _NOT_PLAIN.search(name) and name not in (".", "..") for name in names)
    return names if plain else None


_NOT_PLAIN = re.compile(r"[/\\*?\[\]!#\s]")


def _relative(path: Path, anchors: tuple[Path, ...]) -> str | None:
    for anchor in anchors:
        if path.is_relative_to(anchor):
            return path.relative_to(anchor).as_posix()
    return None


BUILT_IN_EXCLUDES = Excludes()
