"""Canonical changes to Thunderbird prefs.js / user.js edits, in Thunderbird's own style.

A value is changed in the file that holds its effective statement (user.js over prefs.js),
keeping the call (``user_pref``, ``pref``, ``sticky_pref``), spacing and quote character;
an integer stays an integer and a string a string. A pref that is not written at all is
added to the profile's main file as ``user_pref("name", value);`` where Thunderbird itself
would write it: prefs.js keeps its ``user_pref`` lines sorted by name. Every edited file is
parsed again before the edits are handed back; anything that does not read back exactly as
intended, or a string that would need escaping, makes the whole fix unavailable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from smtplint.model import Change, Edit, Field, Security, Setting, SmtpConfig, Unfixable
from smtplint.records import record
from smtplint.sources.prefs_js import Pref, PrefFile, PrefValue, parse_prefs
from smtplint.sources.text import LineIndex, end_of_line, line_ending

_SERVER_PREFS = {
    Field.SECURITY: "try_ssl",
    Field.PORT: "port",
    Field.HOST: "hostname",
    Field.USERNAME: "username",
}
_TRY_SSL = {Security.NONE: 0, Security.STARTTLS: 2, Security.TLS: 3}
_PREF_NAME = re.compile(r"[A-Za-z0-9_.\-]+")
_NEW_STATEMENT = 'user_pref("{name}", {value});'


@record
class PrefsText:
    """A preference file as it was read: its path and its text (byte-order mark removed)."""

    path: Path
    text: str
    lossless: bool = True  # False when bytes that are not UTF-8 were replaced on reading


def edits_for(
    own: PrefsText, user: PrefsText | None, config: SmtpConfig, changes: tuple[Change, ...]
) -> list[Edit]:
    """The edits making ``changes`` to the server (or identity) of ``config``.

    ``own`` is the file the configuration was read from; ``user`` the user.js read over it
    (None when there is none, or when ``own`` is itself the profile's only file). Edits of
    ``own`` carry no path, edits of user.js carry its path. Raises Unfixable.
    """
    if config.in_use_by is not None:
        raise Unfixable(
            f"Thunderbird may be running (lock file {config.in_use_by}): close it before "
            "fixing, or it overwrites prefs.js on exit"
        )
    files = [_File(own, main=True)]
    if user is not None and user.path != own.path:
        files.append(_File(user, main=False))
    planner = _Planner(files, config)
    for change in changes:
        planner.apply(change)
    return planner.result()


class _File:
    def __init__(self, source: PrefsText, *, main: bool) -> None:
        self.source = source
        self.main = main
        self.parsed: PrefFile = parse_prefs(source.text)
        self.values = self.parsed.values()
        self.lines = LineIndex(source.text)
        self.replaced: dict[str, tuple[Pref, PrefValue]] = {}
        self.added: dict[str, PrefValue] = {}

    @property
    def name(self) -> str:
        return self.source.path.name

    def offset(self, line: int, column: int) -> int:
        return self.lines.line_start(line) + column - 1


class _Planner:
    def __init__(self, files: list[_File], config: SmtpConfig) -> None:
        self._files = files
        self._config = config

    def apply(self, change: Change) -> None:
        if change.field is Field.TIMEOUT:
            raise Unfixable("Thunderbird has no timeout setting: it uses its own")
        if change.field is Field.PASSWORD:
            raise Unfixable("Thunderbird keeps passwords in its password manager, not in prefs.js")
        if change.value is None:
            raise Unfixable(f"{change.describe()}: Thunderbird would only fall back to a default")
        setting = self._config.setting_for(change.field)
        if setting is None:
            if change.field is Field.SENDER:
                raise Unfixable(
                    "no Thunderbird identity sends through this server: the sender is the "
                    "identity's email address (mail.identity.<id>.useremail)"
                )
            raise Unfixable(f"no {change.field.value} setting to change")
        name = setting.origin.key
        _check_name(change.field, name)
        self._set(setting, name, _pref_value(change))

    def result(self) -> list[Edit]:
        edits: list[Edit] = []
        for file in self._files:
            if not file.replaced and not file.added:
                continue
            file_edits = _replacements(file) + _additions(file)
            _verify(file, file_edits)
            path = None if file.main else file.source.path
            edits.extend(Edit(e.start, e.end, e.replacement, path=path) for e in file_edits)
        return sorted(edits)

    def _set(self, setting: Setting[object], name: str, value: PrefValue) -> None:
        holder = self._holder(name)
        origin = setting.origin
        if holder is None:
            if origin.span is not None:
                raise Unfixable(f"{name} changed since it was read; run the fix again")
            main = _writable(self._files[0])
            main.added[name] = value
            return
        pref = holder.values[name]
        expected_path = None if holder.main else holder.source.path
        if origin.span != pref.value_span or origin.path != expected_path:
            raise Unfixable(f"{name} changed since it was read; run the fix again")
        _writable(holder)
        if _kind(pref.value) != _kind(value):
            raise Unfixable(
                f"{name} in {holder.name} is not written as {_kind(value)}; edit it by hand"
            )
        if pref.value != value:
            holder.replaced[name] = (pref, value)

    def _holder(self, name: str) -> _File | None:
        """The file whose statement of ``name`` is effective: user.js wins over prefs.js."""
        for file in reversed(self._files):
            if name in file.values:
                return file
        return None


def _writable(file: _File) -> _File:
    if file.parsed.errors:
        raise Unfixable(f"{file.name} has syntax errors; correct them first")
    if not file.source.lossless:
        raise Unfixable(f"{file.name} is not valid UTF-8; edit it by hand")
    return file


def _check_name(field: Field, name: str) -> None:
    if field is Field.SENDER:
        if not (name.startswith("mail.identity.") and name.endswith(".useremail")):
            raise Unfixable(
                f"the sender comes from {name}, not from an identity's email address; "
                "edit it by hand"
            )
    elif not (name.startswith("mail.smtpserver.") and name.endswith("." + _SERVER_PREFS[field])):
        raise Unfixable(f"{name} is not an outgoing-server preference smtplint writes")
    if _PREF_NAME.fullmatch(name) is None:
        raise Unfixable(f"the preference name {name!r} would need escaping; edit it by hand")


def _pref_value(change: Change) -> PrefValue:
    value = change.value
    if change.field is Field.SECURITY:
        if value is Security.OPPORTUNISTIC:
            raise Unfixable(
                'Thunderbird no longer offers "STARTTLS, if available" (try_ssl 1); '
                "choose STARTTLS (2) or SSL/TLS (3) by hand"
            )
        if not isinstance(value, Security):
            raise Unfixable(f"{change.describe()}: not a security mode")
        return _TRY_SSL[value]
    if change.field is Field.PORT:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
            raise Unfixable(f"{change.describe()}: not a port number")
        return value
    if not isinstance(value, str):
        raise Unfixable(f"{change.describe()}: not text")
    return value


def _kind(value: PrefValue) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return "a number" if isinstance(value, int) else "a string"


def _literal(name: str, value: PrefValue, quote: str) -> str:
    """``value`` written as a pref value; Unfixable when a string would need escaping."""
    if isinstance(value, int):
        return str(value)
    if any(not " " <= char <= "~" for char in value) or quote in value or "\\" in value:
        raise Unfixable(f"the new value of {name} would need escaping; edit it by hand")
    return f"{quote}{value}{quote}"


def _replacements(file: _File) -> list[Edit]:
    edits: list[Edit] = []
    for name, (pref, value) in file.replaced.items():
        span = pref.value_span
        start = file.offset(span.line, span.column)
        end = file.offset(span.end_line, span.end_column)
        quote = pref.raw[:1] if isinstance(value, str) else ""
        edits.append(Edit(start, end, _literal(name, value, quote)))
    return edits


def _additions(file: _File) -> list[Edit]:
    """New ``user_pref`` lines at their sorted place; lines sharing a place become one edit."""
    pieces: dict[int, list[tuple[str, str]]] = {}
    for name, value in file.added.items():
        statement = _NEW_STATEMENT.format(name=name, value=_literal(name, value, '"'))
        offset, piece = _placed(file, name, statement)
        pieces.setdefault(offset, []).append((name, piece))
    return [
        Edit(offset, offset, "".join(piece for _, piece in sorted(found)))
        for offset, found in pieces.items()
    ]


def _placed(file: _File, name: str, statement: str) -> tuple[int, str]:
    """Where ``statement`` goes and the text to insert there, line ending included.

    In a file sorted by name (as Thunderbird writes prefs.js) that is its sorted place; in a
    hand-written one, after the last pref of its group (the same server or identity).
    """
    written = [p for p in file.parsed.prefs if p.call == "user_pref"]
    names = [p.name for p in written]
    if names == sorted(names):
        following = next((p for p in written if p.name > name), None)
        if following is not None:
            return _before(file, following, statement)
        return _after(file, written[-1] if written else None, statement)
    group = name.rsplit(".", 1)[0] + "."
    siblings = [p for p in written if p.name.startswith(group)]
    return _after(file, (siblings or written)[-1], statement)


def _before(file: _File, following: Pref, statement: str) -> tuple[int, str]:
    text = file.source.text
    start = file.offset(following.span.line, following.span.column)
    line_start = file.lines.line_start(following.span.line)
    # Before the whole line, unless something else (a comment's end) comes first on it.
    at = line_start if text[line_start:start].strip(" \t") == "" else start
    return at, statement + line_ending(text, start)


def _after(file: _File, previous: Pref | None, statement: str) -> tuple[int, str]:
    text = file.source.text
    if previous is None:
        line_end = len(text)
    else:
        line_end = end_of_line(text, file.offset(previous.span.end_line, previous.span.end_column))
    newline = line_ending(text, line_end)
    if line_end == len(text):
        lead = newline if text and not text.endswith(("\n", "\r")) else ""
        return len(text), lead + statement + ("" if lead else newline)
    return line_end + len(newline), statement + newline  # newline ends this very line


def _verify(file: _File, edits: Iterable[Edit]) -> None:
    """The edited text must parse cleanly and read back with exactly the intended values."""
    text = file.source.text
    for edit in sorted(edits, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    parsed = parse_prefs(text)
    intended: dict[str, PrefValue] = {name: value for name, (_, value) in file.replaced.items()}
    intended.update(file.added)
    expected = {name: pref.value for name, pref in file.values.items()} | intended
    found = {name: pref.value for name, pref in parsed.values().items()}
    same = not parsed.errors and found == expected
    if not same or any(_kind(found[name]) != _kind(value) for name, value in intended.items()):
        raise Unfixable(f"smtplint cannot find a safe place in {file.name}; edit it by hand")
