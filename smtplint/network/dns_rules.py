"""The network checks: what DNS facts mean for one configuration.

Each check returns the problems it found and the checks it could not make because a lookup
failed or timed out; those become one "could not check" finding (SL705) instead of a false
"no MX" or "no SPF record".
"""

from __future__ import annotations

from collections.abc import Callable

from smtplint.model import Applicability, Change, Field, Fix, Security, Severity
from smtplint.network.facts import ConfigFacts, MailDomainFacts, Subject
from smtplint.network.inference import Inferred, provider_of_alias, provider_of_mx
from smtplint.network.resolver import Lookup, Status
from smtplint.network.spf import SpfResult
from smtplint.profiles.schema import PortSpec, Profile
from smtplint.records import field, record
from smtplint.rules._ports import (
    describe_pairing,
    describe_ports,
    known_port,
    known_security,
    mode_of,
    pairing_changes,
    quote,
)
from smtplint.rules.base import Report, RuleContext

DOMAIN_NOT_FOUND = "450 4.1.8 <address>: Sender address rejected: Domain not found"
NULL_MX_REPLY = "550 5.7.27 Sender address has null MX"
HOSTNAME_MISMATCH = (
    '"certificate verify failed: Hostname mismatch" (Node.js: ERR_TLS_CERT_ALTNAME_INVALID)'
)
_SHOWN_RECORD = 90


@record
class Unchecked:
    code: str
    subject: Subject
    lookup: Lookup  # the lookup that failed


@record(frozen=False)
class Outcome:
    reports: list[Report] = field(default_factory=list)
    unchecked: list[Unchecked] = field(default_factory=list)


Check = Callable[[RuleContext, ConfigFacts], Outcome]


def _unchecked(code: str, subject: Subject, *lookups: Lookup | None) -> Outcome:
    failed = [lookup for lookup in lookups if lookup is not None and lookup.failed]
    return Outcome(unchecked=[Unchecked(code, subject, lookup) for lookup in failed])


def sender_domain_cannot_receive(ctx: RuleContext, facts: ConfigFacts) -> Outcome:
    """SL701."""
    if facts.sender is None:
        return Outcome()
    subject, mail = facts.sender
    where, domain = quote(subject.setting), mail.domain
    if mail.mx.failed:
        return _unchecked("SL701", subject, mail.mx)
    if mail.mx.status is Status.NXDOMAIN:
        problem = f"the domain {domain} does not exist (NXDOMAIN)"
        reply = DOMAIN_NOT_FOUND
    elif _is_null_mx(mail):
        problem = f"{domain} publishes a null MX (RFC 7505): it accepts no mail"
        reply = NULL_MX_REPLY
    elif mail.mx.found:
        return Outcome()
    else:
        fallback = (mail.a, mail.aaaa)
        if any(lookup is not None and lookup.found for lookup in fallback):
            return Outcome()  # the implicit MX of RFC 5321 §5.1
        if any(lookup is not None and lookup.failed for lookup in fallback):
            return _unchecked("SL701", subject, *fallback)
        problem = f"{domain} has no MX record and no A/AAAA address, so it receives no mail"
        reply = DOMAIN_NOT_FOUND
    message = (
        f"{where}: {problem}; receivers that check the sender's domain reject the message "
        f"('{reply}') and bounces cannot come back"
    )
    return Outcome([Report(message, at=subject.setting)])


def _is_null_mx(mail: MailDomainFacts) -> bool:
    records = mail.mx.mx()
    return bool(records) and all(not record.exchange for record in records)


def spf_does_not_authorise(ctx: RuleContext, facts: ConfigFacts) -> Outcome:
    """SL702."""
    if facts.sender is None or facts.sender[1].spf is None or not facts.sender[1].exists:
        return Outcome()
    subject, mail = facts.sender
    spf = mail.spf
    assert spf is not None
    where = quote(subject.setting)
    if spf.problem is not None:
        message = (
            f"{where}: {mail.domain}'s SPF record is a permanent error (permerror): "
            f"{spf.problem}; receivers treat it as no SPF at all"
        )
        return Outcome([Report(message, at=subject.setting)])
    if spf.failure is not None:
        return Outcome(unchecked=[Unchecked("SL702", subject, spf.failure)])
    provider = _sending_provider(ctx, facts)
    if provider is None or not provider.spf_includes:
        return Outcome()
    wanted = provider.spf_includes[0]
    if not spf.published:
        message = (
            f"{where}: {mail.domain} publishes no SPF record, so receivers cannot tell that "
            f"{provider.name} may send its mail; publish v=spf1 include:{wanted} ~all"
        )
        return Outcome([Report(message, at=subject.setting)])
    if spf.authorises(provider.spf_includes):
        return Outcome()
    message = (
        f"{where}: {mail.domain}'s SPF record ({_shown(spf)}) does not authorise "
        f"{provider.name}, which sends this mail; add include:{wanted} to it"
    )
    return Outcome([Report(message, at=subject.setting)])


