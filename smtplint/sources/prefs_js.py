"""Mozilla preference files (``prefs.js``, ``user.js``): the syntax only.

Follows libpref's grammar (``modules/libpref/parser/src/lib.rs``): statements
``user_pref("name", value);``, ``pref(…)`` and ``sticky_pref(…)`` (the last two may carry
attributes such as ``locked``); values are strings in single or double quotes (escapes
``\\"`` ``\\'`` ``\\\\`` ``\\n`` ``\\r`` ``\\xNN`` ``\\uNNNN``, NUL forbidden), signed 32-bit
integers, ``true`` and ``false``; comments ``#``, ``//`` and ``/* */``; line ends LF, CR or
CRLF. A malformed statement becomes a :class:`ParseError` at its line and reading resumes
after the next ``;``, as libpref does. Nothing here raises on bad input.
"""

from __future__ import annotations

import bisect

from smtplint.model import ParseError, Span
from smtplint.records import field, record
from smtplint.sources.read_cache import cached

PrefValue = str | int | bool

_CALLS = frozenset({"user_pref", "pref", "sticky_pref"})
_ATTRIBUTES = frozenset({"locked", "sticky"})
_WHITESPACE = " \t\v\f\r\n"
_SIMPLE_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "r": "\r"}
_DIGITS = "0123456789"
_HEX = "0123456789abcdefABCDEF"
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


@record
class Pref:
    """One preference statement: its name, value, and where each part is written."""

    call: str  # user_pref, pref or sticky_pref
    name: str
    value: PrefValue
    raw: str  # the value as written (string values with their quotes)
    name_span: Span
    value_span: Span
    span: Span  # the whole statement, up to and including the ';'


@record(frozen=False)
class PrefFile:
    prefs: list[Pref] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)

    def values(self) -> dict[str, Pref]:
        """The effective statement of each name: the last one written wins."""
        return {pref.name: pref for pref in self.prefs}


