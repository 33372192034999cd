"""What `smtplint fix` does once its options are parsed: fix, print diffs and notes, report
what is left like `check`, choose the exit code.

No typer here, for the same reason as smtplint.check_command: the pre-commit hook runs
`smtplint fix FILE...` on every commit, and the console script parses such a call itself.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smtplint.check_command import split_codes, usage_error, use_colour
from smtplint.cli_defaults import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE
from smtplint.records import record

if TYPE_CHECKING:
    from smtplint.vault import KeyringVault


@record
class FixRequest:
    """A parsed `smtplint fix` command line."""

    paths: tuple[Path, ...] = ()
    unsafe_fixes: bool = False
    diff: bool = False
    keyring: bool = False  # --secrets keyring: move plaintext passwords to the keyring
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    profiles_dir: tuple[Path, ...] = ()
    config: Path | None = None
    isolated: bool = False
    jobs: int | None = None  # worker processes; None: automatic


def run_fix(request: FixRequest) -> int:
    """Fix what the request names, write diffs, notes and the report, return the exit code."""
    from smtplint.api import SelectionError
    from smtplint.discover import PathError
    from smtplint.exclude import Excludes
    from smtplint.fixer import fix_paths
    from smtplint.profiles.load import ProfileError
    from smtplint.settings import SettingsError, settings_for

    paths = list(request.paths)
    try:
        settings = settings_for(paths, config=request.config, isolated=request.isolated)
        result = fix_paths(
            paths or [Path(".")],
            unsafe=request.unsafe_fixes,
            diff=request.diff,
            select=settings.selected(split_codes(request.select)),
            ignore=settings.ignored(split_codes(request.ignore)),
            profiles_dirs=list(request.profiles_dir or settings.profiles_dirs),
            excludes=Excludes.of(settings.exclude, settings.extend_exclude, settings.base),
            per_file_ignores=settings.per_file_ignores,
            severity=settings.severity,
            secrets=_keyring() if request.keyring else None,
            workers=request.jobs,
        )
    except (PathError, ProfileError, SettingsError, SelectionError) as error:
        return usage_error(str(error))
    for text in result.diffs:
        sys.stdout.write(text)
    for note in result.notes:
        sys.stdout.write(f"{note}\n")
    if request.keyring and not request.diff:
        moved = result.secrets_moved
        plural = "" if moved == 1 else "s"
        sys.stdout.write(f"{moved} password{plural} moved to the system keyring\n")
    from smtplint.report import text as text_report

    sys.stdout.write(text_report.render(result.check, colour=use_colour(), suggestions=True))
    if result.check.unreadable:
        return EXIT_USAGE
    if result.check.failing or (request.diff and result.changed):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _keyring() -> KeyringVault:
    from smtplint.vault import KeyringVault

    return KeyringVault()
