"""Where each key, value and table header of a TOML file sits in its text.

tomlkit validates a file and keeps it rewritable, but does not report where an item sits.
:class:`Layout` walks the (already valid) text once and records the offsets of every
``key = value``, every value and every ``[table]`` header, by logical key path.

A key path holds the table names and keys leading to an item; an element of an array (of
tables) is its index: ``("mailers", 1, "host")``.
"""

from __future__ import annotations

import json
import re

from smtplint.model import Span
from smtplint.records import record
from smtplint.sources.text import LineIndex

KeyPart = str | int
KeyPath = tuple[KeyPart, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def display(path: KeyPath) -> str:
    """A key path the way a user searches the file for it.

    ``tool.myapp.smtp.port``, ``mailers[1].host``, ``smtp."user name"``.
    """
    shown = ""
    for part in path:
        if isinstance(part, int):
            shown += f"[{part}]"
            continue
        name = part if _BARE_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
        shown = f"{shown}.{name}" if shown else name
    return shown


@record
class _Entry:
    start: int  # where the key begins
    end: int  # where the value ends


class _ScanError(Exception):
    pass


class Layout:
    """Offsets of every ``key = value``, value and table header, by logical key path."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineIndex(text)
        self.entries: dict[KeyPath, _Entry] = {}
        self.values: dict[KeyPath, tuple[int, int]] = {}
        self.headers: dict[KeyPath, tuple[int, int]] = {}

    @classmethod
    def scan(cls, text: str) -> Layout:
        layout = cls(text)
        try:
            _Scanner(text, layout).run()
        except (_ScanError, IndexError, ValueError):
            return cls(text)  # spans unknown rather than wrong
        return layout

    def raw(self, path: KeyPath) -> str | None:
        """The value as written in the file."""
        located = self.values.get(path)
        return None if located is None else self.text[located[0] : located[1]]

    def has_entry(self, path: KeyPath) -> bool:
        return path in self.entries

    def locate(self, path: KeyPath) -> Span | None:
        """``key = value``, else the table header, else the inline table, else its first key."""
        entry = self.entries.get(path)
        if entry is not None:
            return self.lines.span(entry.start, entry.end)
        for offsets in (self.headers.get(path), self.values.get(path)):
            if offsets is not None:
                return self.lines.span(*offsets)
        size = len(path)
        starts = [
            (entry.start, entry.end)
            for key, entry in self.entries.items()
            if len(key) > size and key[:size] == path
        ]
        return self.lines.span(*min(starts)) if starts else None

    def anchor(self, path: KeyPath) -> Span:
        """Where problems of a whole table are reported: its header, else its first key."""
        header = self.headers.get(path)
        if header is not None:
            return self.lines.span(*header)
        return self.locate(path) or Span.point(1)


_SCALAR_END = re.compile(r"[,\]}#\r\n]")
_BARE_KEY_CHARS = re.compile(r"[^\s.=\[\]\"'#,{}]+")


class _Scanner:
    """Records positions in text that tomlkit has already accepted as valid TOML."""

    def __init__(self, text: str, layout: Layout) -> None:
        self._text = text
        self._pos = 0
        self._layout = layout
        self._array_tables: dict[KeyPath, int] = {}  # elements seen so far per [[table]]

    def run(self) -> None:
        table: KeyPath = ()
        while True:
            self._skip(newlines=True)
            if self._pos >= len(self._text):
                return
            if self._text[self._pos] == "[":
                table = self._header()
            else:
                self._key_value(table)

    def _skip(self, *, newlines: bool) -> None:
        text = self._text
        while self._pos < len(text):
            char = text[self._pos]
            if char in " \t" or (newlines and char in "\r\n"):
                self._pos += 1
            elif newlines and char == "#":
                end = text.find("\n", self._pos)
                self._pos = len(text) if end < 0 else end
            else:
                return

    def _header(self) -> KeyPath:
        start = self._pos
        is_array = self._text.startswith("[[", start)
        self._pos += 2 if is_array else 1
        parts = self._key()
        self._skip(newlines=False)
        closing = "]]" if is_array else "]"
        if not self._text.startswith(closing, self._pos):
            raise _ScanError(start)
        self._pos += len(closing)
        path = self._resolve(parts, is_array)
        self._layout.headers.setdefault(path, (start, self._pos))
        return path

    def _resolve(self, parts: list[str], is_array: bool) -> KeyPath:
        """The concrete path of a header: array-of-tables steps go to their last element."""
        path: list[KeyPart] = []
        for i, part in enumerate(parts):
            path.append(part)
            prefix = tuple(path)
            if is_array and i == len(parts) - 1:
                count = self._array_tables.get(prefix, 0)
                self._array_tables[prefix] = count + 1
                path.append(count)
            elif prefix in self._array_tables:
                path.append(self._array_tables[prefix] - 1)
        return tuple(path)

    def _key_value(self, table: KeyPath) -> None:
        start = self._pos
        path = table + tuple(self._key())
        self._skip(newlines=False)
        if not self._text.startswith("=", self._pos):
            raise _ScanError(self._pos)
        self._pos += 1
        self._skip(newlines=False)
        self._value(path)
        self._layout.entries[path] = _Entry(start, self._pos)

    def _key(self) -> list[str]:
        parts = []
        while True:
            self._skip(newlines=False)
            start = self._pos
            if self._text[start] in "\"'":
                self._string()
                parts.append(_decode_quoted_key(self._text[start : self._pos]))
            else:
                match = _BARE_KEY_CHARS.match(self._text, start)
                if match is None:
                    raise _ScanError(start)
                self._pos = match.end()
                parts.append(match.group())
            self._skip(newlines=False)
            if not self._text.startswith(".", self._pos):
                return parts
            self._pos += 1

    def _value(self, path: KeyPath) -> None:
        start = self._pos
        char = self._text[start]
        if char in "\"'":
            self._string()
        elif char == "[":
            self._array(path)
        elif char == "{":
            self._inline_table(path)
        else:
            match = _SCALAR_END.search(self._text, start)
            end = len(self._text) if match is None else match.start()
            while end > start and self._text[end - 1] in " \t":
                end -= 1  # a datetime may hold a space, so stop only at a delimiter
            if end == start:
                raise _ScanError(start)
            self._pos = end
        self._layout.values[path] = (start, self._pos)

    def _string(self) -> None:
        text, pos = self._text, self._pos
        if text.startswith('"""', pos) or text.startswith("'''", pos):
            self._pos = self._close_multiline(pos + 3, text[pos])
        elif text[pos] == '"':
            pos += 1
            while text[pos] != '"':
                pos += 2 if text[pos] == "\\" else 1
            self._pos = pos + 1
        else:
            self._pos = text.index("'", pos + 1) + 1

    def _close_multiline(self, pos: int, quote: str) -> int:
        text = self._text
        while True:
            if quote == '"' and text[pos] == "\\":
                pos += 2
            elif text.startswith(quote * 3, pos):
                pos += 3
                for _ in range(2):  # up to two quotes just before the delimiter are content
                    if pos < len(text) and text[pos] == quote:
                        pos += 1
                return pos
            else:
                pos += 1

    def _array(self, path: KeyPath) -> None:
        self._pos += 1
        index = 0
        while True:
            self._skip(newlines=True)
            if self._text[self._pos] == "]":
                self._pos += 1
                return
            self._value((*path, index))
            self._skip(newlines=True)
            if self._text[self._pos] == ",":
                self._pos += 1
                index += 1

    def _inline_table(self, path: KeyPath) -> None:
        self._pos += 1
        while True:
            self._skip(newlines=True)
            if self._text[self._pos] == "}":
                self._pos += 1
                return
            self._key_value(path)
            self._skip(newlines=True)
            if self._text[self._pos] == ",":
                self._pos += 1


def _decode_quoted_key(literal: str) -> str:
    if literal.startswith("'"):
        return literal[1:-1]
    import tomlkit  # already loaded by the parse; decodes escapes exactly as tomlkit does

    value = tomlkit.parse(f"k = {literal}").unwrap()["k"]
    return str(value)
