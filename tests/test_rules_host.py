"""SL2xx host rules: misspelled, legacy, incoming-only, malformed and mismatched hosts."""

from __future__ import annotations

from typing import Any

import pytest

from smtplint.model import Applicability, Change, Field, Security, Severity, SmtpConfig
from smtplint.profiles import ProfileIndex, load_index
from smtplint.rules._hostnames import inspect_host
from tests.builders import GMAIL_APP_PASSWORD, config, default, lint, reference, setting
from tests.rule_helpers import (
    ACCOUNT_PASSWORD,
    SECRET,
    TRANSPORT_HOST_PROFILES,
    Default,
    assert_no_leak,
    assert_quiet,
    docs_of,
    documented_failure,
    example_config,
    fix_of,
    only,
    reported,
)


@pytest.fixture(scope="module")
def profiles() -> ProfileIndex:
    return load_index([TRANSPORT_HOST_PROFILES])


def on(host: str, port: int = 465, security: str = "tls", **extra: Any) -> SmtpConfig:
    return config(host=host, port=port, security=security, **extra)


# --- SL201 unknown-provider-host -----------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "suggestion"),
    [
        ("smtp.gmial.com", "smtp.gmail.com"),
        ("smtp.gmail.con", "smtp.gmail.com"),
        ("smtp.sendgird.net", "smtp.sendgrid.net"),
    ],
)
def test_sl201_misspelled_provider_host(
    profiles: ProfileIndex, host: str, suggestion: str
) -> None:
    findings = lint(on(host, username="me@gmail.com", password=GMAIL_APP_PASSWORD),
                    select=("SL2",), profiles=profiles)
    finding = only(findings, "SL201")
    assert finding.span.line == 1
    assert f"SMTP_HOST={host}" in finding.message
    assert f"did you mean {suggestion}?" in finding.message
    fix_of(finding, Applicability.UNSAFE, (Change(Field.HOST, suggestion),))
    assert_no_leak(findings, GMAIL_APP_PASSWORD)


@pytest.mark.parametrize(
    ("host", "suggestion"),
    [
        ("mail.gmail.com", "smtp.gmail.com"),
        ("gmail.com", "smtp.gmail.com"),
        # a pattern host is filled in from the configured name (the API host is not SMTP)
        ("email.eu-west-1.amazonaws.com", "email-smtp.eu-west-1.amazonaws.com"),
    ],
)
def test_sl201_host_under_a_provider_domain(
    profiles: ProfileIndex, host: str, suggestion: str
) -> None:
    finding = only(lint(on(host), select=("SL2",), profiles=profiles), "SL201")
    assert "not one of its SMTP servers" in finding.message
    fix_of(finding, changes=(Change(Field.HOST, suggestion),))


@pytest.mark.parametrize(
    "host",
    [
        "smtp.gmail.com",
        "email-smtp.us-east-1.amazonaws.com",
        "mail.mycompany.com",
        "smtp.mycompany.com",
        "smtp.x.com",  # one letter from smtp.q.com: a different domain, not a typo
        "smtp02.educa.madrid.org",  # a numbered sibling of smtp01.educa.madrid.org
        "mailpit",
        "192.0.2.10",
    ],
)
def test_sl201_passes_real_and_unrelated_hosts(profiles: ProfileIndex, host: str) -> None:
    assert_quiet(on(host), "SL201", profiles=profiles)


def test_sl201_documented_example_is_realistic(profiles: ProfileIndex) -> None:
    docs = docs_of("SL201")
    failing = example_config(docs.fails, "nodemailer", host=("SMTP_HOST", "smtp.gmial.com"))
    passing = example_config(docs.passes, "nodemailer", host=("SMTP_HOST", "smtp.gmail.com"))
    reported(failing, "SL201", profiles=profiles)
    assert_quiet(passing, "SL201", profiles=profiles)


# --- SL202 legacy-host ---------------------------------------------------------------------


def test_sl202_legacy_host(profiles: ProfileIndex) -> None:
    finding = only(lint(on("smtp.googlemail.com"), select=("SL2",), profiles=profiles), "SL202")
    assert finding.severity is Severity.WARNING
    assert finding.span.line == 1
    assert finding.message.startswith("SMTP_HOST=smtp.googlemail.com is an old name")
    assert "use smtp.gmail.com" in finding.message
    fix_of(finding, Applicability.UNSAFE, (Change(Field.HOST, "smtp.gmail.com"),))


