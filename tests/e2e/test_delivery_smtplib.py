"""End to end: an smtplib script configured by an env file of ``SMTP_*`` keys.

Each mistake is shown to stop delivery to a real server, to be reported by ``check``, and
then to be repaired: by ``fix`` where a fix exists, by hand where none can be.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.harness import (
    RECIPIENT,
    Client,
    Mistake,
    assert_checks_clean,
    assert_delivers,
    assert_fix_repairs,
    assert_manual_repair,
)
from tests.e2e.smtp_server import MailServer


def env_file(
    server: MailServer,
    port: int,
    *,
    secure: str | None,
    require_tls: bool = False,
    login: bool = True,
    sender: bool = True,
) -> str:
    account = server.account.username
    lines = [f"SMTP_HOST={server.host}", f"SMTP_PORT={port}"]
    if secure is not None:
        lines.append(f"SMTP_SECURE={secure}")
    if require_tls:
        lines.append("SMTP_REQUIRE_TLS=true")
    if login:
        lines += [f"SMTP_USER={account}", "SMTP_PASS=${SMTP_PASSWORD}"]
    if sender:
        lines.append(f"SMTP_FROM={account}")
    return "\n".join(lines) + "\n"


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    return tmp_path / ".env"


@pytest.fixture()
def client(config: Path, server: MailServer) -> Client:
    return Client("send_smtplib.py", (str(config), RECIPIENT), config.parent, server)


@pytest.mark.parametrize("listener", ["implicit TLS", "STARTTLS"])
def test_correct_configuration_delivers(
    listener: str, server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    if listener == "implicit TLS":
        config.write_text(env_file(server, server.implicit_tls_port, secure="true"))
    else:
        config.write_text(env_file(server, server.starttls_port, secure="false"))
    assert_checks_clean(config, profiles_dir)
    assert_delivers(client)


def test_starttls_on_implicit_tls_port_is_fixed(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    config.write_text(env_file(server, server.implicit_tls_port, secure="false"))
    mistake = Mistake("SL102", "SMTPServerDisconnected", "timed out")
    assert_fix_repairs(client, config, profiles_dir, mistake)


def test_implicit_tls_on_starttls_port_is_fixed(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    config.write_text(env_file(server, server.starttls_port, secure="true"))
    mistake = Mistake("SL101", "SSLError", "WRONG_VERSION_NUMBER")
    assert_fix_repairs(client, config, profiles_dir, mistake)


def test_both_tls_flags_are_fixed(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    config.write_text(env_file(server, server.starttls_port, secure="true", require_tls=True))
    mistake = Mistake("SL103", "SSLError", "WRONG_VERSION_NUMBER")
    assert_fix_repairs(client, config, profiles_dir, mistake)


def test_missing_login_is_repaired_by_hand(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    config.write_text(env_file(server, server.starttls_port, secure="false", login=False))
    mistake = Mistake("SL301", "SMTPSenderRefused", "530")
    repaired = env_file(server, server.starttls_port, secure="false")
    assert_manual_repair(client, config, profiles_dir, mistake, repaired)


def test_missing_sender_is_repaired_by_hand(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    config.write_text(env_file(server, server.starttls_port, secure="false", sender=False))
    mistake = Mistake("SL401", "SMTPSenderRefused", "553")
    repaired = env_file(server, server.starttls_port, secure="false")
    assert_manual_repair(client, config, profiles_dir, mistake, repaired)
