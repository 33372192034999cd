"""Find the catalogue entry a paste is, or the entries it comes closest to."""

from __future__ import annotations

import difflib
import re
from functools import cache

from smtplint.explain.causes import Cause
from smtplint.explain.paste import Paste, Reply, read_paste
from smtplint.explain.replies import SIGNATURES, Signature
from smtplint.records import record

_SPECIFIC, _GENERIC, _FULL_CODE, _BASIC_CODE = 4, 3, 2, 1
_SIMILARITY_LIMIT = 2000  # characters of a long paste compared for "closest matches"
_WORDS = re.compile(r"[a-z][a-z0-9_]{2,}")


@record
class Match:
    signature: Signature
    on_text: bool  # matched on the words, not only on the reply code
    evidence: str  # the part of the paste that matched
    causes: tuple[Cause, ...]  # most likely first, for this paste


@record
class Result:
    paste: Paste
    match: Match | None
    also: tuple[Signature, ...]  # other entries the paste matches on its words
    closest: tuple[Signature, ...]  # when nothing matched: the nearest entries


def match_text(text: str) -> Result:
    paste = read_paste(text)
    scored = sorted(
        ((score, evidence, sig) for sig in SIGNATURES for score, evidence in [_score(sig, paste)]),
        key=lambda item: item[0],
        reverse=True,
    )
    best_score, evidence, best = scored[0]
    if best_score[0] == 0:
        return Result(paste, None, (), closest(paste))
    on_text = best_score[0] >= _GENERIC
    also = tuple(
        sig for score, _, sig in scored[1:] if score[0] == _SPECIFIC and not _same_causes(sig, best)
    )[:3]
    match = Match(best, on_text, evidence, _ranked_causes(best, paste.text))
    return Result(paste, match, also, ())


def closest(paste: Paste, count: int = 3) -> tuple[Signature, ...]:
    text = paste.text[:_SIMILARITY_LIMIT]
    words = set(_WORDS.findall(text))
    ranked = sorted(
        SIGNATURES,
        key=lambda sig: max(_similarity(text, words, example) for example in _examples(sig)),
        reverse=True,
    )
    return tuple(ranked[:count])


def _score(sig: Signature, paste: Paste) -> tuple[tuple[int, int], str]:
    best: tuple[tuple[int, int], str] = ((0, 0), "")
    tier = _GENERIC if sig.generic else _SPECIFIC
    for pattern in sig.phrases:
        found = _compiled(pattern).search(paste.text)
        if found and (tier, len(found.group(0))) > best[0]:
            best = ((tier, len(found.group(0))), found.group(0))
    if best[0][0] or paste.reply is None:
        return best
    for reply in sig.replies:
        level = _reply_level(reply, paste.reply)
        if level and (level, len(reply)) > best[0]:
            best = ((level, len(reply)), paste.reply.label())
    return best


def _reply_level(wanted: str, reply: Reply) -> int:
    code, _, enhanced = wanted.partition(" ")
    if reply.code is None or str(reply.code) != code:
        return 0
    if not enhanced:
        return _BASIC_CODE
    return _FULL_CODE if reply.enhanced == enhanced else 0


def _ranked_causes(sig: Signature, text: str) -> tuple[Cause, ...]:
    listed = [
        candidate
        for candidate in sig.causes
        if candidate.when is None or _compiled(candidate.when).search(text)
    ]
    promoted = [
        candidate.cause
        for candidate in listed
        if candidate.first_when is not None and _compiled(candidate.first_when).search(text)
    ]
    rest = [candidate.cause for candidate in listed if candidate.cause not in promoted]
    return tuple(promoted + rest)


def _same_causes(one: Signature, other: Signature) -> bool:
    return {c.cause.id for c in one.causes} <= {c.cause.id for c in other.causes}


def _examples(sig: Signature) -> tuple[str, ...]:
    return (*(read_paste(example).text for example in sig.examples), sig.title.lower())


def _similarity(text: str, words: set[str], example: str) -> float:
    example_words = set(_WORDS.findall(example))
    overlap = len(words & example_words) / max(1, len(words | example_words))
    shape = difflib.SequenceMatcher(None, text, example, autojunk=False).ratio()
    return overlap + shape


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
