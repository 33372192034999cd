"""``smtplint discover ADDRESS``: the submission settings to use for an address.

Sources, in order of trust: a provider profile that lists the address's domain (no DNS
needed); the domain's SRV records (RFC 6186 ``_submission._tcp``, RFC 8314 §5.1
``_submissions._tcp``, implicit TLS preferred as RFC 8314 advises); the provider its MX
records point to.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from smtplint.network import NetworkOptions
from smtplint.network.inference import Inferred, provider_of_mx, submission_host
from smtplint.network.resolver import Lookup, Resolver, SrvRecord
from smtplint.network.snippets import Settings
from smtplint.profiles.index import ProfileIndex
from smtplint.profiles.schema import HostSpec, Profile
from smtplint.records import field, record
from smtplint.rules._addresses import address_problem, domain_of, parse_sender

Source = Literal["profile", "srv", "mx"]
SUBMISSIONS = "_submissions._tcp"  # implicit TLS, RFC 8314 §5.1
SUBMISSION = "_submission._tcp"  # STARTTLS, RFC 6186


class AddressError(ValueError):
    """Not an address discover can work with."""


@record
class Candidate:
    source: Source
    evidence: str  # what showed it, in words
    host: str
    port: int
    security: str  # "tls" or "starttls"
    username: str
    provider: Profile | None = None
    verified: bool = True

    @property
    def settings_key(self) -> tuple[str, int, str]:
        return (self.host, self.port, self.security)


@record(frozen=False)
class Discovery:
    address: str
    domain: str
    candidates: list[Candidate] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # lookups that got no answer
    notes: list[str] = field(default_factory=list)

    @property
    def recommended(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def settings(self) -> Settings | None:
        best = self.recommended
        if best is None:
            return None
        oauth2_only = best.provider is not None and set(best.provider.auth.mechanisms) <= {"oauth2"}
        return Settings(
            best.host, best.port, best.security, best.username, self.address, oauth2_only
        )


def parse_address(text: str) -> tuple[str, str]:
    """The address and its domain; raises AddressError."""
    parsed = parse_sender(text)
    address = parsed.address
    if address is None or "@" not in address:
        raise AddressError(f"{text!r} is not an email address")
    problem = address_problem(address)
    domain = domain_of(address)
    if problem is not None or domain is None:
        raise AddressError(f"{text!r} is not an email address: {problem or 'no domain'}")
    return address, domain


def from_profile(profiles: ProfileIndex, address: str, domain: str) -> Candidate | None:
    profile = profiles.profile_for_domain(domain)
    if profile is None:
        return None
    host = submission_host(profile, domain)
    if host is None:
        return None
    evidence = f"the {profile.name} profile lists {domain}"
    return _from_provider("profile", evidence, profile, host, address)


def _from_provider(
    source: Source, evidence: str, profile: Profile, host: HostSpec, address: str
) -> Candidate:
    port = profile.recommended_port(host)
    return Candidate(
        source,
        evidence,
        host.name,
        port.port,
        port.security,
        username_for(profile, address),
        profile,
        host.verified,
    )


def username_for(profile: Profile | None, address: str) -> str:
    if profile is None:
        return address
    spec = profile.username
    if spec.form == "local-part":
        return address.split("@", 1)[0]
    if spec.form == "fixed" and spec.value:
        return spec.value
    if spec.form == "token":
        return f"<{profile.name} token>"
    return address


def discover(text: str, profiles: ProfileIndex, options: NetworkOptions | None) -> Discovery:
    """Recommended settings for the address ``text``; DNS is asked only when no profile
    lists its domain. Raises AddressError, and NetworkError when a resolver is needed but
    cannot be set up."""
    address, domain = parse_address(text)
    found = Discovery(address, domain)
    known = from_profile(profiles, address, domain)
    if known is not None:
        found.candidates.append(known)
        return found
    from smtplint.network import make_options
    from smtplint.network.run import run_sync

    run_sync(_from_dns(found, profiles, options or make_options(None, 3.0)))
    return found


async def _from_dns(found: Discovery, profiles: ProfileIndex, options: NetworkOptions) -> None:
    resolver = Resolver(options)
    domain = found.domain
    implicit, starttls, mx = await asyncio.gather(
        resolver.lookup(f"{SUBMISSIONS}.{domain}", "SRV"),
        resolver.lookup(f"{SUBMISSION}.{domain}", "SRV"),
        resolver.lookup(domain, "MX"),
    )
    for lookup, security in ((implicit, "tls"), (starttls, "starttls")):
        _add_srv(found, profiles, lookup, security)
    if mx.failed:
        found.failures.append(mx.describe_failure())
    inferred = provider_of_mx(profiles, mx.mx())
    if inferred is not None:
        _add(found, _from_mx(inferred, found.address))


def _add_srv(found: Discovery, profiles: ProfileIndex, lookup: Lookup, security: str) -> None:
    if lookup.failed:
        found.failures.append(lookup.describe_failure())
        return
    records = lookup.srv()
    if records and all(not srv.target for srv in records):
        found.notes.append(f"{lookup.name} says the service is not offered (target '.')")
        return
    for srv in records:
        if srv.target:
            _add(found, _from_srv(profiles, lookup.name, srv, security, found.address))


def _from_srv(
    profiles: ProfileIndex, name: str, srv: SrvRecord, security: str, address: str
) -> Candidate:
    match = profiles.match_host(srv.target)
    provider = None if match is None else match.profile
    evidence = f"SRV {name} → {srv.target}:{srv.port}"
    return Candidate(
        "srv",
        evidence,
        srv.target,
        srv.port,
        security,
        username_for(provider, address),
        provider,
    )


def _from_mx(inferred: Inferred, address: str) -> Candidate:
    evidence = f"MX {inferred.evidence} belongs to {inferred.profile.name}"
    return _from_provider("mx", evidence, inferred.profile, inferred.host, address)


def _add(found: Discovery, candidate: Candidate) -> None:
    if all(c.settings_key != candidate.settings_key for c in found.candidates):
        found.candidates.append(candidate)
