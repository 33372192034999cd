"""SL2xx: the host — misspelled, retired, incoming-only, malformed or mismatched servers.

A host that is malformed (SL204) is not also checked for spelling or for being an incoming
server, so one mistake gives one finding; an incoming-mail name under a provider's domain
(imap.zoho.com) is SL203's, not SL201's.
"""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.hosts import SUBMISSION_PORTS, ip_literal
from smtplint.model import Applicability, Change, Field, Fix, Security, Severity, SmtpConfig
from smtplint.profiles.index import HostMatch
from smtplint.profiles.schema import Profile
from smtplint.rules._examples import GMAIL_DJANGO_STARTTLS, GMAIL_IMPLICIT_TLS, edited
from smtplint.rules._hostnames import (
    HostShape,
    describe_problem,
    first_label,
    host_name,
    inspect_host,
    is_incoming_name,
    likely_misspelling,
    nearest_host_of,
)
from smtplint.rules._ports import (
    known_port,
    known_security,
    library_name,
    pairing_changes,
    quote,
    suggest_port,
)
from smtplint.rules.base import Example, Report, RuleContext, RuleDocs, point_at, rule, safe_if

NOT_FOUND = (
    '"getaddrinfo ENOTFOUND" (Python: "socket.gaierror: [Errno -2] Name or service not known")'
)
REFUSED = '"ConnectionRefusedError: [Errno 111] Connection refused"'


def _checkable_name(ctx: RuleContext) -> str | None:
    """The host name to judge: written, known, well formed, not local, not an address."""
    config = ctx.config
    host = config.host
    if host is None or host.is_default or host.value is None:
        return None
    name = host_name(config)
    if name is None or ctx.on_local_host or ip_literal(name) is not None:
        return None
    if inspect_host(host.value).malformed:
        return None
    return name


def _host_fix(key: str, replacement: str) -> Fix:
    change = Change(Field.HOST, replacement)
    return Fix(Applicability.UNSAFE, (change,), f"set {key} to {replacement}")


def _hint_severity(match: HostMatch) -> Severity | None:
    """Facts from an unverified host entry are hints: reported as info at most."""
    return Severity.INFO if match.host is not None and not match.host.verified else None


@rule(
    "SL201",
    "unknown-provider-host",
    Severity.ERROR,
    "The host looks like a provider's SMTP server but is not one",
    RuleDocs(
        what=(
            "Reports a host that sits under a known provider's domain but is not one of its "
            "SMTP servers (mail.gmail.com, gmail.com), or that is one or two typing mistakes "
            "away from a known server (smtp.gmial.com, smtp.sendgird.net) and matches no "
            "profile. Short names get a tighter limit, and custom hosts such as "
            "mail.mycompany.com are never reported."
        ),
        why=(
            f"The name does not resolve — {NOT_FOUND} — or it resolves to a web or "
            'incoming-mail server that refuses SMTP ("Connection refused", "connect '
            'ETIMEDOUT").'
        ),
        fix="Use the provider's SMTP server name named in the message (an unsafe fix).",
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_HOST="smtp.gmial.com")),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
    fixable=True,
)
def unknown_provider_host(ctx: RuleContext) -> Iterator[Report]:
    config, match = ctx.config, ctx.match
    name = _checkable_name(ctx)
    if name is None or config.host is None or is_incoming_name(name):
        return
    if match is not None and match.kind == "domain":
        profile = match.profile
        suggestion = nearest_host_of(profile, name)
        problem = f"{name} is under {profile.name}'s domain but is not one of its SMTP servers"
    elif match is None:
        found = likely_misspelling(ctx.profiles, name)
        if found is None:
            return
        profile, suggestion = found
        problem = f"no {profile.name} server is called {name}"
    else:
        return
    advice = f"; did you mean {suggestion}?" if suggestion else ""
    yield Report(
        f"{quote(config.host)}: {problem}{advice}",
        at=config.host,
        fix=_host_fix(config.host.key, suggestion) if suggestion else None,
    )


