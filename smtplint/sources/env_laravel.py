"""Laravel ``MAIL_*`` keys, as ``config/mail.php`` hands them to Symfony Mailer.

Laravel's ``env()`` reads ``null``/``(null)`` as unset, so the config default applies at that
line. Defaults and the keys read depend on the framework version, taken from composer.lock
when there is one (formats.md §4.2 and §4.3).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from smtplint.model import IgnoredKey, Security, Setting, SmtpConfig, ValueKind
from smtplint.sources.common import default_setting
from smtplint.sources.env_settings import (
    Family,
    Group,
    ProjectHints,
    first,
    flag_of,
    password_auth,
    security_reason,
    unknown_security,
)
from smtplint.sources.env_url import UrlFields, url_fields
from smtplint.sources.smtp_url import read_symfony
from smtplint.sources.values import laravel_env

T = TypeVar("T")

_SCHEME_CHANGE = (11, 35, 0)  # laravel/framework v11.35.0 stopped reading MAIL_ENCRYPTION
_NON_SMTP_MAILERS = frozenset(
    {"log", "array", "ses", "ses-v2", "postmark", "mailgun", "resend", "sendmail"}
)


def _without_nulls(group: Group) -> Group:
    """The group without the keys ``env()`` reads as null: those count as unset."""
    entries = {
        stem: entry
        for stem, entry in group.entries.items()
        if entry.text is None or laravel_env(entry.text) is not None
    }
    return Group(group.prefix, group.namespace, entries)


def _default(group: Group, stem: str, value: T, raw: str) -> Setting[T]:
    """The config default of an unset key, pointing at its ``null`` line if there is one."""
    unset = group.get(stem)
    return default_setting(group.key(stem), value, raw, None if unset is None else unset.span)


def _build(group: Group, path: Path, hints: ProjectHints) -> SmtpConfig:
    version = hints.laravel_version
    eleven = version is None or version >= (11, 0, 0)
    version_text = (
        "Laravel ≥ 11.35 (no composer.lock: current semantics)"
        if version is None
        else f"Laravel {'.'.join(map(str, version))}"
    )
    written = _without_nulls(group)
    ignored: list[IgnoredKey] = []
    sends, mailer_note = _mailer(group, written, version, ignored)
    port = written.port("MAIL_PORT")
    default_port = 2525 if eleven else 587
    fallback = port.value if port else default_port
    url = url_fields(written.get("MAIL_URL"), lambda parsed: read_symfony(parsed, fallback))
    port = first(url.port, port) or _default(group, "MAIL_PORT", default_port, str(default_port))
    flags = list(url.flags)
    security = _security(group, written, port, flags, url)
    _encryption(written, version is None or version >= _SCHEME_CHANGE, ignored)
    host_default = "127.0.0.1" if eleven else "smtp.mailgun.org"
    host = first(url.host, written.text("MAIL_HOST")) or _default(
        group, "MAIL_HOST", host_default, host_default
    )
    username = first(url.username, written.text("MAIL_USERNAME"))
    password = first(url.password, written.secret("MAIL_PASSWORD"))
    sender = written.text("MAIL_FROM_ADDRESS") or _default(
        group, "MAIL_FROM_ADDRESS", "hello@example.com", "hello@example.com"
    )
    # config/mail.php sets 'timeout' => null: Symfony then uses PHP's default_socket_timeout
    # (SocketStream::getTimeout), 60 seconds unless php.ini changes it.
    timeout = default_setting(
        "mail.mailers.smtp.timeout", 60.0, "60 s (PHP default_socket_timeout)"
    )
    interpretation = f"{version_text} / Symfony Mailer: {_reason(security, port)}{mailer_note}"
    return SmtpConfig(
        path=path,
        name=group.name,
        family="laravel",
        interpretation=interpretation,
        anchor=group.anchor(),
        host=host,
        port=port,
        security=security,
        security_flags=tuple(flags),
        auth=password_auth(username, password, group.key("MAIL_USERNAME")),
        username=username,
        password=password,
        sender=sender,
        timeout=timeout,
        verify_tls=url.verify_tls(),
        url=url.url,
        url_problems=url.problems,
        ignored_keys=tuple(ignored),
        sends_over_smtp=sends,
    )


def _mailer(
    group: Group,
    written: Group,
    version: tuple[int, int, int] | None,
    ignored: list[IgnoredKey],
) -> tuple[bool, str]:
    """Whether the default mailer speaks SMTP, and a note for the interpretation. A lone
    MAIL_DRIVER marks a Laravel ≤ 6 app and is read as the mailer unless composer.lock says
    the app is newer."""
    eleven = version is None or version >= (11, 0, 0)
    mailer = written.get("MAIL_MAILER")
    driver = written.get("MAIL_DRIVER")
    # a MAIL_MAILER written as null still marks an app of Laravel 7 or later
    driver_read = group.get("MAIL_MAILER") is None and (version is None or version < (7, 0, 0))
    if driver is not None and not driver_read:
        ignored.append(
            IgnoredKey(
                driver.key,
                driver.key_span,
                "MAIL_DRIVER was renamed MAIL_MAILER in Laravel 7; MAIL_MAILER is the one read",
                group.key("MAIL_MAILER"),
            )
        )
    chosen = mailer or (driver if driver_read else None)
    if chosen is None:
        default = "log" if eleven else "smtp"
        return default == "smtp", f"; MAIL_MAILER not set ⇒ '{default}' mailer"
    if chosen.text is None:
        return True, ""
    name = chosen.text.strip().lower()
    note = "" if chosen is mailer else "; MAIL_DRIVER read as the mailer (Laravel ≤ 6 name)"
    if name in _NON_SMTP_MAILERS:
        return False, f"{note}; {chosen.key}={chosen.raw} does not send over SMTP"
    return True, note


def _security(
    group: Group,
    written: Group,
    port: Setting[int],
    flags: list[Setting[Security]],
    url: UrlFields,
) -> Setting[Security]:
    """The URL's scheme, else MAIL_SCHEME, else the port: implicit TLS on 465, STARTTLS if
    offered elsewhere. Keys that asked for a mode are appended to ``flags``."""
    from_url = url.security()
    if from_url is not None:
        return from_url
    entry = written.get("MAIL_SCHEME")
    if entry is not None:
        if entry.text is None:
            return unknown_security(entry)
        scheme = entry.text.strip().lower()
        if scheme == "smtps":
            flags.append(flag_of(entry, Security.TLS))
            return flags[-1]
        if scheme == "smtp":
            mode = Security.TLS if port.value == 465 else Security.OPPORTUNISTIC
            flags.append(flag_of(entry, mode))
            return flags[-1]
        if scheme:  # tls, ssl, starttls…: Symfony has no such transport scheme
            return unknown_security(entry)
    if port.value == 465:
        return _default(group, "MAIL_SCHEME", Security.TLS, "smtps (port 465)")
    return _default(group, "MAIL_SCHEME", Security.OPPORTUNISTIC, "smtp")


def _reason(security: Setting[Security], port: Setting[int]) -> str:
    if security.value is None and security.kind is ValueKind.LITERAL:
        return (
            f"{security.key}={security.raw} is not a scheme Symfony Mailer accepts "
            "(smtp or smtps): security unknown"
        )
    if security.kind is ValueKind.DEFAULT:
        scheme = "smtps://" if security.value is Security.TLS else "smtp://"
        label = security.value.label if security.value else "unknown"
        return f"{security.key} unset and port {port.raw or port.value} ⇒ {scheme} with {label}"
    return security_reason(security, port)


def _encryption(written: Group, current: bool, ignored: list[IgnoredKey]) -> None:
    """MAIL_ENCRYPTION is read only by laravel/framework < 11.35, and only as 'tls'."""
    entry = written.get("MAIL_ENCRYPTION")
    if entry is None or entry.text == "":
        return
    if current:
        reason = (
            "laravel/framework ≥ 11.35 does not read MAIL_ENCRYPTION; MAIL_SCHEME=smtps "
            "selects implicit TLS, smtp (or unset) STARTTLS if offered"
        )
    elif entry.text is not None and entry.text.strip().lower() == "tls":
        return  # read: smtps on port 465, smtp otherwise (the port rule gives the same)
    else:
        reason = (
            "laravel/framework < 11.35 reads MAIL_ENCRYPTION only when it is 'tls'; "
            "any other value has no effect"
        )
    ignored.append(IgnoredKey(entry.key, entry.key_span, reason, written.key("MAIL_SCHEME")))


FAMILY = Family(
    name="laravel",
    label="Laravel",
    namespace="MAIL",
    reads=frozenset(
        {
            "MAIL_MAILER",
            "MAIL_DRIVER",
            "MAIL_HOST",
            "MAIL_PORT",
            "MAIL_USERNAME",
            "MAIL_PASSWORD",
            "MAIL_SCHEME",
            "MAIL_ENCRYPTION",
            "MAIL_FROM_ADDRESS",
            "MAIL_FROM_NAME",
            "MAIL_URL",
            "MAIL_EHLO_DOMAIN",
            "MAIL_LOG_CHANNEL",
        }
    ),
    core=frozenset({"MAIL_HOST", "MAIL_MAILER", "MAIL_DRIVER", "MAIL_URL"}),
    senders=frozenset({"MAIL_FROM_ADDRESS", "MAIL_FROM_NAME"}),
    build=_build,
    markers={
        "MAIL_MAILER": 2,
        "MAIL_DRIVER": 2,
        "MAIL_SCHEME": 2,
        "MAIL_ENCRYPTION": 2,
        "MAIL_FROM_ADDRESS": 2,
        "MAIL_HOST": 1,
        "MAIL_FROM_NAME": 1,
        "MAIL_URL": 1,
        "MAIL_EHLO_DOMAIN": 1,
    },
    aliases={
        "MAIL_SERVER": ("MAIL_HOST", True),
        "MAIL_USE_TLS": ("MAIL_SCHEME", False),
        "MAIL_USE_SSL": ("MAIL_SCHEME", False),
        "MAIL_DEFAULT_SENDER": ("MAIL_FROM_ADDRESS", True),
        "MAIL_FROM": ("MAIL_FROM_ADDRESS", True),
        "MAIL_USER": ("MAIL_USERNAME", True),
        "MAIL_PASS": ("MAIL_PASSWORD", True),
    },
)
