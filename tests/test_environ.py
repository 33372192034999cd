"""``smtplint check --environ``: the SMTP settings of the process environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from smtplint.environ import as_env_text, mail_variables, read_environment

SECRET = 'Sup3r"Secret$x\\y'


def run_with_environment(
    variables: dict[str, str], *args: str, cwd: Path
) -> subprocess.CompletedProcess[str]:
    base = {key: os.environ[key] for key in ("PATH", "HOME", "SYSTEMROOT") if key in os.environ}
    return subprocess.run(
        [sys.executable, "-m", "smtplint", "check", "--environ", *args],
        cwd=cwd,
        env={**base, "NO_COLOR": "1", **variables},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_only_mail_variables_are_taken() -> None:
    variables = mail_variables(
        {
            "SMTP_HOST": "a",
            "SENTRY_EMAIL_HOST": "b",
            "DEFAULT_FROM_EMAIL": "c",
            "PATH": "/bin",
            "MAILDIR": "x",
            "HOME": "/root",
        }
    )
    assert list(variables) == ["DEFAULT_FROM_EMAIL", "SENTRY_EMAIL_HOST", "SMTP_HOST"]


def test_values_keep_quotes_backslashes_and_dollars() -> None:
    document = read_environment({"SMTP_HOST": "smtp.gmail.com", "SMTP_USER": 'a"b\\c$d'})
    config = document.configs[0]
    assert config.username is not None and config.username.value == 'a"b\\c$d'
    assert as_env_text({"X": "1"}) == 'X="1"\n'


def test_environment_is_checked_and_the_password_never_printed(tmp_path: Path) -> None:
    variables = {
        "SMTP_HOST": "smtp.gmail.com",
        "SMTP_PORT": "587",
        "SMTP_SECURE": "true",
        "SMTP_USER": "alerts@gmail.com",
        "SMTP_PASS": SECRET,
        "SMTP_FROM": "alerts@gmail.com",
    }
    result = run_with_environment(variables, "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert "SL101" in {f["code"] for f in findings}
    assert {f["path"] for f in findings} == {"$environment"}
    assert "SL501" not in {f["code"] for f in findings}  # the environment is where secrets belong
    text = run_with_environment(variables, cwd=tmp_path)
    for output in (result.stdout + result.stderr, text.stdout + text.stderr):
        assert SECRET not in output and "Sup3r" not in output


def test_fixes_for_the_environment_are_advice(tmp_path: Path) -> None:
    # `fix` writes files: a variable's fix is the value to set, never [*]
    variables = {"SMTP_HOST": "smtp.gmail.com", "SMTP_PORT": "465", "SMTP_SECURE": "false"}
    result = run_with_environment(variables, "--format", "json", cwd=tmp_path)
    (sl102,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "SL102"]
    assert (sl102["fixable"], sl102["fix_applicability"]) == (False, None)
    assert "SMTP_SECURE" in sl102["fix_description"]
    text = run_with_environment(variables, cwd=tmp_path).stdout
    assert "[*]" not in text and "automatic fix" not in text


def test_a_correct_environment_passes(tmp_path: Path) -> None:
    variables = {
        "SMTP_HOST": "smtp.gmail.com",
        "SMTP_PORT": "465",
        "SMTP_SECURE": "true",
        "SMTP_USER": "alerts@gmail.com",
        "SMTP_PASS": "abcdabcdabcdabcd",
        "SMTP_FROM": "alerts@gmail.com",
    }
    result = run_with_environment(variables, cwd=tmp_path)
    assert result.returncode == 0, result.stdout
