"""What every env-file family builds with: entries, groups of keys, and settings made of them.

A family module (:mod:`~smtplint.sources.env_django`, :mod:`~smtplint.sources.env_laravel`
…) reads one :class:`Group` the way its library does. :class:`Group` and the helpers here
make the :class:`Setting` objects, so that every family records origins, defaults and
reasons the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from smtplint.model import (
    AuthMethod,
    Origin,
    Secret,
    Security,
    Setting,
    SmtpConfig,
    Span,
    ValueKind,
)
from smtplint.records import field, record
from smtplint.sources.common import default_setting
from smtplint.sources.smtp_url import Part
from smtplint.sources.values import MASK, parse_port, parse_seconds

T = TypeVar("T")


@record
class EnvEntry:
    """One assignment of an env file after interpolation, as the families see it."""

    key: str
    text: str | None = field(repr=False)  # the value; None when unknown (a reference)
    raw: str = field(repr=False)  # the value as written, inside its quotes
    kind: ValueKind
    reference: str | None  # the variable a reference names
    span: Span  # from the key to the end of the value
    key_span: Span
    value_span: Span  # inside the quotes
    verbatim: bool  # the file text of the value is exactly ``text`` (offsets map 1:1)


@record
class ProjectHints:
    """What the files next to the env file say about the libraries in use."""

    laravel_version: tuple[int, int, int] | None = None  # from composer.lock
    email_url_library: str | None = None  # DJANGO_ENVIRON or DJ_EMAIL_URL, from dependencies


NO_HINTS = ProjectHints()


@record(frozen=False)
class Group:
    """The keys of one prefix and namespace, e.g. ``SENTRY_`` + ``EMAIL``."""

    prefix: str
    namespace: str
    entries: dict[str, EnvEntry]  # stem → entry, in file order

    @property
    def name(self) -> str:
        return f"{self.prefix}{self.namespace}_"

    def get(self, *stems: str) -> EnvEntry | None:
        """The entry of the first stem written."""
        return next((self.entries[s] for s in stems if s in self.entries), None)

    def key(self, stem: str) -> str:
        return self.prefix + stem

    def anchor(self) -> Span:
        return min(entry.key_span for entry in self.entries.values())

    def text(self, *stems: str) -> Setting[str] | None:
        return self.converted(lambda text: text, *stems)

    def port(self, *stems: str) -> Setting[int] | None:
        return self.converted(parse_port, *stems)

    def seconds(self, *stems: str) -> Setting[float] | None:
        return self.converted(parse_seconds, *stems)

    def converted(self, convert: Callable[[str], T | None], *stems: str) -> Setting[T] | None:
        """The first of ``stems`` written, its value converted; None when none is written."""
        entry = self.get(*stems)
        if entry is None:
            return None
        value = None if entry.text is None else convert(entry.text)
        return Setting(value, origin_of(entry), entry.raw)

    def secret(self, *stems: str) -> Setting[Secret] | None:
        entry = self.get(*stems)
        if entry is None:
            return None
        value = None if entry.text is None else Secret(entry.text)
        return Setting(value, origin_of(entry), MASK)

    def default(self, stem: str, value: T | None, raw: str) -> Setting[T]:
        """The library's value for ``stem``, which the group does not set."""
        return default_setting(self.key(stem), value, raw)


Builder = Callable[[Group, Path, ProjectHints], SmtpConfig]


@record
class Family:
    """A library's reading of one namespace of keys."""

    name: str
    label: str  # for messages: "Django", "Laravel", …
    namespace: str
    reads: frozenset[str]  # stems the library reads
    core: frozenset[str]  # stems that make a group a configuration on their own
    senders: frozenset[str]  # stems naming only the sender
    build: Builder
    # stem → weight, to pick a family for a namespace; security flags weigh most because
    # they decide how the other values are read
    markers: Mapping[str, int] = field(default_factory=dict)
    # another family's stem → (the stem read instead, whether it means the same)
    aliases: Mapping[str, tuple[str, bool]] = field(default_factory=dict)


# --- settings from entries -----------------------------------------------------------------


def origin_of(entry: EnvEntry, part: Part | None = None) -> Origin:
    """Where a value (or one part of it) was written."""
    return Origin(entry.key, _narrow(entry, part), entry.kind, entry.reference)


def _narrow(entry: EnvEntry, part: Part | None) -> Span:
    """The span of part of a value, when the value is written verbatim on one line."""
    span = entry.value_span
    if part is None or not entry.verbatim or span.line != span.end_line:
        return entry.span
    return Span(span.line, span.column + part.start, span.line, span.column + part.end)


def flag_of(entry: EnvEntry, mode: Security) -> Setting[Security]:
    """A key that asked for a security mode."""
    return Setting(mode, origin_of(entry), entry.raw)


def unknown_security(entry: EnvEntry) -> Setting[Security]:
    """A key that decides the security mode with a value not known (or not accepted)."""
    return Setting(None, origin_of(entry), entry.raw)


def first(*settings: Setting[T] | None) -> Setting[T] | None:
    return next((s for s in settings if s is not None), None)


# --- defaults ---------------------------------------------------------------------------------


def password_auth(
    username: Setting[str] | None, password: Setting[Secret] | None, user_key: str
) -> Setting[AuthMethod]:
    """Password authentication when both a username and a password are given."""
    if username is not None and password is not None and _given(username) and _given(password):
        return Setting(AuthMethod.PASSWORD, username.origin, username.raw)
    return default_setting(username.key if username else user_key, AuthMethod.NONE, "none")


def _given(setting: Setting[T]) -> bool:
    if setting.kind in (ValueKind.REFERENCE, ValueKind.UNRESOLVED):
        return True
    return bool(setting.value)


# --- for messages -----------------------------------------------------------------------------


def _describe(setting: Setting[T]) -> str:
    if setting.kind is ValueKind.DEFAULT:
        return f"{setting.key} not set"
    return f"{setting.key}={setting.raw}"


def as_object(setting: Setting[T]) -> Setting[object]:
    return Setting(setting.value, setting.origin, setting.raw)


def security_reason(security: Setting[Security], port: Setting[int]) -> str:
    """Why the connection uses the mode it does: the deciding key and the port."""
    if security.value is None:
        if security.kind in (ValueKind.REFERENCE, ValueKind.UNRESOLVED):
            return f"{security.key} is only known at run time: security unknown"
        return f"{_describe(security)}: security unknown"
    port_text = port.raw if port.raw is not None else str(port.value)
    port_part = f"port {port_text}" + (" (default)" if port.is_default else "")
    return f"{_describe(security)} and {port_part} ⇒ {security.value.label}"
