"""Port and security facts for the transport rules: what a port expects, what the matched
provider offers, and which port/security pairing to suggest instead.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from smtplint.hosts import IMPLICIT_TLS_PORTS, STARTTLS_PORTS
from smtplint.model import Change, Field, Security, Setting, SmtpConfig
from smtplint.profiles.schema import HostSpec, PortSpec, Profile
from smtplint.records import record
from smtplint.rules._hostnames import host_name
from smtplint.rules._secret_shapes import mask_userinfo
from smtplint.rules.base import RuleContext

SECURITY_OF = {"none": Security.NONE, "starttls": Security.STARTTLS, "tls": Security.TLS}
# Provider kinds that take submissions from mail clients and apps (not relays or catchers).
SUBMISSION_KINDS = frozenset({"mailbox", "esp"})
_MODE_OF = {
    Security.NONE: "none",
    Security.OPPORTUNISTIC: "starttls",
    Security.STARTTLS: "starttls",
    Security.TLS: "tls",
}
_MODE_LABELS = {"none": "no encryption", "starttls": "STARTTLS", "tls": "implicit TLS"}

# On a development relay any port may carry any mode (Mailpit, MailHog and friends let the
# user choose), so only the IANA-registered relay, submission and submissions ports count.
_LOCAL_STANDARD = {25: "starttls", 587: "starttls", 465: "tls"}

_LIBRARIES = {
    "django": "Django",
    "flask": "Flask-Mail",
    "flask-mail": "Flask-Mail",
    "flask-mailman": "Flask-Mailman",
    "nodemailer": "Nodemailer",
    "node-email": "Nodemailer",
    "laravel": "Laravel",
    "symfony": "Symfony Mailer",
    "thunderbird": "Thunderbird",
}


@record
class Provider:
    """A provider profile whose host list names the configured host (not just its domain)."""

    profile: Profile
    spec: HostSpec
    host: str  # the configured host, normalised

    @property
    def ports(self) -> tuple[PortSpec, ...]:
        return self.profile.ports_for(self.spec)

    def offers(self, port: int) -> bool:
        return any(p.port == port for p in self.ports)


def connects_locally(ctx: RuleContext) -> bool:
    """True when the client connects to this machine or a private development relay.

    No host setting at all means the library's default, which is localhost everywhere.
    A host whose value is not known (an environment reference) is not assumed local.
    """
    return ctx.config.host is None or ctx.on_local_host


def provider(ctx: RuleContext) -> Provider | None:
    """The matched provider when its port facts can be trusted for this host.

    Only exact and pattern matches of a verified host entry count; local relays and
    ``local`` profiles are left out because their ports are the user's own choice.
    """
    match = ctx.match
    if match is None or match.host is None or match.kind == "domain":
        return None
    if not match.host.verified or match.profile.kind == "local":
        return None
    name = host_name(ctx.config)
    if name is None or connects_locally(ctx):
        return None
    return Provider(match.profile, match.host, name)


def known_port(config: SmtpConfig) -> int | None:
    """The port the client uses, when it is known and a valid TCP port."""
    port = config.port
    if port is None or not isinstance(port.value, int) or isinstance(port.value, bool):
        return None
    return port.value if 1 <= port.value <= 65535 else None


def known_security(config: SmtpConfig) -> Security | None:
    return None if config.security is None else config.security.value


def modes_for(ctx: RuleContext, port: int) -> frozenset[str]:
    """The security modes a server on ``port`` speaks: ``none``, ``starttls``, ``tls``.

    The matched provider's port list wins (some ESPs speak STARTTLS on 465); otherwise the
    standard meaning of the port. Empty when nothing is known about the port.
    """
    found = provider(ctx)
    if found is not None:
        listed = frozenset(p.security for p in found.ports if p.port == port)
        if listed:
            return listed
    if connects_locally(ctx):
        mode = _LOCAL_STANDARD.get(port)
        return frozenset() if mode is None else frozenset({mode})
    if port in IMPLICIT_TLS_PORTS:
        return frozenset({"tls"})
    if port in STARTTLS_PORTS:
        return frozenset({"starttls"})
    return frozenset()


class Mismatch(enum.Enum):
    IMPLICIT_ON_PLAINTEXT_PORT = "implicit TLS on a port that starts in plaintext"
    PLAINTEXT_ON_IMPLICIT_PORT = "plaintext start on an implicit-TLS port"


def pairing_mismatch(ctx: RuleContext) -> Mismatch | None:
    """How the security mode and the port disagree, if they do (SL101 / SL102)."""
    config = ctx.config
    if conflicting_flags(config) is not None:
        return None  # SL103 reports this configuration
    security, port = known_security(config), known_port(config)
    if security is None or port is None:
        return None
    modes = modes_for(ctx, port)
    if not modes:
        return None
    if security is Security.TLS and "tls" not in modes:
        return Mismatch.IMPLICIT_ON_PLAINTEXT_PORT
    if security is not Security.TLS and modes == {"tls"}:
        return Mismatch.PLAINTEXT_ON_IMPLICIT_PORT
    return None


def conflicting_flags(config: SmtpConfig) -> tuple[Setting[Security], Setting[Security]] | None:
    """A STARTTLS flag and an implicit-TLS flag both switched on, in file order."""
    starttls = [f for f in config.security_flags if f.value is Security.STARTTLS]
    tls = [f for f in config.security_flags if f.value is Security.TLS]
    if not starttls or not tls:
        return None
    first, second = sorted((starttls[0], tls[0]), key=_position)
    return first, second


def _position(setting: Setting[Security]) -> tuple[int, int]:
    span = setting.origin.span
    return (span.line, span.column) if span is not None else (1 << 30, 0)


def mode_of(security: Security | None) -> str | None:
    """The port-list name of a security mode; opportunistic STARTTLS counts as STARTTLS."""
    return None if security is None else _MODE_OF[security]


def suggest_port(
    offered: Sequence[PortSpec], current: Security | None, *, avoid: int | None = None
) -> PortSpec | None:
    """The encrypted port to suggest: one that keeps the current mode if there is one,
    the recommended one among those, else the recommended port."""
    candidates = [p for p in offered if p.port != avoid and p.security != "none"]
    if not candidates:
        return None
    same_mode = [p for p in candidates if p.security == mode_of(current)]
    pool = same_mode or candidates
    return next((p for p in pool if p.recommended), pool[0])


def pairing_changes(spec: PortSpec, current: Security | None) -> tuple[Change, ...]:
    """Set the port, and the security mode too when the current one does not fit it."""
    changes = [Change(Field.PORT, spec.port)]
    if mode_of(current) != spec.security:
        changes.append(Change(Field.SECURITY, SECURITY_OF[spec.security]))
    return tuple(changes)


def describe_pairing(spec: PortSpec) -> str:
    return f"{spec.port} with {_MODE_LABELS[spec.security]}"


def describe_ports(offered: Sequence[PortSpec]) -> str:
    return ", ".join(describe_pairing(p) for p in offered)


def quote(setting: Setting[object]) -> str:
    """``KEY=value`` for a message; enum values without raw text show their meaning, and a
    password inside URL-shaped text (a setting read from ``EMAIL_URL``) is masked."""
    if setting.raw is None and isinstance(setting.value, Security):
        if setting.is_default:
            return f"{setting.key} not set (default {setting.value.label})"
        return f"{setting.key}={setting.value.label}"
    return mask_userinfo(setting.quoted())


def library_name(config: SmtpConfig) -> str:
    return config.library or _LIBRARIES.get(config.family.lower(), "the library")

