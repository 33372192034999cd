"""SL4xx: sender rules, run through the engine with fixture provider profiles."""

from __future__ import annotations

import subprocess
import sys

import pytest

from smtplint.model import Applicability, Severity, SmtpConfig, ValueKind
from smtplint.profiles.index import load_index
from tests.builders import acme, config, default, reference, setting
from tests.rule_helpers import AUTH_SENDER_PROFILES, assert_quiet, fix_of, line_of, reported

PROFILES = load_index(extra_dirs=[AUTH_SENDER_PROFILES])


# --- SL401 missing-sender ---------------------------------------------------------------------


def test_sl401_reports_djangos_placeholder_default_sender() -> None:
    webmaster = default("DEFAULT_FROM_EMAIL", "webmaster@localhost")
    cfg = acme(family="django").with_changes(sender=webmaster)
    finding = reported(cfg, "SL401", profiles=PROFILES)
    assert finding.severity is Severity.ERROR
    assert finding.span == cfg.anchor  # a default has no line of its own
    assert finding.message.startswith(
        "DEFAULT_FROM_EMAIL not set (default webmaster@localhost): localhost is a special-use"
    )
    assert "SMTPSenderRefused: (530, …, 'webmaster@localhost')" in finding.message
    assert "DEFAULT_FROM_EMAIL" in fix_of(finding, Applicability.DISPLAY_ONLY).description


def test_sl401_reports_laravels_placeholder_default_sender() -> None:
    hello = default("MAIL_FROM_ADDRESS", "hello@example.com")
    cfg = acme(family="laravel").with_changes(sender=hello)
    finding = reported(cfg, "SL401", profiles=PROFILES)
    assert "example.com is a reserved example domain" in finding.message
    assert "SMTPSenderRefused" not in finding.message  # a Python exception, not Laravel's


def test_sl401_reports_a_flask_config_without_sender() -> None:
    cfg = acme(family="flask")
    finding = reported(cfg, "SL401", profiles=PROFILES)
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "host")
    assert finding.message.startswith("MAIL_DEFAULT_SENDER is not set: Flask-Mail raises")
    assert "a default sender has not been configured" in finding.message
    assert "MAIL_DEFAULT_SENDER" in fix_of(finding).description


def test_sl401_reports_a_default_of_none_as_no_default_sender() -> None:
    cfg = acme(family="flask").with_changes(sender=default("MAIL_DEFAULT_SENDER", None))
    finding = reported(cfg, "SL401", profiles=PROFILES)
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith("MAIL_DEFAULT_SENDER not set (default None): Flask-Mail")


def test_sl401_is_a_warning_for_generic_keys_where_code_may_set_the_sender() -> None:
    finding = reported(acme(), "SL401", profiles=PROFILES)
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith("no sender address is set: unless the code sets one")
    assert "SMTP_FROM" in fix_of(finding).description


def test_sl401_reports_an_empty_sender_by_key() -> None:
    cfg = acme(sender="", family="laravel")
    finding = reported(cfg, "SL401", profiles=PROFILES)
    assert finding.span.line == line_of(cfg, "sender")
    assert finding.message.startswith("SMTP_FROM is empty")


@pytest.mark.parametrize(
    "cfg",
    [
        acme(sender="billing@acme-corp.io", family="django"),
        acme(family="django").with_changes(sender=reference("DEFAULT_FROM_EMAIL", "FROM")),
        config(host="mailpit", port=1025, family="django").with_changes(
            sender=default("DEFAULT_FROM_EMAIL", "webmaster@localhost")
        ),
        acme(family="django").with_changes(
            sender=setting("DEFAULT_FROM_EMAIL", None, kind=ValueKind.INTERPOLATED, raw="${X}")
        ),
        acme(family="toml"),
        acme(family="django", sends_over_smtp=False),
    ],
    ids=["written", "reference", "local-relay-default", "unresolved", "unknown-family", "not-smtp"],
)
def test_sl401_stays_quiet(cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL401", profiles=PROFILES)


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
    cfg = acme(sender=sender)
    finding = reported(cfg, "SL402", profiles=PROFILES)
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "sender")
    assert finding.message.startswith(f"SMTP_FROM={sender} is not a valid sender")
    assert explanation in finding.message
    fix_of(finding, Applicability.DISPLAY_ONLY)


def test_sl402_still_checks_the_local_part_at_a_placeholder_domain() -> None:
    finding = reported(acme(sender="a..b@localhost"), "SL402")
    assert "two periods in a row" in finding.message


@pytest.mark.parametrize(
    "cfg",
    [
        acme(sender="billing@acme-corp.io"),
        acme(sender="Acme Billing <billing@acme-corp.io>"),
        acme(sender='"Acme, Inc." <billing@acme-corp.io>'),
        acme(sender="Jörg Müller <jorg@acme-corp.io>"),
        acme(sender="hello@example.com"),  # placeholder domains are SL403's
        acme(sender="webmaster@localhost"),
        config(host="mailpit", port=1025, sender="app@mailpit"),
        acme(family="django"),
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
    assert_quiet(cfg, "SL402", profiles=PROFILES)


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
    cfg = acme(sender=sender)
    finding = reported(cfg, "SL403", profiles=PROFILES)
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "sender")
    assert finding.message.startswith(f"SMTP_FROM={sender}: {explanation}")
    fix_of(finding, Applicability.DISPLAY_ONLY)


@pytest.mark.parametrize(
    "cfg",
    [
        acme(sender="billing@acme-corp.io"),
        acme(sender="jane.doe@gmail.com"),
        config(host="mailpit", port=1025, sender="hello@example.com"),
        config(host="127.0.0.1", port=2525, sender="hello@example.com"),
        acme(family="laravel").with_changes(
            sender=default("MAIL_FROM_ADDRESS", "hello@example.com")
        ),
    ],
    ids=["real", "gmail", "mailpit", "loopback", "library-default"],
)
def test_sl403_stays_quiet(cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL403", profiles=PROFILES)


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
    finding = reported(cfg, "SL404", profiles=PROFILES)
    assert finding.severity is Severity.WARNING
    assert finding.span.line == line_of(cfg, "sender")
    assert finding.message.startswith(
        "SMTP_FROM=ceo@contoso.com differs from the login jane@contoso.com"
    )
    assert finding.message.endswith('does not own ("554 5.2.252 SendAsDenied")')
    fix_of(finding, Applicability.DISPLAY_ONLY)


def test_sl404_is_info_where_the_provider_rewrites_the_sender() -> None:
    cfg = config(
        host="smtp.gmail.com",
        port=465,
        security="tls",
        username="jane.doe@gmail.com",
        password="x",
        sender="Billing <billing@acme-corp.io>",
    )
    finding = reported(cfg, "SL404", profiles=PROFILES)
    assert finding.severity is Severity.INFO
    assert "rewrites the From to the login" in finding.message


def test_sl404_warns_about_a_mailgun_sandbox_domain() -> None:
    cfg = acme(sender="postmaster@sandbox0a1b2c3d4e5f.mailgun.org")
    finding = reported(cfg, "SL404", profiles=PROFILES)
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
            username=reference("SMTP_USER", "USER")
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
    assert_quiet(cfg, "SL404", profiles=PROFILES)


def test_loading_the_rules_does_not_import_email_validator() -> None:
    code = "import smtplint.rules, sys; print('email_validator' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
