"""SL6xx: hygiene rules — timeouts, ambiguous values and ignored keys."""

from __future__ import annotations

import pytest

from smtplint.model import (
    Ambiguity,
    Applicability,
    Change,
    Field,
    IgnoredKey,
    Security,
    Severity,
    SmtpConfig,
    Span,
)
from smtplint.rules._secret_shapes import redact_url
from tests.builders import acme, codes, config, lint, setting
from tests.rule_helpers import assert_quiet, fix_of, reported

# --- SL601 no-timeout -------------------------------------------------------------------------


def test_sl601_reports_a_library_default_that_waits_forever() -> None:
    cfg = acme(timeout=None)
    finding = reported(cfg, "SL601")
    assert finding.severity is Severity.WARNING
    assert finding.span == cfg.anchor
    assert finding.message.startswith("SMTP_TIMEOUT not set (default none): the library waits")
    fix_of(finding, Applicability.UNSAFE, (Change(Field.TIMEOUT, 10),))


@pytest.mark.parametrize(
    "cfg",
    [
        acme(timeout=10.0),
        acme(),  # the library has its own finite default
        config(host="mailpit", port=1025, timeout=None),
        acme(timeout=None, sends_over_smtp=False),
    ],
    ids=["written", "finite-default", "local-relay", "not-smtp"],
)
def test_sl601_stays_quiet(cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL601")


# --- SL603 ambiguous-url-scheme ---------------------------------------------------------------

URL_TEXT = "smtps://billing%40acme-corp.io:S3cr3t-pw@smtp.acme-corp.io:465"


def smtps_ambiguity(line: int = 2) -> Ambiguity:
    url = setting("EMAIL_URL", URL_TEXT, line=line, raw=URL_TEXT)
    return Ambiguity(
        setting=url,
        readings=(
            ("django-environ", "STARTTLS"),
            ("Nodemailer", "implicit TLS"),
            ("Symfony Mailer", "implicit TLS"),
        ),
        chosen="django-environ",
        reason="smtps:// sets EMAIL_USE_TLS under django-environ",
    )


def test_sl603_names_the_value_the_reading_used_and_the_others() -> None:
    cfg = acme().with_changes(ambiguities=(smtps_ambiguity(),))
    finding = reported(cfg, "SL603")
    assert finding.severity is Severity.WARNING
    assert finding.span.line == 2
    assert finding.message == (
        "EMAIL_URL=smtps://***@smtp.acme-corp.io:465 means STARTTLS to django-environ (the "
        "reading used here), but implicit TLS to Nodemailer and Symfony Mailer: "
        "smtps:// sets EMAIL_USE_TLS under django-environ"
    )
    assert "smtp+ssl://" in fix_of(finding, Applicability.DISPLAY_ONLY).description


def test_sl603_reports_every_ambiguity_and_never_the_credentials() -> None:
    flag = setting("SMTP_SECURE", Security.STARTTLS, line=3, raw="tls")
    other = Ambiguity(flag, (("Laravel", "ignored"),), "Nodemailer", "the word is read differently")
    cfg = acme().with_changes(ambiguities=(smtps_ambiguity(), other))
    findings = lint(cfg, select=("SL603",))
    assert codes(findings) == ["SL603", "SL603"]
    assert findings[1].message == (
        "SMTP_SECURE=tls is read by Nodemailer (the reading used here), but ignored to Laravel: "
        "the word is read differently"
    )
    for finding in findings:
        assert "S3cr3t" not in finding.message and "billing" not in finding.message


def test_sl603_groups_agreeing_readers_and_skips_a_reason_that_restates_the_key() -> None:
    flag = setting("EMAIL_URL", "smtps://", line=1, raw="smtps://")
    ambiguity = Ambiguity(
        flag,
        (
            ("django-environ", "STARTTLS"),
            ("dj-email-url", "STARTTLS"),
            ("Nodemailer", "implicit TLS"),
            ("Symfony Mailer", "implicit TLS"),
        ),
        "django-environ",
        "EMAIL_URL uses smtps://, read here as STARTTLS",
    )
    cfg = acme().with_changes(ambiguities=(ambiguity,))
    finding = reported(cfg, "SL603")
    assert finding.message == (
        "EMAIL_URL=smtps:// means STARTTLS to django-environ (the reading used here) and "
        "dj-email-url, but implicit TLS to Nodemailer and Symfony Mailer"
    )


def test_sl603_stays_quiet_when_not_sending_over_smtp() -> None:
    cfg = acme(sends_over_smtp=False).with_changes(ambiguities=(smtps_ambiguity(),))
    assert_quiet(cfg, "SL603")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("smtps://user:pw@host:465", "smtps://***@host:465"),
        ("smtp://user@acme.io:p@ss/w@host:587", "smtp://***@host:587"),
        ("smtp+ssl://host:465", "smtp+ssl://host:465"),
        ("not a url", "not a url"),
    ],
)
def test_url_redaction_hides_everything_before_the_last_at(text: str, shown: str) -> None:
    assert redact_url(text) == shown


