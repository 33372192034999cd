"""What a source built reading a text, handed back when that text is read again while one
file is fixed.

``fix`` reads a file, plans edits from what it read (a source's edits re-read the text,
and check themselves by reading the edited text), then reads each edited text to check
it, and plans again. Nothing is written until the file is done, so meanwhile a text of a
file reads the same way every time: inside :func:`read_cache`, a source keys what it built
by the text (and the path, when files beside it take part) and builds it once. Outside,
nothing is kept, so a long-lived process never sees a file as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar, cast

Built = TypeVar("Built")

_CACHE: ContextVar[dict[Hashable, object] | None] = ContextVar("read_cache", default=None)


@contextmanager
def read_cache() -> Iterator[None]:
    """Keep what sources build until the block ends; nothing read in it may change on disk
    before the last read."""
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def cached(key: Hashable, build: Callable[[], Built]) -> Built:
    """``build()``, or what it gave for ``key`` before in this cache's block."""
    cache = _CACHE.get()
    if cache is None:
        return build()
    if key not in cache:
        cache[key] = build()
    return cast(Built, cache[key])
