"""Where an ``ast`` node sits in the text of a Python file, as spans and source text.

``ast`` reports columns as UTF-8 byte offsets; spans count characters. A module read only
because another one star-imports it is *foreign*: its values have no span in the file being
checked, so every span it yields is None.
"""

from __future__ import annotations

import ast
import re
import warnings
from pathlib import PurePath

from smtplint.model import Span

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line ends ``ast`` counts (not \f or \v)


class SourceText:
    def __init__(self, path: PurePath, text: str, *, foreign: bool = False) -> None:
        self.path = path
        self.text = text
        self.foreign = foreign
        self._lines = _LINE_BREAK.split(text)

    def line(self, number: int) -> str:
        """Line ``number`` (1-based) without its line end; empty past the end."""
        return self._lines[number - 1] if 0 < number <= len(self._lines) else ""

    def column(self, line: int, byte_offset: int) -> int:
        """The 0-based character column of a UTF-8 byte offset on ``line``."""
        text = self.line(line)
        if text.isascii():
            return byte_offset
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))

    def span(self, node: ast.AST) -> Span | None:
        """The node's span in this file; None for a foreign module or a node with no place."""
        if self.foreign:
            return None
        start = self._start(node)
        end = self._end(node)
        if start is None or end is None:
            return None
        return Span(start[0], start[1] + 1, end[0], end[1] + 1)

    def segment(self, node: ast.AST) -> str:
        """The node's source text ('' when it has no position)."""
        start = self._start(node)
        end = self._end(node)
        if start is None or end is None:
            return ""
        (line, column), (end_line, end_column) = start, end
        if line == end_line:
            return self.line(line)[column:end_column]
        parts = [self.line(line)[column:]]
        parts.extend(self.line(number) for number in range(line + 1, end_line))
        parts.append(self.line(end_line)[:end_column])
        return "\n".join(parts)

    def keyword_span(self, item: ast.keyword) -> Span | None:
        """The span of ``NAME`` in a ``NAME=value`` argument."""
        whole = self.span(item)
        if whole is None or item.arg is None:
            return None
        return Span(whole.line, whole.column, whole.line, whole.column + len(item.arg))

    def _start(self, node: ast.AST) -> tuple[int, int] | None:
        line = getattr(node, "lineno", None)
        offset = getattr(node, "col_offset", None)
        if not isinstance(line, int) or not isinstance(offset, int):
            return None
        return line, self.column(line, offset)

    def _end(self, node: ast.AST) -> tuple[int, int] | None:
        line = getattr(node, "end_lineno", None)
        offset = getattr(node, "end_col_offset", None)
        if not isinstance(line, int) or not isinstance(offset, int):
            return None
        return line, self.column(line, offset)


def descendants(node: ast.AST) -> list[ast.AST]:
    """``node`` and every node under it: what ``ast.walk`` yields, in the same order, without
    its generator per node (a settings module is walked several times)."""
    found = [node]
    for current in found:  # grows while iterated: a breadth-first walk
        for name in current._fields:
            value = getattr(current, name, None)
            if isinstance(value, ast.AST):
                found.append(value)
            elif isinstance(value, list):
                found.extend(item for item in value if isinstance(item, ast.AST))
    return found


def parse_module(text: str, filename: str) -> ast.Module:
    """``ast.parse`` without the SyntaxWarnings (invalid escapes …) it would print for the
    user's code; errors are raised as usual."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text, filename=filename)
