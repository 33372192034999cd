"""Which provider a domain's MX hosts, or a host's CNAME chain, lead to."""

from __future__ import annotations

from smtplint.network.resolver import MxRecord, normalise
from smtplint.profiles.index import ProfileIndex
from smtplint.profiles.schema import HostSpec, PortSpec, Profile
from smtplint.records import record


@record
class Inferred:
    """A provider found through DNS, and the name that showed it."""

    profile: Profile
    evidence: str  # the MX host or CNAME target that matched
    host: HostSpec  # the provider's submission host to use

    @property
    def port(self) -> PortSpec:
        return self.profile.recommended_port(self.host)


def matches_suffix(name: str, suffix: str) -> bool:
    """``mx.example.net`` matches itself and its subdomains; ``.example.net`` only these."""
    name, wanted = normalise(name), suffix.lower()
    if wanted.startswith("."):
        return name.endswith(wanted)
    return name == wanted or name.endswith("." + wanted)


def provider_of_mx(profiles: ProfileIndex, records: list[MxRecord]) -> Inferred | None:
    """The provider whose MX hosts receive the domain's mail (most preferred first)."""
    for mx in records:
        if not mx.exchange:
            continue
        found = provider_of_name(profiles, mx.exchange)
        if found is not None:
            return found
    return None


def provider_of_name(profiles: ProfileIndex, name: str) -> Inferred | None:
    """The provider one of whose MX suffixes ``name`` matches, with the submission host
    that shares the longest suffix with it (mx.zoho.eu → smtp.zoho.eu)."""
    best: tuple[int, Profile] | None = None
    for profile in profiles.profiles:
        for suffix in profile.mx_suffixes:
            if matches_suffix(name, suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), profile)
    if best is None:
        return None
    profile = best[1]
    host = submission_host(profile, name)
    return None if host is None else Inferred(profile, normalise(name), host)


def submission_host(profile: Profile, near: str) -> HostSpec | None:
    hosts = [host for host in profile.current_hosts if host.verified] or list(profile.current_hosts)
    if not hosts:
        return None
    return max(hosts, key=lambda host: _shared_labels(host.name, near))  # first on ties


def _shared_labels(a: str, b: str) -> int:
    count = 0
    for left, right in zip(reversed(a.split(".")), reversed(normalise(b).split(".")), strict=False):
        if left != right:
            break
        count += 1
    return count


def provider_of_alias(profiles: ProfileIndex, chain: tuple[str, ...]) -> Inferred | None:
    """The provider host a CNAME chain ends at (a provider's SMTP host, or its MX host)."""
    for name in reversed(chain):
        match = profiles.match_host(name)
        if match is not None and match.host is not None and match.kind != "domain":
            spec = match.host
            if spec.status not in ("current", "restricted") and spec.replacement:
                replaced = profiles.match_host(spec.replacement)
                spec = replaced.host if replaced is not None and replaced.host else spec
            return Inferred(match.profile, name, spec)
        found = provider_of_name(profiles, name)
        if found is not None:
            return found
    return None
