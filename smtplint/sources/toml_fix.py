"""Canonical changes to TOML text edits: only a value's own characters change.

tomlkit parses the file (what each value is) and :class:`~smtplint.sources.toml_spans.Layout`
scans it (where each value sits). An edit replaces one value token and keeps its quote
style, its type as written (a port written ``"465"`` stays a string) and everything around
it. A setting the reading library leaves at its default is added after the configuration's
last written key with the file's indentation, ``=`` spacing and line ending, or appended
inside the braces of an inline table written on one line. The transport security is written
in the table's own vocabulary (:mod:`toml_fix_security`).

Values read from a URL, an environment placeholder or another file, and values that would
need escaping, raise Unfixable naming the key. TOML has no run-time read of an environment
variable, so a password is never replaced by a reference. No value the TOML source reads
can be overridden by the environment, so unsafe fixes allow nothing more here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from smtplint.model import (
    Change,
    Edit,
    EnvironmentReference,
    Field,
    Security,
    Setting,
    SmtpConfig,
    Unfixable,
    ValueKind,
)
from smtplint.sources.text import end_of_line, line_ending
from smtplint.sources.toml_fix_security import AddKey, ConfigTable, security_writes
from smtplint.sources.toml_frameworks import FRAMEWORKS
from smtplint.sources.toml_source import toml_data
from smtplint.sources.toml_spans import KeyPath, Layout, display
from smtplint.sources.toml_tables import walk
from smtplint.sources.values import parse_port

_AUTHORITY = re.compile(r"(?P<host>[^\s:/@\[\]]+):(?P<port>[0-9]{1,5})")  # himalaya host:port
_DURATION = re.compile(r"(?P<lead>\s*)(?P<amount>[0-9]+(?:\.[0-9]+)?)(?P<unit>\s*[A-Za-z]*\s*)")
_UNIT_SECONDS = {
    "": 1.0,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "seconds": 1.0,
    "ms": 0.001,
    "m": 60.0,
    "min": 60.0,
}
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_EQUALS = re.compile(r"[ \t]*=[ \t]*\Z")
_INLINE_SEPARATOR = re.compile(r"[ \t]*,[ \t]*")


def edits_for(text: str, config: SmtpConfig, changes: tuple[Change, ...]) -> list[Edit]:
    """The edits making ``changes``; raises Unfixable when one of them cannot be written."""
    file = _File(text, _parse(text), Layout.scan(text))
    planner = _Planner(file, config, _config_table(file.data, config))
    for change in changes:
        planner.apply(change)
    return planner.result()


def _parse(text: str) -> Mapping[str, Any]:
    try:
        data = toml_data(text)
    except Exception:  # tomlkit raises its ParseError and a few plain exceptions
        raise Unfixable("the file is not valid TOML; nothing is rewritten") from None
    return data


def _config_table(data: Mapping[str, Any], config: SmtpConfig) -> ConfigTable:
    """The table ``config`` was read from, found the way the source found it."""
    framework = next((f for f in FRAMEWORKS if f.family == config.family), None)
    for visit in walk(data):
        path = visit.path
        if framework is not None:
            name = f"{display(path)}.{framework.prefix}" if path else framework.prefix
            if name == config.name:
                return ConfigTable(path, visit.table, False, framework)
        elif visit.may_be_config and (display(path) if path else "smtp_") == config.name:
            return ConfigTable(path, visit.table, not visit.named, None)
    raise Unfixable(f"the table of {config.name} was not found in the file")


class _File:
    """The text, its values and where each key and value sits."""

    def __init__(self, text: str, data: Mapping[str, Any], layout: Layout) -> None:
        if not layout.entries:
            raise Unfixable("where the keys sit in the file could not be read")
        self.text = text
        self.data = data
        self.layout = layout
        self._paths = {display(path): path for path in layout.entries}
        self._headers = sorted((start, path) for path, (start, _) in layout.headers.items())

    def path_of(self, setting: Setting[object]) -> KeyPath:
        path = self._paths.get(setting.key)
        span = setting.origin.span
        if path is None or (span is not None and self.layout.locate(path) != span):
            raise Unfixable(f"{setting.key} could not be found in the file")
        return path

    def value(self, path: KeyPath) -> Any:
        found: Any = self.data
        for part in path:
            found = found[part]
        return found

    def token(self, path: KeyPath) -> tuple[int, int]:
        located = self.layout.values.get(path)
        if located is None:
            raise Unfixable(f"{display(path)} could not be found in the file")
        return located

    def section_of(self, offset: int) -> KeyPath:
        """The path of the ``[table]`` header whose section holds ``offset``."""
        current: KeyPath = ()
        for start, path in self._headers:
            if start > offset:
                break
            current = path
        return current

    def container_of(self, path: KeyPath) -> KeyPath | None:
        """The innermost inline table holding the key at ``path``, if any."""
        for size in range(len(path) - 1, 0, -1):
            located = self.layout.values.get(path[:size])
            if located is not None and self.text.startswith("{", located[0]):
                return path[:size]
        return None

    def equals_of(self, path: KeyPath) -> str:
        """The ``=`` with the blanks around it, as written between a key and its value."""
        start = self.layout.entries[path].start
        found = _EQUALS.search(self.text, start, self.token(path)[0])
        return found.group() if found is not None else " = "

    def indent_of(self, offset: int) -> str:
        line_start = max(self.text.rfind("\n", 0, offset), self.text.rfind("\r", 0, offset)) + 1
        blanks = self.text[line_start:offset]
        return blanks if not blanks.strip() else ""


class _Planner:
    def __init__(self, file: _File, config: SmtpConfig, table: ConfigTable) -> None:
        self._file = file
        self._config = config
        self._table = table
        self._new: dict[KeyPath, object] = {}
        self._added: dict[str, object] = {}

    def apply(self, change: Change) -> None:
        if change.field is Field.PASSWORD:
            raise Unfixable(_password_reason(self._config, change.value))
        if change.value is None:
            raise Unfixable(f"{change.describe()}: a TOML fix never removes a setting")
        if change.field is Field.SECURITY:
            if not isinstance(change.value, Security):
                raise Unfixable(f"{change.describe()}: not a security mode")
            self._security(change.value)
            return
        setting = self._config.setting_for(change.field)
        if setting is None:
            raise Unfixable(
                f"no key in {self._table.shown} sets the {change.field.value}; add the one "
                "your application reads"
            )
        self._setting(change.field, setting, change.value)

    def result(self) -> list[Edit]:
        edits = []
        for path, value in self._new.items():
            start, end = self._file.token(path)
            old = self._file.text[start:end]
            token = _token(old, value, display(path))
            if token != old:
                edits.append(Edit(start, end, token))
        if self._added:
            edits.append(self._insertion())
        if not edits:
            raise Unfixable("the file already says this; there is nothing to change")
        return sorted(edits)

    # --- changes ----------------------------------------------------------------------------

    def _security(self, target: Security) -> None:
        for write in security_writes(self._table, self._config, target):
            if isinstance(write, AddKey):
                self._add(write.key, write.value)
            else:
                self._set(write.path, write.value)

    def _setting(self, field: Field, setting: Setting[object], value: object) -> None:
        origin, key = setting.origin, setting.key
        if origin.path is not None:
            raise Unfixable(f"{key} is read from {origin.path.name}; edit it there")
        if origin.part is not None:
            raise Unfixable(f"the {origin.part} in {key} is part of a URL; edit the URL by hand")
        if origin.kind is ValueKind.DEFAULT:
            self._add_default(field, setting, value)
            return
        if origin.kind in (ValueKind.REFERENCE, ValueKind.INTERPOLATED):
            raise Unfixable(f"{key} names an environment placeholder, which is never rewritten")
        if origin.kind is not ValueKind.LITERAL:
            raise Unfixable(f"{key} is not a plain value; edit it by hand")
        path = self._file.path_of(setting)
        self._set(path, _new_value(field, setting, self._current(path), value))

    def _add_default(self, field: Field, setting: Setting[object], value: object) -> None:
        framework = self._table.framework
        if framework is None:
            raise Unfixable(f"{setting.key} is not written; add it by hand")
        keys = framework.keys
        key = {
            Field.HOST: keys.host,
            Field.PORT: keys.port,
            Field.USERNAME: keys.username,
            Field.SENDER: keys.sender,
            Field.TIMEOUT: keys.timeout,
        }[field]
        if field is Field.PORT and isinstance(value, int):
            self._add(key, value)
        elif field is Field.TIMEOUT and isinstance(value, (int, float)):
            self._add(key, _whole(float(value)))
        else:
            self._add(key, str(value))

    def _current(self, path: KeyPath) -> Any:
        return self._new[path] if path in self._new else self._file.value(path)

    def _set(self, path: KeyPath, value: object) -> None:
        self._file.token(path)  # it must be a written value
        self._new[path] = value

    def _add(self, key: str, value: object) -> None:
        if key in self._table.data:
            raise Unfixable(
                f"{display((*self._table.path, key))} is written in a form smtplint cannot rewrite"
            )
        self._added[key] = value

    # --- adding keys ------------------------------------------------------------------------

    def _insertion(self) -> Edit:
        first = next(iter(self._added))
        container = self._file.container_of((*self._table.path, first))
        if container is not None:
            return self._inline_insertion(container)
        return self._line_insertion()

    def _members(self, container: KeyPath | None) -> list[KeyPath]:
        """The configuration's written keys directly in ``container`` (None: a section)."""
        table, file = self._table, self._file
        size = len(table.path)
        found = []
        for path in file.layout.entries:
            if len(path) <= size or path[:size] != table.path:
                continue
            first = path[size]
            if not isinstance(first, str) or not table.reads(first):
                continue
            if file.container_of(path) != container:
                continue
            if container is None:
                header = file.section_of(file.layout.entries[path].start)
                if len(header) > size or table.path[: len(header)] != header:
                    continue  # a key of a [sub.table] below the configuration's own keys
            found.append(path)
        return sorted(found, key=lambda p: file.layout.entries[p].end)

    def _line_insertion(self) -> Edit:
        file, text = self._file, self._file.text
        members = self._members(None)
        if members:
            last = members[-1]
            anchor = file.layout.entries[last].end
            indent = file.indent_of(file.layout.entries[last].start)
            equals = file.equals_of(last)
            header = file.section_of(file.layout.entries[last].start)
        elif self._table.path in file.layout.headers:
            anchor = file.layout.headers[self._table.path][1]
            indent, equals, header = "", " = ", self._table.path
        else:
            raise Unfixable(f"no key of {self._config.name} to add {self._added_keys()} beside")
        relative = self._table.path[len(header) :]
        newline = line_ending(text, anchor)
        lines = "".join(
            f"{newline}{indent}{_key_text((*relative, key))}{equals}"
            f"{self._new_token(key, value, None)}"
            for key, value in self._added.items()
        )
        line_end = end_of_line(text, anchor)
        if line_end == len(text):
            return Edit(line_end, line_end, lines)
        after = line_end + len(line_ending(text, line_end))
        return Edit(after, after, lines[len(newline) :] + newline)

    def _inline_insertion(self, container: KeyPath) -> Edit:
        file = self._file
        start, end = file.token(container)
        if "\n" in file.text[start:end] or "\r" in file.text[start:end]:
            raise Unfixable(
                f"{display(container)} is an inline table written over several lines; add "
                f"{self._added_keys()} by hand"
            )
        members = self._members(container)
        if not members:
            raise Unfixable(f"no key of {self._config.name} to add {self._added_keys()} beside")
        last = members[-1]
        anchor = file.layout.entries[last].end
        separator = ", "
        if len(members) > 1:
            between = file.text[
                file.layout.entries[members[-2]].end : file.layout.entries[last].start
            ]
            if _INLINE_SEPARATOR.fullmatch(between):
                separator = between
        equals = file.equals_of(last)
        relative = self._table.path[len(container) :]
        added = "".join(
            f"{separator}{_key_text((*relative, key))}{equals}"
            f"{self._new_token(key, value, container)}"
            for key, value in self._added.items()
        )
        return Edit(anchor, anchor, added)

    def _added_keys(self) -> str:
        return ", ".join(self._added)

    def _new_token(self, key: str, value: object, container: KeyPath | None) -> str:
        if isinstance(value, str):
            return _quoted(value, self._quote_style(container), key)
        return _token("", value, key)

    def _quote_style(self, container: KeyPath | None) -> str:
        """The quote of the configuration's first one-line string: basic unless literal."""
        for path in self._members(container):
            start, end = self._file.token(path)
            token = self._file.text[start:end]
            if token[:1] in ("'", '"') and not token.startswith(("'''", '"""')):
                return token[0]
        return '"'


