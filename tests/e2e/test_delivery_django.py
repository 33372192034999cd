"""End to end: Django's SMTP backend configured by a project's ``settings.py``.

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
from tests.e2e.smtp_server import USERNAME, MailServer

_HEADER = '''\
"""Settings of a small Django project that sends its mail through a submission server."""

import os

SECRET_KEY = "only-used-by-the-delivery-tests"
INSTALLED_APPS = []

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
'''


def settings_py(
    server: MailServer,
    port: int,
    *,
    use_tls: bool = False,
    use_ssl: bool = False,
    login: bool = True,
    sender: str | None = USERNAME,
) -> str:
    """Settings that write only what they switch on, as most projects do."""
    lines = [f'EMAIL_HOST = "{server.host}"', f"EMAIL_PORT = {port}"]
    if use_tls:
        lines.append("EMAIL_USE_TLS = True")
    if use_ssl:
        lines.append("EMAIL_USE_SSL = True")
    if login:
        lines += [
            f'EMAIL_HOST_USER = "{server.account.username}"',
            'EMAIL_HOST_PASSWORD = os.environ["SMTP_PASSWORD"]',
        ]
    if sender is not None:
        lines.append(f'DEFAULT_FROM_EMAIL = "{sender}"')
    lines.append(f"EMAIL_TIMEOUT = {SEND_TIMEOUT:g}")
    return _HEADER + "\n".join(lines) + "\n"


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    return tmp_path / "settings.py"


@pytest.fixture()
def client(config: Path, server: MailServer) -> Client:
    project = config.parent
    environment = {"DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": str(project)}
    return Client("send_django.py", (RECIPIENT,), project, server, environment)


@pytest.mark.parametrize("listener", ["implicit TLS", "STARTTLS"])
def test_correct_settings_deliver(
    listener: str, server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    if listener == "implicit TLS":
        config.write_text(settings_py(server, server.implicit_tls_port, use_ssl=True))
    else:
        config.write_text(settings_py(server, server.starttls_port, use_tls=True))
    assert_checks_clean(config, profiles_dir)
    assert_delivers(client)


def test_starttls_on_implicit_tls_port_is_fixed(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    # Django waits for a greeting the server never sends: the client's timeout ends it.
    config.write_text(settings_py(server, server.implicit_tls_port, use_tls=True))
    mistake = Mistake("SL102", "SMTPServerDisconnected", "timed out")
    assert_fix_repairs(client, config, profiles_dir, mistake)


def test_implicit_tls_on_starttls_port_is_fixed(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    config.write_text(settings_py(server, server.starttls_port, use_ssl=True))
    mistake = Mistake("SL101", "SSLError", "WRONG_VERSION_NUMBER")
    assert_fix_repairs(client, config, profiles_dir, mistake)


def test_both_tls_flags_are_fixed(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    config.write_text(settings_py(server, server.starttls_port, use_tls=True, use_ssl=True))
    mistake = Mistake("SL103", "ValueError", "mutually exclusive")
    assert_fix_repairs(client, config, profiles_dir, mistake)


def test_missing_login_is_repaired_by_hand(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    # Without EMAIL_HOST_USER Django skips AUTH; the server refuses the sender.
    config.write_text(settings_py(server, server.starttls_port, use_tls=True, login=False))
    mistake = Mistake("SL301", "SMTPSenderRefused", "530")
    repaired = settings_py(server, server.starttls_port, use_tls=True)
    assert_manual_repair(client, config, profiles_dir, mistake, repaired)


def test_unset_sender_is_repaired_by_hand(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    # Without DEFAULT_FROM_EMAIL Django sends as webmaster@localhost, which is not the account.
    config.write_text(settings_py(server, server.starttls_port, use_tls=True, sender=None))
    mistake = Mistake("SL401", "SMTPSenderRefused", "webmaster@localhost")
    repaired = settings_py(server, server.starttls_port, use_tls=True)
    assert_manual_repair(client, config, profiles_dir, mistake, repaired)


def test_empty_sender_is_repaired_by_hand(
    server: MailServer, config: Path, client: Client, profiles_dir: Path
) -> None:
    # Django refuses to build a message from "" before it connects.
    config.write_text(settings_py(server, server.starttls_port, use_tls=True, sender=""))
    mistake = Mistake("SL401", "ValueError", 'Invalid address ""')
    repaired = settings_py(server, server.starttls_port, use_tls=True)
    assert_manual_repair(client, config, profiles_dir, mistake, repaired)
