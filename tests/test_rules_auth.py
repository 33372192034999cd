"""SL3xx: authentication rules, run through the engine with fixture provider profiles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smtplint.model import (
    Applicability,
    AuthMethod,
    Change,
    Field,
    Finding,
    Secret,
    Security,
    Severity,
    SmtpConfig,
    ValueKind,
)
from smtplint.profiles.index import load_index
from smtplint.rules import get_rule
from tests.builders import codes, config, lint, setting

FIXTURES = Path(__file__).parent / "data" / "profiles" / "auth_sender"
PROFILES = load_index(extra_dirs=[FIXTURES])
APP_PASSWORD = "wxyzkqpbrmtslvne"


def only(findings: list[Finding], code: str) -> Finding:
    assert codes(findings) == [code], [f.message for f in findings]
    return findings[0]


def line_of(cfg: SmtpConfig, field: str) -> int:
    found = getattr(cfg, field)
    assert found is not None and found.origin.span is not None
    line: int = found.origin.span.line
    return line


def assert_no_leak(findings: list[Finding], *secrets: str) -> None:
    for finding in findings:
        shown = finding.message + (finding.fix.description if finding.fix else "")
        for secret in secrets:
            assert secret not in shown


def reference(key: str, variable: str, line: int) -> object:
    return setting(
        key, None, line=line, kind=ValueKind.REFERENCE, raw=f"${{{variable}}}", reference=variable
    )


def gmail(**overrides: object) -> SmtpConfig:
    fields: dict[str, object] = {
        "host": "smtp.gmail.com",
        "port": 465,
        "security": "tls",
        "username": "jane.doe@gmail.com",
        "password": APP_PASSWORD,
        "sender": "jane.doe@gmail.com",
        "timeout": 10.0,
    }
    fields.update(overrides)
    return config(**fields)  # type: ignore[arg-type]


# --- a correct configuration --------------------------------------------------------------


@pytest.mark.parametrize(("port", "security"), [(465, "tls"), (587, "starttls")])
def test_correct_gmail_config_passes_every_auth_sender_secret_and_hygiene_rule(
    port: int, security: str
) -> None:
    cfg = gmail(port=port, security=security)
    findings = lint(cfg, select=("SL3", "SL4", "SL5", "SL6"), tracked=False)
    assert findings == []


def test_correct_gmail_config_with_referenced_password_passes_in_a_tracked_file() -> None:
    cfg = gmail(password=None).with_changes(
        password=reference("SMTP_PASS", "GMAIL_APP_PASSWORD", 5),
        auth=setting("SMTP_USER", AuthMethod.PASSWORD),
    )
    assert lint(cfg, select=("SL3", "SL4", "SL5", "SL6"), tracked=True) == []


def test_the_three_usual_causes_of_503_name_the_reply_in_their_docs() -> None:
    for code in ("SL301", "SL304", "SL401"):
        rule = get_rule(code)
        assert rule is not None
        assert "503 5.5.1" in rule.docs.why, code


# --- SL301 missing-credentials --------------------------------------------------------------


def test_sl301_reports_a_missing_password_at_the_host() -> None:
    cfg = gmail(password=None)
    finding = only(lint(cfg, select=("SL301",)), "SL301")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "host")
    assert "smtp.gmail.com requires authentication" in finding.message
    assert "no password is set" in finding.message
    assert "530 5.7.0 Authentication Required" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert "16-letter app password" in finding.fix.description


def test_sl301_names_both_missing_values() -> None:
    cfg = config(host="smtp.gmail.com", port=465, security="tls", family="django")
    finding = only(lint(cfg, select=("SL301",)), "SL301")
    assert "but no username is set and no password is set: no AUTH is sent" in finding.message


def test_sl301_points_at_an_empty_password_and_names_its_key() -> None:
    cfg = gmail(password="")
    finding = only(lint(cfg, select=("SL301",)), "SL301")
    assert finding.span.line == line_of(cfg, "password")
    assert "SMTP_PASS is empty" in finding.message


def test_sl301_explains_that_django_logs_in_only_with_both_values() -> None:
    default_password = setting("EMAIL_HOST_PASSWORD", Secret(""), kind=ValueKind.DEFAULT, raw="")
    cfg = gmail(password=None, family="django").with_changes(password=default_password)
    finding = only(lint(cfg, select=("SL301",)), "SL301")
    assert "EMAIL_HOST_PASSWORD is not set" in finding.message
    assert "Django logs in only when both are set" in finding.message


def test_sl301_accepts_a_password_read_from_the_environment() -> None:
    cfg = gmail(password=None).with_changes(password=reference("SMTP_PASS", "GMAIL_PASS", 5))
    assert lint(cfg, select=("SL301",)) == []


def test_sl301_reports_half_a_login_on_an_unknown_host_as_a_warning() -> None:
    cfg = config(
        host="mail.acme-corp.io",
        port=587,
        security="starttls",
        username="billing@acme-corp.io",
        family="nodemailer",
    )
    finding = only(lint(cfg, select=("SL301",), profiles=PROFILES), "SL301")
    assert finding.severity is Severity.WARNING
    assert finding.span.line == line_of(cfg, "host")
    assert "SMTP_USER is set but no password is set" in finding.message
    assert 'Missing credentials for "PLAIN"' in finding.message


@pytest.mark.parametrize(
    "cfg",
    [
        config(host="mail.acme-corp.io", port=587, security="starttls"),  # no login intended
        config(host="mailpit", port=1025, username="dev"),  # local relay
        gmail(password=None, sends_over_smtp=False),
        gmail(password=None, auth=setting("SMTP_AUTH", AuthMethod.OAUTH2)),
        config(host="smtp.hint-mail.net", port=465, security="tls"),  # unverified requirement
    ],
    ids=["no-login", "local-relay", "not-smtp", "oauth2", "unverified-profile"],
)
def test_sl301_stays_quiet(cfg: SmtpConfig) -> None:
    assert lint(cfg, select=("SL301",), profiles=PROFILES) == []


# --- SL302 username-form ----------------------------------------------------------------------


def test_sl302_wants_the_full_address_for_gmail() -> None:
    cfg = gmail(username="jane.doe", sender="Jane <jane.doe@acme-corp.io>")
    finding = only(lint(cfg, select=("SL302",)), "SL302")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "username")
    assert finding.message.startswith("SMTP_USER=jane.doe: Gmail")
    assert "full email address" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY


def test_sl302_offers_the_matching_sender_address_as_an_unsafe_fix() -> None:
    cfg = gmail(username="jane.doe", sender="jane.doe@gmail.com")
    finding = only(lint(cfg, select=("SL302",)), "SL302")
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.UNSAFE
    assert finding.fix.changes == (Change(Field.USERNAME, "jane.doe@gmail.com"),)


def test_sl302_rewrites_a_literal_fixed_username_safely() -> None:
    cfg = config(
        host="smtp.sendgrid.net",
        port=587,
        security="starttls",
        username="jane@acme-corp.io",
        password="SG.x",
    )
    finding = only(lint(cfg, select=("SL302",), profiles=PROFILES), "SL302")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "username")
    assert "SMTP_USER=jane@acme-corp.io" in finding.message and "'apikey'" in finding.message
    assert "535 Authentication failed: Bad username / password" in finding.message
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.SAFE
    assert finding.fix.changes == (Change(Field.USERNAME, "apikey"),)


def test_sl302_fix_is_unsafe_when_it_replaces_an_interpolated_username() -> None:
    username = setting(
        "SMTP_USER",
        "jane@acme-corp.io",
        line=4,
        kind=ValueKind.INTERPOLATED,
        raw="${SENDGRID_USER}",
    )
    cfg = config(host="smtp.sendgrid.net", port=587, security="starttls").with_changes(
        username=username
    )
    finding = only(lint(cfg, select=("SL302",), profiles=PROFILES), "SL302")
    assert finding.message.startswith(
        "SMTP_USER=${SENDGRID_USER} (resolves to jane@acme-corp.io): Fixture SendGrid"
    )
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE


def test_sl302_warns_about_a_token_username_of_the_wrong_shape() -> None:
    cfg = config(
        host="email-smtp.ap-southeast-2.amazonaws.com",
        port=587,
        security="starttls",
        username="billing@acme-corp.io",
    )
    finding = only(lint(cfg, select=("SL302",), profiles=PROFILES), "SL302")
    assert finding.severity is Severity.WARNING
    assert "AKIA followed by 16 letters or digits" in finding.message


def test_sl302_wants_only_the_local_part_where_the_profile_says_so() -> None:
    cfg = config(
        host="smtp.strict-mailbox.net", port=465, security="tls", username="jane@strict-mailbox.net"
    )
    finding = only(lint(cfg, select=("SL302",), profiles=PROFILES), "SL302")
    assert "only the part before the @" in finding.message
    assert finding.fix is not None and "'jane'" in finding.fix.description


@pytest.mark.parametrize(
    "cfg",
    [
        gmail(),
        config(host="smtp.sendgrid.net", port=587, username="apikey"),
        config(
            host="email-smtp.ap-southeast-2.amazonaws.com",
            port=587,
            username="AKIAABCDEFGHIJKLMNOP",
        ),
        config(host="smtp.sendgrid.net", port=587).with_changes(
            username=reference("SMTP_USER", "SENDGRID_USER", 3)
        ),
        config(host="smtp.hint-mail.net", port=465, username="jane"),  # unverified form
        config(host="mail.acme-corp.io", port=587, username="jane"),  # no profile
    ],
    ids=["gmail", "apikey", "ses-token", "reference", "unverified", "unknown-host"],
)
def test_sl302_stays_quiet(cfg: SmtpConfig) -> None:
    assert lint(cfg, select=("SL302",), profiles=PROFILES) == []


# --- SL303 oauth2-required --------------------------------------------------------------------


def test_sl303_reports_password_login_after_oauth2_only_date_as_error() -> None:
    cfg = config(
        host="smtp-mail.outlook.com",
        port=587,
        security="starttls",
        username="jane@outlook.com",
        password="Summer2024!",
    )
    findings = lint(cfg, select=("SL303",), profiles=PROFILES)
    finding = only(findings, "SL303")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "password")
    assert "since 2024-09-16" in finding.message and "OAuth2" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert "XOAUTH2" in finding.fix.description
    assert_no_leak(findings, "Summer2024!")


def test_sl303_warns_before_an_announced_sunset_naming_date_and_note() -> None:
    cfg = config(
        host="smtp.office365.com",
        port=587,
        security="starttls",
        username="jane@contoso.com",
        password="Summer2024!",
    )
    finding = only(lint(cfg, select=("SL303",), profiles=PROFILES), "SL303")
    assert finding.severity is Severity.WARNING
    assert "2026-12-31" in finding.message
    assert "disabled by default for existing tenants" in finding.message


def test_sl303_is_an_error_after_the_sunset() -> None:
    cfg = config(
        host="smtp.office365.com",
        port=587,
        security="starttls",
        username="jane@contoso.com",
        password="Summer2024!",
    )
    findings = lint(cfg, select=("SL303",), profiles=PROFILES, today=dt.date(2027, 1, 5))
    finding = only(findings, "SL303")
    assert finding.severity is Severity.ERROR
    assert "ended password logins on 2026-12-31" in finding.message


def test_sl303_unverified_date_is_only_a_hint() -> None:
    cfg = config(
        host="smtp.hint-mail.net",
        port=465,
        security="tls",
        username="jane@hint-mail.net",
        password="Summer2024!",
    )
    finding = only(lint(cfg, select=("SL303",), profiles=PROFILES), "SL303")
    assert finding.severity is Severity.INFO


def test_sl303_accepts_oauth2_and_gmail_app_passwords() -> None:
    oauth = config(
        host="smtp-mail.outlook.com",
        port=587,
        security="starttls",
        username="jane@outlook.com",
        auth=setting("SMTP_AUTH", AuthMethod.OAUTH2),
    )
    assert lint(oauth, select=("SL303",), profiles=PROFILES) == []
    assert lint(gmail(), select=("SL303",), profiles=PROFILES) == []


# --- SL304 auth-over-cleartext ----------------------------------------------------------------


def test_sl304_switches_a_literal_security_to_starttls_on_587_safely() -> None:
    cfg = config(
        host="mail.acme-corp.io",
        port=587,
        security="none",
        username="billing@acme-corp.io",
        password="Tr0ub4dor-and-3",
    )
    findings = lint(cfg, select=("SL304",), profiles=PROFILES)
    finding = only(findings, "SL304")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "security")
    assert finding.message.startswith("SMTP_SECURITY=none with a login to mail.acme-corp.io")
    assert "530 5.7.0 Must issue a STARTTLS command first" in finding.message
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.SAFE
    assert finding.fix.changes == (Change(Field.SECURITY, Security.STARTTLS),)
    assert_no_leak(findings, "Tr0ub4dor-and-3")


def test_sl304_uses_implicit_tls_on_465() -> None:
    cfg = config(
        host="mail.acme-corp.io",
        port=465,
        security="none",
        username="billing@acme-corp.io",
        password="x-y-z-w",
    )
    finding = only(lint(cfg, select=("SL304",), profiles=PROFILES), "SL304")
    assert finding.fix is not None
    assert finding.fix.changes == (Change(Field.SECURITY, Security.TLS),)


def test_sl304_fix_is_unsafe_when_security_is_a_library_default() -> None:
    default = setting("EMAIL_USE_TLS", Security.NONE, kind=ValueKind.DEFAULT, raw="False")
    cfg = config(
        host="mail.acme-corp.io",
        port=587,
        username="billing@acme-corp.io",
        password="x-y-z-w",
        family="django",
        security=None,
    ).with_changes(security=default)
    finding = only(lint(cfg, select=("SL304",), profiles=PROFILES), "SL304")
    assert "EMAIL_USE_TLS not set (default False)" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE


def test_sl304_only_describes_a_fix_for_a_non_standard_port() -> None:
    cfg = config(
        host="mail.acme-corp.io",
        port=2600,
        security="none",
        username="billing@acme-corp.io",
        password="x-y-z-w",
    )
    finding = only(lint(cfg, select=("SL304",), profiles=PROFILES), "SL304")
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert finding.fix.changes == ()


@pytest.mark.parametrize(
    "cfg",
    [
        config(host="mailpit", port=1025, security="none", username="a", password="b"),
        config(
            host="mail.acme-corp.io",
            port=587,
            security="opportunistic",
            username="a@acme-corp.io",
            password="b-c-d",
        ),
        config(host="mail.acme-corp.io", port=25, security="none"),
    ],
    ids=["local-relay", "opportunistic", "no-login"],
)
def test_sl304_stays_quiet(cfg: SmtpConfig) -> None:
    assert lint(cfg, select=("SL304",), profiles=PROFILES) == []


# --- SL305 auth-not-offered -------------------------------------------------------------------


def test_sl305_reports_a_login_to_a_relay_without_auth() -> None:
    cfg = config(
        host="contoso-com.mail.protection.outlook.com",
        port=25,
        security="starttls",
        username="scanner@contoso.com",
        password="x-y-z-w",
    )
    finding = only(lint(cfg, select=("SL305",), profiles=PROFILES), "SL305")
    assert finding.severity is Severity.WARNING
    assert finding.span.line == line_of(cfg, "username")
    assert "SMTP AUTH extension not supported by server." in finding.message
    assert "by the client's IP address" in finding.message
    assert finding.message.startswith("SMTP_USER and SMTP_PASS are set")
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert "remove the username and password" in finding.fix.description


def test_sl305_reports_a_login_to_a_named_mail_catcher() -> None:
    cfg = config(host="mailpit", port=1025, username="dev", password="dev")
    finding = only(lint(cfg, select=("SL305",), profiles=PROFILES), "SL305")
    assert "without any login" in finding.message


def test_sl305_moves_a_login_on_port_25_to_the_submission_port() -> None:
    cfg = gmail(port=25, security="opportunistic")
    finding = only(lint(cfg, select=("SL305",)), "SL305")
    assert finding.span.line == line_of(cfg, "port")
    assert finding.message.startswith("SMTP_PORT=25 with a login to smtp.gmail.com")
    assert "465, 587" in finding.message
    assert finding.fix is not None
    assert finding.fix.applicability is Applicability.UNSAFE
    assert finding.fix.changes == (
        Change(Field.PORT, 587),
        Change(Field.SECURITY, Security.STARTTLS),
    )


@pytest.mark.parametrize(
    "cfg",
    [
        config(host="localhost", port=1025, username="jane@proton.me", password="bridge-pass"),
        config(
            host="smtp.office365.com",
            port=25,
            security="starttls",
            username="jane@contoso.com",
            password="x-y-z-w",
        ),
        config(host="contoso-com.mail.protection.outlook.com", port=25),
        gmail(port=587, security="starttls"),
        config(host="mail.acme-corp.io", port=25, username="a@acme-corp.io", password="b-c"),
    ],
    ids=["loopback-shared-with-bridge", "port-25-listed", "no-login", "gmail-587", "no-profile"],
)
def test_sl305_stays_quiet(cfg: SmtpConfig) -> None:
    assert lint(cfg, select=("SL305",), profiles=PROFILES) == []


# --- SL306 app-password-required --------------------------------------------------------------


def test_sl306_reports_an_account_password_for_gmail_by_shape_only() -> None:
    cfg = gmail(password="Summer2024!")
    findings = lint(cfg, select=("SL306",))
    finding = only(findings, "SL306")
    assert finding.severity is Severity.ERROR  # Gmail never takes the account password
    assert finding.span.line == line_of(cfg, "password")
    assert finding.message.startswith("SMTP_PASS does not look like a 16-letter app password")
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert "https://support.google.com/accounts/answer/185833" in finding.fix.description
    assert_no_leak(findings, "Summer2024!", "Summer", "11")


def test_sl306_is_a_warning_where_account_passwords_may_still_work() -> None:
    cfg = config(
        host="email-smtp.ap-southeast-2.amazonaws.com",
        port=587,
        security="starttls",
        username="AKIAABCDEFGHIJKLMNOP",
        password="not-an-ses-password",
    )
    finding = only(lint(cfg, select=("SL306",), profiles=PROFILES), "SL306")
    assert finding.severity is Severity.WARNING


def test_sl306_recognises_an_iam_secret_key_and_names_the_region() -> None:
    iam_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    cfg = config(
        host="email-smtp.ap-southeast-2.amazonaws.com",
        port=587,
        security="starttls",
        username="AKIAABCDEFGHIJKLMNOP",
        password=iam_secret,
    )
    findings = lint(cfg, select=("SL306",), profiles=PROFILES)
    finding = only(findings, "SL306")
    assert finding.severity is Severity.ERROR
    assert "IAM secret access key" in finding.message
    assert "ap-southeast-2" in finding.message
    assert "535 Authentication Credentials Invalid" in finding.message
    assert "40" not in finding.message
    assert_no_leak(findings, iam_secret, iam_secret[:8])


def test_sl306_reports_a_sendgrid_password_without_the_key_prefix() -> None:
    cfg = config(
        host="smtp.sendgrid.net",
        port=587,
        security="starttls",
        username="apikey",
        password="hunter2hunter2",
    )
    finding = only(lint(cfg, select=("SL306",), profiles=PROFILES), "SL306")
    assert "starts with 'SG.'" in finding.message


@pytest.mark.parametrize(
    "cfg",
    [
        gmail(password="abcd efgh ijkl mnop"),
        gmail(password="your-app-password"),
        gmail(password=None).with_changes(password=reference("SMTP_PASS", "GMAIL_PASS", 5)),
        config(
            host="smtp.hint-mail.net", port=465, username="j@hint-mail.net", password="Summer2024!"
        ),
        config(
            host="smtp.office365.com", port=587, username="j@contoso.com", password="Summer2024!"
        ),
    ],
    ids=["spaced-app-password", "placeholder", "reference", "unverified-shape", "no-shape"],
)
def test_sl306_stays_quiet(cfg: SmtpConfig) -> None:
    assert lint(cfg, select=("SL306",), profiles=PROFILES) == []


def test_sl306_ignores_template_files() -> None:
    cfg = gmail(password="Summer2024!", path=".env.example")
    assert lint(cfg, select=("SL306",), template=True) == []