def _shown(spf: SpfResult) -> str:
    record = spf.record or ""
    return record if len(record) <= _SHOWN_RECORD else record[: _SHOWN_RECORD - 1] + "…"


def _sending_provider(ctx: RuleContext, facts: ConfigFacts) -> Profile | None:
    """The provider whose servers send the mail: the host's profile, or the provider the
    host is an alias of."""
    if ctx.match is not None:
        return ctx.match.profile
    alias = _alias(ctx, facts)
    return None if alias is None else alias.profile


def _alias(ctx: RuleContext, facts: ConfigFacts) -> Inferred | None:
    if ctx.match is not None or facts.host is None:
        return None
    return provider_of_alias(ctx.profiles, facts.host[1].chain)


def dmarc_missing_or_invalid(ctx: RuleContext, facts: ConfigFacts) -> Outcome:
    """SL703."""
    if facts.sender is None or facts.sender[1].dmarc is None or not facts.sender[1].exists:
        return Outcome()
    subject, mail = facts.sender
    dmarc = mail.dmarc
    assert dmarc is not None
    where = quote(subject.setting)
    if dmarc.failure is not None:
        return Outcome(unchecked=[Unchecked("SL703", subject, dmarc.failure)])
    if dmarc.problem is not None:
        message = (
            f"{where}: the DMARC record at {dmarc.found_at} is not valid: {dmarc.problem}; "
            "receivers ignore it, as if there were none"
        )
        return Outcome([Report(message, at=subject.setting)])
    if not dmarc.missing:
        return Outcome()
    message = (
        f"{where}: {mail.domain} publishes no DMARC record (_dmarc.{mail.domain}); Gmail and "
        "Yahoo require one of senders of 5,000 or more messages a day; publish at least "
        f'"v=DMARC1; p=none; rua=mailto:dmarc@{mail.domain}"'
    )
    return Outcome([Report(message, at=subject.setting)])


def host_does_not_resolve(ctx: RuleContext, facts: ConfigFacts) -> Outcome:
    """SL704."""
    if facts.host is None:
        return Outcome()
    subject, host = facts.host
    if host.resolves:
        return Outcome()
    if host.a.failed or host.aaaa.failed:
        return _unchecked("SL704", subject, host.a, host.aaaa)
    where = quote(subject.setting)
    alias = f" is an alias (CNAME) of {host.chain[-1]}, which" if host.chain else ""
    if host.a.status is Status.NXDOMAIN:
        problem = f"{host.name}{alias} does not exist (NXDOMAIN)"
    else:
        problem = f"{host.name}{alias} has no A or AAAA address"
    message = (
        f"{where}: {problem}; connecting fails with "
        '"getaddrinfo ENOTFOUND" (Python: "Name or service not known")'
    )
    return Outcome([Report(message, at=subject.setting)])


def host_aliases_provider(ctx: RuleContext, facts: ConfigFacts) -> Outcome:
    """SL706."""
    inferred = _alias(ctx, facts)
    if inferred is None or facts.host is None or inferred.host.is_pattern:
        return Outcome()
    subject, host = facts.host
    target = inferred.host.name
    if host.name == target:
        return Outcome()
    provider = inferred.profile
    security = known_security(ctx.config)
    if security is Security.NONE:
        effect = "a connection without TLS bypasses the provider's encryption"
    else:
        effect = (
            f"the server's certificate names {target}, not {host.name}, so a client that "
            f"verifies TLS fails with {HOSTNAME_MISMATCH}"
        )
    changes: list[Change] = [Change(Field.HOST, target)]
    advice = f"set {subject.setting.key} to {target}"
    pairing = _pairing_advice(ctx, provider.ports_for(inferred.host))
    if pairing is not None:
        advice += f" and {pairing[0]}"
        changes.extend(pairing[1])
    message = (
        f"{quote(subject.setting)}: {host.name} is an alias (CNAME) of {provider.name}'s "
        f"{inferred.evidence}: {effect}; {advice}"
    )
    fix = Fix(Applicability.UNSAFE, tuple(changes), advice)
    return Outcome([Report(message, at=subject.setting, fix=fix)])