@rule(
    "SL202",
    "legacy-host",
    Severity.WARNING,
    "The host is an old name of the provider's SMTP server",
    RuleDocs(
        what=(
            "Reports a host that the matched provider profile marks as legacy — an old alias "
            "still seen in configurations (smtp.googlemail.com for smtp.gmail.com) — and "
            "names its replacement."
        ),
        why=(
            "Old aliases keep working until the provider retires them; then connections "
            f"fail with {NOT_FOUND}, or the certificate stops matching: "
            '"CERTIFICATE_VERIFY_FAILED … Hostname mismatch".'
        ),
        fix="Use the current host named in the message (an unsafe fix: it changes the host).",
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_HOST="smtp.googlemail.com")),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
    fixable=True,
)
def legacy_host(ctx: RuleContext) -> Iterator[Report]:
    config, match = ctx.config, ctx.match
    if config.host is None or match is None:
        return
    spec = match.host
    if spec is None or spec.status != "legacy" or spec.replacement is None:
        return
    note = f" ({spec.note})" if spec.note else ""
    yield Report(
        f"{quote(config.host)} is an old name of {match.profile.name}'s server{note}; "
        f"use {spec.replacement}",
        at=config.host,
        fix=_host_fix(config.host.key, spec.replacement),
        severity=_hint_severity(match),
    )


@rule(
    "SL203",
    "non-smtp-host",
    Severity.ERROR,
    "The host is an incoming-mail (IMAP, POP3 or MX) server, not an SMTP server",
    RuleDocs(
        what=(
            "Reports a host that the matched provider lists as an incoming-mail server "
            "(imap.gmail.com, outlook.office365.com), with the SMTP server to use instead. "
            "A host whose first label is imap, pop, pop3 or mx and that no profile knows is "
            "a warning, with smtp.<rest of the name> suggested only when that is a known "
            "server."
        ),
        why=(
            "IMAP and POP3 servers do not accept mail submission on 465 or 587: the client "
            'gets "Connection refused" or "connect ETIMEDOUT". An MX server takes mail for '
            'its own domain on port 25 and offers no login: "SMTP AUTH extension not '
            'supported by server."'
        ),
        fix="Use the provider's outgoing (SMTP) server named in the message (an unsafe fix).",
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_HOST="imap.gmail.com")),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
    fixable=True,
)
def non_smtp_host(ctx: RuleContext) -> Iterator[Report]:
    config, match = ctx.config, ctx.match
    host = config.host
    if host is None:
        return
    spec = match.host if match is not None else None
    if match is not None and spec is not None and spec.status == "non-smtp":
        replacement = spec.replacement
        assert replacement is not None  # the schema requires one for non-smtp hosts
        what = spec.note or "an incoming-mail (IMAP/POP) host"
        yield Report(
            f"{quote(host)} is {match.profile.name}'s {what}, not its SMTP server; "
            f"use {replacement}",
            at=host,
            fix=_host_fix(host.key, replacement),
            severity=_hint_severity(match),
        )
        return
    name = _checkable_name(ctx)
    if name is None or not is_incoming_name(name) or (match is not None and match.kind != "domain"):
        return
    suggestion = _smtp_counterpart(ctx, name)
    label = first_label(name).lower()
    kind = "an MX (incoming relay)" if label.startswith("mx") else "an incoming-mail"
    advice = (
        f"; use {suggestion}"
        if suggestion
        else "; use the provider's outgoing (SMTP) server instead"
    )
    yield Report(
        f"{quote(host)} looks like {kind} server ({label}.), not an SMTP submission "
        f"server{advice}",
        at=host,
        fix=_host_fix(host.key, suggestion) if suggestion else None,
        severity=Severity.WARNING,
    )


def _smtp_counterpart(ctx: RuleContext, name: str) -> str | None:
    if ctx.match is not None:
        return nearest_host_of(ctx.match.profile, name)
    candidate = "smtp." + name.split(".", 1)[1]
    found = ctx.profiles.match_host(candidate)
    if found is None or found.kind != "exact" or found.host is None:
        return None
    return candidate if found.host.status == "current" else None