def test_sl202_unverified_fact_is_only_info(profiles: ProfileIndex) -> None:
    cfg = on("smtp.live.com", port=587, security="starttls")
    assert reported(cfg, "SL202", profiles=profiles).severity is Severity.INFO


def test_sl202_passes_current_host(profiles: ProfileIndex) -> None:
    assert_quiet(on("smtp.gmail.com"), "SL202", profiles=profiles)


# --- SL203 non-smtp-host -------------------------------------------------------------------


def test_sl203_provider_imap_host(profiles: ProfileIndex) -> None:
    finding = only(lint(on("imap.gmail.com"), select=("SL2",), profiles=profiles), "SL203")
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith("SMTP_HOST=imap.gmail.com is Gmail's IMAP")
    fix_of(finding, Applicability.UNSAFE, (Change(Field.HOST, "smtp.gmail.com"),))


def test_sl203_unknown_incoming_name_is_a_warning_without_a_guess(
    profiles: ProfileIndex,
) -> None:
    finding = only(lint(on("imap.mycompany.com"), select=("SL2",), profiles=profiles), "SL203")
    assert finding.severity is Severity.WARNING
    assert "imap." in finding.message
    assert finding.fix is None


def test_sl203_suggests_smtp_counterpart_only_when_known(profiles: ProfileIndex) -> None:
    # pop.strato.de is not in the fixture profile, but smtp.strato.de is a known host
    finding = only(lint(on("pop.strato.de"), select=("SL2",), profiles=profiles), "SL203")
    fix_of(finding, changes=(Change(Field.HOST, "smtp.strato.de"),))


def test_sl203_incoming_name_under_a_provider_domain(profiles: ProfileIndex) -> None:
    findings = lint(on("pop3.gmail.com"), select=("SL2",), profiles=profiles)
    finding = only(findings, "SL203")  # not also SL201
    fix_of(finding, changes=(Change(Field.HOST, "smtp.gmail.com"),))


@pytest.mark.parametrize("host", ["smtp.gmail.com", "mail.mycompany.com", "mx", "imaginary.io"])
def test_sl203_passes(profiles: ProfileIndex, host: str) -> None:
    assert_quiet(on(host), "SL203", profiles=profiles)


# --- SL204 malformed-host ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "cleaned", "applicability"),
    [
        ("ssl://smtp.gmail.com", "smtp.gmail.com", Applicability.SAFE),
        ("smtp.gmail.com/", "smtp.gmail.com", Applicability.SAFE),
        (" smtp.gmail.com", "smtp.gmail.com", Applicability.SAFE),
        ("smtp.gmail.com:465", "smtp.gmail.com", Applicability.SAFE),  # repeats SMTP_PORT
        ("smtp.gmail.com:587", "smtp.gmail.com", Applicability.UNSAFE),  # contradicts it
    ],
)
def test_sl204_removable_parts(
    profiles: ProfileIndex, host: str, cleaned: str, applicability: Applicability
) -> None:
    findings = lint(on(host), select=("SL2",), profiles=profiles)
    finding = only(findings, "SL204")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == 1
    assert finding.message.startswith(f"SMTP_HOST={host} has ")
    fix_of(finding, applicability, (Change(Field.HOST, cleaned),))


def test_sl204_port_suffix_without_a_port_is_a_warning_and_moves_the_port(
    profiles: ProfileIndex,
) -> None:
    cfg = config(host="smtp.gmail.com:465", security="tls")
    finding = reported(cfg, "SL204", profiles=profiles)
    assert finding.severity is Severity.WARNING
    fix_of(
        finding,
        Applicability.UNSAFE,
        (Change(Field.HOST, "smtp.gmail.com"), Change(Field.PORT, 465)),
    )


def test_sl204_url_with_credentials_never_shows_the_password(profiles: ProfileIndex) -> None:
    cfg = config(host=f"smtp://me:{ACCOUNT_PASSWORD}@smtp.gmail.com:465", port=465,
                 security="tls")
    findings = lint(cfg, select=("SL1", "SL2"), profiles=profiles)
    finding = only(findings, "SL204")
    assert "SMTP_HOST=smtp://me:****@smtp.gmail.com:465" in finding.message
    fix = fix_of(finding, Applicability.UNSAFE)
    assert "user name and password" in fix.description
    assert_no_leak(findings, ACCOUNT_PASSWORD)


