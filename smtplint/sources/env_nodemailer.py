"""``SMTP_*`` and Node-style ``EMAIL_*`` keys, read the way a Nodemailer app reads them.

Node apps hand their env values to ``nodemailer.createTransport`` themselves, so the key
names vary; the readings follow Nodemailer's options (formats.md §4.4): ``secure`` (or an
implicit-TLS flag) wins, ``ignoreTLS`` beats ``requireTLS``, and an unset ``secure`` on
port 465 switches to implicit TLS.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from smtplint.model import Ambiguity, Security, Setting, SmtpConfig
from smtplint.records import record
from smtplint.sources.env_settings import (
    Builder,
    EnvEntry,
    Family,
    Group,
    ProjectHints,
    as_object,
    first,
    flag_of,
    password_auth,
    security_reason,
    unknown_security,
)
from smtplint.sources.env_url import smtps_ambiguity, url_fields
from smtplint.sources.smtp_url import read_nodemailer
from smtplint.sources.values import node_env_flag


@record
class NodeKeys:
    """The stems one key family uses for each Nodemailer option; the first is the main one."""

    label: str
    host: tuple[str, ...]
    port: tuple[str, ...]
    user: tuple[str, ...]
    password: tuple[str, ...]
    secure: tuple[str, ...]
    sender: tuple[str, ...]
    starttls: tuple[str, ...] = ()
    ambiguous_tls: tuple[str, ...] = ()
    ssl: tuple[str, ...] = ()
    ignore_tls: tuple[str, ...] = ()
    timeout: tuple[str, ...] = ()
    verify: tuple[str, ...] = ()
    url: tuple[str, ...] = ()

    def all(self) -> frozenset[str]:
        return frozenset(
            self.host
            + self.port
            + self.user
            + self.password
            + self.secure
            + self.sender
            + self.starttls
            + self.ambiguous_tls
            + self.ssl
            + self.ignore_tls
            + self.timeout
            + self.verify
            + self.url
        )


SMTP_KEYS = NodeKeys(
    label="SMTP_* read the Nodemailer way",
    host=("SMTP_HOST", "SMTP_SERVER", "SMTP_ADDRESS"),
    port=("SMTP_PORT",),
    user=("SMTP_USER", "SMTP_USERNAME", "SMTP_LOGIN"),
    password=("SMTP_PASS", "SMTP_PASSWORD"),
    secure=("SMTP_SECURE",),
    sender=("SMTP_FROM", "SMTP_FROM_EMAIL", "SMTP_SENDER", "MAIL_FROM", "EMAIL_FROM"),
    starttls=("SMTP_STARTTLS", "SMTP_REQUIRE_TLS"),
    ambiguous_tls=("SMTP_TLS",),
    ssl=("SMTP_SSL",),
    ignore_tls=("SMTP_IGNORE_TLS",),
    timeout=("SMTP_TIMEOUT",),
    verify=("SMTP_TLS_REJECT_UNAUTHORIZED", "SMTP_VERIFY"),
    url=("SMTP_URL",),
)

EMAIL_KEYS = NodeKeys(
    label="EMAIL_* read the Nodemailer way",
    host=("EMAIL_HOST",),
    port=("EMAIL_PORT",),
    user=("EMAIL_USER", "EMAIL_USERNAME"),
    password=("EMAIL_PASS", "EMAIL_PASSWORD"),
    secure=("EMAIL_SECURE",),
    sender=("EMAIL_FROM",),
)

_SMTP_TLS_READINGS = (("Rails-style apps", "STARTTLS"), ("Zitadel", "implicit TLS"))
_CONNECTION_TIMEOUT = 120.0  # connectionTimeout 2 min (greeting 30 s, socket 10 min)
_FALSE_WORDS = frozenset({"false", "0", "no", "off"})


def _builder(keys: NodeKeys, family: str) -> Builder:
    def build(group: Group, path: Path, hints: ProjectHints) -> SmtpConfig:
        url = url_fields(group.get(*keys.url), read_nodemailer)
        flags = list(url.flags)
        ambiguities = list(smtps_ambiguity(url))
        unknown = _read_flags(group, keys, flags, ambiguities)
        port = first(url.port, group.port(*keys.port))
        security = _security(group, keys.secure[0], flags, unknown, port)
        if port is None:
            default_port = 465 if security.value is Security.TLS else 587
            port = group.default(keys.port[0], default_port, str(default_port))
        username = first(url.username, group.text(*keys.user))
        password = first(url.password, group.secret(*keys.password))
        timeout = group.seconds(*keys.timeout) or group.default(
            keys.timeout[0] if keys.timeout else "EMAIL_TIMEOUT",
            _CONNECTION_TIMEOUT,
            "120 s (Nodemailer connection timeout)",
        )
        verify = first(group.converted(_verifies, *keys.verify), url.verify_tls())
        return SmtpConfig(
            path=path,
            name=group.name,
            family=family,
            interpretation=f"Nodemailer ({keys.label}): {security_reason(security, port)}",
            anchor=group.anchor(),
            host=first(url.host, group.text(*keys.host)),
            port=port,
            security=security,
            security_flags=tuple(flags),
            auth=password_auth(username, password, group.key(keys.user[0])),
            username=username,
            password=password,
            sender=group.text(*keys.sender),
            timeout=timeout,
            verify_tls=verify,
            url=url.url,
            url_problems=url.problems,
            ambiguities=tuple(ambiguities),
            sends_over_smtp=url.reading.sends_over_smtp if url.reading else True,
        )

    return build


def _read_flags(
    group: Group, keys: NodeKeys, flags: list[Setting[Security]], ambiguities: list[Ambiguity]
) -> EnvEntry | None:
    """Appends the mode each written flag asks for; returns the first flag whose value is
    only known at run time."""
    unknown: EnvEntry | None = None
    for stems, on_true, on_false in (
        (keys.secure, Security.TLS, Security.OPPORTUNISTIC),
        (keys.ssl, Security.TLS, None),
        (keys.starttls, Security.STARTTLS, None),
        (keys.ambiguous_tls, Security.STARTTLS, None),
        (keys.ignore_tls, Security.NONE, None),
    ):
        for stem in stems:
            entry = group.entries.get(stem)
            if entry is None:
                continue
            if entry.text is None:
                unknown = unknown or entry
                continue
            mode = on_true if node_env_flag(entry.text) else on_false
            if mode is None:
                continue
            flags.append(flag_of(entry, mode))
            if stem in keys.ambiguous_tls:
                ambiguities.append(_smtp_tls_ambiguity(flags[-1]))
    return unknown


def _security(
    group: Group,
    secure: str,
    flags: Sequence[Setting[Security]],
    unknown: EnvEntry | None,
    port: Setting[int] | None,
) -> Setting[Security]:
    if unknown is not None and not flags:
        return unknown_security(unknown)
    for mode in (Security.TLS, Security.NONE, Security.STARTTLS, Security.OPPORTUNISTIC):
        for flag in flags:
            if flag.value is mode:
                return flag
    if port is not None and port.value == 465:
        return group.default(secure, Security.TLS, "true (port 465)")
    return group.default(secure, Security.OPPORTUNISTIC, "false")


def _verifies(text: str) -> bool:
    return text.strip().lower() not in _FALSE_WORDS


def _smtp_tls_ambiguity(flag: Setting[Security]) -> Ambiguity:
    reason = (
        f"{flag.key} means STARTTLS in Rails-style configurations but implicit TLS in "
        "Zitadel; read as STARTTLS"
    )
    return Ambiguity(as_object(flag), _SMTP_TLS_READINGS, "Rails-style apps", reason)


SMTP_FAMILY = Family(
    name="nodemailer",
    label="Nodemailer-style SMTP_* configuration",
    namespace="SMTP",
    reads=SMTP_KEYS.all(),
    core=frozenset(SMTP_KEYS.host + SMTP_KEYS.url),
    senders=frozenset(SMTP_KEYS.sender),
    build=_builder(SMTP_KEYS, "nodemailer"),
)

EMAIL_FAMILY = Family(
    name="node-email",
    label="Nodemailer-style EMAIL_* configuration",
    namespace="EMAIL",
    reads=EMAIL_KEYS.all(),
    core=frozenset(EMAIL_KEYS.host),
    senders=frozenset(EMAIL_KEYS.sender),
    build=_builder(EMAIL_KEYS, "node-email"),
    markers={
        "EMAIL_USER": 2,
        "EMAIL_PASS": 2,
        "EMAIL_SECURE": 2,
        "EMAIL_USERNAME": 1,
        "EMAIL_PASSWORD": 1,
        "EMAIL_FROM": 1,
    },
    aliases={
        "EMAIL_HOST_USER": ("EMAIL_USER", True),
        "EMAIL_HOST_PASSWORD": ("EMAIL_PASS", True),
        "EMAIL_USE_SSL": ("EMAIL_SECURE", True),
        "EMAIL_USE_TLS": ("EMAIL_SECURE", False),
        "DEFAULT_FROM_EMAIL": ("EMAIL_FROM", True),
    },
)
