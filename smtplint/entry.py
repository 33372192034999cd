"""The console script: a plain `smtplint check` or `smtplint fix` runs without loading the
full command line.

A pre-commit hook or an editor runs `smtplint check FILE...` (or `fix`) on every commit or
save, and typer's option parsing costs more than checking a few files. A call made only of
paths and the options below, each written in full, is parsed here; anything else (help, a
short or unknown option, `--`, a value that looks like an option, an invalid value) goes to
typer, which parses it and reports mistakes. tests/test_entry.py holds both parsers to the
same result.
"""

from __future__ import annotations

import gc
import importlib
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from smtplint.check_command import CheckFormat, CheckRequest, run_check
from smtplint.cli_defaults import EXIT_BROKEN_PIPE, EXIT_USAGE
from smtplint.fix_command import FixRequest, run_fix
from smtplint.records import record

Request = CheckRequest | FixRequest

_SHARED_FLAGS: dict[str, tuple[str, bool]] = {"--isolated": ("isolated", True)}
_SHARED_REPEATABLE: dict[str, str] = {
    "--select": "select",
    "--ignore": "ignore",
    "--profiles-dir": "profiles_dir",
}
_PATH_VALUED = frozenset({"profiles_dir", "env_file", "config"})
_PLAIN_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_COUNT = re.compile(r"0*[1-9][0-9]*")


@record
class _Grammar:
    """The options of one command the shortcut parses: flags, repeatable and single values."""

    flags: Mapping[str, tuple[str, bool]]
    repeatable: Mapping[str, str]
    single: Mapping[str, str]

    @property
    def options(self) -> frozenset[str]:
        return frozenset(self.flags) | frozenset(self.repeatable) | frozenset(self.single)


_CHECK = _Grammar(
    flags={
        **_SHARED_FLAGS,
        "--environ": ("environ", True),
        "--exit-zero": ("exit_zero", True),
        "--network": ("network", True),
        "--no-network": ("network", False),
    },
    repeatable={**_SHARED_REPEATABLE, "--env-file": "env_file"},
    single={
        "--format": "output_format",
        "--output-format": "output_format",
        "--config": "config",
        "--nameserver": "nameserver",
        "--dns-timeout": "dns_timeout",
        "--jobs": "jobs",
    },
)
_FIX = _Grammar(
    flags={
        **_SHARED_FLAGS,
        "--unsafe-fixes": ("unsafe_fixes", True),
        "--diff": ("diff", True),
    },
    repeatable=_SHARED_REPEATABLE,
    single={"--config": "config", "--jobs": "jobs"},  # --secrets: rare, left to typer
)
FAST_OPTIONS = {"check": _CHECK.options, "fix": _FIX.options}


def plain_request(argv: Sequence[str]) -> Request | None:
    """The request a plain `check ...` or `fix ...` call stands for, or None to leave it to
    typer."""
    if not argv or argv[0] not in FAST_OPTIONS:
        return None
    grammar = _CHECK if argv[0] == "check" else _FIX
    fields = _parsed(grammar, argv[1:])
    if fields is None:
        return None
    if argv[0] == "check":
        return _check_request(fields)
    return FixRequest(**fields)


def _parsed(grammar: _Grammar, arguments: Sequence[str]) -> dict[str, Any] | None:
    fields: dict[str, Any] = {}
    paths: list[Path] = []
    repeated: dict[str, list[str]] = {}
    tokens = list(arguments)
    while tokens:
        token = tokens.pop(0)
        if not token.startswith("-"):
            paths.append(Path(token))
            continue
        name, has_value, value = token.partition("=")
        if name in grammar.flags and not has_value:
            field, setting = grammar.flags[name]
            fields[field] = setting
            continue
        if name not in grammar.repeatable and name not in grammar.single:
            return None
        if not has_value:
            if not tokens or tokens[0].startswith("-"):
                return None
            value = tokens.pop(0)
        if name in grammar.repeatable:
            repeated.setdefault(grammar.repeatable[name], []).append(value)
        elif grammar.single[name] in fields:
            return None  # given twice: typer's rule for that is typer's to apply
        else:
            fields[grammar.single[name]] = value
    for field, values in repeated.items():
        fields[field] = tuple(Path(v) if field in _PATH_VALUED else v for v in values)
    fields["paths"] = tuple(paths)
    if "config" in fields:
        fields["config"] = Path(fields["config"])
    if "jobs" in fields:
        if not _COUNT.fullmatch(fields["jobs"]):
            return None  # typer says what is wrong with it
        fields["jobs"] = int(fields["jobs"])
    return fields


def _check_request(fields: dict[str, Any]) -> CheckRequest | None:
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
    # Start-up makes only objects that live until exit, so the garbage collector, which
    # would walk them again and again while modules load, waits until the work begins.
    gc.disable()
    command = _command(sys.argv[1:])
    gc.freeze()  # what start-up made stays out of later collections (until a worker pool ends)
    gc.enable()
    guarded(command)


def _command(argv: Sequence[str]) -> Callable[[], object]:
    """What the console script runs, the modules it needs loaded."""
    request = plain_request(argv)
    if request is None:
        from smtplint.cli import app

        return app
    if isinstance(request, CheckRequest):
        importlib.import_module("smtplint.api")
        return lambda: sys.exit(run_check(request))
    importlib.import_module("smtplint.fixer")
    return lambda: sys.exit(run_fix(request))


def guarded(command: Callable[[], object]) -> None:
    """Run a command as the last thing the process does: Ctrl-C exits 130, a reader that
    stops reading (``| head``) ends it quietly, an unexpected error is one line, not a
    traceback."""
    try:
        try:
            command()
        finally:
            # The interpreter's last collection would walk every object the run made, only
            # for the process to end; freezing them skips it.
            gc.freeze()
            sys.stdout.flush()  # a closed pipe shows here, not at exit
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # what is still buffered must not fail again at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_BROKEN_PIPE)
    except Exception as error:
        if os.environ.get("SMTPLINT_DEBUG"):
            raise
        sys.stderr.write(
            f"smtplint: internal error: {type(error).__name__}: {error} "
            "(set SMTPLINT_DEBUG=1 for a traceback)\n"
        )
        sys.exit(EXIT_USAGE)