# --- SL604 ignored-key ------------------------------------------------------------------------


def test_sl604_reports_a_misspelled_key_with_its_replacement() -> None:
    ignored = IgnoredKey("EMAIL_USE_TSL", Span(3, 1, 3, 19), "not read by Django", "EMAIL_USE_TLS")
    cfg = acme(family="django").with_changes(ignored_keys=(ignored,))
    finding = reported(cfg, "SL604")
    assert finding.severity is Severity.WARNING
    assert finding.span == Span(3, 1, 3, 19)
    assert finding.message == "EMAIL_USE_TSL: not read by Django (did you mean EMAIL_USE_TLS?)"
    fix = fix_of(finding, Applicability.DISPLAY_ONLY, ())
    assert fix.description == "rename EMAIL_USE_TSL to EMAIL_USE_TLS"


def test_sl604_does_not_repeat_a_replacement_the_reason_names() -> None:
    ignored = IgnoredKey(
        "MAIL_ENCRYPTION", None, "ignored by Laravel ≥ 11.35; use MAIL_SCHEME", "MAIL_SCHEME"
    )
    cfg = acme(family="laravel").with_changes(ignored_keys=(ignored,))
    finding = reported(cfg, "SL604")
    assert finding.message == "MAIL_ENCRYPTION: ignored by Laravel ≥ 11.35; use MAIL_SCHEME"
    assert finding.span == cfg.anchor


def test_sl604_uses_a_reason_that_already_names_the_key_as_the_message() -> None:
    reason = "EMAIL_USE_TSL is not a key Django reads; did you mean EMAIL_USE_TLS?"
    ignored = IgnoredKey("EMAIL_USE_TSL", Span(3, 1, 3, 14), reason, "EMAIL_USE_TLS")
    cfg = acme(family="django").with_changes(ignored_keys=(ignored,))
    assert reported(cfg, "SL604").message == reason


def test_sl604_suggests_removal_without_a_replacement() -> None:
    ignored = IgnoredKey("MAIL_HOST", Span(1, 1, 1, 10), "Flask-Mail reads MAIL_SERVER")
    cfg = acme(family="flask").with_changes(ignored_keys=(ignored,))
    finding = reported(cfg, "SL604")
    assert finding.message == "MAIL_HOST: Flask-Mail reads MAIL_SERVER"
    assert fix_of(finding).description == "remove MAIL_HOST"


def test_sl604_stays_quiet_when_not_sending_over_smtp() -> None:
    ignored = IgnoredKey("EMAIL_USE_TSL", Span(3, 1, 3, 19), "not read by Django", "EMAIL_USE_TLS")
    cfg = acme(sends_over_smtp=False).with_changes(ignored_keys=(ignored,))
    assert_quiet(cfg, "SL604")
