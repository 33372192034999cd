"""Fast look-ups from a host name or an address domain to the provider profile."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from smtplint.profiles.load import LoadedProfile, ProfileError, load_all
from smtplint.profiles.schema import HostSpec, Profile
from smtplint.records import record
from smtplint.similarity import edit_distance

MatchKind = Literal["exact", "pattern", "domain"]


@record
class HostMatch:
    """How a configured host relates to a provider."""

    profile: Profile
    host: HostSpec | None  # None when only the provider's domain matched
    kind: MatchKind
    from_user: bool = False  # the profile comes from the user's own profiles folder


class ProfileIndex:
    """Host and domain look-ups over loaded profiles; a profile is decoded only when a look-up
    returns it (see LoadedProfile)."""

    def __init__(self, loaded: Sequence[LoadedProfile]) -> None:
        self._by_id: dict[str, LoadedProfile] = {}
        self._exact: dict[str, tuple[LoadedProfile, str]] = {}  # name → (profile, status)
        self._patterns: list[tuple[re.Pattern[str], str, LoadedProfile]] = []
        self._mail_domains: dict[str, LoadedProfile] = {}
        self._host_domains: dict[str, LoadedProfile] = {}
        self._nearest: dict[tuple[str, int], tuple[Profile, str] | None] = {}
        for item in sorted(loaded, key=lambda entry: entry.rank):
            self._add(item)

    def _add(self, item: LoadedProfile) -> None:
        summary = item.summary
        if summary.id in self._by_id:
            if item.rank == 0 and self._by_id[summary.id].path.parent == item.path.parent:
                raise ProfileError(item.path, f"duplicate profile id {summary.id!r}")
            return  # a higher-ranked profile with this id already won
        self._by_id[summary.id] = item
        for name, status in summary.hosts:
            if "*" in name:
                self._patterns.append((_pattern_regex(name), name, item))
            else:
                self._exact.setdefault(name, (item, status))
        for domain in summary.mail_domains:
            self._mail_domains.setdefault(domain.lower(), item)
        for domain in summary.host_domains:
            self._host_domains.setdefault(domain.lower(), item)

    @property
    def profiles(self) -> list[Profile]:
        return sorted((item.profile for item in self._by_id.values()), key=lambda p: p.id)

    def get(self, profile_id: str) -> Profile | None:
        item = self._by_id.get(profile_id)
        return None if item is None else item.profile

    def path_of(self, profile_id: str) -> Path | None:
        item = self._by_id.get(profile_id)
        return None if item is None else item.path

    def match_host(self, host: str) -> HostMatch | None:
        name = host.strip().rstrip(".").lower()
        exact = self._exact.get(name)
        if exact is not None:
            return _host_match(exact[0], name, "exact")
        for regex, pattern, item in self._patterns:
            if regex.fullmatch(name):
                return _host_match(item, pattern, "pattern")
        for suffix in _suffixes(name):
            owner = self._host_domains.get(suffix)
            if owner is not None:
                return HostMatch(owner.profile, None, "domain")
        return None

    def profile_for_domain(self, domain: str) -> Profile | None:
        """The provider hosting mailboxes of this address domain, if known."""
        item = self._mail_domains.get(domain.strip().rstrip(".").lower())
        return None if item is None else item.profile

    def nearest_host(self, host: str, limit: int = 2) -> tuple[Profile, str] | None:
        """The known current SMTP host closest to a misspelled one (edit distance ≤ limit);
        remembered, since ``fix`` asks again after every edit."""
        key = (host.strip().rstrip(".").lower(), limit)
        if key not in self._nearest:
            self._nearest[key] = self._search_nearest(*key)
        return self._nearest[key]

    def _search_nearest(self, name: str, limit: int) -> tuple[Profile, str] | None:
        best: tuple[int, str, LoadedProfile] | None = None
        for known, (item, status) in self._exact.items():
            if status != "current" or abs(len(known) - len(name)) > limit:
                continue
            distance = edit_distance(name, known, limit)
            if distance <= limit and (best is None or (distance, known) < best[:2]):
                best = (distance, known, item)
        return None if best is None else (best[2].profile, best[1])


def _host_match(item: LoadedProfile, name: str, kind: MatchKind) -> HostMatch:
    profile = item.profile
    spec = next(host for host in profile.hosts if host.name == name)
    return HostMatch(profile, spec, kind, item.rank == 0)


def _suffixes(name: str) -> list[str]:
    labels = name.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in pattern.split("*")]
    return re.compile("[a-z0-9-]+".join(parts))


_cache: dict[tuple[Path, ...], ProfileIndex] = {}


def load_index(extra_dirs: Sequence[Path] = ()) -> ProfileIndex:
    """Load (once per process and set of folders) and index every profile."""
    key = tuple(Path(d).resolve() for d in extra_dirs)
    if key not in _cache:
        _cache[key] = ProfileIndex(load_all(key))
    return _cache[key]
