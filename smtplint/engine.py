"""Runs the rules over the configurations of one document."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

from smtplint.model import Applicability, Change, Document, Finding, SmtpConfig, Span
from smtplint.profiles.index import ProfileIndex
from smtplint.records import record, replace
from smtplint.rules import all_rules, get_rule
from smtplint.rules.base import FileFacts, Rule, RuleContext
from smtplint.suppressions import apply_suppressions

PARSE_ERROR = "SL001"
MAX_QUOTED_RUN = 120


@record
class Selection:
    """Which rule codes run: ruff-style prefixes, the most specific match deciding."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()

    def unknown_prefixes(self, codes: Iterable[str]) -> list[str]:
        """Prefixes that select no rule at all: most likely typos."""
        known = list(codes)
        return [
            prefix
            for prefix in (*self.select, *self.ignore)
            if prefix.strip().upper() != "ALL"
            and not any(code.startswith(prefix.strip().upper()) for code in known)
        ]

    def enabled(self, code: str) -> bool:
        selected = _longest_prefix(code, self.select)
        if selected < 0:
            return False
        return _longest_prefix(code, self.ignore) <= selected


def _longest_prefix(code: str, prefixes: Iterable[str]) -> int:
    best = -1
    for prefix in prefixes:
        wanted = prefix.strip().upper()
        if wanted == "ALL":
            best = max(best, 0)
        elif wanted and code.startswith(wanted):
            best = max(best, len(wanted))
    return best


def lint_config(
    config: SmtpConfig,
    profiles: ProfileIndex,
    facts: FileFacts,
    *,
    selection: Selection = Selection(),
    today: dt.date | None = None,
) -> list[Finding]:
    match = None
    if config.host is not None and config.host.value:
        match = profiles.match_host(config.host.value)
    ctx = RuleContext(config, match, profiles, facts, today or dt.date.today())
    findings: list[Finding] = []
    for rule in _active_rules(selection):
        findings.extend(
            _as_fixable_as_written(rule.finding(ctx, report), config)
            for report in rule.check(ctx)
        )
    return findings


def _as_fixable_as_written(finding: Finding, config: SmtpConfig) -> Finding:
    """A fix that changes a value written inside a URL is advice only: no format rewrites a
    URL's parts (its quoting and percent-encoding belong to the URL as a whole). An
    alternative that changes no such value takes the place of one that does."""
    fix = finding.fix
    if fix is None or fix.applicability is Applicability.DISPLAY_ONLY:
        return finding
    writable = [changes for changes in fix.change_sets if _written_outside_urls(changes, config)]
    if not writable:
        return finding.with_fix_marked(Applicability.DISPLAY_ONLY)
    if len(writable) == len(fix.change_sets):
        return finding
    return replace(
        finding, fix=replace(fix, changes=writable[0], alternatives=tuple(writable[1:]))
    )


def _written_outside_urls(changes: tuple[Change, ...], config: SmtpConfig) -> bool:
    for change in changes:
        setting = config.setting_for(change.field)
        if setting is not None and setting.origin.part is not None:
            return False
    return True


def lint_document(
    document: Document,
    profiles: ProfileIndex,
    facts: FileFacts,
    *,
    selection: Selection = Selection(),
    today: dt.date | None = None,
    origins: dict[tuple[str, Span, str], SmtpConfig] | None = None,
) -> list[Finding]:
    """The document's findings; ``origins``, when given, is filled with the configuration
    each finding came from, by (code, span, message), the first configuration winning."""
    findings = [
        _parse_error(document, error.message, error.span)
        for error in document.errors
        if selection.enabled(PARSE_ERROR)
    ]
    for config in document.configs:
        found = lint_config(config, profiles, facts, selection=selection, today=today)
        if origins is not None:
            for finding in map(shortened, found):
                origins.setdefault(origin_key(finding), config)
        findings.extend(found)
    unsuppressed = apply_suppressions(document, dedupe(findings), selection.enabled)
    for path, text in document.companions.items():
        companion = Document(path, text, document.configs)
        unsuppressed = apply_suppressions(companion, unsuppressed, selection.enabled)
    return sorted((shortened(f) for f in unsuppressed), key=Finding.sort_key)


def origin_key(finding: Finding) -> tuple[str, Span, str]:
    """What identifies a finding in ``origins``: code, place and message."""
    return finding.code, finding.span, finding.message


_LONG_RUN = re.compile(rf"\S{{{MAX_QUOTED_RUN + 1},}}")


def shortened(finding: Finding) -> Finding:
    """The finding with any run of over ``MAX_QUOTED_RUN`` non-blank characters in its
    message cut in the middle: a value quoted from a hostile file must not flood a log."""
    if len(finding.message) <= MAX_QUOTED_RUN:
        return finding
    message = _LONG_RUN.sub(lambda m: f"{m[0][:60]}…{m[0][-20:]}", finding.message)
    return finding if message == finding.message else replace(finding, message=message)


@functools.lru_cache(maxsize=64)
def _active_rules(selection: Selection) -> tuple[Rule, ...]:
    """The configuration-level rules that run; every rule registers when smtplint.rules is
    imported, so the answer never changes for a selection."""
    return tuple(r for r in all_rules() if not r.file_level and selection.enabled(r.code))


def _parse_error(document: Document, message: str, span: Span) -> Finding:
    rule = get_rule(PARSE_ERROR)
    assert rule is not None
    return Finding(rule.code, rule.name, rule.severity, message, document.path, span)


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Two configurations can share a key (a shared sender); report each problem once."""
    seen: set[tuple[str, str, Span, str]] = set()
    unique = []
    for finding in findings:
        key = (finding.code, str(finding.path), finding.span, finding.message)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
