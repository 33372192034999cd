"""Helpers shared by sources: offsets to line/column spans, and line ends for edits."""

from __future__ import annotations

import bisect
import re

from smtplint.model import Span


class LineIndex:
    """Converts character offsets in a text to 1-based line and column numbers.

    CR, LF and CRLF all end a line, as in python-dotenv and tomlkit.
    """

    def __init__(self, text: str) -> None:
        starts = [0]
        i = 0
        length = len(text)
        while i < length:
            char = text[i]
            if char == "\r":
                if i + 1 < length and text[i + 1] == "\n":
                    i += 1
                starts.append(i + 1)
            elif char == "\n":
                starts.append(i + 1)
            i += 1
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)

    def line_start(self, line: int) -> int:
        return self._starts[line - 1]


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def end_of_line(text: str, offset: int) -> int:
    """The offset of the line break ending the line that holds ``offset`` (or the end)."""
    while offset < len(text) and text[offset] not in "\r\n":
        offset += 1
    return offset


def line_ending(text: str, offset: int) -> str:
    """The line ending of the line holding ``offset``, else the file's first, else LF: what
    a line added there should end with."""
    end = end_of_line(text, offset)
    if text.startswith("\r\n", end):
        return "\r\n"
    if end < len(text):
        return text[end]
    first = _LINE_BREAK.search(text)
    return first.group() if first else "\n"