class _Syntax(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _Positions:
    """Offsets to 1-based (line, column); LF, CR and CRLF each end a line."""

    def __init__(self, text: str) -> None:
        starts = [0]
        index = 0
        while index < len(text):
            char = text[index]
            if char == "\r" and index + 1 < len(text) and text[index + 1] == "\n":
                index += 1
            if char in "\r\n":
                starts.append(index + 1)
            index += 1
        self._starts = starts

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        return Span(*self.at(start), *self.at(end))


def parse_prefs(text: str) -> PrefFile:
    """The statements of ``text``; while one file is fixed each text is parsed once, and
    the same (never changed) result handed back."""
    return cached(("prefs.js", text), lambda: _Parser(text).parse())


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.positions = _Positions(text)

    def parse(self) -> PrefFile:
        result = PrefFile()
        start = 0
        while True:
            try:
                start = self.pos
                self._skip_blank()
                if self.pos >= len(self.text):
                    return result
                start = self.pos
                result.prefs.append(self._statement())
            except _Syntax as error:
                # From the statement's start (its line) to where it went wrong.
                span = self.positions.span(min(start, error.offset), error.offset)
                result.errors.append(ParseError(f"invalid preference: {error.message}", span))
                self._recover(error.offset)

    def _recover(self, offset: int) -> None:
        # From the error itself: an unclosed quote loses only its own statement.
        end = self.text.find(";", offset)
        self.pos = len(self.text) if end < 0 else end + 1

    # --- lexing ----------------------------------------------------------------------------

    def _skip_blank(self) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in _WHITESPACE:
                self.pos += 1
            elif char == "#" or text.startswith("//", self.pos):
                while self.pos < len(text) and text[self.pos] not in "\r\n":
                    self.pos += 1
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end < 0:
                    raise _Syntax("unterminated /* comment", self.pos)
                self.pos = end + 2
            else:
                return

    def _expect(self, char: str, what: str) -> None:
        self._skip_blank()
        if not self.text.startswith(char, self.pos):
            raise _Syntax(f"expected {what}", self.pos)
        self.pos += 1

    def _identifier(self) -> tuple[str, int]:
        start = self.pos
        while self.pos < len(self.text) and _is_word(self.text[self.pos]):
            self.pos += 1
        return self.text[start : self.pos], start

    # --- grammar ---------------------------------------------------------------------------

    def _statement(self) -> Pref:
        call, start = self._identifier()
        if call not in _CALLS:
            raise _Syntax("expected user_pref, pref or sticky_pref", start)
        self._expect("(", "'(' after " + call)
        self._skip_blank()
        name_start = self.pos
        name = self._string()
        name_span = self.positions.span(name_start, self.pos)
        self._expect(",", "',' after the preference name")
        self._skip_blank()
        value_start = self.pos
        value = self._value()
        value_span = self.positions.span(value_start, self.pos)
        raw = self.text[value_start : self.pos]
        if call != "user_pref":
            self._attributes()
        self._expect(")", "')'")
        self._expect(";", "';'")
        return Pref(
            call, name, value, raw, name_span, value_span, self.positions.span(start, self.pos)
        )

    def _attributes(self) -> None:
        while True:
            self._skip_blank()
            if not self.text.startswith(",", self.pos):
                return
            self.pos += 1
            self._skip_blank()
            word, at = self._identifier()
            if word not in _ATTRIBUTES:
                raise _Syntax("expected a pref attribute (locked, sticky)", at)

    def _value(self) -> PrefValue:
        char = self.text[self.pos : self.pos + 1]
        if char in ("'", '"'):
            return self._string()
        if char and char in _DIGITS + "+-":
            return self._integer()
        word, at = self._identifier()
        if word == "true":
            return True
        if word == "false":
            return False
        raise _Syntax("expected a string, an integer, true or false", at)

    def _integer(self) -> int:
        start = self.pos
        if self.text[self.pos] in "+-":
            self.pos += 1
        digits = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in _DIGITS:
            self.pos += 1
        if self.pos == digits:
            raise _Syntax("expected digits after the sign", start)
        value = int(self.text[start : self.pos])
        if not _INT_MIN <= value <= _INT_MAX:
            raise _Syntax("integer out of range (signed 32-bit)", start)
        return value

    def _string(self) -> str:
        text = self.text
        quote = text[self.pos : self.pos + 1]
        if quote not in ("'", '"'):
            raise _Syntax("expected a quoted string", self.pos)
        start = self.pos
        self.pos += 1
        parts: list[str] = []
        while True:
            if self.pos >= len(text):
                raise _Syntax("unterminated string", start)
            char = text[self.pos]
            if char == quote:
                self.pos += 1
                return "".join(parts)
            if char != "\\":
                parts.append(char)
                self.pos += 1
                continue
            parts.append(self._escape())

    def _escape(self) -> str:
        at = self.pos
        code = self.text[self.pos + 1 : self.pos + 2]
        if code in _SIMPLE_ESCAPES:
            self.pos += 2
            return _SIMPLE_ESCAPES[code]
        width = {"x": 2, "u": 4}.get(code)
        digits = self.text[self.pos + 2 : self.pos + 2 + width] if width else ""
        if width is None or len(digits) != width or not all(c in _HEX for c in digits):
            raise _Syntax("invalid escape sequence in string", at)
        value = int(digits, 16)
        if value == 0:
            raise _Syntax("\\x00 and \\u0000 are not allowed in strings", at)
        self.pos += 2 + width
        if 0xD800 <= value <= 0xDBFF:  # a UTF-16 surrogate pair written as two \\u escapes
            low = self.text[self.pos : self.pos + 6]
            if low.startswith("\\u") and all(c in _HEX for c in low[2:]):
                second = int(low[2:], 16)
                if 0xDC00 <= second <= 0xDFFF and len(low) == 6:
                    self.pos += 6
                    return chr(0x10000 + ((value - 0xD800) << 10) + (second - 0xDC00))
            raise _Syntax("lone UTF-16 surrogate in \\u escape", at)
        if 0xDC00 <= value <= 0xDFFF:
            raise _Syntax("lone UTF-16 surrogate in \\u escape", at)
        return chr(value)


def _is_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")
