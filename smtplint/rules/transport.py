"""SL1xx: the transport — port, TLS mode and certificate checks.

Overlaps are settled here so that each problem is reported once: a port/TLS mismatch is
SL101 or SL102 (never also SL104 or SL106), conflicting flags are SL103 only, a port the
provider does not list is SL105 when written and SL106 when it is the library's default,
and port 25 that the provider does list is SL109.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from smtplint.hosts import ip_literal
from smtplint.model import (
    Applicability,
    Change,
    Field,
    Fix,
    Security,
    Setting,
    Severity,
    SmtpConfig,
)
from smtplint.rules._examples import (
    GMAIL_DJANGO_STARTTLS,
    GMAIL_IMPLICIT_TLS,
    THUNDERBIRD_GMAIL,
    edited,
    pref_edited,
)
from smtplint.rules._hostnames import host_name
from smtplint.rules._ports import (
    SUBMISSION_KINDS,
    Mismatch,
    Provider,
    conflicting_flags,
    connects_locally,
    describe_pairing,
    describe_ports,
    known_port,
    known_security,
    library_name,
    modes_for,
    pairing_changes,
    pairing_mismatch,
    provider,
    quote,
    suggest_port,
)
from smtplint.rules.base import Example, Report, RuleContext, RuleDocs, point_at, rule, safe_if

WRONG_VERSION = '"[SSL: WRONG_VERSION_NUMBER] wrong version number"'
GREETING_HANG = (
    '"SMTPServerDisconnected: Connection unexpectedly closed" '
    '(Nodemailer: "Greeting never received")'
)
# What smtplib (Django, Flask-Mail, Flask-Mailman) raises, without Nodemailer's wording.
SMTPLIB_HANG = '"SMTPServerDisconnected: Connection unexpectedly closed"'
_SMTPLIB_LIBRARIES = frozenset({"Django", "Flask-Mail", "Flask-Mailman"})
MUST_STARTTLS = '"530 5.7.0 Must issue a STARTTLS command first"'
BLOCKED_25 = (
    "port 25 is blocked for outbound connections on many cloud and ISP networks "
    '("connect ETIMEDOUT")'
)


def _greeting_hang(config: SmtpConfig) -> str:
    library = library_name(config)
    if library == "Thunderbird":
        return "Thunderbird's own timeout ends the attempt"
    return SMTPLIB_HANG if library in _SMTPLIB_LIBRARIES else GREETING_HANG


def _host_label(config: SmtpConfig) -> str:
    name = host_name(config)
    return name if name is not None else "the server"


@rule(
    "SL101",
    "implicit-tls-on-starttls-port",
    Severity.ERROR,
    "Implicit TLS on a port that starts in plaintext (STARTTLS port)",
    RuleDocs(
        what=(
            "Reports a configuration that wraps the connection in TLS from the first byte "
            "(SMTP_SECURE=true, EMAIL_USE_SSL=True, MAIL_SCHEME=smtps) while the port "
            "speaks plaintext first and upgrades with STARTTLS: 25, 587, 2525, 2587 and the "
            "like, or a port the matched provider lists as STARTTLS. A port left to the "
            "library default counts too (Django keeps port 25 when EMAIL_USE_SSL is on)."
        ),
        why=(
            "The client sends a TLS handshake, the server answers with its plaintext 220 "
            f"greeting, and the handshake fails: Python {WRONG_VERSION}, Node/OpenSSL "
            '"ssl3_get_record:wrong version number", PHP "unable to connect to ssl://host:587". '
            "No mail is sent."
        ),
        fix=(
            "Keep the port and switch to STARTTLS (SMTP_SECURE=false, EMAIL_USE_TLS=True, "
            "MAIL_SCHEME=smtp) — an automatic safe fix when both values are written "
            "literally and the port is a standard STARTTLS port. Or keep implicit TLS and use "
            "port 465: the fix does that when the file cannot name STARTTLS and the provider "
            "lists an implicit-TLS port. When the port is only the library default, the fix "
            "sets the provider's implicit-TLS port (465), or its recommended port and mode when "
            "it has none (unsafe)."
        ),
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_PORT="587")),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
    fixable=True,
)
def implicit_tls_on_starttls_port(ctx: RuleContext) -> Iterator[Report]:
    pair = _mismatched(ctx, Mismatch.IMPLICIT_ON_PLAINTEXT_PORT)
    if pair is None:
        return
    security, port, number, found = pair
    modes = modes_for(ctx, number)
    kind = "STARTTLS" if "starttls" in modes else "plaintext"
    detail = _listed_by_provider(found, number, f"speaks {kind}")
    if port.is_default:
        fix = _default_port_fix(port.key, found, Security.TLS, avoid=number, fallback=465)
        message = (
            f"{quote(security)} with {quote(port)}: {library_name(ctx.config)} uses implicit TLS "
            f"on a {kind} port{detail}, which fails with {WRONG_VERSION}"
        )
    else:
        # "starttls" is in modes only for a standard STARTTLS port or one the provider lists.
        target_mode = Security.STARTTLS if "starttls" in modes else Security.NONE
        literal = security.is_literal and port.is_literal
        safe = literal and target_mode is Security.STARTTLS
        fix = Fix(
            safe_if(safe),
            (Change(Field.SECURITY, target_mode),),
            f"switch {security.key} to {target_mode.label} on port {number}"
            f"{_implicit_alternative(found)}",
            alternatives=_keep_mode_on(found, "tls", avoid=number) if literal else (),
        )
        message = (
            f"{quote(port)} with {quote(security)}: implicit TLS on a {kind} port{detail} "
            f"fails with {WRONG_VERSION}"
        )
    yield Report(message, at=point_at(security, port), fix=fix)


class _Pairing(NamedTuple):
    """A security setting and a port setting that disagree."""

    security: Setting[Security]
    port: Setting[int]
    number: int  # the port
    found: Provider | None  # the matched provider whose port facts apply


def _mismatched(ctx: RuleContext, kind: Mismatch) -> _Pairing | None:
    if pairing_mismatch(ctx) is not kind:
        return None
    security, port = ctx.config.security, ctx.config.port
    assert security is not None and port is not None  # a mismatch needs both
    assert isinstance(port.value, int)
    return _Pairing(security, port, port.value, provider(ctx))


def _listed_by_provider(found: Provider | None, number: int, fact: str) -> str:
    """`` (host <fact> on <port>)`` when the provider lists the port, else nothing."""
    if found is None or not found.offers(number):
        return ""
    return f" ({found.host} {fact} on {number})"


def _default_port_fix(
    key: str, found: Provider | None, security: Security, *, avoid: int, fallback: int
) -> Fix:
    """Set a port that suits ``security`` (and the provider), the default being wrong."""
    suggestion = suggest_port(found.ports, security, avoid=avoid) if found else None
    if suggestion is None:
        changes: tuple[Change, ...] = (Change(Field.PORT, fallback),)
        target = str(fallback)
    else:
        changes = pairing_changes(suggestion, security)
        target = describe_pairing(suggestion)
    return Fix(Applicability.UNSAFE, changes, f"set {key} to {target}")


def _keep_mode_on(
    found: Provider | None, security: str, *, avoid: int | None = None
) -> tuple[tuple[Change, ...], ...]:
    """Keeping the written mode and moving to the provider's port for it, as a fix's
    alternative for when a file's vocabulary cannot name the other mode; none when no
    matched provider lists such a port (a server of unknown ports may not listen on the
    standard one). Only for literal values: a placeholder's mode may differ at run time."""
    if found is None:
        return ()
    ports = [p for p in found.ports if p.security == security and p.port != avoid]
    chosen = next((p for p in ports if p.recommended), ports[0] if ports else None)
    return () if chosen is None else ((Change(Field.PORT, chosen.port),),)


