"""Spans as CI tools want them: 1-based, and never empty (an empty region shows nothing)."""

from __future__ import annotations

from smtplint.model import Span


def visible_span(span: Span) -> Span:
    """The span, widened to one column when it is a point or runs backwards."""
    line = max(1, span.line)
    column = max(1, span.column)
    if (span.end_line, span.end_column) <= (line, column):
        return Span(line, column, line, column + 1)
    return Span(line, column, span.end_line, max(1, span.end_column))
