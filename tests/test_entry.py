"""The console script's shortcut for plain `check` calls parses exactly as typer does,
leaves everything else to typer, and loads none of the full command line's packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.core
import typer.main

from smtplint.check_command import CheckRequest
from smtplint.cli import app, check_request
from smtplint.entry import FAST_OPTIONS, plain_check

BROKEN_ENV = "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=587\nSMTP_SECURE=true\nSMTP_USER=a@gmail.com\n"


def _check_command() -> typer.core.TyperCommand:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    command = group.commands["check"]
    assert isinstance(command, typer.core.TyperCommand)
    return command


def typer_request(argv: list[str]) -> CheckRequest:
    """What typer's parse of ``smtplint check ARGV`` hands to the check."""
    context = _check_command().make_context("check", list(argv))
    return check_request(**context.params)


PLAIN_CALLS = [
    [],
    ["."],
    [".env", "config/settings.py", "prefs.js"],
    ["--format", "json", "a.env"],
    ["--format=sarif", "a.env"],
    ["--output-format", "junit"],
    ["a.env", "--format", "github", "b.env"],
    ["--select", "SL1,SL301", "--select", "SL5", "--ignore=SL104", "."],
    ["--select="],
    ["--exit-zero", "--isolated", "--no-network", "src"],
    ["--network", "--nameserver", "127.0.0.1:5353", "--dns-timeout", "0.5", "."],
    ["--network", "--no-network"],
    ["--dns-timeout=12"],
    ["--profiles-dir", "profiles", "--profiles-dir=more", "--env-file", ".env.prod"],
    ["--config", "tools/smtplint.toml", "app"],
    ["--environ"],
    ["--exit-zero", "path with spaces/.env", "ünïcode.env"],
]


@pytest.mark.parametrize("args", PLAIN_CALLS, ids=lambda args: " ".join(args) or "(none)")
def test_plain_calls_parse_as_typer_does(args: list[str]) -> None:
    assert plain_check(["check", *args]) == typer_request(args)


LEFT_TO_TYPER = [
    [],
    ["--version"],
    ["fix", "."],
    ["rules"],
    ["check", "--help"],
    ["check", "-h"],
    ["check", "--", "-odd-name.env"],
    ["check", "-"],
    ["check", "--format", "xml"],
    ["check", "--format", "JSON"],
    ["check", "--format"],
    ["check", "--format", "json", "--format", "text"],
    ["check", "--select", "--ignore", "SL1"],
    ["check", "--dns-timeout", "soon"],
    ["check", "--dns-timeout", "1e3"],
    ["check", "--dns-timeout", "٣"],
    ["check", "--exit-zero=yes"],
    ["check", "--selec", "SL1"],
    ["check", "--no-such-option"],
]


@pytest.mark.parametrize("argv", LEFT_TO_TYPER, ids=lambda argv: " ".join(argv) or "(none)")
def test_other_calls_are_left_to_typer(argv: list[str]) -> None:
    assert plain_check(argv) is None


def test_every_check_option_is_parsed_alike_or_left_to_typer() -> None:
    names = {
        name
        for parameter in _check_command().params
        if isinstance(parameter, typer.core.TyperOption)
        for name in (*parameter.opts, *parameter.secondary_opts)
    }
    assert names >= FAST_OPTIONS, "the shortcut knows an option check no longer has"
    for name in sorted(names - FAST_OPTIONS):
        assert plain_check(["check", name, "value"]) is None, name


def _run(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, check=False
    )


SHORTCUT = "from smtplint.entry import main; main()"
FULL = "from smtplint.cli import main; main()"


@pytest.mark.parametrize(
    "args",
    [
        ["check", ".env"],
        ["check", "--format", "json", ".env"],
        ["check", "--exit-zero", "--select", "SL1", "."],
        ["check", "missing.env"],
        ["check", "--config", "missing.toml", "."],
    ],
    ids=" ".join,
)
def test_shortcut_and_full_command_line_answer_alike(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / ".env").write_text(BROKEN_ENV, encoding="utf-8")
    shortcut = _run(SHORTCUT, *args, cwd=tmp_path)
    full = _run(FULL, *args, cwd=tmp_path)
    assert (shortcut.returncode, shortcut.stdout, shortcut.stderr) == (
        full.returncode,
        full.stdout,
        full.stderr,
    )
    assert shortcut.stdout or shortcut.stderr


HEAVY = ("typer", "click", "pydantic", "dns", "keyring", "tomlkit", "email_validator")
# Standard-library and python-dotenv modules a check of one env file outside a repository
# has no use for: git is never asked (subprocess), no settings file or edited profile is
# parsed (tomllib), and python-dotenv's parser is loaded without its package (dotenv,
# whose import brings logging and tempfile).
DEFERRED = ("subprocess", "tomllib", "dotenv", "logging", "tempfile")


def _loaded_script(names: tuple[str, ...]) -> str:
    """Code that runs the console script and prints which of ``names`` it loaded."""
    return (
        "import sys\n"
        "from smtplint.entry import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    print('exit', exit.code)\n"
        f"print(sorted({{name.split('.')[0] for name in sys.modules}} & set({names!r})))\n"
    )


def test_a_plain_check_of_an_env_file_loads_no_heavy_package(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(BROKEN_ENV, encoding="utf-8")
    done = _run(_loaded_script(HEAVY), "check", ".env", cwd=tmp_path)
    assert done.stdout.splitlines()[-2:] == ["exit 1", "[]"], done.stdout + done.stderr


def test_a_plain_check_of_an_env_file_loads_no_module_it_does_not_use(tmp_path: Path) -> None:
    if any((folder / ".git").exists() for folder in (tmp_path, *tmp_path.parents)):
        pytest.skip("the temporary folder is inside a git repository")
    (tmp_path / ".env").write_text(BROKEN_ENV, encoding="utf-8")
    done = _run(_loaded_script(DEFERRED), "check", ".env", cwd=tmp_path)
    assert done.stdout.splitlines()[-2:] == ["exit 1", "[]"], done.stdout + done.stderr


def test_a_help_call_still_reaches_typer(tmp_path: Path) -> None:
    done = _run(SHORTCUT, "check", "--help", cwd=tmp_path)
    assert done.returncode == 0
    assert "--format" in done.stdout
