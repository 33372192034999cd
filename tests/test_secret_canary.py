"""A canary password planted in every format never appears in any output of any command."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

CANARY = "Cx7-canary-Pw0rd-91"
URL_CANARY = "Ux5-url-canary-Pw77"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _project(root: Path) -> Path:
    port = _closed_port()
    (root / "django").mkdir()
    (root / "django" / ".env").write_text(
        "EMAIL_HOST=smtp.gmail.com\nEMAIL_PORT=465\nEMAIL_USE_TLS=True\n"
        f"EMAIL_HOST_USER=jane.doe@gmail.com\nEMAIL_HOST_PASSWORD='{CANARY}'\n"
    )
    (root / "url").mkdir()
    (root / "url" / ".env").write_text(
        f"EMAIL_URL=smtp+tls://jane.doe%40gmail.com:{URL_CANARY}@smtp.googlemail.com:465\n"
    )
    (root / "mail.toml").write_text(
        f'[smtp]\nhost = "smtp.gmail.com"\nport = 465\nstarttls = true\npassword = "{CANARY}"\n'
    )
    (root / "settings.py").write_text(
        'EMAIL_HOST = "smtp.office365.com"\nEMAIL_PORT = 465\nEMAIL_USE_TLS = True\n'
        f'EMAIL_HOST_USER = "ops@contoso.com"\nEMAIL_HOST_PASSWORD = "{CANARY}"\n'
    )
    (root / "local").mkdir()
    (root / "local" / ".env").write_text(
        f"SMTP_HOST=127.0.0.1\nSMTP_PORT={port}\nSMTP_SECURE=false\n"
        f"SMTP_USER=ops@example.org\nSMTP_PASS={CANARY}\nSMTP_FROM=ops@example.org\n"
    )
    return root


COMMANDS = [
    ("check", "."),
    ("check", "--format", "json", "."),
    ("check", "--format", "sarif", "."),
    ("check", "--format", "github", "."),
    ("check", "--format", "junit", "."),
    ("show", "."),
    ("fix", "--diff", "--unsafe-fixes", "."),
    ("fix", "--unsafe-fixes", "."),
    ("explain", "535 5.7.8 Username and Password not accepted", "django/.env"),
    ("explain", "--format", "json", "530 5.7.0 Must issue a STARTTLS command first", "."),
    ("explain", f"smtp://jane:{URL_CANARY}@smtp.gmail.com:465 timed out"),
    ("probe", "--timeout", "1", "local"),
    ("probe", "--timeout", "1", "--format", "json", "local"),
    ("check", "--select", "NOPE", "."),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _project(tmp_path_factory.mktemp("canary"))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:3]))
def test_no_command_prints_the_password(project: Path, command: tuple[str, ...]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "smtplint", *command],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SMTPLINT_DEBUG": "1", "GITHUB_ACTIONS": "true"},
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode in (0, 1, 2), output
    assert CANARY not in output
    assert URL_CANARY not in output


def test_the_environment_is_checked_without_printing_its_password(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "smtplint", "check", "--environ", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "SMTP_HOST": "smtp.gmail.com",
            "SMTP_PORT": "465",
            "SMTP_SECURE": "false",
            "SMTP_PASS": CANARY,
            "EMAIL_URL": f"smtp://u:{URL_CANARY}@smtp.gmail.com:587",
        },
        check=False,
    )
    assert done.returncode == 1
    assert CANARY not in done.stdout + done.stderr
    assert URL_CANARY not in done.stdout + done.stderr
