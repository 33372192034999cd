"""The console script: a plain `smtplint check` runs without loading the full command line.

A pre-commit hook or an editor runs `smtplint check FILE...` on every commit or save, and
typer's option parsing costs more than checking a few files. A call made only of paths and
the options below, each written in full, is parsed here; anything else (help, a short or
unknown option, `--`, a value that looks like an option, an invalid value) goes to typer,
which parses it and reports mistakes. tests/test_entry.py holds both parsers to the same
result.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from smtplint.check_command import CheckFormat, CheckRequest, run_check
from smtplint.cli_defaults import EXIT_USAGE

_FLAGS: dict[str, tuple[str, bool]] = {
    "--environ": ("environ", True),
    "--exit-zero": ("exit_zero", True),
    "--isolated": ("isolated", True),
    "--network": ("network", True),
    "--no-network": ("network", False),
}
_REPEATABLE: dict[str, str] = {
    "--select": "select",
    "--ignore": "ignore",
    "--profiles-dir": "profiles_dir",
    "--env-file": "env_file",
}
_SINGLE: dict[str, str] = {
    "--format": "output_format",
    "--output-format": "output_format",
    "--config": "config",
    "--nameserver": "nameserver",
    "--dns-timeout": "dns_timeout",
}
_PATH_VALUED = frozenset({"profiles_dir", "env_file", "config"})
_PLAIN_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
FAST_OPTIONS = frozenset(_FLAGS) | frozenset(_REPEATABLE) | frozenset(_SINGLE)


def plain_check(argv: Sequence[str]) -> CheckRequest | None:
    """The request a plain `check ...` call stands for, or None to leave it to typer."""
    if not argv or argv[0] != "check":
        return None
    fields: dict[str, Any] = {"paths": []}
    repeated: dict[str, list[str]] = {}
    tokens = list(argv[1:])
    while tokens:
        token = tokens.pop(0)
        if not token.startswith("-"):
            fields["paths"].append(Path(token))
            continue
        name, has_value, value = token.partition("=")
        if name in _FLAGS and not has_value:
            field, setting = _FLAGS[name]
            fields[field] = setting
            continue
        if name not in _REPEATABLE and name not in _SINGLE:
            return None
        if not has_value:
            if not tokens or tokens[0].startswith("-"):
                return None
            value = tokens.pop(0)
        if name in _REPEATABLE:
            repeated.setdefault(_REPEATABLE[name], []).append(value)
        elif _SINGLE[name] in fields:
            return None  # given twice: typer's rule for that is typer's to apply
        else:
            fields[_SINGLE[name]] = value
    return _request(fields, repeated)


def _request(fields: dict[str, Any], repeated: dict[str, list[str]]) -> CheckRequest | None:
    for field, values in repeated.items():
        fields[field] = tuple(Path(v) if field in _PATH_VALUED else v for v in values)
    fields["paths"] = tuple(fields["paths"])
    if "config" in fields:
        fields["config"] = Path(fields["config"])
    if "output_format" in fields:
        if fields["output_format"] not in CheckFormat._value2member_map_:
            return None
        fields["output_format"] = CheckFormat(fields["output_format"])
    if "dns_timeout" in fields:
        if not _PLAIN_NUMBER.fullmatch(fields["dns_timeout"]):
            return None
        fields["dns_timeout"] = float(fields["dns_timeout"])
    return CheckRequest(**fields)


def main() -> None:
    """The `smtplint` console script."""
    request = plain_check(sys.argv[1:])
    if request is None:
        from smtplint.cli import app

        guarded(app)
    else:
        guarded(lambda: sys.exit(run_check(request)))


def guarded(command: Callable[[], object]) -> None:
    """Run a command: Ctrl-C exits 130, an unexpected error is one line, not a traceback."""
    try:
        command()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        if os.environ.get("SMTPLINT_DEBUG"):
            raise
        sys.stderr.write(
            f"smtplint: internal error: {type(error).__name__}: {error} "
            "(set SMTPLINT_DEBUG=1 for a traceback)\n"
        )
        sys.exit(EXIT_USAGE)
