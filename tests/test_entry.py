"""The console script's shortcut for plain `check` and `fix` calls parses exactly as typer
does, leaves everything else to typer, and loads none of the full command line's
packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.core
import typer.main
from typer.testing import CliRunner

from smtplint.cli import app
from smtplint.entry import FAST_OPTIONS, Request, plain_request

BROKEN_ENV = "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=587\nSMTP_SECURE=true\nSMTP_USER=a@gmail.com\n"


def _command(name: str) -> typer.core.TyperCommand:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    command = group.commands[name]
    assert isinstance(command, typer.core.TyperCommand)
    return command


def typer_request(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Request:
    """The request typer's parse of ``smtplint ARGV`` hands to the command's work."""
    handed: list[Request] = []

    def capture(request: Request) -> int:
        handed.append(request)
        return 0

    monkeypatch.setattr(f"smtplint.cli.run_{argv[0]}", capture)
    outcome = CliRunner().invoke(app, argv)
    assert outcome.exit_code == 0, outcome.output
    assert len(handed) == 1
    return handed[0]


PLAIN_CALLS = [
    ["check"],
    ["check", "."],
    ["check", ".env", "config/settings.py", "prefs.js"],
    ["check", "--format", "json", "a.env"],
    ["check", "--format=sarif", "a.env"],
    ["check", "--output-format", "junit"],
    ["check", "a.env", "--format", "github", "b.env"],
    ["check", "--select", "SL1,SL301", "--select", "SL5", "--ignore=SL104", "."],
    ["check", "--select="],
    ["check", "--exit-zero", "--isolated", "--no-network", "src"],
    ["check", "--network", "--nameserver", "127.0.0.1:5353", "--dns-timeout", "0.5", "."],
    ["check", "--network", "--no-network"],
    ["check", "--dns-timeout=12"],
    ["check", "--profiles-dir", "profiles", "--profiles-dir=more", "--env-file", ".env.prod"],
    ["check", "--config", "tools/smtplint.toml", "app"],
    ["check", "--environ"],
    ["check", "--exit-zero", "path with spaces/.env", "ünïcode.env"],
    ["fix"],
    ["fix", ".env", "settings.py"],
    ["fix", "--diff", "--unsafe-fixes", "."],
    ["fix", "--select", "SL1", "--ignore=SL104,SL2", "--isolated", "app"],
    ["fix", "--profiles-dir", "profiles", "--config=tools/smtplint.toml", "a.env"],
    ["check", "--jobs", "3", "."],
    ["check", "--jobs=01", "."],
    ["fix", "--jobs", "1", "--diff", "."],
]


@pytest.mark.parametrize("argv", PLAIN_CALLS, ids=" ".join)
def test_plain_calls_parse_as_typer_does(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert plain_request(argv) == typer_request(argv, monkeypatch)


LEFT_TO_TYPER = [
    [],
    ["--version"],
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
    ["fix", "--help"],
    ["fix", "--secrets", "keyring", "."],
    ["fix", "--diff=no"],
    ["fix", "--exit-zero", "."],
    ["fix", "--config", "a.toml", "--config", "b.toml"],
    ["check", "--jobs", "0", "."],
    ["check", "--jobs", "-2", "."],
    ["check", "--jobs", "two", "."],
    ["fix", "--jobs=", "."],
]


@pytest.mark.parametrize("argv", LEFT_TO_TYPER, ids=lambda argv: " ".join(argv) or "(none)")
def test_other_calls_are_left_to_typer(argv: list[str]) -> None:
    assert plain_request(argv) is None


@pytest.mark.parametrize("name", sorted(FAST_OPTIONS))
def test_every_option_is_parsed_alike_or_left_to_typer(name: str) -> None:
    names = {
        option
        for parameter in _command(name).params
        if isinstance(parameter, typer.core.TyperOption)
        for option in (*parameter.opts, *parameter.secondary_opts)
    }
    assert names >= FAST_OPTIONS[name], "the shortcut knows an option the command no longer has"
    for option in sorted(names - FAST_OPTIONS[name]):
        assert plain_request([name, option, "value"]) is None, option


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
        ["fix", ".env"],
        ["fix", "--diff", "."],
        ["fix", "--unsafe-fixes", "--select", "SL1", ".env"],
        ["fix", "missing.env"],
    ],
    ids=" ".join,
)
def test_shortcut_and_full_command_line_answer_alike(tmp_path: Path, args: list[str]) -> None:
    answers, contents = [], []
    for code, folder in ((SHORTCUT, tmp_path / "shortcut"), (FULL, tmp_path / "full")):
        folder.mkdir()
        (folder / ".env").write_text(BROKEN_ENV, encoding="utf-8")
        done = _run(code, *args, cwd=folder)
        stdout, stderr = (text.replace(str(folder), "~") for text in (done.stdout, done.stderr))
        answers.append((done.returncode, stdout, stderr))
        contents.append((folder / ".env").read_text(encoding="utf-8"))
    assert answers[0] == answers[1]
    assert contents[0] == contents[1]
    assert answers[0][1] or answers[0][2]


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


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_plain_call_on_an_env_file_loads_no_heavy_package(tmp_path: Path, command: str) -> None:
    (tmp_path / ".env").write_text(BROKEN_ENV, encoding="utf-8")
    done = _run(_loaded_script(HEAVY), command, ".env", cwd=tmp_path)
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


@pytest.mark.parametrize("code", [SHORTCUT, FULL], ids=["shortcut", "full"])
def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path, code: str) -> None:
    (tmp_path / ".env").write_text(BROKEN_ENV, encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-c", code, "check", "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # `| head -0`: closed before anything is written
        stderr = process.stderr.read()
    assert (process.returncode, stderr) == (1, b"")  # as click ends its commands


# Runs the console script with a command that reports the garbage collector's state.
_COLLECTOR_PROBE = """
import gc
import smtplint.entry as entry
def probe(request):
    print("collecting", gc.isenabled(), "start-up frozen", gc.get_freeze_count() > 0)
    return 0
entry.run_check = entry.run_fix = probe
entry.main()
"""


@pytest.mark.parametrize("command", ["check", "fix"])
def test_start_up_is_frozen_and_the_work_is_collected(tmp_path: Path, command: str) -> None:
    # Start-up runs with the collector paused; the work must not, a large tree makes garbage.
    done = _run(_COLLECTOR_PROBE, command, ".", cwd=tmp_path)
    assert done.stdout == "collecting True start-up frozen True\n", done.stderr