# --- values -----------------------------------------------------------------------------------


def _new_value(field: Field, setting: Setting[object], current: Any, value: object) -> object:
    """``value`` for the key holding ``setting``, of the type the key is written with."""
    key = setting.key
    if isinstance(current, bool) or not isinstance(current, (str, int, float)):
        raise Unfixable(f"{key} is not written as a plain value; edit it by hand")
    if field is Field.PORT:
        return _port(key, setting, current, value)
    if field is Field.TIMEOUT:
        if not isinstance(value, (int, float)):
            raise Unfixable(f"{key}: not a number of seconds")
        return _timeout(key, current, float(value))
    if not isinstance(current, str):
        raise Unfixable(f"{key} is not written as a string")
    if current == setting.value:
        return str(value)
    authority = _AUTHORITY.fullmatch(current.strip())
    if field is Field.HOST and authority is not None and authority["host"] == setting.value:
        return f"{value}:{authority['port']}"
    raise Unfixable(f"{key} holds more than the {field.value}; edit it by hand")


def _port(key: str, setting: Setting[object], current: str | float, value: object) -> object:
    if not isinstance(value, int):
        raise Unfixable(f"{key}: not a port number")
    if isinstance(current, int):
        return value
    if isinstance(current, str):
        if parse_port(current) == setting.value:
            return str(value)
        authority = _AUTHORITY.fullmatch(current.strip())
        if authority is not None and int(authority["port"]) == setting.value:
            return f"{authority['host']}:{value}"
    raise Unfixable(f"{key} is not written as a port number; edit it by hand")