@rule(
    "SL204",
    "malformed-host",
    Severity.ERROR,
    "The host setting is not a bare host name",
    RuleDocs(
        what=(
            "Reports a host value that carries more than a host name: a URL scheme "
            "(smtp://, ssl://), credentials, a path, a :port suffix, blanks, an email "
            "address, empty labels, labels over 63 characters, or characters a host name "
            "may not contain. A trailing dot is fine. A :port suffix is a warning when no "
            "port is set (Python's smtplib splits it off then) and an underscore is a "
            "warning (resolvers often accept it); everything else is an error."
        ),
        why=(
            f"The client looks the whole text up as a name and fails with {NOT_FOUND}; "
            'Python\'s smtplib reads "smtp://host" as host "smtp" with port "//host" and '
            'raises "OSError: nonnumeric port".'
        ),
        fix=(
            "Write the bare host name and put the port, TLS mode and credentials in their "
            "own settings. Removing blanks, a scheme, a path or a port that repeats the port "
            "setting is a safe fix; moving an embedded port into the port setting is unsafe."
        ),
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_HOST="ssl://smtp.gmail.com")),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
    fixable=True,
)
def malformed_host(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    host = config.host
    if host is None or host.is_default or host.value is None:
        return
    shape = inspect_host(host.value)
    if not shape.malformed:
        return
    if "email" in shape.problems:
        yield _email_as_host(ctx, shape)
        return
    if set(shape.problems) == {"underscore"} and ctx.on_local_host:
        return  # compose service names such as mail_relay resolve on the container network
    problems = ", ".join(describe_problem(kind, shape) for kind in shape.problems)
    cleaned = f"; use {shape.cleaned}" if shape.cleaned else ""
    yield Report(
        f"{quote(host)} has {problems}: a host setting takes only the server "
        f"name{cleaned}",
        at=host,
        fix=_malformed_fix(config, shape),
        severity=_malformed_severity(config, shape),
    )


def _port_is_given(config: SmtpConfig) -> bool:
    """Whether the client passes a port, so smtplib will not split ``host:port`` itself."""
    port = config.port
    return port is not None and (not port.is_default or bool(port.value))


def _malformed_severity(config: SmtpConfig, shape: HostShape) -> Severity | None:
    lenient = {"underscore"} | ({"port"} if not _port_is_given(config) else set())
    return Severity.WARNING if set(shape.problems) <= lenient else None


def _malformed_fix(config: SmtpConfig, shape: HostShape) -> Fix | None:
    host = config.host
    assert host is not None
    if shape.cleaned is None:
        return None
    changes = [Change(Field.HOST, shape.cleaned)]
    safe = host.is_literal and "userinfo" not in shape.problems
    description = f"set {host.key} to {shape.cleaned}"
    if "port" in shape.problems:
        port = config.port
        if port is None or port.is_default:
            changes.append(Change(Field.PORT, shape.port))
            description += f" and the port to {shape.port}"
            safe = False
        elif not (port.is_literal and port.value == shape.port):
            safe = False  # two different ports written: which one is meant is unclear
    if "bad-port" in shape.problems:
        safe = False
    if "userinfo" in shape.problems:
        description += " and move the user name and password to their own settings"
    return Fix(safe_if(safe), tuple(changes), description)


def _email_as_host(ctx: RuleContext, shape: HostShape) -> Report:
    host = ctx.config.host
    assert host is not None
    owner = ctx.profiles.profile_for_domain(shape.email_domain) if shape.email_domain else None
    server = _main_host(owner)
    advice = (
        f"; {shape.email_domain} mail is sent through {server}"
        if server
        else "; use your provider's SMTP server name"
    )
    return Report(
        f"{quote(host)} is an email address, not a server name{advice}",
        at=host,
        fix=_host_fix(host.key, server) if server else None,
    )


def _main_host(profile: Profile | None) -> str | None:
    if profile is None or not profile.current_hosts:
        return None
    return profile.current_hosts[0].name


@rule(
    "SL205",
    "provider-mismatch",
    Severity.WARNING,
    "The login belongs to a different mailbox provider than the host",
    RuleDocs(
        what=(
            "Reports a username that is an address of one mailbox provider (me@gmail.com) "
            "used against another mailbox provider's server (smtp.office365.com), unless "
            "that server is known to accept the first provider's logins (Microsoft 365 "
            "takes Outlook.com accounts)."
        ),
        why=(
            "The server has no such account and rejects the login: Microsoft answers "
            '"535 5.7.3 Authentication unsuccessful", Gmail "535-5.7.8 Username and '
            'Password not accepted".'
        ),
        fix=(
            "Use the SMTP server of the provider that hosts the mailbox, named in the message "
            "(an unsafe fix), or the login of an account on the configured server."
        ),
        fails=Example(
            edited(
                GMAIL_IMPLICIT_TLS,
                SMTP_HOST="smtp.office365.com",
                SMTP_PORT="587",
                SMTP_SECURE="false",
            )
        ),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
    fixable=True,
)
def provider_mismatch(ctx: RuleContext) -> Iterator[Report]:
    config, match = ctx.config, ctx.match
    username, host = config.username, config.host
    if match is None or username is None or host is None:
        return
    if not isinstance(username.value, str) or "@" not in username.value:
        return
    server_owner = match.profile
    login_owner = ctx.profiles.profile_for_domain(username.value.rpartition("@")[2])
    if login_owner is None or server_owner.kind != "mailbox" or login_owner.kind != "mailbox":
        return
    if login_owner.id == server_owner.id or login_owner.id in server_owner.accepts_logins_from:
        return
    server = _main_host(login_owner)
    advice = f"; {login_owner.name} mail is sent through {server}" if server else ""
    yield Report(
        f"{quote(host)} is {server_owner.name} but {quote(username)} is a "
        f"{login_owner.name} login: the server rejects it with a 535 authentication "
        f"error{advice}",
        at=username,
        fix=_switch_provider_fix(config, login_owner, server) if server else None,
        severity=_hint_severity(match),
    )


def _switch_provider_fix(config: SmtpConfig, owner: Profile, server: str) -> Fix:
    host = config.host
    assert host is not None
    changes: tuple[Change, ...] = (Change(Field.HOST, server),)
    spec = owner.current_hosts[0]
    port, security = known_port(config), known_security(config)
    offered = owner.ports_for(spec)
    if port is None or not any(p.port == port for p in offered):
        suggestion = suggest_port(offered, security)
        if suggestion is not None:
            changes += pairing_changes(suggestion, security)
    return Fix(Applicability.UNSAFE, changes, f"set {host.key} to {server}")


@rule(
    "SL206",
    "missing-host",
    Severity.ERROR,
    "No SMTP host is set, so the client connects to localhost",
    RuleDocs(
        what=(
            "Reports a configuration that sets credentials or a submission port (465, 587) "
            "but no host, or leaves the host at the library default (Django: EMAIL_HOST "
            "defaults to localhost). The settings describe a remote provider; the client "
            "will talk to this machine."
        ),
        why=(
            "Nothing listens on localhost in production, so sending fails with "
            f"{REFUSED} (Nodemailer: \"connect ECONNREFUSED 127.0.0.1:587\")."
        ),
        fix=(
            "Set the host to your provider's SMTP server. Display-only: smtplint cannot know "
            "which server you meant."
        ),
        fails=Example(edited(GMAIL_DJANGO_STARTTLS, EMAIL_HOST=None)),
        passes=Example(GMAIL_DJANGO_STARTTLS),
    ),
)
def missing_host(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    host = config.host
    if host is not None and not host.is_default:
        return
    port = config.port
    written = port is not None and not port.is_default
    remote_port = written and known_port(config) in SUBMISSION_PORTS
    if not config.credentials_given and not remote_port:
        return
    reasons = []
    if config.credentials_given and config.username is not None:
        reasons.append(f"{config.username.key} is set")
    if remote_port and port is not None:
        reasons.append(f"{quote(port)}")
    if host is not None:
        target = host.value or "localhost"
        opening = f"{host.quoted()}: {library_name(config)} connects to {target}"
    else:
        opening = "no SMTP host is set: the client connects to localhost"
    yield Report(
        f"{opening}, but {' and '.join(reasons)}; sending fails with {REFUSED}",
        at=point_at(host, port, config.username),
        fix=Fix(
            Applicability.DISPLAY_ONLY,
            (),
            f"set {host.key if host is not None else 'the host'} to your provider's SMTP server",
        ),
    )


@rule(
    "SL207",
    "host-is-ip-address",
    Severity.WARNING,
    "TLS to a host given as an IP address",
    RuleDocs(
        what=(
            "Reports a host written as an IP address (not loopback) when the connection uses "
            "TLS (implicit, STARTTLS, or STARTTLS if offered) with certificate checks on."
        ),
        why=(
            "Certificates name host names, not addresses, so verification fails: Python "
            '"ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate '
            'verify failed: Hostname mismatch", '
            "Node \"Hostname/IP does not match certificate's altnames\". The usual reaction, "
            "switching verification off, exposes the login (SL108)."
        ),
        fix=(
            "Use the host name the server's certificate names. Display-only: the name cannot "
            "be derived from the address."
        ),
        fails=Example(
            "SMTP_HOST=203.0.113.25\n"
            "SMTP_PORT=465\n"
            "SMTP_SECURE=true\n"
            "SMTP_USER=alerts@mycompany.com\n"
            "SMTP_PASS=${SMTP_PASSWORD}\n"
            "SMTP_FROM=alerts@mycompany.com\n"
        ),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
)
def host_is_ip_address(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    host, security = config.host, known_security(config)
    if host is None or host.is_default or security is None:
        return
    if security is Security.NONE:
        return
    if config.verify_tls is not None and config.verify_tls.value is False:
        return  # SL108 reports the switched-off check
    name = host_name(config)
    if name is None or ip_literal(name) is None or ctx.on_local_host:
        return
    yield Report(
        f"{quote(host)} is an IP address: with {security.label} the server's "
        'certificate names a host name, so verification fails ("CERTIFICATE_VERIFY_FAILED '
        '… Hostname mismatch")',
        at=host,
        fix=Fix(
            Applicability.DISPLAY_ONLY,
            (),
            f"set {host.key} to the host name the server's certificate names",
        ),
    )
