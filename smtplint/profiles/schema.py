"""The shape of a provider profile (one TOML file per provider in ``profiles/``).

Every fact carries where it came from: ``sources`` at the profile level, plus optional
``source`` / ``verified`` on the facts most likely to change. A claim that could not be
checked is written with ``verified = false`` and rules treat it as a hint only.

The types are plain frozen records (``smtplint.records``), so reading the shipped (already
checked) profiles needs no validation library. The constraints in
``Annotated[..., Check(...)]`` and the ``check`` methods are applied only when
``smtplint.profiles.validate`` checks untrusted data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal

from smtplint.records import record

SecurityName = Literal["none", "starttls", "tls"]
HostStatus = Literal["current", "legacy", "non-smtp", "restricted"]
ProviderKind = Literal["mailbox", "esp", "hosting", "relay", "local"]
AuthMechanism = Literal["password", "app-password", "api-key", "token", "oauth2", "ip", "none"]
UsernameForm = Literal["address", "local-part", "fixed", "token", "any"]
SenderPolicy = Literal["login", "alias", "verified-domain", "verified-identity", "any"]
SourceTag = Literal["official", "issue", "community", "unverified"]

_HOST_RE = re.compile(
    r"^(?=.{1,253}$)([a-z0-9*{}]([a-z0-9*{}-]{0,61}[a-z0-9*{}])?)(\.[a-z0-9*{}]([a-z0-9*{}-]{0,61}[a-z0-9*{}])?)*$"
)

# A DNS name as SPF and MX records use them: labels may start with "_" (_spf.google.com).
_DNS_NAME_RE = re.compile(
    r"^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*$"
)


class Check:
    """A field constraint for validation: ``pydantic.Field`` arguments (``ge``, ``min_length``,
    ``pattern``...) and/or a function run on the validated value (it raises ``ValueError``)."""

    __slots__ = ("after", "constraints")

    def __init__(self, after: Callable[[Any], Any] | None = None, **constraints: object) -> None:
        self.after = after
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from smtplint.profiles.validate import field_schema

        return field_schema(self, source, handler)


def _host_name(value: str | None) -> str | None:
    if value is not None and not _HOST_RE.match(value):
        raise ValueError(f"not a host name or pattern: {value!r}")
    return value


def _dns_names(values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if not _DNS_NAME_RE.match(value.lower().lstrip(".")):
            raise ValueError(f"not a DNS name: {value!r}")
    return tuple(value.lower() for value in values)


def _regex(value: str) -> str:
    re.compile(value)
    return value


class _Checked:
    """Base of the profile types: what validation needs beyond the field annotations."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    def check(self) -> None:
        """Raise ``ValueError`` when the fields, each valid alone, contradict each other."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from smtplint.profiles.validate import checked_schema

        return checked_schema(source, handler)


@record(slots=True, kw_only=True)
class SourceRef(_Checked):
    url: str
    tag: SourceTag = "official"
    note: str | None = None


@record(slots=True, kw_only=True)
class PortSpec(_Checked):
    port: Annotated[int, Check(ge=1, le=65535)]
    security: SecurityName
    recommended: bool = False
    note: str | None = None


@record(slots=True, kw_only=True)
class HostSpec(_Checked):
    """One host name, or a pattern such as ``email-smtp.*.amazonaws.com``.

    In a pattern ``*`` stands for one DNS label.
    """

    name: Annotated[str, Check(_host_name)]
    status: HostStatus = "current"
    replacement: Annotated[str | None, Check(_host_name)] = None  # for legacy and non-smtp hosts
    region: str | None = None
    ports: tuple[PortSpec, ...] | None = None  # overrides the profile's ports for this host
    note: str | None = None
    verified: bool = True

    @property
    def is_pattern(self) -> bool:
        return "*" in self.name

    def check(self) -> None:
        if self.status in ("legacy", "non-smtp") and not self.replacement:
            raise ValueError(f"host {self.name!r} is {self.status} but names no replacement")


@record(slots=True, kw_only=True)
class AuthSpec(_Checked):
    required: bool
    mechanisms: tuple[AuthMechanism, ...]
    oauth2_only_since: dt.date | None = None  # password auth rejected from this date
    basic_auth_sunset: dt.date | None = None  # password auth announced to end on this date
    sunset_note: str | None = None
    note: str | None = None
    source: str | None = None
    verified: bool = True


@record(slots=True, kw_only=True)
class UsernameSpec(_Checked):
    form: UsernameForm
    value: str | None = None  # the fixed username (form = "fixed")
    pattern: str | None = None  # a regular expression the username must match (form = "token")
    note: str | None = None
    verified: bool = True

    def check(self) -> None:
        if self.form == "fixed" and not self.value:
            raise ValueError("username form 'fixed' needs a value")
        if self.pattern is not None:
            re.compile(self.pattern)


@record(slots=True, kw_only=True)
class PasswordSpec(_Checked):
    """What a valid SMTP password looks like, compared by shape only."""

    pattern: Annotated[str, Check(_regex)]  # a regular expression over the whole password
    description: str  # e.g. "a 16-letter app password"
    help_url: str | None = None
    verified: bool = True


@record(slots=True, kw_only=True)
class SenderSpec(_Checked):
    policy: SenderPolicy
    rewrites: bool = False  # the provider rewrites a foreign From instead of rejecting it
    reply: str | None = None  # the server reply a rejected sender gets
    note: str | None = None
    verified: bool = True


@record(slots=True, kw_only=True)
class Profile(_Checked):
    id: Annotated[str, Check(pattern=r"^[a-z0-9][a-z0-9.-]*$")]
    name: str
    kind: ProviderKind
    origin: Literal["hand-written", "ispdb"] = "hand-written"
    hosts: Annotated[tuple[HostSpec, ...], Check(min_length=1)]
    ports: Annotated[tuple[PortSpec, ...], Check(min_length=1)]
    auth: AuthSpec
    username: UsernameSpec
    password: PasswordSpec | None = None
    sender: SenderSpec
    mail_domains: tuple[str, ...] = ()  # address domains whose mailboxes live here
    host_domains: tuple[str, ...] = ()  # any host under these belongs to the provider
    accepts_logins_from: tuple[str, ...] = ()  # other profile ids whose logins this host takes
    # DNS facts for ``check --network`` and ``discover``: the domains a customer's SPF record
    # includes to authorise the provider, and the MX hosts that show a domain's mailboxes
    # live here ("mx.example.net" matches it and its subdomains; ".example.net" only these).
    spf_includes: Annotated[tuple[str, ...], Check(_dns_names)] = ()
    mx_suffixes: Annotated[tuple[str, ...], Check(_dns_names)] = ()
    docs: str
    sources: Annotated[tuple[SourceRef, ...], Check(min_length=1)]
    last_checked: dt.date
    notes: tuple[str, ...] = ()

    def check(self) -> None:
        if not any(port.recommended for port in self.ports):
            raise ValueError("ports: mark one port as recommended = true")
        if not any(host.status in ("current", "restricted") for host in self.hosts):
            raise ValueError("hosts: at least one host must have status 'current' or 'restricted'")

    def ports_for(self, host: HostSpec | None) -> tuple[PortSpec, ...]:
        if host is not None and host.ports is not None:
            return host.ports
        return self.ports

    def recommended_port(self, host: HostSpec | None = None) -> PortSpec:
        ports = self.ports_for(host)
        return next((p for p in ports if p.recommended), ports[0])

    @property
    def current_hosts(self) -> tuple[HostSpec, ...]:
        return tuple(h for h in self.hosts if h.status == "current" and not h.is_pattern)
