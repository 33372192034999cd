"""The command line: parses options, calls the library, picks a reporter, sets the exit code."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from smtplint import __version__
from smtplint.check_command import (
    CheckFormat,
    CheckRequest,
    run_check,
    usage_error,
)
from smtplint.cli_defaults import DEFAULT_DNS_TIMEOUT, EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE
from smtplint.cli_options import (
    ConfigOption,
    DnsTimeoutOption,
    FormatOption,
    IgnoreOption,
    IsolatedOption,
    JobsOption,
    NameserverOption,
    OutputFormat,
    ProfilesDirOption,
    SelectOption,
)
from smtplint.entry import guarded
from smtplint.fix_command import FixRequest, run_fix

if TYPE_CHECKING:
    from smtplint.profiles.index import ProfileIndex

app = typer.Typer(
    name="smtplint",
    help="Lint SMTP client configuration before any mail is sent.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class SecretStore(str, Enum):
    """Where ``fix --secrets`` moves plaintext passwords."""

    keyring = "keyring"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"smtplint {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """smtplint finds the SMTP settings that will make mail fail, and says why."""


def _fail(message: str) -> NoReturn:
    raise typer.Exit(usage_error(message))


@app.command()
def check(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045 - typer needs Optional on Python 3.10
        typer.Argument(help="Files or directories to check (default: the current directory)."),
    ] = None,
    output_format: Annotated[
        Optional[CheckFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "--output-format",
            help="Output format: text (the default), json, sarif (GitHub code scanning), "
            "github (workflow-command annotations) or junit (GitLab, Jenkins). Without "
            "--format under GitHub Actions (GITHUB_ACTIONS=true), text is followed by "
            "github annotations.",
        ),
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    profiles_dir: ProfilesDirOption = None,
    env_file: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option(
            help="An env file the application runs with (repeatable): environment lookups "
            "in Python settings resolve against it."
        ),
    ] = None,
    environ: Annotated[
        bool,
        typer.Option(
            "--environ",
            help="Check the SMTP settings of this process's environment variables instead "
            "of files (for CI: the variables and secrets a deploy will use).",
        ),
    ] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when problems are found.")
    ] = False,
    network: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--network/--no-network",
            help="Also check DNS: the sender domain's MX, SPF and DMARC records, the host's "
            "address and aliases (SL7xx rules). Default: the configuration's `network`.",
        ),
    ] = None,
    nameserver: NameserverOption = None,
    dns_timeout: DnsTimeoutOption = DEFAULT_DNS_TIMEOUT,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    jobs: JobsOption = None,
) -> None:
    """Check SMTP settings in env files, TOML, Python settings and Thunderbird profiles."""
    request = CheckRequest(
        paths=tuple(paths or ()),
        output_format=output_format,
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        profiles_dir=tuple(profiles_dir or ()),
        env_file=tuple(env_file or ()),
        environ=environ,
        exit_zero=exit_zero,
        network=network,
        nameserver=nameserver,
        dns_timeout=dns_timeout,
        config=config,
        isolated=isolated,
        jobs=jobs,
    )
    _exit_with(run_check(request))


def _exit_with(code: int) -> None:
    if code != EXIT_CLEAN:
        raise typer.Exit(code)


@app.command()
def fix(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045 - typer needs Optional on Python 3.10
        typer.Argument(help="Files or directories to fix (default: the current directory)."),
    ] = None,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Apply unsafe fixes too.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff per file; write nothing.")
    ] = False,
    secrets: Annotated[
        Optional[SecretStore],  # noqa: UP045
        typer.Option(
            "--secrets",
            help="Move plaintext passwords (SL501) to the system keyring (keyring) and make "
            "the file read them from an environment variable.",
        ),
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    profiles_dir: ProfilesDirOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    jobs: JobsOption = None,
) -> None:
    """Apply automatic fixes, then report what is left like `check`."""
    request = FixRequest(
        paths=tuple(paths or ()),
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        keyring=secrets is SecretStore.keyring,
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        profiles_dir=tuple(profiles_dir or ()),
        config=config,
        isolated=isolated,
        jobs=jobs,
    )
    _exit_with(run_fix(request))


secrets_app = typer.Typer(
    name="secrets",
    help="Passwords that `fix --secrets keyring` moved to the system keyring.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(secrets_app)


@secrets_app.command("restore")
def restore_secrets(
    paths: Annotated[list[Path], typer.Argument(help="Files whose moved passwords to put back.")],
    forget: Annotated[
        bool,
        typer.Option("--forget", help="Delete each keyring entry once its file is written."),
    ] = False,
) -> None:
    """Put passwords moved to the system keyring back into their files, as literals."""
    from smtplint.restore import restore_paths

    report = restore_paths(paths, forget_entries=forget)
    for line in report.restored + report.unchanged:
        typer.echo(line)
    for line in report.missing + report.failed:
        typer.echo(f"smtplint: {line}", err=True)
    if report.failed:
        raise typer.Exit(EXIT_USAGE)
    if report.missing:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def show(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045 - typer needs Optional on Python 3.10
        typer.Argument(help="Files or directories (default: the current directory)."),
    ] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Show how smtplint reads each SMTP configuration: the library reading and every field."""
    from smtplint.api import CheckResult, load_environment, read_paths
    from smtplint.discover import PathError
    from smtplint.exclude import Excludes
    from smtplint.report import config_view
    from smtplint.settings import SettingsError, settings_for

    result = CheckResult()
    try:
        settings = settings_for(paths or [], config=config, isolated=isolated)
        documents = list(
            read_paths(
                paths or [Path(".")],
                result,
                load_environment(settings.env_files),
                Excludes.of(settings.exclude, settings.extend_exclude, settings.base),
            )
        )
    except (PathError, SettingsError) as error:
        _fail(str(error))
    sys.stdout.write(config_view.render(documents))
    for message in result.unreadable:
        typer.echo(message, err=True)
    if result.unreadable:
        raise typer.Exit(EXIT_USAGE)