def _timeout(key: str, current: str | float, seconds: float) -> object:
    if isinstance(current, int):
        return _whole(seconds)
    if isinstance(current, float):
        return seconds
    found = _DURATION.fullmatch(current)
    factor = _UNIT_SECONDS.get(found["unit"].strip().lower()) if found else None
    if found is None or factor is None:
        raise Unfixable(f"{key} is not written as a duration smtplint can rewrite")
    amount = _number(_whole(seconds / factor))
    return f"{found['lead']}{amount}{found['unit']}"


def _whole(number: float) -> int | float:
    return int(number) if number.is_integer() else number


def _token(old: str, value: object, shown: str) -> str:
    """``value`` as a TOML token written the way ``old`` is (empty: a new key)."""
    if old.startswith(('"""', "'''")):
        raise Unfixable(f"{shown} is a multi-line string; edit it by hand")
    quote = old[0] if old[:1] in ("'", '"') else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        number = _number(value)
        return number if quote is None else _quoted(number, quote, shown)
    if isinstance(value, str) and quote is not None:
        return _quoted(value, quote, shown)
    raise Unfixable(f"{shown} is not written as a string")


def _number(value: int | float) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        raise Unfixable("not a finite number")
    return repr(value)


def _quoted(value: str, quote: str, shown: str) -> str:
    """``value`` inside ``quote``, unless it would need an escape."""
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        raise Unfixable(f"the new value of {shown} would need escaping")
    if quote in value or (quote == '"' and "\\" in value):
        raise Unfixable(f"the new value of {shown} would need escaping")
    return f"{quote}{value}{quote}"


def _key_text(parts: KeyPath) -> str:
    shown = []
    for part in parts:
        if not isinstance(part, str):
            raise Unfixable("the new key would sit inside an array; add it by hand")
        if _BARE_KEY.fullmatch(part):
            shown.append(part)
        else:
            shown.append(_quoted(part, '"', part))
    return ".".join(shown)


def _password_reason(config: SmtpConfig, value: object) -> str:
    key = config.password.key if config.password is not None else f"{config.name} password"
    if isinstance(value, EnvironmentReference):
        return (
            f"{key}: TOML has no way to read an environment variable at run time, so the "
            f"password cannot be replaced by a read of {value.variable}; move it out of the "
            "file by hand (a password command or keyring entry, if the application has one)"
        )
    return f"{key}: a TOML fix never writes a password"
