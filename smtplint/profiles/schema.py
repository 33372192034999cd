"""The shape of a provider profile (one TOML file per provider in ``profiles/``).

Every fact carries where it came from: ``sources`` at the profile level, plus optional
``source`` / ``verified`` on the facts most likely to change. A claim that could not be
checked is written with ``verified = false`` and rules treat it as a hint only.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRef(_Strict):
    url: str
    tag: SourceTag = "official"
    note: str | None = None


class PortSpec(_Strict):
    port: int = Field(ge=1, le=65535)
    security: SecurityName
    recommended: bool = False
    note: str | None = None


class HostSpec(_Strict):
    """One host name, or a pattern such as ``email-smtp.*.amazonaws.com``.

    In a pattern ``*`` stands for one DNS label.
    """

    name: str
    status: HostStatus = "current"
    replacement: str | None = None  # for legacy and non-smtp hosts
    region: str | None = None
    ports: tuple[PortSpec, ...] | None = None  # overrides the profile's ports for this host
    note: str | None = None
    verified: bool = True

    @field_validator("name", "replacement")
    @classmethod
    def _valid_host(cls, value: str | None) -> str | None:
        if value is not None and not _HOST_RE.match(value):
            raise ValueError(f"not a host name or pattern: {value!r}")
        return value

    @property
    def is_pattern(self) -> bool:
        return "*" in self.name

    @model_validator(mode="after")
    def _replacement_for_retired_hosts(self) -> HostSpec:
        if self.status in ("legacy", "non-smtp") and not self.replacement:
            raise ValueError(f"host {self.name!r} is {self.status} but names no replacement")
        return self


class AuthSpec(_Strict):
    required: bool
    mechanisms: tuple[AuthMechanism, ...]
    oauth2_only_since: dt.date | None = None  # password auth rejected from this date
    basic_auth_sunset: dt.date | None = None  # password auth announced to end on this date
    sunset_note: str | None = None
    note: str | None = None
    source: str | None = None
    verified: bool = True


class UsernameSpec(_Strict):
    form: UsernameForm
    value: str | None = None  # the fixed username (form = "fixed")
    pattern: str | None = None  # a regular expression the username must match (form = "token")
    note: str | None = None
    verified: bool = True

    @model_validator(mode="after")
    def _fixed_needs_value(self) -> UsernameSpec:
        if self.form == "fixed" and not self.value:
            raise ValueError("username form 'fixed' needs a value")
        if self.pattern is not None:
            re.compile(self.pattern)
        return self


class PasswordSpec(_Strict):
    """What a valid SMTP password looks like, compared by shape only."""

    pattern: str  # a regular expression over the whole password
    description: str  # e.g. "a 16-letter app password"
    help_url: str | None = None
    verified: bool = True

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class SenderSpec(_Strict):
    policy: SenderPolicy
    rewrites: bool = False  # the provider rewrites a foreign From instead of rejecting it
    reply: str | None = None  # the server reply a rejected sender gets
    note: str | None = None
    verified: bool = True


class Profile(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    name: str
    kind: ProviderKind
    origin: Literal["hand-written", "ispdb"] = "hand-written"
    hosts: tuple[HostSpec, ...] = Field(min_length=1)
    ports: tuple[PortSpec, ...] = Field(min_length=1)
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
    spf_includes: tuple[str, ...] = ()
    mx_suffixes: tuple[str, ...] = ()
    docs: str
    sources: tuple[SourceRef, ...] = Field(min_length=1)
    last_checked: dt.date
    notes: tuple[str, ...] = ()

    @field_validator("spf_includes", "mx_suffixes")
    @classmethod
    def _dns_names(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not _DNS_NAME_RE.match(value.lower().lstrip(".")):
                raise ValueError(f"not a DNS name: {value!r}")
        return tuple(value.lower() for value in values)

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        if not any(port.recommended for port in self.ports):
            raise ValueError("ports: mark one port as recommended = true")
        if not any(host.status in ("current", "restricted") for host in self.hosts):
            raise ValueError("hosts: at least one host must have status 'current' or 'restricted'")
        return self

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
