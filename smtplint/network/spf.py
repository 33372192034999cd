"""SPF (RFC 7208) walked structurally: which domains a record includes, within the limits.

There is no connecting IP address to test, so the record is walked the way a receiver walks
it for an address that matches nothing (the worst case): every mechanism in order, every
``include:`` followed, ``redirect=`` followed when the record has no ``all``. DNS-querying
terms are counted against the limit of 10 (§4.6.4); a loop, an include or redirect target
without an SPF record, several SPF records, or an unknown mechanism is a permanent error.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

from smtplint.network.resolver import Lookup, Status, normalise
from smtplint.records import field, record

LOOKUP_LIMIT = 10
_LOOKUP_TERMS = frozenset({"include", "a", "mx", "ptr", "exists"})
_MECHANISMS = _LOOKUP_TERMS | {"all", "ip4", "ip6"}
_MODIFIER = re.compile(r"(?P<name>[a-z][a-z0-9_.-]*)=(?P<value>.*)", re.IGNORECASE)
_MECHANISM = re.compile(r"(?P<qualifier>[-+~?]?)(?P<name>[a-z0-9]+)(?P<rest>[:/].*)?", re.I)

TxtLookup = Callable[[str, str], Awaitable[Lookup]]


@record
class Records:
    """The SPF records a domain publishes, or why that is not known."""

    domain: str
    spf: tuple[str, ...] = ()
    failure: Lookup | None = None  # the TXT lookup failed (a temporary error)


@record(frozen=False)
class SpfResult:
    domain: str
    record: str | None = None  # the domain's own SPF record
    lookups: int = 0
    reached: list[str] = field(default_factory=list)  # include and redirect targets, in order
    passes_everything: bool = False  # a reachable "+all"
    problem: str | None = None  # why the record is a permanent error
    failure: Lookup | None = None  # a lookup that failed on the way (a temporary error)

    @property
    def published(self) -> bool:
        return self.record is not None or self.problem is not None

    def authorises(self, includes: tuple[str, ...]) -> bool:
        wanted = {normalise(domain) for domain in includes}
        return self.passes_everything or any(domain in wanted for domain in self.reached)


def is_spf(text: str) -> bool:
    lowered = text.strip().lower()
    return lowered == "v=spf1" or lowered.startswith("v=spf1 ")


async def fetch_records(domain: str, lookup: TxtLookup) -> Records:
    answer = await lookup(domain, "TXT")
    if answer.status is Status.FAILED:
        return Records(domain, failure=answer)
    return Records(domain, tuple(text.strip() for text in answer.texts() if is_spf(text)))


async def evaluate(domain: str, lookup: TxtLookup) -> SpfResult:
    """Walk the SPF record of ``domain``; lookups run concurrently where order allows."""
    result = SpfResult(normalise(domain))
    records = await fetch_records(result.domain, lookup)
    if records.failure is not None:
        result.failure = records.failure
        return result
    if not records.spf:
        return result
    if len(records.spf) > 1:
        result.problem = (
            f"{result.domain} publishes {len(records.spf)} SPF records; RFC 7208 allows one"
        )
        return result
    result.record = records.spf[0]
    await _walk(result.domain, result.record, (result.domain,), result, lookup)
    return result


async def _walk(
    domain: str, record: str, path: tuple[str, ...], result: SpfResult, lookup: TxtLookup
) -> None:
    terms = record.split()[1:]
    mechanisms: list[tuple[str, str, str | None]] = []
    redirect: str | None = None
    for term in terms:
        modifier = _MODIFIER.fullmatch(term)
        if modifier is not None and ":" not in modifier.group("name"):
            if modifier.group("name").lower() == "redirect":
                redirect = modifier.group("value")
            continue  # exp= and unknown modifiers are ignored (RFC 7208 §6)
        mechanism = _MECHANISM.fullmatch(term)
        if mechanism is None or mechanism.group("name").lower() not in _MECHANISMS:
            result.problem = f"{domain}'s SPF record has an unknown term {term!r}"
            return
        argument = mechanism.group("rest")
        target = argument[1:] if argument and argument.startswith(":") else None
        mechanisms.append((mechanism.group("qualifier") or "+", mechanism.group("name"), target))
    included = [target for _q, name, target in mechanisms if name.lower() == "include" and target]
    fetched = await _fetch_all(included, lookup)
    has_all = False
    for qualifier, name, target in mechanisms:
        name = name.lower()
        if name == "all":
            has_all = True
            result.passes_everything |= qualifier == "+"
            continue
        if name not in _LOOKUP_TERMS:
            continue
        if not _count_lookup(domain, result):
            return
        if name == "include":
            if target is None:
                result.problem = f"{domain}'s SPF record has an include without a domain"
                return
            await _follow(domain, target, "include:", path, result, lookup, fetched)
            if result.problem is not None:
                return
    if redirect is not None and not has_all:
        if not _count_lookup(domain, result):
            return
        await _follow(domain, redirect, "redirect=", path, result, lookup, {})


async def _fetch_all(domains: list[str], lookup: TxtLookup) -> dict[str, Records]:
    known = [normalise(d) for d in domains if "%" not in d]
    found = await asyncio.gather(*(fetch_records(d, lookup) for d in known))
    return {records.domain: records for records in found}


def _count_lookup(domain: str, result: SpfResult) -> bool:
    result.lookups += 1
    if result.lookups > LOOKUP_LIMIT:
        result.problem = (
            f"evaluating it takes more than {LOOKUP_LIMIT} DNS lookups "
            f"(the limit of RFC 7208 §4.6.4), reached in {domain}'s record"
        )
        return False
    return True


async def _follow(
    domain: str,
    target: str,
    term: str,
    path: tuple[str, ...],
    result: SpfResult,
    lookup: TxtLookup,
    fetched: dict[str, Records],
) -> None:
    if "%" in target:
        return  # a macro: its domain depends on the message, so it cannot be followed here
    name = normalise(target)
    if name in path:
        chain = " → ".join((*path, name))
        result.problem = f"its includes loop: {chain}"
        return
    result.reached.append(name)
    records = fetched.get(name) or await fetch_records(name, lookup)
    if records.failure is not None:
        result.failure = result.failure or records.failure
        return
    if not records.spf:
        result.problem = f"{domain}'s {term}{name} names a domain without an SPF record"
        return
    if len(records.spf) > 1:
        result.problem = f"{domain}'s {term}{name} names a domain with several SPF records"
        return
    await _walk(name, records.spf[0], (*path, name), result, lookup)
