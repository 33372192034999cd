"""Helpers shared by sources: offsets to line/column spans."""

from __future__ import annotations

import bisect

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
