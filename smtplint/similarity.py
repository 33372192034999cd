"""How close two names are: for "did you mean …?" suggestions on keys and hosts."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (an adjacent swap counts 1), capped at ``limit + 1``."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def closest(
    word: str, candidates: Iterable[str], limit: int | Callable[[str], int] = 2
) -> str | None:
    """The candidate nearest to ``word`` within the limit (ties: the first one given).

    ``limit`` may depend on the candidate, e.g. tighter for short names.
    """
    best: tuple[int, str] | None = None
    for candidate in candidates:
        allowed = limit(candidate) if callable(limit) else limit
        distance = edit_distance(word, candidate, allowed)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, candidate)
    return None if best is None else best[1]
