"""Finding and validating profile files.

Built-in profiles live in the top-level ``profiles/`` folder of the source tree and are
shipped inside the wheel as ``smtplint/_profiles``. Hand-written profiles sit at the top of
that folder; profiles converted from Thunderbird's ISPDB sit in ``profiles/ispdb/``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smtplint.profiles.codec import decode_profile
from smtplint.profiles.schema import Profile

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
BUNDLE_NAME = "bundle.json"
BUNDLE_FORMAT = 2  # data: each profile as validated, fields at their default omitted


class ProfileError(Exception):
    """A profile file that cannot be read or does not validate."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class LoadedProfile:
    profile: Profile
    path: Path
    rank: int  # lower wins when two profiles claim the same host: user 0, hand-written 1, ispdb 2


def builtin_profiles_dir() -> Path:
    """The folder holding the shipped profiles, installed or in a source checkout."""
    for candidate in (_PACKAGE_DIR / "_profiles", _PACKAGE_DIR.parent / "profiles"):
        if candidate.is_dir():
            return candidate
    raise ProfileError(
        _PACKAGE_DIR / "_profiles", "built-in profiles are missing from this install"
    )


def load_profile(path: Path) -> Profile:
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
    loaded += [_builtin(p, 1, bundle) for p in _toml_files(builtin)]
    loaded += [_builtin(p, 2, bundle) for p in _toml_files(builtin / "ispdb")]
    return loaded


def _builtin(path: Path, rank: int, bundle: Mapping[str, Any]) -> LoadedProfile:
    """A shipped profile, from the bundle when it holds this exact file's data (checked when
    the bundle was written); else read and validated from the file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ProfileError(path, f"cannot read: {error.strerror or error}") from None
    entry = bundle.get(path.relative_to(builtin_profiles_dir()).as_posix())
    if entry is not None and entry["sha256"] == hashlib.sha256(data).hexdigest():
        try:
            return LoadedProfile(decode_profile(entry["data"]), path, rank)
        except (KeyError, TypeError, ValueError):
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
    return sorted(directory.glob("*.toml"))
