"""smtplint's own configuration: ``[tool.smtplint]`` in pyproject.toml, or ``.smtplint.toml``.

Found like ruff's: walking up from the first checked path to the nearest directory with a
``.smtplint.toml`` or a pyproject.toml holding ``[tool.smtplint]``. Paths and globs in it
are relative to the file. Unknown keys and values of the wrong type are errors.
Command-line options win.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NoReturn

from smtplint.model import Severity
from smtplint.policy import PerFileIgnore
from smtplint.records import field, record
from smtplint.similarity import closest

DEDICATED_NAME = ".smtplint.toml"
KNOWN_KEYS = (
    "select",
    "ignore",
    "extend-select",
    "extend-ignore",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "severity",
    "profiles-dirs",
    "env-files",
    "network",
)


class SettingsError(Exception):
    """smtplint's own configuration is invalid."""


@record
class Settings:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    exclude: tuple[str, ...] | None = None  # None: the built-in list
    extend_exclude: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    profiles_dirs: tuple[Path, ...] = ()
    env_files: tuple[Path, ...] = ()
    network: bool = False  # DNS checks (SL7xx) in `check`, as --network
    source: Path | None = None  # the file the settings came from

    @property
    def base(self) -> Path | None:
        """The directory relative paths and globs are anchored at."""
        return None if self.source is None else self.source.parent

    def selected(self, override: Sequence[str] | None = None) -> tuple[str, ...]:
        """The rule prefixes to run: a command-line ``--select`` replaces both lists."""
        return tuple(override) if override else (*self.select, *self.extend_select)

    def ignored(self, override: Sequence[str] | None = None) -> tuple[str, ...]:
        """The rule prefixes not to run: a command-line ``--ignore`` replaces both lists."""
        return tuple(override) if override else (*self.ignore, *self.extend_ignore)


def settings_for(
    paths: Sequence[Path], *, config: Path | None = None, isolated: bool = False
) -> Settings:
    """The settings a run uses: ``config`` if given, none when ``isolated``, else the
    nearest configuration above the first path (the working directory without paths)."""
    if isolated and config is not None:
        raise SettingsError("--config and --isolated cannot be combined")
    if isolated:
        return Settings()
    if config is not None:
        return load_settings(config)
    return find_settings(paths[0] if paths else Path.cwd())


def find_settings(start: Path) -> Settings:
    """The settings of the nearest ``.smtplint.toml`` or pyproject ``[tool.smtplint]``."""
    directory = start.resolve()
    if directory.is_file():
        directory = directory.parent
    for candidate in (directory, *directory.parents):
        dedicated = candidate / DEDICATED_NAME
        if dedicated.is_file():
            return parse_settings(dedicated, _load(dedicated))
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            table = _tool_table(pyproject)
            if table is not None:
                return parse_settings(pyproject, table)
    return Settings()


def load_settings(path: Path) -> Settings:
    """The settings of one named file: a pyproject.toml with ``[tool.smtplint]``, or any
    other TOML file laid out like ``.smtplint.toml``."""
    path = path.resolve()
    if not path.is_file():
        raise SettingsError(f"{path}: no such configuration file")
    if path.name == "pyproject.toml":
        table = _tool_table(path)
        if table is None:
            raise SettingsError(f"{path}: no [tool.smtplint] table")
        return parse_settings(path, table)
    return parse_settings(path, _load(path))


def _tool_table(pyproject: Path) -> dict[str, object] | None:
    tool = _load(pyproject).get("tool")
    table = tool.get("smtplint") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _load(path: Path) -> dict[str, object]:
    # Imported here: most runs find no settings file to parse.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            data: dict[str, object] = tomllib.load(handle)
            return data
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: cannot read smtplint settings: {error}") from None


def parse_settings(path: Path, table: Mapping[str, object]) -> Settings:
    """Settings from the ``[tool.smtplint]`` table (or ``.smtplint.toml``) read from ``path``."""
    reader = _Reader(path, table)
    for key in table:
        if key not in KNOWN_KEYS:
            raise SettingsError(
                f"{path}: unknown smtplint setting {key!r}" + _did_you_mean(key, KNOWN_KEYS)
            )
    base = path.parent
    exclude = reader.strings("exclude")
    return Settings(
        select=reader.codes("select") or ("ALL",),
        ignore=reader.codes("ignore") or (),
        extend_select=reader.codes("extend-select") or (),
        extend_ignore=reader.codes("extend-ignore") or (),
        per_file_ignores=reader.per_file_ignores(base),
        exclude=exclude,
        extend_exclude=reader.strings("extend-exclude") or (),
        severity=reader.severities(),
        profiles_dirs=tuple((base / d).resolve() for d in reader.strings("profiles-dirs") or ()),
        env_files=tuple((base / f).resolve() for f in reader.strings("env-files") or ()),
        network=reader.boolean("network", default=False),
        source=path,
    )


def _did_you_mean(word: str, candidates: Sequence[str]) -> str:
    suggestion = closest(word, candidates, limit=lambda known: 1 if len(known) <= 4 else 3)
    return f"; did you mean {suggestion!r}?" if suggestion else ""


def _rule_codes() -> list[str]:
    from smtplint.rules import all_rules

    return [rule.code for rule in all_rules()]


class _Reader:
    """Typed access to the table, failing with the file and key on a wrong value."""

    def __init__(self, path: Path, table: Mapping[str, object]) -> None:
        self.path = path
        self.table = table

    def fail(self, key: str, problem: str) -> NoReturn:
        raise SettingsError(f"{self.path}: smtplint setting {key!r} {problem}")

    def strings(self, key: str) -> tuple[str, ...] | None:
        value = self.table.get(key)
        if value is None:
            return None
        return self._string_list(key, value)

    def _string_list(self, key: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(key, "must be a list of strings")
        return tuple(value)

    def codes(self, key: str) -> tuple[str, ...] | None:
        values = self.strings(key)
        if values is not None:
            self._check_codes(key, values)
        return values

    def _check_codes(self, key: str, prefixes: Sequence[str]) -> None:
        known = _rule_codes()
        for prefix in prefixes:
            wanted = prefix.strip().upper()
            if wanted != "ALL" and not any(code.startswith(wanted) for code in known):
                self.fail(key, f"names no rule: {prefix!r}" + _did_you_mean(wanted, known))

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
        return value

    def _table(self, key: str) -> Mapping[str, object]:
        value = self.table.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, "must be a table")
        return value

    def per_file_ignores(self, base: Path) -> tuple[PerFileIgnore, ...]:
        entries = []
        for pattern, value in self._table("per-file-ignores").items():
            key = f"per-file-ignores.{pattern}"
            codes = self._string_list(key, value)
            self._check_codes(key, codes)
            entries.append(PerFileIgnore(pattern, codes, base))
        return tuple(entries)

    def severities(self) -> dict[str, Severity]:
        levels = [level.value for level in Severity]
        known = _rule_codes()
        overrides: dict[str, Severity] = {}
        for code, value in self._table("severity").items():
            key = f"severity.{code}"
            prefix = code.upper()
            if prefix != "ALL" and not any(rule.startswith(prefix) for rule in known):
                self.fail(key, "names no rule" + _did_you_mean(prefix, known))
            if not isinstance(value, str) or value not in levels:
                self.fail(key, f"must be one of {', '.join(map(repr, levels))}")
            overrides[code.upper()] = Severity(value)
        return overrides
