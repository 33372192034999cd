"""Concurrent DNS lookups with a per-lookup timeout and a per-run cache.

Every (name, type) is asked once per run, however many configurations use it: the first
request starts the query and later ones await the same task. A lookup ends in one of four
states, and a failure (timeout, SERVFAIL, no nameserver) is never mistaken for a negative
answer (NXDOMAIN, or no record of that type).
"""

from __future__ import annotations

import asyncio
import enum

import dns.asyncresolver
import dns.exception
import dns.message
import dns.name
import dns.nameserver
import dns.rdata
import dns.rdtypes.IN.SRV
import dns.rdtypes.mxbase
import dns.rdtypes.nsbase
import dns.rdtypes.txtbase
import dns.resolver

from smtplint.network import NetworkError, NetworkOptions
from smtplint.network.udp import SharedUdpNameserver
from smtplint.records import record

MAX_CONCURRENT = 128  # queries in flight at once; a resolver answers this many easily


class Status(enum.Enum):
    OK = "ok"  # records of the asked type exist
    NXDOMAIN = "nxdomain"  # the name does not exist
    NODATA = "nodata"  # the name exists, with no record of the asked type
    FAILED = "failed"  # no answer could be had: timeout, SERVFAIL, refused …


@record
class MxRecord:
    preference: int
    exchange: str  # "" for the null MX's "."


@record
class SrvRecord:
    priority: int
    weight: int
    port: int
    target: str  # "" for the "service not offered" target "."


Record = str | MxRecord | SrvRecord


@record
class Lookup:
    name: str
    rdtype: str
    status: Status
    records: tuple[Record, ...] = ()
    cnames: tuple[str, ...] = ()  # the names a CNAME chain led to, in order
    failure: str | None = None  # why no answer could be had (status FAILED)

    @property
    def failed(self) -> bool:
        return self.status is Status.FAILED

    @property
    def found(self) -> bool:
        return self.status is Status.OK

    def texts(self) -> list[str]:
        return [r for r in self.records if isinstance(r, str)]

    def mx(self) -> list[MxRecord]:
        return sorted(
            (r for r in self.records if isinstance(r, MxRecord)),
            key=lambda r: (r.preference, r.exchange),
        )

    def srv(self) -> list[SrvRecord]:
        return sorted(
            (r for r in self.records if isinstance(r, SrvRecord)),
            key=lambda r: (r.priority, -r.weight, r.target),
        )

    def describe_failure(self) -> str:
        return f"the {self.rdtype} lookup of {self.name} failed: {self.failure}"


def normalise(name: str) -> str:
    return name.strip().rstrip(".").lower()


class Resolver:
    """Asks one nameserver (or the system's) with a timeout for every lookup.

    Create it inside the running event loop that will use it.
    """

    def __init__(self, options: NetworkOptions) -> None:
        self.timeout = options.timeout
        try:
            resolver = dns.asyncresolver.Resolver(configure=options.nameserver is None)
        except dns.resolver.NoResolverConfiguration:
            raise NetworkError(
                "no nameserver is configured on this system; give one with --nameserver"
            ) from None
        if options.nameserver is not None:
            server = options.nameserver
            resolver.nameservers = [SharedUdpNameserver(server.address, server.port)]
        else:
            resolver.nameservers = [_shared(nameserver) for nameserver in resolver.nameservers]
        resolver.timeout = options.timeout
        resolver.lifetime = options.timeout
        resolver.cache = None  # this class caches, failures included
        self._resolver = resolver
        self._tasks: dict[tuple[str, str], asyncio.Task[Lookup]] = {}
        self._slots = asyncio.Semaphore(MAX_CONCURRENT)

    async def lookup(self, name: str, rdtype: str) -> Lookup:
        key = (normalise(name), rdtype)
        task = self._tasks.get(key)
        if task is None:
            task = asyncio.ensure_future(self._query(*key))
            self._tasks[key] = task
        return await task

    async def _query(self, name: str, rdtype: str) -> Lookup:
        async with self._slots:
            try:
                answer = await asyncio.wait_for(
                    self._resolver.resolve(name, rdtype, search=False),
                    timeout=self.timeout + 1,
                )
            except (dns.exception.Timeout, asyncio.TimeoutError):
                return _failed(name, rdtype, f"no answer within {self.timeout:g} s")
            except dns.resolver.NXDOMAIN as error:
                responses = error.kwargs.get("responses") or {}
                chain = next((_chain_of(r) for r in responses.values() if _chain_of(r)), ())
                return Lookup(name, rdtype, Status.NXDOMAIN, cnames=chain)
            except dns.resolver.NoAnswer as error:
                response = error.kwargs.get("response")
                return Lookup(name, rdtype, Status.NODATA, cnames=_chain_of(response))
            except dns.resolver.NoNameservers as error:
                return _failed(name, rdtype, _nameserver_failure(error))
            except dns.exception.DNSException as error:
                return _failed(name, rdtype, str(error) or type(error).__name__)
        records = tuple(_record(rdata) for rdata in answer)
        cnames = tuple(
            normalise(rrset[0].target.to_text()) for rrset in answer.chaining_result.cnames
        )
        return Lookup(name, rdtype, Status.OK, records, cnames)


def _shared(nameserver: str | dns.nameserver.Nameserver) -> str | dns.nameserver.Nameserver:
    if isinstance(nameserver, str) or type(nameserver) is not dns.nameserver.Do53Nameserver:
        return nameserver  # DoH, DoT …: left as dnspython makes them
    return SharedUdpNameserver(nameserver.address, nameserver.port)


def _failed(name: str, rdtype: str, why: str) -> Lookup:
    return Lookup(name, rdtype, Status.FAILED, failure=why)


def _chain_of(response: object) -> tuple[str, ...]:
    if not isinstance(response, dns.message.QueryMessage):
        return ()
    try:
        chain = response.resolve_chaining()
    except dns.exception.DNSException:
        return ()
    return tuple(normalise(rrset[0].target.to_text()) for rrset in chain.cnames)


def _nameserver_failure(error: dns.resolver.NoNameservers) -> str:
    errors = error.kwargs.get("errors") or []
    for item in errors:
        reason = item[3] if len(item) > 3 else None
        if reason is not None and "SERVFAIL" in str(reason):
            return "the nameserver answered SERVFAIL"
        if reason is not None and "REFUSED" in str(reason):
            return "the nameserver refused the query"
    return "no nameserver answered"


def _record(rdata: dns.rdata.Rdata) -> Record:
    if isinstance(rdata, dns.rdtypes.mxbase.MXBase):
        return MxRecord(rdata.preference, _host(rdata.exchange))
    if isinstance(rdata, dns.rdtypes.IN.SRV.SRV):
        return SrvRecord(rdata.priority, rdata.weight, rdata.port, _host(rdata.target))
    if isinstance(rdata, dns.rdtypes.txtbase.TXTBase):
        return b"".join(rdata.strings).decode("utf-8", "replace")  # RFC 7208 §3.3: joined as is
    if isinstance(rdata, dns.rdtypes.nsbase.NSBase):
        return _host(rdata.target)
    return normalise(rdata.to_text())


def _host(name: dns.name.Name) -> str:
    return "" if name == dns.name.root else normalise(name.to_text())
