"""SL4xx: sender rules, run through the engine with fixture provider profiles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smtplint.model import Applicability, Finding, Severity, SmtpConfig, ValueKind
from smtplint.profiles.index import load_index
from tests.builders import codes, config, lint, setting

FIXTURES = Path(__file__).parent / "data" / "profiles" / "auth_sender"
PROFILES = load_index(extra_dirs=[FIXTURES])


def only(findings: list[Finding], code: str) -> Finding:
    assert codes(findings) == [code], [f.message for f in findings]
    return findings[0]


def line_of(cfg: SmtpConfig, field: str) -> int:
    found = getattr(cfg, field)
    assert found is not None and found.origin.span is not None
    line: int = found.origin.span.line
    return line


def remote(sender: str | None = None, **fields: object) -> SmtpConfig:
    values: dict[str, object] = {"host": "mail.acme-corp.io", "port": 465, "security": "tls"}
    values.update(fields)
    return config(sender=sender, **values)  # type: ignore[arg-type]


def default_sender(key: str, value: str | None, shown: str) -> object:
    return setting(key, value, kind=ValueKind.DEFAULT, raw=shown)


# --- SL401 missing-sender ---------------------------------------------------------------------


def test_sl401_reports_djangos_placeholder_default_sender() -> None:
    cfg = remote(family="django").with_changes(
        sender=default_sender("DEFAULT_FROM_EMAIL", "webmaster@localhost", "webmaster@localhost")
    )
    finding = only(lint(cfg, select=("SL401",), profiles=PROFILES), "SL401")
    assert finding.severity is Severity.ERROR
    assert finding.span == cfg.anchor  # a default has no line of its own
    assert finding.message.startswith(
        "DEFAULT_FROM_EMAIL not set (default webmaster@localhost): localhost is a special-use"
    )
    assert "SMTPSenderRefused: (530, …, 'webmaster@localhost')" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert "DEFAULT_FROM_EMAIL" in finding.fix.description


def test_sl401_reports_laravels_placeholder_default_sender() -> None:
    cfg = remote(family="laravel").with_changes(
        sender=default_sender("MAIL_FROM_ADDRESS", "hello@example.com", "hello@example.com")
    )
    finding = only(lint(cfg, select=("SL401",), profiles=PROFILES), "SL401")
    assert "example.com is a reserved example domain" in finding.message
    assert "SMTPSenderRefused" not in finding.message  # a Python exception, not Laravel's


def test_sl401_reports_a_flask_config_without_sender() -> None:
    cfg = remote(family="flask")
    finding = only(lint(cfg, select=("SL401",), profiles=PROFILES), "SL401")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "host")
    assert finding.message.startswith("MAIL_DEFAULT_SENDER is not set: Flask-Mail raises")
    assert "a default sender has not been configured" in finding.message
    assert finding.fix is not None and "MAIL_DEFAULT_SENDER" in finding.fix.description


def test_sl401_reports_a_default_of_none_as_no_default_sender() -> None:
    cfg = remote(family="flask").with_changes(
        sender=default_sender("MAIL_DEFAULT_SENDER", None, "None")
    )
    finding = only(lint(cfg, select=("SL401",), profiles=PROFILES), "SL401")
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith("MAIL_DEFAULT_SENDER not set (default None): Flask-Mail")


def test_sl401_is_a_warning_for_generic_keys_where_code_may_set_the_sender() -> None:
    finding = only(lint(remote(), select=("SL401",), profiles=PROFILES), "SL401")
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith("no sender address is set: unless the code sets one")
    assert finding.fix is not None and "SMTP_FROM" in finding.fix.description


def test_sl401_reports_an_empty_sender_by_key() -> None:
    cfg = remote(sender="", family="laravel")
    finding = only(lint(cfg, select=("SL401",), profiles=PROFILES), "SL401")
    assert finding.span.line == line_of(cfg, "sender")
    assert finding.message.startswith("SMTP_FROM is empty")


@pytest.mark.parametrize(
    "cfg",
    [
        remote("billing@acme-corp.io", family="django"),
        remote(family="django").with_changes(
            sender=setting("DEFAULT_FROM_EMAIL", None, kind=ValueKind.REFERENCE, raw="${FROM}")
        ),
        config(host="mailpit", port=1025, family="django").with_changes(
            sender=default_sender(
                "DEFAULT_FROM_EMAIL", "webmaster@localhost", "webmaster@localhost"
            )
        ),
        remote(family="django").with_changes(
            sender=setting("DEFAULT_FROM_EMAIL", None, kind=ValueKind.INTERPOLATED, raw="${X}")
        ),
        remote(family="toml"),
        remote(family="django", sends_over_smtp=False),
    ],
    ids=["written", "reference", "local-relay-default", "unresolved", "unknown-family", "not-smtp"],
)
def test_sl401_stays_quiet(cfg: SmtpConfig) -> None:
    assert lint(cfg, select=("SL401",), profiles=PROFILES) == []


# --- SL402 invalid-sender ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sender", "explanation"),
    [
        ("Acme, Inc. <billing@acme-corp.io>", "reads as 2 addresses"),
        ("billing.acme-corp.io", "must have an @-sign"),
        ("billing@", "something after the @-sign"),
        ("Billing <billing@acme-corp.io", "missing trailing '>'"),
        ("billing@acme", "should have a period"),
        ("bill ing@acme-corp.io", "invalid characters before the @-sign"),
    ],
)
def test_sl402_reports_an_invalid_sender(sender: str, explanation: str) -> None:
    cfg = remote(sender)
    finding = only(lint(cfg, select=("SL402",), profiles=PROFILES), "SL402")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "sender")
    assert finding.message.startswith(f"SMTP_FROM={sender} is not a valid sender")
    assert explanation in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY


def test_sl402_still_checks_the_local_part_at_a_placeholder_domain() -> None:
    finding = only(lint(remote("a..b@localhost"), select=("SL402",)), "SL402")
    assert "two periods in a row" in finding.message


@pytest.mark.parametrize(
    "cfg",
    [
        remote("billing@acme-corp.io"),
        remote("Acme Billing <billing@acme-corp.io>"),
        remote('"Acme, Inc." <billing@acme-corp.io>'),
        remote("Jörg Müller <jorg@acme-corp.io>"),
        remote("hello@example.com"),  # placeholder domains are SL403's
        remote("webmaster@localhost"),
        config(host="mailpit", port=1025, sender="app@mailpit"),
        remote(family="django"),
    ],
    ids=[
        "bare",
        "display-name",
        "quoted-comma",
        "non-ascii-name",
        "example-domain",
        "localhost-domain",
        "local-relay",
        "no-sender",
    ],
)
def test_sl402_stays_quiet(cfg: SmtpConfig) -> None:
    assert lint(cfg, select=("SL402",), profiles=PROFILES) == []


# --- SL403 placeholder-sender -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sender", "explanation"),
    [
        ("hello@example.com", "example.com is a reserved example domain"),
        ("Acme <noreply@mail.example.org>", "mail.example.org is a reserved example domain"),
        ("noreply@acme.test", "acme.test is a special-use name"),
        ("app@server.local", "server.local is a special-use name"),
        ("you@yourdomain.com", "yourdomain.com is a tutorial placeholder domain"),
        ("test@test.com", "test.com is a tutorial placeholder domain"),
        ("noreply@domain.com", "domain.com is a tutorial placeholder domain"),
        ("your-email@gmail.com", "your-email@gmail.com is a tutorial placeholder address"),
    ],
)
def test_sl403_reports_a_placeholder_sender(sender: str, explanation: str) -> None:
    cfg = remote(sender)
    finding = only(lint(cfg, select=("SL403",), profiles=PROFILES), "SL403")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "sender")
    assert finding.message.startswith(f"SMTP_FROM={sender}: {explanation}")
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY


@pytest.mark.parametrize(
    "cfg",
    [
        remote("billing@acme-corp.io"),
        remote("jane.doe@gmail.com"),
        config(host="mailpit", port=1025, sender="hello@example.com"),
        config(host="127.0.0.1", port=2525, sender="hello@example.com"),
        remote(family="laravel").with_changes(
            sender=default_sender("MAIL_FROM_ADDRESS", "hello@example.com", "hello@example.com")
        ),
    ],
    ids=["real", "gmail", "mailpit", "loopback", "library-default"],
)
def test_sl403_stays_quiet(cfg: SmtpConfig) -> None:
    assert lint(cfg, select=("SL403",), profiles=PROFILES) == []


# --- SL404 sender-not-permitted ---------------------------------------------------------------


def test_sl404_warns_when_the_provider_refuses_foreign_senders() -> None:
    cfg = config(
        host="smtp.office365.com",
        port=587,
        security="starttls",
        username="jane@contoso.com",
        password="x",
        sender="ceo@contoso.com",
    )
    finding = only(lint(cfg, select=("SL404",), profiles=PROFILES), "SL404")
    assert finding.severity is Severity.WARNING
    assert finding.span.line == line_of(cfg, "sender")
    assert finding.message.startswith(
        "SMTP_FROM=ceo@contoso.com differs from the login jane@contoso.com"
    )
    assert finding.message.endswith('does not own ("554 5.2.252 SendAsDenied")')
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY


def test_sl404_is_info_where_the_provider_rewrites_the_sender() -> None:
    cfg = config(
        host="smtp.gmail.com",
        port=465,
        security="tls",
        username="jane.doe@gmail.com",
        password="x",
        sender="Billing <billing@acme-corp.io>",
    )
    finding = only(lint(cfg, select=("SL404",), profiles=PROFILES), "SL404")
    assert finding.severity is Severity.INFO
    assert "rewrites the From to the login" in finding.message


def test_sl404_warns_about_a_mailgun_sandbox_domain() -> None:
    cfg = remote("postmaster@sandbox0a1b2c3d4e5f.mailgun.org")
    finding = only(lint(cfg, select=("SL404",), profiles=PROFILES), "SL404")
    assert finding.severity is Severity.WARNING
    assert "authorized recipients" in finding.message


@pytest.mark.parametrize(
    "cfg",
    [
        config(
            host="smtp.office365.com",
            port=587,
            username="Jane@Contoso.com",
            sender="Jane <jane@contoso.com>",
        ),
        config(host="smtp.office365.com", port=587, sender="ceo@contoso.com").with_changes(
            username=setting("SMTP_USER", None, kind=ValueKind.REFERENCE, raw="${USER}")
        ),
        config(
            host="smtp.strict-mailbox.net",
            port=465,
            username="jane",
            sender="ceo@strict-mailbox.net",
        ),
        config(
            host="smtp.hint-mail.net",
            port=465,
            username="jane@hint-mail.net",
            sender="ceo@hint-mail.net",
        ),
        config(
            host="smtp.sendgrid.net", port=587, username="apikey", sender="billing@acme-corp.io"
        ),
    ],
    ids=[
        "same-address",
        "login-from-environment",
        "login-not-an-address",
        "unverified-policy",
        "verified-identity-policy",
    ],
)
def test_sl404_stays_quiet(cfg: SmtpConfig) -> None:
    assert lint(cfg, select=("SL404",), profiles=PROFILES) == []


def test_loading_the_rules_does_not_import_email_validator() -> None:
    code = "import smtplint.rules, sys; print('email_validator' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
