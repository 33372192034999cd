"""A ``*_URL`` key of an env file read as the settings it spells out.

A family passes the reading of its own library (:mod:`smtplint.sources.smtp_url`); the parts
the URL spells out win over the family's separate keys. Parts of a URL written verbatim point
at their own columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from smtplint.model import Ambiguity, Origin, Secret, Security, Setting, UrlProblem, ValueKind
from smtplint.records import record, replace
from smtplint.sources.env_settings import EnvEntry, as_object, first, origin_of
from smtplint.sources.smtp_url import (
    DJ_EMAIL_URL,
    DJANGO_ENVIRON,
    NODEMAILER,
    SYMFONY,
    Part,
    SmtpUrl,
    UrlReading,
    mask_password_in_text,
    masked_url,
    parse_smtp_url,
)
from smtplint.sources.values import MASK

T = TypeVar("T")


@record
class UrlFields:
    """The settings a URL key gives; all None (:data:`NO_URL`) when the group has none."""

    url: Setting[str] | None = None  # the whole URL, password masked
    parsed: SmtpUrl | None = None
    reading: UrlReading | None = None
    host: Setting[str] | None = None
    port: Setting[int] | None = None
    username: Setting[str] | None = None
    password: Setting[Secret] | None = None
    flags: tuple[Setting[Security], ...] = ()
    problems: tuple[UrlProblem, ...] = ()

    def flag_for(self, mode: Security) -> Setting[Security] | None:
        return next((f for f in self.flags if f.value is mode), None)

    def from_scheme(self, mode: Security | None) -> Setting[Security] | None:
        """A mode the URL as a whole decides, shown as its scheme; None without a URL."""
        if self.url is None or self.parsed is None:
            return None
        return Setting(mode, self.url.origin, f"{self.parsed.scheme}://")

    def security(self) -> Setting[Security] | None:
        """The mode the library reads from the URL: the flag that asked for it, else the
        scheme; None when the URL leaves it to the other keys."""
        mode = self.reading.security if self.reading else None
        if mode is None:
            return None
        return first(self.flag_for(mode), self.from_scheme(mode))

    def verify_tls(self) -> Setting[bool] | None:
        if self.url is None or self.reading is None or self.reading.verify_tls is None:
            return None
        return Setting(self.reading.verify_tls, self.url.origin, self.url.raw)


NO_URL = UrlFields()


_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}")


@record
class _Reference:
    start: int
    end: int
    name: str


def _with_placeholders(entry: EnvEntry) -> tuple[EnvEntry, tuple[_Reference, ...]]:
    """A URL such as ``smtp://me:${SMTP_PASSWORD}@host:587`` is only partly known: stand a
    same-length placeholder in for each unresolved ``${VAR}`` so the known parts can be
    read, and remember where the references were."""
    if entry.text is not None or "${" not in entry.raw:
        return entry, ()
    references = tuple(
        _Reference(m.start(), m.end(), m.group(1)) for m in _REFERENCE.finditer(entry.raw)
    )
    text = _REFERENCE.sub(lambda m: "x" * len(m.group(0)), entry.raw)
    if "://" not in text:
        return entry, ()  # the URL itself comes from elsewhere
    known = replace(
        entry, text=text, kind=ValueKind.LITERAL, reference=None, verbatim="\\" not in entry.raw
    )
    return known, references


def _part_setting(
    entry: EnvEntry,
    name: str,
    part: Part | None,
    value: T | None,
    raw: str,
    references: tuple[_Reference, ...],
) -> Setting[T]:
    """A setting for one part of a URL; a part written as a ``${VAR}`` reference has no
    static value."""
    origin = replace(origin_of(entry, part), part=name)
    for reference in references:
        if part is not None and reference.start < part.end and part.start < reference.end:
            unknown = Origin(origin.key, origin.span, ValueKind.REFERENCE, reference.name)
            return Setting(None, unknown, raw)
    return Setting(value, origin, raw)


def url_fields(entry: EnvEntry | None, read: Callable[[SmtpUrl], UrlReading]) -> UrlFields:
    """The URL ``entry`` holds as ``read`` reads it; a value that is no URL gives only
    the whole (masked) setting."""
    if entry is None:
        return NO_URL
    entry, references = _with_placeholders(entry)
    parsed = None if entry.text is None else parse_smtp_url(entry.text)
    raw_url = parse_smtp_url(entry.raw)
    raw = masked_url(entry.raw, raw_url) if raw_url else mask_password_in_text(entry.raw)
    if parsed is None or entry.text is None:
        value = None if entry.text is None else mask_password_in_text(entry.text)
        return UrlFields(Setting(value, origin_of(entry), raw))
    url = Setting(masked_url(entry.text, parsed), origin_of(entry), raw)
    reading = read(parsed)
    flags: list[Setting[Security]] = []
    if reading.scheme_security is not None:
        scheme = replace(origin_of(entry, Part(0, len(parsed.scheme))), part="scheme")
        flags.append(Setting(reading.scheme_security, scheme, f"{parsed.scheme}://"))
    for name, mode in reading.query_flags:
        flags.append(Setting(mode, origin_of(entry), f"{entry.key} ?{name}="))
    host = port = username = password = None
    if parsed.host is not None:
        host = _part_setting(entry, "host", parsed.host_part, parsed.host, parsed.host, references)
    if parsed.port_text is not None:
        port = _part_setting(
            entry, "port", parsed.port_part, parsed.port, parsed.port_text, references
        )
    if parsed.username is not None:
        username = _part_setting(
            entry, "username", parsed.username_part, parsed.username, parsed.username, references
        )
    if parsed.password is not None:
        password = _part_setting(
            entry, "password", parsed.password_part, parsed.password, MASK, references
        )
    problems = tuple(UrlProblem(url, p.part, p.characters) for p in parsed.problems)
    return UrlFields(url, parsed, reading, host, port, username, password, tuple(flags), problems)


_SMTPS_READINGS = (
    (DJANGO_ENVIRON, "STARTTLS (EMAIL_USE_TLS)"),
    (DJ_EMAIL_URL, "STARTTLS (EMAIL_USE_TLS)"),
    (NODEMAILER, "implicit TLS"),
    (SYMFONY, "implicit TLS"),
)


def smtps_ambiguity(fields: UrlFields) -> tuple[Ambiguity, ...]:
    """``smtps://`` means STARTTLS to the Python URL libraries, implicit TLS to the others."""
    if fields.url is None or fields.parsed is None or fields.reading is None:
        return ()
    if fields.parsed.scheme != "smtps":
        return ()
    mode = fields.reading.scheme_security or Security.TLS
    chosen = fields.reading.library
    flag = fields.flag_for(mode)
    setting = as_object(flag) if flag is not None else as_object(fields.url)
    reason = (
        f"{fields.url.key} uses smtps://, read here as {mode.label} ({chosen}); "
        "django-environ and dj-email-url read it as STARTTLS, Nodemailer and Symfony as "
        "implicit TLS"
    )
    return (Ambiguity(setting, _SMTPS_READINGS, chosen, reason),)
