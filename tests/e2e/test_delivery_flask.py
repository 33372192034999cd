"""End to end: Flask-Mailman configured in a Flask application module (``app.py``).

Each mistake is shown to stop delivery to a real server, to be reported by ``check``, and
then to be repaired: by ``fix`` where a fix exists, by hand where none can be.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.harness import (
    RECIPIENT,
    SEND_TIMEOUT,
    Client,
    Mistake,
    assert_checks_clean,
    assert_delivers,
    assert_fix_repairs,
    assert_manual_repair,
)
from tests.e2e.smtp_server import MailServer

_HEADER = '''\
"""A Flask application that sends its mail with Flask-Mailman."""

import os

from flask import Flask
from flask_mailman import Mail

app = Flask(__name__)
'''
_FOOTER = """
mail = Mail(app)
"""


def app_py(
    server: MailServer,
    port: int,
    *,
    use_tls: bool = False,
    use_ssl: bool = False,
    login: bool = True,
    sender: bool = True,
) -> str:
    """An application that writes only the flags it switches on."""
    account = server.account.username
    settings = [f'"MAIL_SERVER"] = "{server.host}"', f'"MAIL_PORT"] = {port}']
    if use_tls:
        settings.append('"MAIL_USE_TLS"] = True')
    if use_ssl:
        settings.append('"MAIL_USE_SSL"] = True')
    if login:
        settings += [
            f'"MAIL_USERNAME"] = "{account}"',
            '"MAIL_PASSWORD"] = os.environ["SMTP_PASSWORD"]',
        ]
    if sender:
        settings.append(f'"MAIL_DEFAULT_SENDER"] = "{account}"')
    settings.append(f'"MAIL_TIMEOUT"] = {SEND_TIMEOUT:g}')
    lines = "".join(f"app.config[{setting}\n" for setting in settings)
    return _HEADER + lines + _FOOTER


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    return tmp_path / "app.py"


@pytest.fixture()
def client(config: Path, server: MailServer) -> Client:
    project = config.parent
    return Client("send_flask.py", (RECIPIENT,), project, server, {"PYTHONPATH": str(project)})


@pytest.mark.parametrize("listener", ["implicit TLS", "STARTTLS"])
def test_correct_application_delivers(
    listener: str, server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    if listener == "implicit TLS":
        config.write_text(app_py(server, server.implicit_tls_port, use_ssl=True))
    else:
        config.write_text(app_py(server, server.starttls_port, use_tls=True))
    assert_checks_clean(config, profiles_dir)
    assert_delivers(client)


def test_starttls_on_implicit_tls_port_is_fixed(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    config.write_text(app_py(server, server.implicit_tls_port, use_tls=True))
    mistake = Mistake("SL102", "SMTPServerDisconnected", "timed out")
    assert_fix_repairs(client, config, profiles_dir, mistake)


def test_implicit_tls_on_starttls_port_is_fixed(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    config.write_text(app_py(server, server.starttls_port, use_ssl=True))
    mistake = Mistake("SL101", "SSLError", "WRONG_VERSION_NUMBER")
    assert_fix_repairs(client, config, profiles_dir, mistake)


def test_both_tls_flags_are_fixed(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    # Flask-Mailman's backend refuses the pair the way Django's does.
    config.write_text(app_py(server, server.starttls_port, use_tls=True, use_ssl=True))
    mistake = Mistake("SL103", "ValueError", "mutually exclusive")
    assert_fix_repairs(client, config, profiles_dir, mistake)


def test_missing_login_is_repaired_by_hand(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    config.write_text(app_py(server, server.starttls_port, use_tls=True, login=False))
    mistake = Mistake("SL301", "SMTPSenderRefused", "530")
    repaired = app_py(server, server.starttls_port, use_tls=True)
    assert_manual_repair(client, config, profiles_dir, mistake, repaired)


def test_missing_sender_is_repaired_by_hand(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    # Flask-Mailman then sends MAIL FROM:<None>, which is not the account.
    config.write_text(app_py(server, server.starttls_port, use_tls=True, sender=False))
    mistake = Mistake("SL401", "SMTPSenderRefused", "553")
    repaired = app_py(server, server.starttls_port, use_tls=True)
    assert_manual_repair(client, config, profiles_dir, mistake, repaired)