def test_sl204_email_address_as_host(profiles: ProfileIndex) -> None:
    finding = only(lint(on("me@gmail.com"), select=("SL2",), profiles=profiles), "SL204")
    assert "is an email address" in finding.message
    fix_of(finding, Applicability.UNSAFE, (Change(Field.HOST, "smtp.gmail.com"),))


@pytest.mark.parametrize(
    ("host", "phrase", "severity"),
    [
        ("smtp..gmail.com", "empty label", Severity.ERROR),
        ("smtp.gmail.com,", "(,)", Severity.ERROR),
        ("smtp gmail.com", "blanks inside", Severity.ERROR),
        ("-smtp.example.com", "hyphen", Severity.ERROR),
        ("a" * 64 + ".example.com", "longer than 63", Severity.ERROR),
        ("smtp_relay.example.com", "underscore", Severity.WARNING),
    ],
)
def test_sl204_invalid_names_have_no_automatic_fix(
    profiles: ProfileIndex, host: str, phrase: str, severity: Severity
) -> None:
    finding = reported(on(host), "SL204", profiles=profiles)
    assert phrase in finding.message
    assert finding.severity is severity
    assert finding.fix is None


@pytest.mark.parametrize(
    "host",
    ["smtp.gmail.com", "smtp.gmail.com.", "SMTP.Gmail.com", "mail_relay", "2001:db8::1",
     "müller-mail.de"],
)
def test_sl204_passes(profiles: ProfileIndex, host: str) -> None:
    assert_quiet(on(host), "SL204", profiles=profiles)


def test_sl204_passes_default_and_referenced_hosts(profiles: ProfileIndex) -> None:
    for host in (reference("SMTP_HOST", "MAIL_HOST"), default("EMAIL_HOST", "localhost")):
        cfg = config(port=465, security="tls").with_changes(host=host)
        assert_quiet(cfg, "SL204", profiles=profiles)


def test_inspect_host_reads_bracketed_ipv6_with_port() -> None:
    shape = inspect_host("[2001:db8::1]:587")
    assert shape.problems == ("port",)
    assert (shape.cleaned, shape.port) == ("2001:db8::1", 587)


def test_sl204_documented_example_is_realistic(profiles: ProfileIndex) -> None:
    finding = documented_failure(
        "SL204", "nodemailer", profiles,
        host=("SMTP_HOST", "ssl://smtp.gmail.com"), port=("SMTP_PORT", 465),
        security=("SMTP_SECURE", Security.TLS),
    )
    fix_of(finding, Applicability.SAFE)


# --- SL205 provider-mismatch ---------------------------------------------------------------


def test_sl205_gmail_login_on_microsoft_365(profiles: ProfileIndex) -> None:
    cfg = on("smtp.office365.com", port=587, security="starttls", username="me@gmail.com",
             password=GMAIL_APP_PASSWORD)
    findings = lint(cfg, select=("SL2",), profiles=profiles)
    finding = only(findings, "SL205")
    assert finding.severity is Severity.WARNING
    assert finding.span.line == 4  # SMTP_USER
    assert "SMTP_HOST=smtp.office365.com is Microsoft 365" in finding.message
    assert "SMTP_USER=me@gmail.com is a Gmail login" in finding.message
    # 587 is offered by Gmail too, so only the host changes
    fix_of(finding, Applicability.UNSAFE, (Change(Field.HOST, "smtp.gmail.com"),))
    assert_no_leak(findings, GMAIL_APP_PASSWORD)


def test_sl205_fix_also_moves_a_port_the_other_provider_lacks(profiles: ProfileIndex) -> None:
    cfg = on("smtp.office365.com", port=25, security="starttls", username="me@gmail.com")
    fix_of(
        reported(cfg, "SL205", profiles=profiles),
        changes=(Change(Field.HOST, "smtp.gmail.com"), Change(Field.PORT, 587)),
    )


@pytest.mark.parametrize(
    ("host", "username"),
    [
        ("smtp.office365.com", "me@outlook.com"),  # Microsoft 365 accepts Outlook.com logins
        ("smtp.gmail.com", "me@mycompany.com"),  # Workspace custom domain
        ("smtp.gmail.com", "me@gmail.com"),
        ("smtp.sendgrid.net", "apikey"),
    ],
)
def test_sl205_passes(profiles: ProfileIndex, host: str, username: str) -> None:
    cfg = on(host, port=587, security="starttls", username=username)
    assert_quiet(cfg, "SL205", profiles=profiles)


