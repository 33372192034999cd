"""Finding and validating profile files.

Built-in profiles live in the top-level ``profiles/`` folder of the source tree and are
shipped inside the wheel as ``smtplint/_profiles``. Hand-written profiles sit at the top of
that folder; profiles converted from Thunderbird's ISPDB sit in ``profiles/ispdb/``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from smtplint.profiles.schema import Profile

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


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
    try:
        return Profile.model_validate(data)
    except ValidationError as error:
        raise ProfileError(path, _describe(error)) from None


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        problems.append(f"field {where}: {item['msg']}")
    return "; ".join(problems)


def load_all(extra_dirs: Sequence[Path] = ()) -> list[LoadedProfile]:
    """Every built-in profile plus those in ``extra_dirs`` (user profiles rank first)."""
    builtin = builtin_profiles_dir()
    loaded = [LoadedProfile(load_profile(p), p, 0) for d in extra_dirs for p in _toml_files(d)]
    loaded += [LoadedProfile(load_profile(p), p, 1) for p in _toml_files(builtin)]
    loaded += [LoadedProfile(load_profile(p), p, 2) for p in _toml_files(builtin / "ispdb")]
    return loaded


def _toml_files(directory: Path) -> Iterable[Path]:
    if not directory.is_dir():
        raise ProfileError(directory, "profiles folder does not exist")
    return sorted(directory.glob("*.toml"))
