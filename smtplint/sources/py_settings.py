"""Canonical settings made from evaluated Python values.

A setting's span is the expression to edit (its origin's key is the setting name as the
library reads it); a value from another file has no span, so findings about it land on
the configuration's anchor. Values read from an email URL use the URL's own settings,
which point at the URL part. A password is a :class:`Secret` with a masked ``raw``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from smtplint.model import Origin, Secret, Security, Setting, Span, StringFlag, ValueKind
from smtplint.records import record, replace
from smtplint.sources.env_url import UrlFields
from smtplint.sources.py_values import UNKNOWN, Binding, PySeq, PyValue, is_data, truthiness
from smtplint.sources.values import MASK, parse_port, parse_seconds

T = TypeVar("T")


def origin(binding: Binding, key: str | None = None) -> Origin:
    value = binding.value
    kind = value.kind if is_data(value.value) or not value.known else ValueKind.UNRESOLVED
    return Origin(key or binding.key, value.span or binding.key_span, kind, value.reference)


def _read_whole_from_environment(value: PyValue) -> bool:
    """An environment variable's own text with no default, only known at run time."""
    return not value.known and value.reference is not None and value.env_string


def _data(value: PyValue) -> object:
    """The value as a setting holds it; UNKNOWN for what is not data (an imported name of a
    module that was not read, a function)."""
    return value.value if is_data(value.value) else UNKNOWN


def as_text(value: object) -> str | None:
    """A text setting's value; a ``(name, address)`` tuple is Flask-Mail's ``name <address>``."""
    if isinstance(value, str):
        return value
    if isinstance(value, PySeq) and len(value.items) == 2:
        name, address = (item.value for item in value.items)
        if isinstance(name, str) and isinstance(address, str):
            return f"{name} <{address}>"
    return None


def as_port(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return parse_port(value)
    return None


def as_seconds(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value >= 0 else None
    if isinstance(value, str):
        return parse_seconds(value)
    return None


@record
class Keys:
    """The bindings of one configuration, read as settings named by ``display``."""

    bindings: Mapping[str, Binding]
    display: Callable[[str], str] = str

    def get(self, name: str) -> Binding | None:
        return self.bindings.get(name)

    def url_of(self, name: str) -> UrlFields | None:
        """The email URL the binding of ``name`` was read from, if it was."""
        binding = self.bindings.get(name)
        return None if binding is None else binding.value.url

    def setting(self, name: str, convert: Callable[[object], T | None]) -> Setting[T] | None:
        binding = self.bindings.get(name)
        if binding is None:
            return None
        value = binding.value
        data = _data(value)
        converted = convert(data) if data is not UNKNOWN else None
        raw = value.raw or value.expression
        return Setting(converted, origin(binding, self.display(name)), raw)

    def text(self, name: str) -> Setting[str] | None:
        return self.setting(name, as_text)

    def port(self, name: str) -> Setting[int] | None:
        return self.setting(name, as_port)

    def seconds(self, name: str) -> Setting[float] | None:
        return self.setting(name, as_seconds)

    def secret(self, name: str) -> Setting[Secret] | None:
        binding = self.bindings.get(name)
        if binding is None:
            return None
        if _read_whole_from_environment(binding.value):
            # os.environ["EMAIL_HOST_PASSWORD"]: the way to keep a secret out of the file,
            # as SMTP_PASS=${SMTP_PASSWORD} is in an env file
            found = origin(binding, self.display(name))
            return Setting(None, replace(found, kind=ValueKind.REFERENCE), MASK)
        value = _data(binding.value)
        secret = None
        if value is None:
            secret = Secret("")  # None means no login, as an empty password does
        elif isinstance(value, str):
            secret = Secret(value)
        return Setting(secret, origin(binding, self.display(name)), MASK)

    def flag(self, name: str, mode: Security) -> Setting[Security] | None:
        """A TLS/SSL flag as ``if flag:`` reads it: ``mode`` when true, Security.NONE when
        false, None (value unknown) when not known. None when the key is not written."""
        binding = self.bindings.get(name)
        if binding is None:
            return None
        value = binding.value
        truth = truthiness(_data(value))
        found = None if truth is None else (mode if truth else Security.NONE)
        url = value.url
        if url is not None and url.url is not None and value.part == "flag":
            # the scheme (smtp+ssl://) or query option (?ssl=True) that asked for it
            asked = url.flag_for(mode) if found is mode else None
            return asked or Setting(found, url.url.origin, url.url.raw)
        return Setting(found, origin(binding, self.display(name)), value.raw)

    def string_flag(self, name: str, setting: Setting[Security]) -> StringFlag | None:
        """Text from the environment used as the flag's truth value, or a 1-tuple (a stray
        trailing comma) that is true whatever it holds."""
        binding = self.bindings.get(name)
        if binding is None:
            return None
        value = binding.value
        stray_comma = (
            isinstance(value.value, PySeq) and value.value.is_tuple and len(value.value.items) == 1
        )
        if not value.env_string and not stray_comma:
            return None
        return StringFlag(Setting(setting.value, setting.origin, setting.raw), value.expression)

    def anchor(self) -> Span | None:
        spans = [b.key_span for b in self.bindings.values() if b.key_span is not None]
        return min(spans) if spans else None


def unresolved(*settings: Setting[object] | None) -> tuple[Setting[object], ...]:
    """The settings whose value only the running application knows, each place once."""
    found: dict[tuple[str, Span | None], Setting[object]] = {}
    for setting in settings:
        if setting is not None and setting.kind is ValueKind.UNRESOLVED:
            found.setdefault((setting.key, setting.origin.span), setting)
    return tuple(found.values())


@record
class FlagReading:
    """What a pair of TLS/SSL flags asks for."""

    security: Setting[Security]
    flags: tuple[Setting[Security], ...]  # every flag switched on, implicit TLS first
    string_flags: tuple[StringFlag, ...]
    unknown: tuple[Setting[Security], ...]  # flags whose value only the running app knows


def read_flags(
    keys: Keys, implicit: str, starttls: str, *, plain: Setting[Security] | None = None
) -> FlagReading:
    """The implicit-TLS flag wins over the STARTTLS flag (both on is the library's error,
    left to the rules); with neither on the connection is plaintext, as ``plain`` (a URL
    scheme) or the flag written false says, else by default."""
    flags: list[Setting[Security]] = []
    string_flags: list[StringFlag] = []
    unknown: list[Setting[Security]] = []
    written_off = None
    for name, mode in ((implicit, Security.TLS), (starttls, Security.STARTTLS)):
        setting = keys.flag(name, mode)
        if setting is None:
            continue
        string_flag = keys.string_flag(name, setting)
        if string_flag is not None:
            string_flags.append(string_flag)
        if setting.value is None:
            unknown.append(setting)
        elif setting.value is mode:
            flags.append(setting)
        elif written_off is None:
            written_off = setting
    if flags:
        security = flags[0]
    elif unknown:
        security = unknown[0]
    else:
        security = (
            plain
            or written_off
            or Setting(
                Security.NONE, Origin(keys.display(starttls), None, ValueKind.DEFAULT), "False"
            )
        )
    return FlagReading(security, tuple(flags), tuple(string_flags), tuple(unknown))
