"""The rule machinery: what a rule is, what it sees, and how it reports.

A rule is a function over one :class:`RuleContext` (a canonical configuration plus the
provider profile its host matched) that yields :class:`Report` objects. It never sees file
syntax, so one rule serves every format. Its documentation travels with it, including an
example that fails and one that passes; a test runs both through the linter.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from pathlib import Path

from smtplint.hosts import is_local
from smtplint.model import Applicability, Finding, Fix, Setting, Severity, SmtpConfig, Span
from smtplint.profiles.index import HostMatch, ProfileIndex
from smtplint.profiles.schema import HostSpec, Profile
from smtplint.records import record


@record
class FileFacts:
    """What the engine knows about the file a configuration came from."""

    path: Path
    git_tracked: bool | None  # None when git is not available or the file is outside a repo
    is_template: bool  # .env.example, .env.sample, *.dist, *.template …


@record
class RuleContext:
    config: SmtpConfig
    match: HostMatch | None
    profiles: ProfileIndex
    file: FileFacts
    today: dt.date

    @property
    def profile(self) -> Profile | None:
        return None if self.match is None else self.match.profile

    @property
    def host_spec(self) -> HostSpec | None:
        return None if self.match is None else self.match.host

    @functools.cached_property  # asked by many rules of one configuration
    def on_local_host(self) -> bool:
        """Whether the host setting names this machine, a development mail catcher or a
        compose service (:func:`smtplint.hosts.is_local`). False when no host is set or its
        value is not known, and when a profile of the user's own describes that host as a
        real server (a relay on this machine, a test server): then its facts apply."""
        host = self.config.host
        if host is None or not host.value:
            return False
        match = self.match
        if match is not None and match.from_user and match.host is not None:
            return match.profile.kind == "local"
        return is_local(host.value)


@record
class Report:
    """One problem found by a rule, before the engine attaches code, path and span."""

    message: str
    at: Setting[object] | None = None  # the setting to point at; None means the config anchor
    fix: Fix | None = None
    severity: Severity | None = None  # overrides the rule's default severity
    span: Span | None = None  # a narrower span than the setting's (e.g. part of a URL)


@record
class Example:
    """A config snippet in some file format, used in the docs and run by the tests."""

    text: str
    filename: str = ".env"
    beside: tuple[str, ...] = ()  # empty files that sit next to it (e.g. a lock file)


@record
class RuleDocs:
    what: str  # what it does
    why: str  # why it matters, naming the server reply or client error
    fix: str  # how to repair it
    fails: Example
    passes: Example


Check = Callable[[RuleContext], Iterable[Report]]


@record
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    docs: RuleDocs
    check: Check
    fixable: bool = False  # whether some findings carry an automatic fix
    file_level: bool = False  # produced by the engine from the file, not from a config

    def finding(self, ctx: RuleContext, report: Report) -> Finding:
        own_span = report.span or _span_of(report.at)
        span = own_span or ctx.config.anchor
        path = ctx.config.path
        if own_span is not None and report.at is not None and report.at.origin.path is not None:
            path = report.at.origin.path  # the value lives in another file (Thunderbird user.js)
        return Finding(
            code=self.code,
            name=self.name,
            severity=report.severity or self.severity,
            message=report.message,
            path=path,
            span=span,
            fix=report.fix,
        )


def _span_of(setting: Setting[object] | None) -> Span | None:
    return None if setting is None else setting.origin.span


def point_at(*settings: Setting[object] | None) -> Setting[object] | None:
    """The first setting that has a place in the file, to anchor a finding on."""
    for setting in settings:
        if setting is not None and setting.origin.span is not None:
            return setting
    return None


def safe_if(condition: bool) -> Applicability:
    """SAFE when ``condition`` holds (the change is certain and its values literal), else UNSAFE."""
    return Applicability.SAFE if condition else Applicability.UNSAFE


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    docs: RuleDocs,
    *,
    fixable: bool = False,
    file_level: bool = False,
    smtp_only: bool = True,
) -> Callable[[Check], Check]:
    """Register a check function as a rule.

    A rule is about the SMTP transport unless ``smtp_only`` is False: it is then not run for
    a configuration that does not send over SMTP (a log, console or HTTP API backend).
    """

    def register(check: Check) -> Check:
        if code in REGISTRY:
            raise ValueError(f"rule {code} registered twice")
        run = _over_smtp_only(check) if smtp_only else check
        REGISTRY[code] = Rule(code, name, severity, summary, docs, run, fixable, file_level)
        return check

    return register


def _over_smtp_only(check: Check) -> Check:
    def run(ctx: RuleContext) -> Iterable[Report]:
        return check(ctx) if ctx.config.sends_over_smtp else ()

    return run


def no_reports(ctx: RuleContext) -> Iterable[Report]:
    """The check of a file-level rule: the engine produces its findings."""
    return ()
