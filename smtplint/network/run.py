"""``check --network``: look up every configuration's names at once, then run the SL7 rules.

The offline lint has already run; this adds the network findings per document, with inline
suppressions applied to them (an unused ``ignore[SL7xx]`` is judged here, not offline).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

from smtplint.engine import Selection, dedupe
from smtplint.model import Document, Finding, SmtpConfig
from smtplint.network import NetworkOptions
from smtplint.network.dns_rules import CHECKS, Unchecked, could_not_check
from smtplint.network.facts import ConfigFacts, Gatherer, Wanted
from smtplint.network.resolver import Resolver
from smtplint.profiles.index import ProfileIndex
from smtplint.rules import get_rule
from smtplint.rules.base import FileFacts, RuleContext
from smtplint.rules.network import NETWORK_CODES
from smtplint.suppressions import UNUSED_SUPPRESSION, apply_suppressions

T = TypeVar("T")
COULD_NOT_CHECK = "SL705"


def offline_selection(selection: Selection) -> Selection:
    """The selection for the offline pass of a network run: the network rules left to this
    module, so that the offline pass does not call their suppressions unused."""
    return Selection(selection.select, (*selection.ignore, *NETWORK_CODES))


def network_findings(
    documents: Sequence[tuple[Document, FileFacts]],
    profiles: ProfileIndex,
    options: NetworkOptions,
    *,
    selection: Selection | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """The SL7 findings of every configuration in ``documents``; raises NetworkError when
    no resolver can be set up."""
    selection = selection or Selection()
    active = [code for code in NETWORK_CODES if selection.enabled(code)]
    if not active:
        return []
    day = today or dt.date.today()
    contexts = [
        (document, _context(config, profiles, facts, day))
        for document, facts in documents
        for config in document.configs
        if config.sends_over_smtp
    ]
    gathered = run_sync(_gather([ctx for _doc, ctx in contexts], profiles, options, active))
    by_document: dict[int, list[Finding]] = {}
    for (document, ctx), config_facts in zip(contexts, gathered, strict=True):
        by_document.setdefault(id(document), []).extend(_findings(ctx, config_facts, active))
    findings: list[Finding] = []
    for document, _facts in documents:
        found = dedupe(by_document.get(id(document), []))
        findings.extend(apply_suppressions(document, found, _network_enabled(selection)))
    return sorted(findings, key=Finding.sort_key)


def _context(
    config: SmtpConfig, profiles: ProfileIndex, facts: FileFacts, today: dt.date
) -> RuleContext:
    match = None
    if config.host is not None and config.host.value:
        match = profiles.match_host(config.host.value)
    return RuleContext(config, match, profiles, facts, today)


async def _gather(
    contexts: list[RuleContext],
    profiles: ProfileIndex,
    options: NetworkOptions,
    active: list[str],
) -> list[ConfigFacts]:
    gatherer = Gatherer(Resolver(options), profiles)
    wanted = _wanted(active)
    return list(await asyncio.gather(*(gatherer.config(ctx.config, wanted) for ctx in contexts)))


def _wanted(active: list[str]) -> Wanted:
    on = set(CHECKS) if COULD_NOT_CHECK in active else set(active)
    return Wanted(
        host=bool(on & {"SL702", "SL704", "SL706", "SL707"}),
        sender_mx=bool(on & {"SL701", "SL702", "SL703", "SL707"}),
        spf="SL702" in on,
        dmarc="SL703" in on,
        login_mx="SL707" in on,
    )


def _findings(ctx: RuleContext, facts: ConfigFacts, active: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    unchecked: list[Unchecked] = []
    # SL705 reports the lookups that failed for any check, selected or not.
    for code, check in CHECKS.items():
        if code not in active and COULD_NOT_CHECK not in active:
            continue
        outcome = check(ctx, facts)
        unchecked.extend(outcome.unchecked)
        if code in active:
            rule = get_rule(code)
            assert rule is not None
            findings.extend(rule.finding(ctx, report) for report in outcome.reports)
    if COULD_NOT_CHECK in active and unchecked:
        rule = get_rule(COULD_NOT_CHECK)
        assert rule is not None
        findings.extend(rule.finding(ctx, report) for report in could_not_check(unchecked))
    return findings


def _network_enabled(selection: Selection) -> Callable[[str], bool]:
    def enabled(code: str) -> bool:
        return selection.enabled(code) and (code in NETWORK_CODES or code == UNUSED_SUPPRESSION)

    return enabled



def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion, also when the caller is inside an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    result: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coroutine))
        except BaseException as error:  # re-raised in the caller's thread
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0]
