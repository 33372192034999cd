"""Run a mail client and the smtplint command line in subprocesses, and prove a repair.

Every subprocess has a hard timeout; clients additionally bound each network wait with
``SEND_TIMEOUT`` seconds, so a configuration that hangs fails quickly instead.
"""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.smtp_server import MailServer

REPO_ROOT = Path(__file__).resolve().parents[2]
CLIENTS = Path(__file__).resolve().parent / "clients"
RECIPIENT = "ops@acme-corp.io"
SEND_TIMEOUT = 3.0
_PROCESS_TIMEOUT = 30.0
_FINDING = re.compile(r"^.*?:\d+:\d+: (SL\d{3}) ", re.MULTILINE)
# Variables of the test run's own environment that would change how a client behaves.
_CLIENT_VARIABLES = ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "SSL_CERT_DIR")


@dataclass(frozen=True)
class Outcome:
    """What a client reported: sent, or the exception that stopped it."""

    sent: bool
    error: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Client:
    """A mail client script run with the configuration under test."""

    script: str  # a file name in ``clients/``
    args: tuple[str, ...]
    cwd: Path
    server: MailServer = field(repr=False)
    env: Mapping[str, str] = field(default_factory=dict)

    def send(self) -> Outcome:
        environment = {k: v for k, v in os.environ.items() if k not in _CLIENT_VARIABLES}
        environment.update(
            SSL_CERT_FILE=str(self.server.ca_file),
            SMTP_PASSWORD=self.server.account.password,
            E2E_SEND_TIMEOUT=str(SEND_TIMEOUT),
            **self.env,
        )
        result = subprocess.run(
            [sys.executable, str(CLIENTS / self.script), *self.args],
            cwd=self.cwd,
            env=environment,
            capture_output=True,
            text=True,
            timeout=_PROCESS_TIMEOUT,
        )
        lines = result.stdout.strip().splitlines()
        assert lines, f"{self.script} printed no outcome:\n{result.stderr}"
        reported = json.loads(lines[-1])
        assert (result.returncode == 0) == reported["sent"], result.stdout + result.stderr
        return Outcome(reported["sent"], reported.get("error", ""), reported.get("detail", ""))


def smtplint(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m smtplint ARGS`` from this checkout."""
    environment = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"}
    environment.update(NO_COLOR="1", PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, "-m", "smtplint", *map(str, args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=_PROCESS_TIMEOUT,
    )


def finding_codes(output: str) -> list[str]:
    return _FINDING.findall(output)


@dataclass(frozen=True)
class Mistake:
    """A classic configuration mistake and how it shows: the rule and the client's error."""

    code: str
    error: str  # the exception type the client reports
    detail: str  # a piece of the exception's text


def assert_mistake_fails(client: Client, config: Path, profiles: Path, mistake: Mistake) -> None:
    """The configuration does not deliver, and ``check`` names the rule."""
    outcome = client.send()
    assert not outcome.sent, "the mistaken configuration delivered mail"
    assert outcome.error == mistake.error, outcome
    assert mistake.detail in outcome.detail, outcome
    assert client.server.messages() == []

    check = smtplint("check", "--profiles-dir", profiles, config, cwd=config.parent)
    assert check.returncode == 1, check.stdout + check.stderr
    assert mistake.code in finding_codes(check.stdout), check.stdout + check.stderr


def assert_fix_repairs(
    client: Client, config: Path, profiles: Path, mistake: Mistake, *, unsafe: bool = False
) -> None:
    """Unfixed, no mail; ``fix`` rewrites the file, leaves nothing to report, and mail goes out."""
    assert_mistake_fails(client, config, profiles, mistake)
    before = config.read_text()
    options = ("--unsafe-fixes",) if unsafe else ()
    fixed = smtplint("fix", "--profiles-dir", profiles, *options, config, cwd=config.parent)
    assert config.read_text() != before, fixed.stdout + fixed.stderr
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert_delivers(client)


def assert_manual_repair(
    client: Client, config: Path, profiles: Path, mistake: Mistake, repaired: str
) -> None:
    """A mistake no fix can repair: ``fix`` leaves the file alone and reports the finding as
    remaining; the repair written by hand then passes ``check`` and delivers."""
    assert_mistake_fails(client, config, profiles, mistake)
    before = config.read_text()
    fixed = smtplint("fix", "--profiles-dir", profiles, "--unsafe-fixes", config, cwd=config.parent)
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert mistake.code in finding_codes(fixed.stdout), fixed.stdout + fixed.stderr
    assert config.read_text() == before

    config.write_text(repaired)
    assert_checks_clean(config, profiles)
    assert_delivers(client)


def assert_checks_clean(config: Path, profiles: Path) -> None:
    check = smtplint("check", "--profiles-dir", profiles, config, cwd=config.parent)
    assert check.returncode == 0, check.stdout + check.stderr


def assert_delivers(client: Client) -> None:
    """The client sends, and the server holds exactly that message, from the account."""
    outcome = client.send()
    assert outcome.sent, outcome
    [delivered] = client.server.messages()
    account = client.server.account.username
    assert (delivered.sender, delivered.recipients, delivered.login) == (
        account,
        (RECIPIENT,),
        account,
    )
    headers = email.message_from_bytes(delivered.content)
    assert (headers["From"], headers["To"]) == (account, RECIPIENT)