def _pairing_advice(
    ctx: RuleContext, offered: tuple[PortSpec, ...]
) -> tuple[str, tuple[Change, ...]] | None:
    """How the configured port and security compare with what the provider offers: None
    when they fit (or are unknown), else advice and the changes that make them fit."""
    port, security = known_port(ctx.config), known_security(ctx.config)
    if port is None:
        return None
    listed = [spec for spec in offered if spec.port == port]
    if listed and (security is None or mode_of(security) in {s.security for s in listed}):
        return None
    spec = next((p for p in offered if p.recommended), offered[0])
    text = f"use port {describe_pairing(spec)} (it offers {describe_ports(offered)})"
    return text, pairing_changes(spec, security)


def mailbox_hosted_elsewhere(ctx: RuleContext, facts: ConfigFacts) -> Outcome:
    """SL707."""
    found = facts.login or facts.sender
    if found is None or ctx.config.host is None or facts.host is None:
        return Outcome()
    subject, mail = found
    if mail.mx.failed:
        return _unchecked("SL707", subject, mail.mx)
    inferred = provider_of_mx(ctx.profiles, mail.mx.mx())
    if inferred is None:
        return Outcome()
    provider = inferred.profile
    configured = _sending_provider(ctx, facts)
    if configured is not None and (
        configured.id == provider.id
        or provider.id in configured.accepts_logins_from
        or configured.kind != "mailbox"
    ):
        return Outcome()
    port = inferred.port
    recommended = f"{inferred.host.name}, port {describe_pairing(port)}"
    mx = f"MX {inferred.evidence}"
    host_setting = ctx.config.host
    if configured is None:
        message = (
            f"{quote(host_setting)}: mail for {mail.domain} is hosted by {provider.name} "
            f"({mx}); unless {facts.host[1].name} relays to it, submit to {recommended}"
        )
        return Outcome([Report(message, at=host_setting, severity=Severity.INFO)])
    changes = (Change(Field.HOST, inferred.host.name), *_port_changes(ctx, port))
    message = (
        f"{quote(subject.setting)} is a {provider.name} mailbox ({mx}), but "
        f"{quote(host_setting)} is {configured.name}'s server, which rejects that login "
        f"with a 535 reply; submit to {recommended}"
    )
    fix = Fix(Applicability.UNSAFE, changes, f"set the host to {inferred.host.name}")
    return Outcome([Report(message, at=host_setting, fix=fix)])


def _port_changes(ctx: RuleContext, spec: PortSpec) -> tuple[Change, ...]:
    if known_port(ctx.config) == spec.port and mode_of(known_security(ctx.config)) == (
        spec.security
    ):
        return ()
    return pairing_changes(spec, known_security(ctx.config))


def could_not_check(unchecked: list[Unchecked]) -> list[Report]:
    """SL705: one finding per name that could not be checked, naming the checks skipped."""
    grouped: dict[tuple[str, str], list[Unchecked]] = {}
    for item in unchecked:
        grouped.setdefault((item.subject.setting.key, item.subject.name), []).append(item)
    reports = []
    for items in grouped.values():
        subject = items[0].subject
        failures: dict[str, list[str]] = {}
        for item in items:
            asked = f"{item.lookup.rdtype} {item.lookup.name}"
            listed = failures.setdefault(item.lookup.failure or "no answer", [])
            if asked not in listed:
                listed.append(asked)
        reasons = "; ".join(f"{why} ({', '.join(asked)})" for why, asked in failures.items())
        codes = ", ".join(sorted({item.code for item in items}))
        message = (
            f"{quote(subject.setting)}: could not check {subject.name}: {reasons}; "
            f"{codes} not checked"
        )
        reports.append(Report(message, at=subject.setting))
    return reports


CHECKS: dict[str, Check] = {
    "SL701": sender_domain_cannot_receive,
    "SL702": spf_does_not_authorise,
    "SL703": dmarc_missing_or_invalid,
    "SL704": host_does_not_resolve,
    "SL706": host_aliases_provider,
    "SL707": mailbox_hosted_elsewhere,
}
