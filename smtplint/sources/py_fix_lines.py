"""Offsets, lines and line ends of a Python file's text, for the edits a fix makes.

Spans count 1-based lines and 1-based character columns, as :mod:`py_text` makes them from
``ast`` positions; CR, LF and CRLF end a line, as for ``ast``.
"""

from __future__ import annotations

from smtplint.model import Edit, Span
from smtplint.sources.text import LineIndex


class Lines:
    def __init__(self, text: str) -> None:
        self.text = text
        self._index = LineIndex(text)

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and a 1-based character column."""
        return self._index.line_start(line) + column - 1

    def offsets(self, span: Span) -> tuple[int, int]:
        return self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)

    def line(self, number: int) -> str:
        """Line ``number`` without its line end."""
        start = self._index.line_start(number)
        return self.text[start : self.line_end(number)]

    def line_end(self, number: int) -> int:
        """The offset of the line end of line ``number`` (the text's length on the last line)."""
        offset = self._index.line_start(number)
        while offset < len(self.text) and self.text[offset] not in "\r\n":
            offset += 1
        return offset

    def newline(self, number: int) -> str:
        """The line end of line ``number``; the file's own on a last line that has none."""
        end = self.line_end(number)
        if self.text.startswith("\r\n", end):
            return "\r\n"
        if end < len(self.text):
            return self.text[end]
        return "\r\n" if "\r\n" in self.text else "\n"

    def indentation(self, number: int) -> str:
        line = self.line(number)
        return line[: len(line) - len(line.lstrip(" \t"))]

    def after_line(self, number: int, lines: list[str]) -> Edit:
        """Insert ``lines`` as new lines after line ``number``, in the file's line ends."""
        newline = self.newline(number)
        end = self.line_end(number)
        if end == len(self.text):  # a last line with no line end keeps having none
            return Edit(end, end, "".join(newline + line for line in lines))
        after = end + len(newline)
        return Edit(after, after, "".join(line + newline for line in lines))

    def before_line(self, number: int, lines: list[str]) -> Edit:
        start = self._index.line_start(number)
        newline = self.newline(number)
        return Edit(start, start, "".join(line + newline for line in lines))