@app.command("rules")
def list_rules(
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """List every rule: code, name, severity, whether it can fix, summary."""
    from smtplint.report import docs

    sys.stdout.write(
        docs.rules_json() if output_format is OutputFormat.json else docs.rules_table()
    )


@app.command("rule")
def show_rule(code: Annotated[str, typer.Argument(help="A rule code such as SL102.")]) -> None:
    """Show a rule's documentation: what, why, example, fix."""
    from smtplint.report import docs
    from smtplint.rules import get_rule

    found = get_rule(code)
    if found is None:
        _fail(f"no rule {code!r}; `smtplint rules` lists them")
    sys.stdout.write(docs.rule_page(found))


@app.command("profiles")
def list_profiles(
    profiles_dir: ProfilesDirOption = None,
    output_format: FormatOption = OutputFormat.text,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """List the provider profiles smtplint knows."""
    from smtplint.report import profile_view

    index = _index(profiles_dir, config, isolated)
    if output_format is OutputFormat.json:
        sys.stdout.write(profile_view.profiles_json(index))
    else:
        sys.stdout.write(profile_view.profiles_table(index))


@app.command("profile")
def show_profile(
    profile_id: Annotated[str, typer.Argument(metavar="ID", help="A profile id, e.g. gmail.")],
    profiles_dir: ProfilesDirOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Show one provider profile with its sources."""
    from smtplint.report import profile_view

    index = _index(profiles_dir, config, isolated)
    profile = index.get(profile_id)
    if profile is None:
        match = index.match_host(profile_id)
        profile = match.profile if match is not None else None
    if profile is None:
        _fail(f"no profile {profile_id!r}; `smtplint profiles` lists them")
    sys.stdout.write(profile_view.profile_page(profile, index.path_of(profile.id)))


def _index(profiles_dir: list[Path] | None, config: Path | None, isolated: bool) -> ProfileIndex:
    """The profiles of ``--profiles-dir``, else of the configuration found from here."""
    from smtplint.profiles.index import load_index
    from smtplint.profiles.load import ProfileError
    from smtplint.settings import SettingsError, settings_for

    try:
        settings = settings_for([], config=config, isolated=isolated)
        return load_index(profiles_dir or list(settings.profiles_dirs))
    except (ProfileError, SettingsError) as error:
        _fail(str(error))


def _register_commands() -> None:
    """Commands defined in their own modules (each imports its heavy parts lazily)."""
    from smtplint import cli_discover, cli_explain, cli_probe

    for module in (cli_discover, cli_probe, cli_explain):
        module.register(app)


_register_commands()


def main() -> None:
    """The full command line, without the plain-`check` shortcut of smtplint.entry."""
    guarded(app)
