"""``smtplint secrets restore``: put passwords moved to the keyring back into their files.

Every note that ``fix --secrets keyring`` left (see :mod:`smtplint.vault`) names a keyring
entry; the reference on the note's line or the line below it (``${VAR}`` in an env file,
``os.environ["VAR"]`` in Python) becomes the password again, written as a literal, and the note
goes. An env value gets back the quoting it had (the note records a single-quoted one), so a
round trip gives back the original bytes. All passwords of a file are read before it changes;
a missing entry leaves the file as it is. The file is written atomically, and only then, when
asked, are the keyring entries deleted.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable, Sequence
from pathlib import Path

from smtplint.fix_files import apply_edits, write_atomically
from smtplint.model import Edit, Secret
from smtplint.records import field, record
from smtplint.sources import source_name_for
from smtplint.vault import Note, fetch, find_notes, forget

_BOM = b"\xef\xbb\xbf"


@record(frozen=False)
class RestoreReport:
    restored: list[str] = field(default_factory=list)  # one line per password put back
    unchanged: list[str] = field(default_factory=list)  # files with nothing to restore
    missing: list[str] = field(default_factory=list)  # keyring entries not found
    failed: list[str] = field(default_factory=list)  # files or entries that could not be handled


class _CannotRestore(Exception):
    """A note whose password cannot be put back automatically; ``str()`` says why."""


def restore_paths(paths: Sequence[Path], *, forget_entries: bool = False) -> RestoreReport:
    report = RestoreReport()
    for path in paths:
        _restore_file(path, forget_entries, report)
    return report


def _restore_file(path: Path, forget_entries: bool, report: RestoreReport) -> None:
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        report.failed.append(f"{path}: cannot read: {getattr(error, 'strerror', None) or error}")
        return
    notes = list(find_notes(text))
    if not notes:
        report.unchanged.append(f"{path}: no password moved by smtplint to restore")
        return
    planner = _PLANNERS.get(source_name_for(path) or "")
    if planner is None:
        report.failed.append(
            f"{path}: smtplint restores passwords in env files and Python settings only"
        )
        return
    moved = _passwords(path, text, notes, report)
    if moved is None:
        return
    try:
        edits = planner(text, moved)
        restored = apply_edits(text, edits)
        bom = _BOM if data.startswith(_BOM) else b""
        write_atomically(path, bom + restored.encode("utf-8"), data)
    except _CannotRestore as why:
        report.failed.append(f"{path}: {why}; not changed")
        return
    except OSError as error:
        report.failed.append(f"{path}: cannot write: {error.strerror or error}")
        return
    for note in notes:
        where = f"{path}:{_line_of(text, note.start) + 1}"
        report.restored.append(f"{where}: {note.key} restored from the keyring")
        if not forget_entries:
            continue
        try:
            forget(note.entry, note.service)
        except OSError as error:
            report.failed.append(f"{where}: {note.key} restored, but {error}")
        else:
            report.restored.append(f'{where}: keyring entry "{note.entry}" deleted')


def _passwords(
    path: Path, text: str, notes: list[Note], report: RestoreReport
) -> list[tuple[Note, Secret]] | None:
    """Each note with its password, or None (and the reason reported) when one cannot be
    read."""
    found: list[tuple[Note, Secret]] = []
    for note in notes:
        try:
            secret = fetch(note.entry, note.service)
        except OSError as error:
            report.failed.append(f"{path}: {error}; not changed")
            return None
        if secret is None:
            line = _line_of(text, note.start) + 1
            report.missing.append(
                f'{path}:{line}: the keyring has no entry "{note.entry}" (service '
                f'"{note.service}") holding {note.key}; {path} not changed'
            )
            return None
        found.append((note, secret))
    return found


# --- env files -------------------------------------------------------------------------------


def _env_edits(text: str, moved: list[tuple[Note, Secret]]) -> list[Edit]:
    from smtplint.sources.env_fix import ORIGINALLY_SINGLE_QUOTED, literal_text
    from smtplint.sources.env_source import parse_env, resolve

    env = parse_env(text)
    edits: list[Edit] = []
    for note, password in moved:
        line = _line_of(text, note.start)
        candidates = [
            b
            for b in env.bindings
            if b.key == note.key and _line_of(text, b.key_start) in (line, line + 1)
        ]
        reference = f"${{{note.variable}}}"
        if len(candidates) != 1 or candidates[0].value != reference:
            raise _CannotRestore(
                f"line {line + 1} names {note.key}, but no {note.key}={reference} is on it or "
                "below it; put the password back by hand"
            )
        binding = candidates[0]
        if text[binding.value_start : binding.value_end] != reference:
            raise _CannotRestore(f"{note.key} is not written as {reference}")
        was = "'" if ORIGINALLY_SINGLE_QUOTED in text[note.start : note.end] else binding.quote
        quote, written = _env_literal(password.reveal(), was, literal_text)
        start, end = binding.value_start, binding.value_end
        if binding.quote:
            start, end = start - 1, end + 1
        edits.append(Edit(start, end, f"{quote}{written}{quote}"))
        edits.append(_note_removal(text, note))
    restored = apply_edits(text, edits)
    after = parse_env(restored)
    values = {entry.key: entry for entry in resolve(after.bindings, restored)}
    for note, password in moved:
        entry = values.get(note.key)
        if len(after.errors) > len(env.errors) or entry is None or entry.text != password.reveal():
            raise _CannotRestore(f"{note.key} would not read back as the stored password")
    return edits


def _env_literal(
    password: str, quote: str, literal_text: Callable[[str, str], str | None]
) -> tuple[str, str]:
    """The quote and the text writing ``password``: in ``quote`` when possible."""
    for candidate in dict.fromkeys((quote, '"', "'", "")):
        written = literal_text(password, candidate)
        if written is not None:
            return candidate, written
    raise _CannotRestore("the stored password cannot be written in an env file")


# --- Python settings -------------------------------------------------------------------------


def _python_edits(text: str, moved: list[tuple[Note, Secret]]) -> list[Edit]:
    edits: list[Edit] = []
    quote = _usual_quote(text)
    for note, password in moved:
        reference = re.compile(
            rf"os\.environ\[\s*(?P<quote>['\"]){re.escape(note.variable)}(?P=quote)\s*\]"
        )
        start, end = _code_beside(text, note)
        match = reference.search(text, start, end)
        if match is None:
            raise _CannotRestore(
                f"line {_line_of(text, note.start) + 1} names {note.key}, but no "
                f'os.environ["{note.variable}"] is on it or below it; put the password back '
                "by hand"
            )
        literal = _python_literal(password.reveal(), quote)
        edits.append(Edit(match.start(), match.end(), literal))
        edits.append(_note_removal(text, note))
    try:
        ast.parse(apply_edits(text, edits))
    except (SyntaxError, ValueError):
        raise _CannotRestore("the file would no longer parse") from None
    return edits


def _usual_quote(text: str) -> str:
    """The quote most string literals of the module use (``"`` on a tie)."""
    counts = {'"': 0, "'": 0}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.STRING:
                quote = token.string.lstrip("bBrRuUfF")[:1]
                counts[quote] = counts.get(quote, 0) + 1
    except (tokenize.TokenError, SyntaxError):
        pass
    return "'" if counts["'"] > counts['"'] else '"'


def _python_literal(password: str, quote: str) -> str:
    """A string literal for ``password``, in ``quote`` when nothing needs escaping."""
    for candidate in dict.fromkeys((quote, '"', "'")):
        if password.isprintable() and "\\" not in password and candidate not in password:
            return f"{candidate}{password}{candidate}"
    return repr(password)


# --- shared ----------------------------------------------------------------------------------


def _note_removal(text: str, note: Note) -> Edit:
    """Remove the note's comment: the whole line when it stands alone, else the comment and
    the blanks before it."""
    line_start = _line_start(text, note.start)
    comment = text.rfind("#", line_start, note.start)
    if comment < 0 or text[comment + 1 : note.start].strip():
        raise _CannotRestore(f"the note on line {_line_of(text, note.start) + 1} is not a comment")
    if not text[line_start:comment].strip():
        line_end = _line_end(text, note.end)
        following = line_end + (2 if text.startswith("\r\n", line_end) else 1)
        return Edit(line_start, min(following, len(text)), "")
    before = comment
    while before > line_start and text[before - 1] in " \t":
        before -= 1
    return Edit(before, note.end, "")


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind(sign, 0, offset) for sign in "\r\n") + 1


def _line_end(text: str, offset: int) -> int:
    ends = [found for sign in "\r\n" if (found := text.find(sign, offset)) >= 0]
    return min(ends, default=len(text))


def _line_of(text: str, offset: int) -> int:
    """The 0-based line number of ``offset``."""
    head = text[:offset]
    return head.count("\n") + head.count("\r") - head.count("\r\n")


def _code_beside(text: str, note: Note) -> tuple[int, int]:
    """Where the code a note speaks about is: before it on its line, or, when the note is a
    comment alone on its line, the next line."""
    line_start = _line_start(text, note.start)
    comment = text.rfind("#", line_start, note.start)
    if text[line_start:comment].strip():
        return line_start, comment
    next_start = _line_end(text, note.end)
    next_start += 2 if text.startswith("\r\n", next_start) else 1
    return next_start, _line_end(text, next_start)


_PLANNERS: dict[str, Callable[[str, list[tuple[Note, Secret]]], list[Edit]]] = {
    "env": _env_edits,
    "python": _python_edits,
}
