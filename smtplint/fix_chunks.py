"""The files of one ``fix`` cut into chunks that worker processes can fix independently.

Fixing a file reads files around it and may write some of them: a Thunderbird ``user.js``
beside ``prefs.js``, the file a symbolic link points to, any module under its project's
root that a Python settings file imports. A file fixed earlier in the walk is read, as
written, by those fixed after it. So the files of one folder (by the path given and by the
real path) stay in one chunk, and so does every Python file with the Python files under
its project's root, in walk order.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from smtplint.discover import Candidate
from smtplint.workers import grouped_chunks


def fix_chunks(found: Sequence[Candidate], count: int) -> list[Sequence[Candidate]]:
    """``found`` cut into at most ``count`` contiguous chunks that share no file."""
    return grouped_chunks(found, count, _Reach(found).folders)


class _Reach:
    """The folders whose files a fix of a candidate may read or write. Paths are strings:
    for thousands of files, path objects would cost more than the rest of the cutting."""

    def __init__(self, found: Sequence[Candidate]) -> None:
        self._real_folders: dict[str, str] = {}
        self._projects: dict[str, str] = {}  # real folder → the root its imports stay under
        self._roots = {self._project(c) for c in found if c.source == "python"}

    def folders(self, candidate: Candidate) -> set[str]:
        real = self._real_parent(candidate)
        reached = {os.path.dirname(candidate.path), real}
        if candidate.source == "python":
            reached.add(self._project(candidate))
            reached.update(self._roots_above(real))
        return reached

    def _real_parent(self, candidate: Candidate) -> str:
        path = os.fspath(candidate.path)
        if os.path.islink(path):
            return os.path.dirname(os.path.realpath(path))
        return self._real(os.path.dirname(path))

    def _real(self, folder: str) -> str:
        """``os.path.realpath(folder)``, reusing what its parent resolved to."""
        known = self._real_folders.get(folder)
        if known is None:
            parent, name = os.path.split(folder)
            if name in ("", ".", "..") or os.path.islink(folder):
                known = os.path.realpath(folder)
            else:
                known = os.path.join(self._real(parent), name)
            self._real_folders[folder] = known
        return known

    def _project(self, candidate: Candidate) -> str:
        folder = self._real_parent(candidate)
        if folder not in self._projects:
            from smtplint.sources.py_imports import project_root

            real = Path(folder, candidate.path.name)
            self._projects[folder] = str(project_root(real))
        return self._projects[folder]

    def _roots_above(self, folder: str) -> set[str]:
        """The project roots of Python files found that hold ``folder``: their imports may
        read a module in it."""
        above: set[str] = set()
        while True:
            if folder in self._roots:
                above.add(folder)
            parent = os.path.dirname(folder)
            if parent == folder:
                return above
            folder = parent
