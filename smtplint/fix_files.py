"""The files one ``fix`` touches: their pending texts, diffs, and atomic writes.

A fix may edit the file it read and files read alongside it (a Thunderbird ``user.js``
beside ``prefs.js``). Every file keeps the bytes it had on disk when first read, so a write
can refuse a file that changed meanwhile, and its BOM, which the texts never carry.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from smtplint.model import MASK, Edit, hide_secrets

_BOM = b"\xef\xbb\xbf"
_PASSWORD_KEY = re.compile(r"(?i)pass|secret|token|api_?key|credential")
_ASSIGNMENT = re.compile(
    r"""^(\s*(?:export\s+)?(?:user_pref\(\s*)?["']?([A-Za-z_][A-Za-z0-9_.\[\]"']*?)["']?"""
    r"""\s*[=:,][ \t]*).*$""",  # the separator's blanks stay, so the diff reads as written
    re.DOTALL,
)


class FileChangedError(OSError):
    """The file changed on disk between reading and writing."""


class ReadOnlyError(OSError):
    """The file's permissions let nobody write it: a choice ``fix`` respects, even as root."""


class PendingFiles:
    """The text of every file a fix has read or edited, and the bytes each had on disk."""

    def __init__(self, main: Path, data: bytes, text: str) -> None:
        self.main = main
        self._original: dict[Path, bytes] = {main: data}
        self._first: dict[Path, str] = {main: text}
        self.texts: dict[Path, str] = {main: text}

    def text_of(self, path: Path) -> str:
        """The pending text of ``path``, read from disk the first time it is needed."""
        if path not in self.texts:
            data = path.read_bytes()
            text = data.decode("utf-8-sig")
            self._original[path], self._first[path], self.texts[path] = data, text, text
        return self.texts[path]

    def companions(self, texts: Mapping[Path, str] | None = None) -> dict[Path, str]:
        current = self.texts if texts is None else texts
        return {path: text for path, text in current.items() if path != self.main}

    def applied(self, edits: Iterable[Edit]) -> dict[Path, str]:
        """All pending texts with ``edits`` applied (nothing is stored)."""
        by_file: dict[Path, list[Edit]] = {}
        for edit in edits:
            by_file.setdefault(edit.path or self.main, []).append(edit)
        texts = dict(self.texts)
        for path, file_edits in by_file.items():
            texts[path] = apply_edits(self.text_of(path), file_edits)
        return texts

    def changed(self) -> list[Path]:
        return [path for path, text in self.texts.items() if text != self._first[path]]

    def diff(self, path: Path, secrets: Iterable[str] = ()) -> str:
        return unified_diff(path, self._first[path], self.texts[path], secrets)

    def write(self, path: Path) -> None:
        original = self._original[path]
        bom = _BOM if original.startswith(_BOM) else b""
        write_atomically(path, bom + self.texts[path].encode("utf-8"), original)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def overlap(a: Edit, b: Edit) -> bool:
    if (a.path or None) != (b.path or None):
        return False
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one place: their order would be arbitrary
    return a.start < b.end and b.start < a.end


def unified_diff(path: Path, before: str, after: str, secrets: Iterable[str] = ()) -> str:
    """A unified diff that shows no secret: neither a known password (``secrets``) nor the
    value of any line assigning a key that names one."""
    known = list(secrets)
    lines = difflib.unified_diff(
        [masked(line, known) for line in before.splitlines(keepends=True)],
        [masked(line, known) for line in after.splitlines(keepends=True)],
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def masked(line: str, secrets: Iterable[str] = ()) -> str:
    """``line`` with every known secret hidden, and its value hidden when it assigns a key
    that names a secret."""
    line = hide_secrets(line, secrets)
    match = _ASSIGNMENT.match(line)
    if match is None or not _PASSWORD_KEY.search(match.group(2)):
        return line
    ending = line[len(line.rstrip("\r\n")) :]
    return f"{match.group(1)}{MASK}{ending}"


def write_atomically(path: Path, data: bytes, original: bytes) -> None:
    """Replace ``path`` by ``data`` through a temporary file in the same folder, keeping its
    permissions; refuse when its bytes are no longer ``original``. A symbolic link stays a
    link: the file it points to is replaced."""
    given = path
    if path.is_symlink():
        path = path.resolve()
    if path.read_bytes() != original:
        raise FileChangedError(f"{given}: changed on disk while fixing; not written")
    mode = stat.S_IMODE(path.stat().st_mode)
    writable = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    if not mode & writable:
        raise ReadOnlyError(f"{given}: read-only; not written")
    if not stat.S_IMODE(path.parent.stat().st_mode) & writable:
        raise ReadOnlyError(f"{given}: its folder is read-only; not written")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
