"""What `smtplint check` does once its options are parsed: run the checks, write the report,
choose the exit code.

No typer here: the console script parses a plain `check` call itself (smtplint.entry) and
comes straight to this module, so a pre-commit run does not pay for the full command line.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from smtplint.cli_defaults import DEFAULT_DNS_TIMEOUT, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE
from smtplint.records import record

if TYPE_CHECKING:
    from smtplint.api import CheckResult


class CheckFormat(str, Enum):
    """The reports ``check`` can write; the listing commands only know text and json."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


@record
class CheckRequest:
    """A parsed `smtplint check` command line."""

    paths: tuple[Path, ...] = ()
    output_format: CheckFormat | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    profiles_dir: tuple[Path, ...] = ()
    env_file: tuple[Path, ...] = ()
    environ: bool = False
    exit_zero: bool = False
    network: bool | None = None
    nameserver: str | None = None
    dns_timeout: float = DEFAULT_DNS_TIMEOUT
    config: Path | None = None
    isolated: bool = False
    jobs: int | None = None  # worker processes; None: automatic


Renderer = Callable[["CheckResult"], str]


def run_check(request: CheckRequest) -> int:
    """Check what the request names, write the report to stdout, return the exit code."""
    from smtplint.api import SelectionError
    from smtplint.discover import PathError
    from smtplint.profiles.load import ProfileError
    from smtplint.settings import SettingsError

    try:
        result = _checked(request)
    except (PathError, ProfileError, SettingsError, SelectionError) as error:
        return usage_error(str(error))

    if request.output_format is not None:
        sys.stdout.write(render(request.output_format, result))
    else:
        sys.stdout.write(render(CheckFormat.text, result))
        if os.environ.get("GITHUB_ACTIONS") == "true":
            sys.stdout.write(render(CheckFormat.github, result))

    if result.unreadable:
        return EXIT_USAGE
    if result.failing and not request.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _checked(request: CheckRequest) -> CheckResult:
    from smtplint.api import check_paths
    from smtplint.exclude import Excludes
    from smtplint.policy import with_severities
    from smtplint.settings import settings_for

    paths = list(request.paths)
    settings = settings_for(paths, config=request.config, isolated=request.isolated)
    dns_options = None
    if settings.network if request.network is None else request.network:
        from smtplint.network import network_options

        dns_options = network_options(True, request.nameserver, request.dns_timeout)
    select = settings.selected(split_codes(request.select))
    ignore = settings.ignored(split_codes(request.ignore))
    profiles_dirs = list(request.profiles_dir or settings.profiles_dirs)
    if request.environ:
        from smtplint.environ import check_environment
        from smtplint.settings import SettingsError

        if paths:
            raise SettingsError("--environ checks the environment; give no paths with it")
        result = check_environment(
            os.environ, select=select, ignore=ignore, profiles_dirs=profiles_dirs
        )
        result.findings = with_severities(result.findings, settings.severity)
        return result
    return check_paths(
        paths or [Path(".")],
        select=select,
        ignore=ignore,
        profiles_dirs=profiles_dirs,
        env_files=list(request.env_file or settings.env_files),
        excludes=Excludes.of(settings.exclude, settings.extend_exclude, settings.base),
        per_file_ignores=settings.per_file_ignores,
        severity=settings.severity,
        network=dns_options,
        workers=request.jobs,
    )


def render(output_format: CheckFormat, result: CheckResult) -> str:
    """The report in one format; each reporter is imported only when it is used."""
    if output_format is CheckFormat.text:
        from smtplint.report import text

        return text.render(result, colour=use_colour())
    module = importlib.import_module(f"smtplint.report.{_REPORTERS[output_format]}")
    renderer: Renderer = module.render
    return renderer(result)


_REPORTERS = {
    CheckFormat.json: "json_report",
    CheckFormat.sarif: "sarif",
    CheckFormat.github: "github",
    CheckFormat.junit: "junit",
}


def split_codes(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """Rule codes from repeated, comma-separated options; None when none were given."""
    if not values:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def use_colour() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def usage_error(message: str) -> int:
    sys.stderr.write(f"smtplint: {message}\n")
    return EXIT_USAGE
