"""What DNS says about the names in one configuration, gathered concurrently.

A configuration names up to three things worth looking up: the SMTP host, the sender's
domain and the login's domain. Each lookup and each SPF or DMARC walk is done once per run
however many configurations share the name (the resolver and this module both memoise).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from smtplint.hosts import ip_literal, is_local
from smtplint.model import Setting, SmtpConfig, ValueKind
from smtplint.network.dmarc import DmarcResult, find_record
from smtplint.network.resolver import Lookup, Resolver, Status, normalise
from smtplint.network.spf import SpfResult, evaluate
from smtplint.profiles.index import ProfileIndex
from smtplint.records import record
from smtplint.rules._addresses import domain_of, parse_sender, placeholder_reason
from smtplint.rules._hostnames import host_name, inspect_host

T = TypeVar("T")


@record
class Subject:
    """A name taken from a configuration, with the setting that holds it."""

    name: str
    setting: Setting[object]


@record
class HostFacts:
    name: str
    a: Lookup
    aaaa: Lookup

    @property
    def chain(self) -> tuple[str, ...]:
        """The names the host's CNAME chain leads to, in order."""
        return self.a.cnames or self.aaaa.cnames

    @property
    def resolves(self) -> bool:
        return self.a.found or self.aaaa.found


@record
class MailDomainFacts:
    domain: str
    mx: Lookup
    a: Lookup | None = None  # asked only when there is no MX (the implicit MX, RFC 5321 §5.1)
    aaaa: Lookup | None = None
    spf: SpfResult | None = None
    dmarc: DmarcResult | None = None

    @property
    def exists(self) -> bool:
        return self.mx.status is not Status.NXDOMAIN


@record
class Wanted:
    """Which facts the enabled rules need."""

    host: bool = True
    sender_mx: bool = True
    spf: bool = True
    dmarc: bool = True
    login_mx: bool = True


@record
class ConfigFacts:
    host: tuple[Subject, HostFacts] | None = None
    sender: tuple[Subject, MailDomainFacts] | None = None
    login: tuple[Subject, MailDomainFacts] | None = None


class Gatherer:
    def __init__(self, resolver: Resolver, profiles: ProfileIndex) -> None:
        self.resolver = resolver
        self.profiles = profiles
        self._memo: dict[tuple[str, str], asyncio.Task[object]] = {}

    async def config(self, config: SmtpConfig, wanted: Wanted) -> ConfigFacts:
        host = host_subject(config)
        sender = self.mail_subject(config.sender, sender=True)
        login = self.mail_subject(config.username, sender=False)
        host_facts, sender_facts, login_facts = await asyncio.gather(
            self.host(host.name) if host is not None and wanted.host else _none(),
            self.mail_domain(sender.name, wanted)
            if sender is not None and (wanted.sender_mx or wanted.spf or wanted.dmarc)
            else _none(),
            self.mail_domain(login.name, Wanted(login_mx=True, spf=False, dmarc=False))
            if login is not None and wanted.login_mx
            else _none(),
        )
        return ConfigFacts(
            None if host is None or host_facts is None else (host, host_facts),
            None if sender is None or sender_facts is None else (sender, sender_facts),
            None if login is None or login_facts is None else (login, login_facts),
        )

    def mail_subject(self, setting: Setting[str] | None, *, sender: bool) -> Subject | None:
        """The domain of a sender or login address, when it is worth asking DNS about:
        not a placeholder (offline rules report those) and not a provider's own consumer
        domain (gmail.com), whose DNS the user cannot change."""
        if setting is None or setting.kind is ValueKind.DEFAULT or not setting.value:
            return None
        text = setting.value
        address = parse_sender(text).address if sender else text.strip()
        if address is None or "@" not in address or placeholder_reason(address) is not None:
            return None
        domain = domain_of(address)
        if domain is None or "." not in domain or ip_literal(domain.strip("[]")) is not None:
            return None
        if self.profiles.profile_for_domain(domain) is not None:
            return None
        return Subject(domain, setting)

    async def host(self, name: str) -> HostFacts:
        return await self._once("host", name, lambda: self._host(name))

    async def _host(self, name: str) -> HostFacts:
        a, aaaa = await asyncio.gather(
            self.resolver.lookup(name, "A"), self.resolver.lookup(name, "AAAA")
        )
        return HostFacts(name, a, aaaa)

    async def mail_domain(self, domain: str, wanted: Wanted) -> MailDomainFacts:
        mx, spf, dmarc = await asyncio.gather(
            self._once("mx", domain, lambda: self._mx(domain)),
            self._once("spf", domain, lambda: evaluate(domain, self.resolver.lookup))
            if wanted.spf
            else _none(),
            self._once("dmarc", domain, lambda: find_record(domain, self.resolver.lookup))
            if wanted.dmarc
            else _none(),
        )
        return MailDomainFacts(mx.domain, mx.mx, mx.a, mx.aaaa, spf, dmarc)

    async def _mx(self, domain: str) -> MailDomainFacts:
        mx = await self.resolver.lookup(domain, "MX")
        if mx.status is not Status.NODATA:
            return MailDomainFacts(domain, mx)
        a, aaaa = await asyncio.gather(
            self.resolver.lookup(domain, "A"), self.resolver.lookup(domain, "AAAA")
        )
        return MailDomainFacts(domain, mx, a, aaaa)

    async def _once(self, kind: str, name: str, start: Callable[[], Awaitable[T]]) -> T:
        key = (kind, normalise(name))
        task = self._memo.get(key)
        if task is None:
            task = asyncio.ensure_future(start())
            self._memo[key] = task
        return await task  # type: ignore[return-value]


async def _none() -> None:
    return None


def host_subject(config: SmtpConfig) -> Subject | None:
    """The host name to look up: written (or read from the environment) and known, not an
    address, not this machine or a development relay, and well formed (SL204 reports the
    malformed ones)."""
    host = config.host
    if not config.sends_over_smtp or host is None or host.is_default or not host.value:
        return None
    name = host_name(config)
    if name is None or is_local(name) or ip_literal(name) is not None:
        return None
    if inspect_host(host.value).malformed:
        return None
    return Subject(normalise(name), host)