def _implicit_alternative(found: Provider | None) -> str:
    if found is None:
        return " (or keep implicit TLS and use port 465)"
    tls = [p for p in found.ports if p.security == "tls"]
    if not tls:
        return ""
    return f" (or keep implicit TLS and use port {tls[0].port})"


@rule(
    "SL102",
    "starttls-on-implicit-tls-port",
    Severity.ERROR,
    "STARTTLS or plaintext on an implicit-TLS port (465)",
    RuleDocs(
        what=(
            "Reports a configuration that starts in plaintext (STARTTLS, STARTTLS-if-offered "
            "or no encryption) on a port whose server expects TLS from the first byte: 465, "
            "2465, or a port the matched provider lists as implicit TLS. Providers that speak "
            "STARTTLS on 465 (their profile says so) are not reported."
        ),
        why=(
            "The client waits for a plaintext 220 greeting that the server never sends, so "
            "the connection hangs until a timeout — forever with Django's and Flask-Mail's "
            "defaults — and then fails with "
            f"{GREETING_HANG}. Login and password-reset requests hang with it."
        ),
        fix=(
            "Switch to implicit TLS on the same port (SMTP_SECURE=true, EMAIL_USE_SSL=True "
            "instead of EMAIL_USE_TLS, MAIL_SCHEME=smtps); safe when the values are written "
            "literally. Or keep STARTTLS and use port 587: the fix does that when the file's "
            "vocabulary has no unambiguous word for implicit TLS and the provider lists a "
            "STARTTLS port."
        ),
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_SECURE="false")),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
    fixable=True,
)
def starttls_on_implicit_tls_port(ctx: RuleContext) -> Iterator[Report]:
    pair = _mismatched(ctx, Mismatch.PLAINTEXT_ON_IMPLICIT_PORT)
    if pair is None:
        return
    security, port, number, found = pair
    detail = _listed_by_provider(found, number, "expects TLS")
    mode = security.value
    assert mode is not None
    if port.is_default:
        fix = _default_port_fix(port.key, found, mode, avoid=number, fallback=587)
    else:
        # A mismatch here means the port is standard for implicit TLS or listed as such.
        safe = security.is_literal and port.is_literal
        alternative = "" if mode is Security.NONE else " (or keep STARTTLS and use port 587)"
        keep_mode = safe and mode is not Security.NONE  # a mode read from a value, not a guess
        fix = Fix(
            safe_if(safe),
            (Change(Field.SECURITY, Security.TLS),),
            f"switch {security.key} to implicit TLS on port {number}{alternative}",
            alternatives=_keep_mode_on(found, "starttls") if keep_mode else (),
        )
    message = (
        f"{quote(port)} with {quote(security)}: {mode.label} on an implicit-TLS port"
        f"{detail} waits for a greeting that never comes, until {_greeting_hang(ctx.config)}"
    )
    yield Report(message, at=point_at(security, port), fix=fix)


