"""DMARC records (RFC 7489): finding the one that applies, and checking its syntax."""

from __future__ import annotations

import asyncio
import re

from smtplint.network.resolver import Lookup, Status, normalise
from smtplint.network.spf import TxtLookup
from smtplint.records import record

_TAG = re.compile(r"[a-z][a-z0-9_]*", re.IGNORECASE)
_POLICIES = frozenset({"none", "quarantine", "reject"})
_ALIGNMENT = frozenset({"r", "s"})
_FAILURE_OPTIONS = frozenset({"0", "1", "d", "s"})


@record
class DmarcResult:
    domain: str  # the sender's domain
    found_at: str | None = None  # the name whose record applies (_dmarc.<domain or parent>)
    record: str | None = None
    problem: str | None = None  # a syntax error, or several records
    failure: Lookup | None = None  # a lookup failed before a record was found

    @property
    def missing(self) -> bool:
        return self.record is None and self.problem is None and self.failure is None


def is_dmarc(text: str) -> bool:
    return text.strip().lower().startswith("v=dmarc1")


def candidates(domain: str) -> list[str]:
    """The domain, then each parent down to two labels (the organizational domain's
    record applies when the domain has none; without the public suffix list the walk
    stops at two labels)."""
    labels = normalise(domain).split(".")
    return [".".join(labels[i:]) for i in range(max(1, len(labels) - 1))]


async def find_record(domain: str, lookup: TxtLookup) -> DmarcResult:
    names = candidates(domain)
    answers = await asyncio.gather(*(lookup(f"_dmarc.{name}", "TXT") for name in names))
    for name, answer in zip(names, answers, strict=True):
        if answer.status is Status.FAILED:
            return DmarcResult(domain, failure=answer)
        records = [text.strip() for text in answer.texts() if is_dmarc(text)]
        if len(records) > 1:
            problem = (
                f"_dmarc.{name} holds {len(records)} DMARC records, so receivers apply none "
                "(RFC 7489 §6.6.3)"
            )
            return DmarcResult(domain, f"_dmarc.{name}", records[0], problem)
        if records:
            return DmarcResult(domain, f"_dmarc.{name}", records[0], syntax_problem(records[0]))
    return DmarcResult(domain)


def syntax_problem(record: str) -> str | None:
    """What is wrong with a DMARC record's syntax, or None."""
    parts = [part.strip() for part in record.split(";")]
    tags: dict[str, str] = {}
    for index, part in enumerate(parts):
        if not part:
            continue
        name, equals, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not _TAG.fullmatch(name):
            return f"{part!r} is not a tag=value pair"
        key = name.lower()
        if index == 0 and (key != "v" or value != "DMARC1"):
            return f"the record must start with v=DMARC1, not {part!r}"
        if key in tags:
            return f"the tag {name} appears twice"
        tags[key] = value
    if "p" not in tags:
        return "the p= tag (none, quarantine or reject) is missing"
    for key, value in tags.items():
        problem = _value_problem(key, value)
        if problem is not None:
            return problem
    return None


def _value_problem(key: str, value: str) -> str | None:
    if key in ("p", "sp") and value.lower() not in _POLICIES:
        return f"{key}={value} is not none, quarantine or reject"
    if key in ("adkim", "aspf") and value.lower() not in _ALIGNMENT:
        return f"{key}={value} is not r or s"
    if key == "pct" and not (value.isdigit() and 0 <= int(value) <= 100):
        return f"pct={value} is not a whole number from 0 to 100"
    if key == "ri" and not value.isdigit():
        return f"ri={value} is not a number of seconds"
    if key == "fo" and not set(value.split(":")) <= _FAILURE_OPTIONS:
        return f"fo={value} is not a list of 0, 1, d and s"
    if key in ("rua", "ruf"):
        for uri in value.split(","):
            if not _report_uri_ok(uri.strip()):
                return f"{key}={value}: {uri.strip()!r} is not a mailto: address"
    return None


def _report_uri_ok(uri: str) -> bool:
    scheme, colon, rest = uri.partition(":")
    if not colon or not scheme:
        return False
    if scheme.lower() == "mailto":
        address = rest.split("!", 1)[0]  # an optional size limit follows "!"
        return "@" in address and not address.startswith("@") and not address.endswith("@")
    return bool(rest)
