"""Finding and validating profile files.

Built-in profiles live in the top-level ``profiles/`` folder of the source tree and are
shipped inside the wheel as ``smtplint/_profiles``. Hand-written profiles sit at the top of
that folder; profiles converted from Thunderbird's ISPDB sit in ``profiles/ispdb/``.
"""

from __future__ import annotations

import json
import sys
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from smtplint.profiles.codec import decode_profile
from smtplint.profiles.schema import Profile

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
BUNDLE_NAME = "bundle.json"
BUNDLE_FORMAT = 3  # data: each profile as validated, fields at their default omitted


class ProfileError(Exception):
    """A profile file that cannot be read or does not validate."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class LoadedProfile:
    """A profile, the file it came from and its rank (lower wins when two profiles claim the
    same host: user 0, hand-written 1, ispdb 2).

    The index needs only the names a profile claims (``summary``); a profile taken from the
    bundle is decoded into its full form the first time ``profile`` is asked for, since a run
    usually meets one or two providers of the 170 shipped.
    """

    __slots__ = ("_bundled", "_profile", "path", "rank", "summary")

    def __init__(
        self,
        profile: Profile | None,
        path: Path,
        rank: int,
        *,
        bundled: dict[str, Any] | None = None,
    ) -> None:
        self.path = path
        self.rank = rank
        self._profile = profile
        self._bundled = bundled
        if profile is not None:
            self.summary = ProfileSummary.of(profile)
        elif bundled is not None:
            self.summary = ProfileSummary.from_data(bundled)
        else:
            raise TypeError("LoadedProfile needs a profile or its bundled data")

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            self._profile = self._decoded()
        return self._profile

    def _decoded(self) -> Profile:
        assert self._bundled is not None
        try:
            return decode_profile(self._bundled)
        except (KeyError, TypeError, ValueError):
            return load_profile(self.path)  # a damaged entry: the file itself decides


class ProfileSummary:
    """What the host and domain index needs of a profile, read without decoding it."""

    __slots__ = ("host_domains", "hosts", "id", "mail_domains")

    def __init__(
        self,
        profile_id: str,
        hosts: tuple[tuple[str, str], ...],
        mail_domains: tuple[str, ...],
        host_domains: tuple[str, ...],
    ) -> None:
        self.id = profile_id
        self.hosts = hosts  # (name or pattern, status), in the profile's order
        self.mail_domains = mail_domains
        self.host_domains = host_domains

    @classmethod
    def of(cls, profile: Profile) -> ProfileSummary:
        hosts = tuple((host.name, host.status) for host in profile.hosts)
        return cls(profile.id, hosts, profile.mail_domains, profile.host_domains)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ProfileSummary:
        """From bundled data, which leaves out fields at their default; raises ValueError
        when the data is not shaped like a profile's."""
        hosts = tuple((host["name"], host.get("status", "current")) for host in data["hosts"])
        summary = cls(
            data["id"],
            hosts,
            tuple(data.get("mail_domains", ())),
            tuple(data.get("host_domains", ())),
        )
        texts = [summary.id, *(part for host in hosts for part in host)]
        texts += [*summary.mail_domains, *summary.host_domains]
        if not hosts or not all(isinstance(text, str) for text in texts):
            raise ValueError("bundled profile data is damaged")
        return summary


def builtin_profiles_dir() -> Path:
    """The folder holding the shipped profiles, installed or in a source checkout."""
    for candidate in (_PACKAGE_DIR / "_profiles", _PACKAGE_DIR.parent / "profiles"):
        if candidate.is_dir():
            return candidate
    raise ProfileError(
        _PACKAGE_DIR / "_profiles", "built-in profiles are missing from this install"
    )


def load_profile(path: Path) -> Profile:
    # Imported here: the shipped profiles come from the bundle.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ProfileError(path, f"cannot read: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(path, f"not valid TOML: {error}") from None
    # Imported here: validation (and pydantic) is needed only for data not checked before.
    from smtplint.profiles.validate import InvalidProfile, validate_profile

    try:
        return validate_profile(data)
    except InvalidProfile as error:
        raise ProfileError(path, str(error)) from None


def load_all(extra_dirs: Sequence[Path] = ()) -> list[LoadedProfile]:
    """Every built-in profile plus those in ``extra_dirs`` (user profiles rank first)."""
    builtin = builtin_profiles_dir()
    bundle = read_bundle(builtin)
    loaded = [LoadedProfile(load_profile(p), p, 0) for d in extra_dirs for p in _toml_files(d)]
    loaded += [_builtin(p, 1, p.name, bundle) for p in _toml_files(builtin)]
    loaded += [_builtin(p, 2, f"ispdb/{p.name}", bundle) for p in _toml_files(builtin / "ispdb")]
    return loaded


def _builtin(path: Path, rank: int, key: str, bundle: Mapping[str, Any]) -> LoadedProfile:
    """A shipped profile, from the bundle when it holds this exact file's data (checked when
    the bundle was written); else read and validated from the file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ProfileError(path, f"cannot read: {error.strerror or error}") from None
    entry = bundle.get(key)  # the path relative to the built-in folder
    # CRC-32 tells an edited file from the one bundled; it need not resist a forged edit,
    # since whoever can write the file can write the bundle. hashlib costs more to import.
    if entry is not None and entry["crc32"] == zlib.crc32(data):
        try:
            return LoadedProfile(None, path, rank, bundled=entry["data"])
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # a damaged entry: the file itself decides
    return LoadedProfile(load_profile(path), path, rank)


def read_bundle(builtin: Path) -> dict[str, Any]:
    """The pre-parsed built-in profiles (``bundle.json``, written by
    ``scripts/bundle_profiles.py``), by path relative to ``builtin``: parsing and validating
    170 TOML files costs more than the rest of a run. A missing, unreadable or older-format
    bundle is simply not used."""
    try:
        raw = json.loads((builtin / BUNDLE_NAME).read_bytes())
        if raw["format"] != BUNDLE_FORMAT:
            return {}
        return {entry["path"]: entry for entry in raw["profiles"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _toml_files(directory: Path) -> Iterable[Path]:
    if not directory.is_dir():
        raise ProfileError(directory, "profiles folder does not exist")
    return sorted(directory.glob("*.toml"), key=lambda path: path.name)