@rule(
    "SL103",
    "conflicting-tls-flags",
    Severity.ERROR,
    "Both a STARTTLS flag and an implicit-TLS flag are switched on",
    RuleDocs(
        what=(
            "Reports a configuration that switches on a STARTTLS flag and an implicit-TLS "
            "flag at the same time, such as EMAIL_USE_TLS=True with EMAIL_USE_SSL=True "
            "(Django) or MAIL_USE_TLS with MAIL_USE_SSL (Flask-Mail). The finding points at "
            "the second of the two flags."
        ),
        why=(
            "Django refuses to send: \"ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL are mutually "
            'exclusive, so only set one of those settings to True." — raised at the first '
            "send, not at start-up. Flask-Mail opens a TLS socket and then sends STARTTLS "
            'inside it: "SMTPNotSupportedError: STARTTLS extension not supported by server."'
        ),
        fix=(
            "Keep the flag that matches the port — implicit TLS (EMAIL_USE_SSL) on 465, "
            "STARTTLS (EMAIL_USE_TLS) otherwise — and turn the other off. Safe for standard "
            "ports with literal values; on a non-standard port the choice is left to you."
        ),
        fails=Example(
            "EMAIL_HOST=smtp.gmail.com\n"
            "EMAIL_PORT=587\n"
            "EMAIL_USE_TLS=True\n"
            "EMAIL_USE_SSL=True\n"
            "EMAIL_HOST_USER=jane.doe@gmail.com\n"
            "EMAIL_HOST_PASSWORD=${GMAIL_APP_PASSWORD}\n"
            "DEFAULT_FROM_EMAIL=jane.doe@gmail.com\n"
            "EMAIL_TIMEOUT=10\n"
        ),
        passes=Example(GMAIL_DJANGO_STARTTLS),
    ),
    fixable=True,
)
def conflicting_tls_flags(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    pair = conflicting_flags(config)
    if pair is None:
        return
    first, second = pair
    message = (
        f"{quote(first)} and {quote(second)} ask for STARTTLS and implicit TLS at once: "
        f"{_conflict_consequence(config)}"
    )
    yield Report(message, at=second, fix=_conflict_fix(ctx))


def _conflict_consequence(config: SmtpConfig) -> str:
    family = config.family.lower()
    refuses = (
        'Django raises "ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, '
        'so only set one of those settings to True."'
    )
    nests = 'STARTTLS inside TLS, which fails with "STARTTLS extension not supported by server."'
    if family == "django":
        return refuses
    if library_name(config) == "Flask-Mailman":  # the Django backend's check, Django's words
        return refuses.replace("Django raises", "Flask-Mailman raises", 1)
    if family.startswith("flask"):
        return f"Flask-Mail tries {nests}"
    return f"{refuses}; other clients try {nests}"


def _conflict_fix(ctx: RuleContext) -> Fix:
    config = ctx.config
    port = config.port
    number = known_port(config)
    on = [f for f in config.security_flags if f.value in (Security.STARTTLS, Security.TLS)]
    keys = " / ".join(dict.fromkeys(f.key for f in on))
    modes = modes_for(ctx, number) if number is not None else frozenset()
    if port is None or number is None or not modes or modes == {"none"}:
        return Fix(
            Applicability.DISPLAY_ONLY,
            (),
            f"keep one of {keys}: STARTTLS for port 587, implicit TLS for port 465",
        )
    keep = Security.TLS if modes == {"tls"} else Security.STARTTLS
    safe = port.is_literal and all(f.is_literal for f in on)
    return Fix(
        safe_if(safe),
        (Change(Field.SECURITY, keep),),
        f"keep {keep.label} for port {number} and switch the other flag off",
    )


@rule(
    "SL104",
    "no-tls",
    Severity.ERROR,
    "Mail is sent without any encryption",
    RuleDocs(
        what=(
            "Reports a configuration with no encryption at all (no STARTTLS, no implicit "
            "TLS) in two cases: the matched provider offers the port only with STARTTLS or "
            "TLS (error), or the host is a remote server and no credentials are configured "
            "(warning; with credentials, SL304 reports the cleartext login instead). Local "
            "relays, loopback and private-network addresses are not reported in the second "
            "case. Implicit-TLS ports are SL102's."
        ),
        why=(
            "Servers that require TLS refuse the mail: "
            f"{MUST_STARTTLS} (Gmail, Postfix) or "
            '"451 5.7.3 STARTTLS is required to send mail" (Exchange); because AUTH is only '
            'advertised after STARTTLS, clients also fail with "SMTP AUTH extension not '
            'supported by server." Where a server does accept it, message and headers cross '
            "the network in clear text."
        ),
        fix=(
            "Turn STARTTLS on (EMAIL_USE_TLS=True, MAIL_USE_TLS=True) on 587, 25 or 2525. "
            "Safe when the value is written literally and the provider (or port 587) "
            "confirms STARTTLS; unsafe for a relay nothing is known about, which may not "
            "offer STARTTLS at all."
        ),
        fails=Example(edited(GMAIL_DJANGO_STARTTLS, EMAIL_USE_TLS="False")),
        passes=Example(GMAIL_DJANGO_STARTTLS),
    ),
    fixable=True,
)
def no_tls(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    security = config.security
    if security is None or security.value is not Security.NONE:
        return
    if connects_locally(ctx) or pairing_mismatch(ctx) is not None:
        return
    number = known_port(config)
    found = provider(ctx)
    listed = (
        frozenset(p.security for p in found.ports if p.port == number)
        if found is not None and number is not None
        else frozenset()
    )
    required = bool(listed) and "none" not in listed
    if not required and (config.credentials_given or _private_address(config)):
        return
    target = _tls_for(ctx, number)
    port_text = quote(config.port) if config.port is not None else "the default port"
    if required:
        assert found is not None
        message = (
            f"{quote(security)} on {port_text}: {found.host} requires STARTTLS on port "
            f"{number} and refuses plaintext mail with {MUST_STARTTLS}"
        )
        severity = None
    else:
        message = (
            f"{quote(security)}: mail to {_host_label(config)} crosses the network "
            f"unencrypted, and servers that require TLS answer {MUST_STARTTLS}"
        )
        severity = Severity.WARNING
    yield Report(
        message,
        at=point_at(security, config.port, config.host),
        fix=_no_tls_fix(config, target, confirmed=required or number == 587),
        severity=severity,
    )


def _private_address(config: SmtpConfig) -> bool:
    name = host_name(config)
    address = ip_literal(name) if name is not None else None
    return address is not None and (address.is_private or address.is_link_local)


def _tls_for(ctx: RuleContext, number: int | None) -> Security | None:
    if number is None:
        return None
    modes = modes_for(ctx, number)
    if "starttls" in modes:
        return Security.STARTTLS
    if "tls" in modes:
        return Security.TLS
    return None


def _no_tls_fix(config: SmtpConfig, target: Security | None, *, confirmed: bool) -> Fix:
    security, port = config.security, config.port
    assert security is not None
    if target is None or port is None:
        return Fix(
            Applicability.DISPLAY_ONLY,
            (),
            "turn on STARTTLS (port 587) or implicit TLS (port 465), as the server offers",
        )
    safe = confirmed and security.is_literal and port.is_literal
    return Fix(
        safe_if(safe),
        (Change(Field.SECURITY, target),),
        f"turn on {target.label} on port {port.value}",
    )


@rule(
    "SL105",
    "port-not-offered",
    Severity.ERROR,
    "The provider does not offer SMTP on this port",
    RuleDocs(
        what=(
            "Reports a written port that the matched provider profile does not list for this "
            "host, naming the ports it does offer and the pairing to use. A port left to the "
            "library default is SL106's; port 25 that the provider does list is SL109's. "
            "Profiles converted from Thunderbird's ISPDB list only the ports a mail client is "
            "told to use, so for them this is a warning."
        ),
        why=(
            "Nothing answers on that port, or a firewall drops the packets: the client "
            'fails with "Connection timed out" / "connect ETIMEDOUT" or "Connection refused" '
            "after waiting. Port 25 in particular is also blocked for outbound traffic on many "
            "cloud and ISP networks."
        ),
        fix=(
            "Use the provider's recommended port with its security mode (for Gmail: 465 with "
            "implicit TLS, or 587 with STARTTLS). Changing a port is an unsafe fix."
        ),
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_PORT="2525", SMTP_SECURE="false")),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
    fixable=True,
)
def port_not_offered(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    port, number, found = config.port, known_port(config), provider(ctx)
    if port is None or port.is_default or number is None or found is None or found.offers(number):
        return
    suggestion = suggest_port(found.ports, known_security(config))
    advice = f"; use {describe_pairing(suggestion)}" if suggestion is not None else ""
    blocked = f"; {BLOCKED_25}" if number == 25 else ""
    message = (
        f"{quote(port)}: {found.host} does not offer SMTP on port {number} (it offers "
        f"{describe_ports(found.ports)}){advice}{blocked}"
    )
    fix = None
    if suggestion is not None:
        fix = Fix(
            Applicability.UNSAFE,
            pairing_changes(suggestion, known_security(config)),
            f"use port {describe_pairing(suggestion)}",
        )
    severity = Severity.WARNING if found.profile.origin == "ispdb" else None
    yield Report(message, at=port, fix=fix, severity=severity)


@rule(
    "SL106",
    "default-port",
    Severity.ERROR,
    "The port is not set and the library's default does not suit this host",
    RuleDocs(
        what=(
            "Reports a configuration that does not set the port when the reading library's "
            "default is wrong for the host: the matched provider does not offer it, or it is "
            "port 25 for a provider or login that submits mail (a warning when no profile "
            "confirms it). The message names the default (EMAIL_PORT not set: Django uses "
            "25). A default port that also mismatches the TLS mode is reported by SL101 or "
            "SL102 instead."
        ),
        why=(
            "Django, Flask-Mail and smtplib default to port 25, Nodemailer to 587 (465 with "
            "secure), Laravel to 2525. Against a provider that does not listen there, or from "
            "a network that blocks outbound port 25, the client fails with "
            '"Connection timed out" / "connect ETIMEDOUT" or "Connection refused".'
        ),
        fix=(
            "Set the port explicitly to the provider's recommended port (587 with STARTTLS "
            "when nothing is known about the host). An unsafe fix: it adds a setting."
        ),
        fails=Example(edited(GMAIL_DJANGO_STARTTLS, EMAIL_PORT=None)),
        passes=Example(GMAIL_DJANGO_STARTTLS),
    ),
    fixable=True,
)
def default_port(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    port, number = config.port, known_port(config)
    if port is None or not port.is_default or number is None:
        return
    if connects_locally(ctx) or host_name(config) is None or pairing_mismatch(ctx) is not None:
        return
    found = provider(ctx)
    security = known_security(config)
    default = f"{port.key} not set: {library_name(config)} uses {number}"
    if found is not None:
        if found.offers(number):
            if number != 25 or found.profile.kind not in SUBMISSION_KINDS:
                return
            problem, severity = f"{BLOCKED_25}", Severity.WARNING
        else:
            problem = (
                f"which {found.host} does not offer (it offers {describe_ports(found.ports)})"
            )
            severity = Severity.ERROR
        suggestion = suggest_port(found.ports, security, avoid=25 if number == 25 else None)
        changes = pairing_changes(suggestion, security) if suggestion is not None else ()
        target = describe_pairing(suggestion) if suggestion is not None else None
    else:
        if number != 25 or not config.credentials_given:
            return
        problem = f"the relay port, not a submission port, and {BLOCKED_25}"
        severity = Severity.WARNING
        changes = (Change(Field.PORT, 587),)
        if security is not Security.STARTTLS and security is not Security.OPPORTUNISTIC:
            changes += (Change(Field.SECURITY, Security.STARTTLS),)
        target = "587 with STARTTLS"
    fix = (
        Fix(Applicability.UNSAFE, changes, f"set {port.key} to {target}")
        if changes and target is not None
        else None
    )
    message = f"{default}, {problem}" + (f"; use {target}" if target else "")
    yield Report(
        message,
        at=point_at(port, config.host, config.security),
        fix=fix,
        severity=severity,
    )


@rule(
    "SL107",
    "invalid-port",
    Severity.ERROR,
    "The port is not a number from 1 to 65535",
    RuleDocs(
        what=(
            "Reports a port that is written but is not a TCP port: text that is not a "
            "number (such as 465; or smtp) or a number outside 1-65535. A port read from an "
            "environment variable is not reported: its value is not known."
        ),
        why=(
            "The client cannot connect: Python raises \"ValueError: invalid literal for int() "
            'with base 10" or smtplib "OSError: nonnumeric port", and out-of-range ports fail '
            'with "OverflowError: getsockaddrarg: port must be 0-65535" or Node '
            '"RangeError [ERR_SOCKET_BAD_PORT]".'
        ),
        fix="Write the port as a plain number: 587 for STARTTLS or 465 for implicit TLS.",
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_PORT="465;")),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
)
def invalid_port(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    port = config.port
    if port is None or port.is_default:
        return
    value = port.value
    if value is None:
        if port.raw is None or not port.is_literal:
            return  # a reference or unresolved text: not known, not wrong
        problem = "is not a number"
    elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        problem = "is outside 1-65535"
    else:
        return
    yield Report(
        f"{quote(port)} {problem}: the client cannot open a connection",
        at=port,
        fix=Fix(
            Applicability.DISPLAY_ONLY,
            (),
            f"set {port.key} to 587 (STARTTLS) or 465 (implicit TLS)",
        ),
    )


@rule(
    "SL108",
    "tls-verification-disabled",
    Severity.WARNING,
    "Certificate verification is switched off for a remote server",
    RuleDocs(
        what=(
            "Reports a configuration that turns TLS certificate verification off "
            "(SMTP_TLS_REJECT_UNAUTHORIZED=false for Nodemailer's tls.rejectUnauthorized, "
            "verify_peer=0 in a Symfony DSN) "
            "for a host that is not a local relay."
        ),
        why=(
            "Nothing fails — that is the problem: anyone on the network path can present "
            "any certificate, pose as the server and read the login and every message. It "
            "is usually switched off to silence Python's \"ssl.SSLCertVerificationError: "
            "[SSL: CERTIFICATE_VERIFY_FAILED] … Hostname mismatch\" or Node's \"Hostname/IP "
            "does not match certificate's altnames\", which means the host name is wrong, not "
            "the check."
        ),
        fix=(
            "Turn verification back on and connect with the host name the certificate names "
            "(smtp.example.com rather than an IP address or an alias). Display-only: only "
            "you can tell which name is right."
        ),
        fails=Example(
            "SMTP_HOST=mail.acme-corp.io\n"
            "SMTP_PORT=587\n"
            "SMTP_SECURE=false\n"
            "SMTP_USER=billing@acme-corp.io\n"
            "SMTP_PASS=${SMTP_PASSWORD}\n"
            "SMTP_FROM=billing@acme-corp.io\n"
            "SMTP_TLS_REJECT_UNAUTHORIZED=false\n"
        ),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
)
def tls_verification_disabled(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    verify = config.verify_tls
    if verify is None or verify.value is not False or connects_locally(ctx):
        return
    name = host_name(config)
    if name is not None and ip_literal(name) is not None:
        advice = f"connect to the host name the certificate names instead of {name}"
    else:
        advice = "fix the host name the certificate does not match instead"
    yield Report(
        f"{quote(verify)}: certificates are not checked, so anyone on the path can pose as "
        f"{_host_label(config)} and read the login and messages",
        at=verify,
        fix=Fix(Applicability.DISPLAY_ONLY, (), f"remove {verify.key} and {advice}"),
    )


@rule(
    "SL109",
    "port-25-submission",
    Severity.WARNING,
    "Port 25 is used to submit mail to a provider that offers a submission port",
    RuleDocs(
        what=(
            "Reports port 25 written for a mailbox provider or email service that does list "
            "25 but also offers a submission port (587 or 465). Port 25 is the server-to-"
            "server relay port; when the provider does not list it at all, SL105 reports it."
        ),
        why=(
            "Google Compute Engine always blocks outbound port 25, and many cloud providers "
            "and home ISPs do too, so the same configuration that works on a laptop fails in "
            'production: Python "TimeoutError: [Errno 110] Connection timed out", Node '
            '"connect ETIMEDOUT".'
        ),
        fix=(
            "Use the provider's submission port (587 with STARTTLS, or 465 with implicit "
            "TLS). Changing a port is an unsafe fix."
        ),
        fails=Example(
            "SMTP_HOST=smtp.office365.com\n"
            "SMTP_PORT=25\n"
            "SMTP_SECURE=false\n"
            "SMTP_USER=me@contoso.com\n"
            "SMTP_PASS=${SMTP_PASSWORD}\n"
            "SMTP_FROM=me@contoso.com\n"
        ),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
    fixable=True,
)
def port_25_submission(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    port, found = config.port, provider(ctx)
    if port is None or port.is_default or found is None:
        return
    if known_port(config) != 25 or not found.offers(25):
        return
    if found.profile.kind not in SUBMISSION_KINDS:
        return
    security = known_security(config)
    suggestion = suggest_port(found.ports, security, avoid=25)
    if suggestion is None:
        return
    yield Report(
        f"{quote(port)} submits to {found.host} on the relay port: {BLOCKED_25}; use "
        f"{describe_pairing(suggestion)}",
        at=port,
        fix=Fix(
            Applicability.UNSAFE,
            pairing_changes(suggestion, security),
            f"use port {describe_pairing(suggestion)}",
        ),
    )


# Thunderbird's nsMsgSocketType 1 "trySTARTTLS" was removed in Thunderbird 132 (Bug 1868517);
# MailMigrator rewrites it to 2 (alwaysSTARTTLS).
_THUNDERBIRD_STARTTLS = pref_edited(
    pref_edited(THUNDERBIRD_GMAIL, "mail.smtpserver.smtp1.port", "587"),
    "mail.smtpserver.smtp1.try_ssl",
    "2",
)


@rule(
    "SL110",
    "starttls-if-available",
    Severity.WARNING,
    "STARTTLS is used only if the server offers it, a deprecated mode that can be stripped",
    RuleDocs(
        what=(
            "Reports a security mode written as an explicit 'STARTTLS, if available' choice "
            "that the client itself has deprecated (Thunderbird mail.smtpserver.<key>.try_ssl=1, "
            "removed in Thunderbird 132, which migrates it to 2). Libraries whose default "
            "merely upgrades when offered (Nodemailer, Laravel) are not reported."
        ),
        why=(
            "A man in the middle can remove STARTTLS from the server's EHLO reply; the client "
            "then carries on in plaintext and sends the login and the mail in clear. Servers "
            "that insist on TLS answer '530 5.7.0 Must issue a STARTTLS command first' "
            "instead of accepting it."
        ),
        fix=(
            "Require STARTTLS (Connection security: STARTTLS, try_ssl=2) — a safe automatic "
            "fix when the value is written literally — or use SSL/TLS on port 465."
        ),
        fails=Example(
            pref_edited(_THUNDERBIRD_STARTTLS, "mail.smtpserver.smtp1.try_ssl", "1"),
            filename="prefs.js",
        ),
        passes=Example(_THUNDERBIRD_STARTTLS, filename="prefs.js"),
    ),
    fixable=True,
)
def starttls_if_available(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    security = config.security
    if (
        security is None
        or security.value is not Security.OPPORTUNISTIC
        or not any(s.origin == security.origin for s in config.deprecated)
        or connects_locally(ctx)
        or pairing_mismatch(ctx) is not None
    ):
        return
    yield Report(
        f"{quote(security)}: whoever can strip STARTTLS from the server's reply makes the "
        "client continue in plaintext, login and mail included; newer Thunderbird changes "
        "it to STARTTLS",
        at=security,
        fix=Fix(
            safe_if(security.is_literal),
            (Change(Field.SECURITY, Security.STARTTLS),),
            f"set {security.key} to STARTTLS (2)",
        ),
    )
