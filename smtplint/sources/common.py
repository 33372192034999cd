"""Settings every source makes the same way, whatever the file syntax."""

from __future__ import annotations

from typing import TypeVar

from smtplint.model import Origin, Setting, Span, ValueKind

T = TypeVar("T")

WAITS_FOREVER = "none"  # the ``raw`` of a default timeout that never expires


def default_setting(key: str, value: T | None, raw: str, span: Span | None = None) -> Setting[T]:
    """The reading library's value for a key the file does not set.

    ``span`` is where the key is written but unset, if it is; None when it is not written.
    """
    return Setting(value, Origin(key, span, ValueKind.DEFAULT), raw)


def no_timeout(key: str, span: Span | None = None) -> Setting[float]:
    """A library default that waits forever: ``KEY not set (default none)`` in messages."""
    return default_setting(key, None, WAITS_FOREVER, span)