# --- SL206 missing-host --------------------------------------------------------------------


def test_sl206_no_host_with_credentials(profiles: ProfileIndex) -> None:
    cfg = config(port=587, security="starttls", username="me@gmail.com",
                 password=GMAIL_APP_PASSWORD)
    findings = lint(cfg, select=("SL2",), profiles=profiles)
    finding = only(findings, "SL206")
    assert finding.span.line == 1  # SMTP_PORT, the first key of the config
    assert "SMTP_USER is set" in finding.message and "SMTP_PORT=587" in finding.message
    assert "Connection refused" in finding.message
    fix_of(finding, Applicability.DISPLAY_ONLY)
    assert_no_leak(findings, GMAIL_APP_PASSWORD)


def test_sl206_library_default_host(profiles: ProfileIndex) -> None:
    cfg = config(port=465, security="tls", family="django").with_changes(
        host=default("EMAIL_HOST", "localhost")
    )
    finding = only(lint(cfg, select=("SL2",), profiles=profiles), "SL206")
    assert finding.message.startswith(
        "EMAIL_HOST not set (default localhost): Django connects to localhost"
    )


@pytest.mark.parametrize(
    "cfg",
    [
        config(port=1025),  # a local catcher on its usual port
        config(host="mailpit", port=1025, username="a", password="b"),
        config(host="smtp.gmail.com", port=587, username="a", password="b"),
        config(port=587, username=None).with_changes(host=reference("SMTP_HOST", "HOST")),
    ],
)
def test_sl206_passes(profiles: ProfileIndex, cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL206", profiles=profiles)


# --- SL207 host-is-ip-address --------------------------------------------------------------


@pytest.mark.parametrize("security", ["tls", "starttls", "opportunistic"])
def test_sl207_tls_to_an_ip_address(profiles: ProfileIndex, security: str) -> None:
    cfg = on("203.0.113.25", port=465 if security == "tls" else 587, security=security)
    finding = only(lint(cfg, select=("SL2",), profiles=profiles), "SL207")
    assert finding.span.line == 1
    assert finding.message.startswith("SMTP_HOST=203.0.113.25 is an IP address")
    assert "Hostname mismatch" in finding.message
    fix_of(finding, Applicability.DISPLAY_ONLY)


@pytest.mark.parametrize(
    "cfg",
    [
        on("203.0.113.25", port=25, security="none"),
        on("127.0.0.1", port=465),
        on("::1", port=465),
        on("smtp.gmail.com"),
        on("203.0.113.25", verify_tls=setting("SMTP_TLS_VERIFY", False, line=4)),  # SL108's
    ],
)
def test_sl207_passes(profiles: ProfileIndex, cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL207", profiles=profiles)


# --- documented failing examples, as an env reader reads them ------------------------------


@pytest.mark.parametrize(
    ("code", "family", "fields"),
    [
        pytest.param(
            "SL202", "nodemailer", {"host": ("SMTP_HOST", "smtp.googlemail.com")}, id="SL202"
        ),
        pytest.param("SL203", "nodemailer", {"host": ("SMTP_HOST", "imap.gmail.com")}, id="SL203"),
        pytest.param(
            "SL205", "nodemailer",
            {"host": ("SMTP_HOST", "smtp.office365.com"), "port": ("SMTP_PORT", 587),
             "security": ("SMTP_SECURE", Security.OPPORTUNISTIC),
             "username": ("SMTP_USER", "jane.doe@gmail.com"), "password": ("SMTP_PASS", SECRET)},
            id="SL205",
        ),
        pytest.param(
            "SL206", "django",
            {"host": Default("EMAIL_HOST", "localhost", "localhost"), "port": ("EMAIL_PORT", 587),
             "security": ("EMAIL_USE_TLS", Security.STARTTLS),
             "username": ("EMAIL_HOST_USER", "jane.doe@gmail.com"),
             "password": ("EMAIL_HOST_PASSWORD", SECRET)},
            id="SL206",
        ),
        pytest.param(
            "SL207", "nodemailer",
            {"host": ("SMTP_HOST", "203.0.113.25"), "port": ("SMTP_PORT", 465),
             "security": ("SMTP_SECURE", Security.TLS)},
            id="SL207",
        ),
    ],
)
def test_documented_example_is_realistic(
    profiles: ProfileIndex, code: str, family: str, fields: Any
) -> None:
    documented_failure(code, family, profiles, **fields)
