"""smtplint's own configuration: ``[tool.smtplint]`` in pyproject.toml, or ``.smtplint.toml``.

Keys: ``select`` and ``ignore`` (lists of rule-code prefixes), ``profiles-dirs`` (folders
of extra provider profiles) and ``env-files`` (env files whose variables Python settings are
checked with), both relative to the configuration file. Command-line options win.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_KNOWN_KEYS = frozenset({"select", "ignore", "profiles-dirs", "env-files"})


class SettingsError(Exception):
    """smtplint's own configuration is invalid."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    profiles_dirs: tuple[Path, ...] = ()
    env_files: tuple[Path, ...] = ()
    source: Path | None = None  # the file the settings came from
    unknown_keys: tuple[str, ...] = field(default=())


def find_settings(start: Path) -> Settings:
    """The settings of the nearest ``.smtplint.toml`` or pyproject ``[tool.smtplint]``."""
    directory = start.resolve()
    if directory.is_file():
        directory = directory.parent
    for candidate in (directory, *directory.parents):
        dedicated = candidate / ".smtplint.toml"
        if dedicated.is_file():
            return _parse(dedicated, _load(dedicated))
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            tool = _load(pyproject).get("tool")
            table = tool.get("smtplint") if isinstance(tool, dict) else None
            if isinstance(table, dict):
                return _parse(pyproject, table)
    return Settings()


def _load(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            data: dict[str, object] = tomllib.load(handle)
            return data
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: cannot read smtplint settings: {error}") from None


def _parse(path: Path, table: dict[str, object]) -> Settings:
    def strings(key: str) -> tuple[str, ...] | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise SettingsError(f"{path}: smtplint setting {key!r} must be a list of strings")
        return tuple(value)

    dirs = strings("profiles-dirs") or ()
    env_files = strings("env-files") or ()
    return Settings(
        select=strings("select") or ("ALL",),
        ignore=strings("ignore") or (),
        profiles_dirs=tuple((path.parent / d).resolve() for d in dirs),
        env_files=tuple((path.parent / f).resolve() for f in env_files),
        source=path,
        unknown_keys=tuple(sorted(set(table) - _KNOWN_KEYS)),
    )
