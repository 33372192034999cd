"""SL3xx: authentication rules, run through the engine with fixture provider profiles."""

from __future__ import annotations

import datetime as dt

import pytest

from smtplint.model import (
    Applicability,
    AuthMethod,
    Change,
    Field,
    Secret,
    Security,
    Severity,
    SmtpConfig,
    ValueKind,
)
from smtplint.profiles.index import load_index
from smtplint.rules import get_rule
from tests.builders import acme, acme_login, config, default, gmail, lint, reference, setting
from tests.rule_helpers import (
    AUTH_SENDER_PROFILES,
    assert_no_leak,
    assert_quiet,
    fix_of,
    line_of,
    only,
    reported,
)

PROFILES = load_index(extra_dirs=[AUTH_SENDER_PROFILES])
ACCOUNT_PASSWORD = "Summer2024!"
SES_HOST = "email-smtp.ap-southeast-2.amazonaws.com"
SES_USER = "AKIAABCDEFGHIJKLMNOP"  # the shape of an SES SMTP user name
DIRECT_SEND_HOST = "contoso-com.mail.protection.outlook.com"


def starttls_login(host: str, username: str, **fields: object) -> SmtpConfig:
    """A login with an account password over STARTTLS on 587, unless ``fields`` differ."""
    values: dict[str, object] = {"port": 587, "security": "starttls", "password": ACCOUNT_PASSWORD}
    values.update(fields)
    return config(host=host, username=username, **values)  # type: ignore[arg-type]


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
        password=reference("SMTP_PASS", "GMAIL_APP_PASSWORD", line=5),
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
    finding = reported(cfg, "SL301")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "host")
    assert "smtp.gmail.com requires authentication" in finding.message
    assert "no password is set" in finding.message
    assert "530 5.7.0 Authentication Required" in finding.message
    fix = fix_of(finding, Applicability.DISPLAY_ONLY)
    assert "16-letter app password" in fix.description


def test_sl301_names_both_missing_values() -> None:
    cfg = config(host="smtp.gmail.com", port=465, security="tls", family="django")
    finding = reported(cfg, "SL301")
    assert "but no username is set and no password is set: no AUTH is sent" in finding.message


def test_sl301_points_at_an_empty_password_and_names_its_key() -> None:
    cfg = gmail(password="")
    finding = reported(cfg, "SL301")
    assert finding.span.line == line_of(cfg, "password")
    assert "SMTP_PASS is empty" in finding.message


def test_sl301_explains_that_django_logs_in_only_with_both_values() -> None:
    default_password = default("EMAIL_HOST_PASSWORD", Secret(""), "")
    cfg = gmail(password=None, family="django").with_changes(password=default_password)
    finding = reported(cfg, "SL301")
    assert "EMAIL_HOST_PASSWORD is not set" in finding.message
    assert "Django logs in only when both are set" in finding.message


def test_sl301_accepts_a_password_read_from_the_environment() -> None:
    cfg = gmail(password=None).with_changes(password=reference("SMTP_PASS", "GMAIL_PASS", line=5))
    assert_quiet(cfg, "SL301")


def test_sl301_reports_half_a_login_on_an_unknown_host_as_a_warning() -> None:
    cfg = acme(port=587, security="starttls", username="billing@acme-corp.io", family="nodemailer")
    finding = reported(cfg, "SL301", profiles=PROFILES)
    assert finding.severity is Severity.WARNING
    assert finding.span.line == line_of(cfg, "host")
    assert "SMTP_USER is set but no password is set" in finding.message
    assert 'Missing credentials for "PLAIN"' in finding.message


@pytest.mark.parametrize(
    "cfg",
    [
        acme(port=587, security="starttls"),  # no login intended
        config(host="mailpit", port=1025, username="dev"),  # local relay
        gmail(password=None, sends_over_smtp=False),
        gmail(password=None, auth=setting("SMTP_AUTH", AuthMethod.OAUTH2)),
        config(host="smtp.hint-mail.net", port=465, security="tls"),  # unverified requirement
    ],
    ids=["no-login", "local-relay", "not-smtp", "oauth2", "unverified-profile"],
)
def test_sl301_stays_quiet(cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL301", profiles=PROFILES)


# --- SL302 username-form ----------------------------------------------------------------------


def test_sl302_wants_the_full_address_for_gmail() -> None:
    cfg = gmail(username="jane.doe", sender="Jane <jane.doe@acme-corp.io>")
    finding = reported(cfg, "SL302")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "username")
    assert finding.message.startswith("SMTP_USER=jane.doe: Gmail")
    assert "full email address" in finding.message
    fix_of(finding, Applicability.DISPLAY_ONLY)


def test_sl302_offers_the_matching_sender_address_as_an_unsafe_fix() -> None:
    cfg = gmail(username="jane.doe", sender="jane.doe@gmail.com")
    finding = reported(cfg, "SL302")
    fix_of(finding, Applicability.UNSAFE, (Change(Field.USERNAME, "jane.doe@gmail.com"),))


def test_sl302_rewrites_a_literal_fixed_username_safely() -> None:
    cfg = starttls_login("smtp.sendgrid.net", "jane@acme-corp.io", password="SG.x")
    finding = reported(cfg, "SL302", profiles=PROFILES)
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "username")
    assert "SMTP_USER=jane@acme-corp.io" in finding.message and "'apikey'" in finding.message
    assert "535 Authentication failed: Bad username / password" in finding.message
    fix_of(finding, Applicability.SAFE, (Change(Field.USERNAME, "apikey"),))


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
    finding = reported(cfg, "SL302", profiles=PROFILES)
    assert finding.message.startswith(
        "SMTP_USER=${SENDGRID_USER} (resolves to jane@acme-corp.io): Fixture SendGrid"
    )
    fix_of(finding, Applicability.UNSAFE)


def test_sl302_warns_about_a_token_username_of_the_wrong_shape() -> None:
    cfg = starttls_login(SES_HOST, "billing@acme-corp.io", password=None)
    finding = reported(cfg, "SL302", profiles=PROFILES)
    assert finding.severity is Severity.WARNING
    assert "AKIA followed by 16 letters or digits" in finding.message


def test_sl302_wants_only_the_local_part_where_the_profile_says_so() -> None:
    cfg = config(
        host="smtp.strict-mailbox.net", port=465, security="tls", username="jane@strict-mailbox.net"
    )
    finding = reported(cfg, "SL302", profiles=PROFILES)
    assert "only the part before the @" in finding.message
    assert "'jane'" in fix_of(finding).description


@pytest.mark.parametrize(
    "cfg",
    [
        gmail(),
        config(host="smtp.sendgrid.net", port=587, username="apikey"),
        config(host=SES_HOST, port=587, username=SES_USER),
        config(host="smtp.sendgrid.net", port=587).with_changes(
            username=reference("SMTP_USER", "SENDGRID_USER", line=3)
        ),
        config(host="smtp.hint-mail.net", port=465, username="jane"),  # unverified form
        acme(port=587, security=None, username="jane"),  # no profile
    ],
    ids=["gmail", "apikey", "ses-token", "reference", "unverified", "unknown-host"],
)
def test_sl302_stays_quiet(cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL302", profiles=PROFILES)


# --- SL303 oauth2-required --------------------------------------------------------------------


def test_sl303_reports_password_login_after_oauth2_only_date_as_error() -> None:
    cfg = starttls_login("smtp-mail.outlook.com", "jane@outlook.com")
    findings = lint(cfg, select=("SL303",), profiles=PROFILES)
    finding = only(findings, "SL303")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "password")
    assert "since 2024-09-16" in finding.message and "OAuth2" in finding.message
    fix = fix_of(finding, Applicability.DISPLAY_ONLY)
    assert "XOAUTH2" in fix.description
    assert_no_leak(findings, ACCOUNT_PASSWORD)


def test_sl303_warns_before_an_announced_sunset_naming_date_and_note() -> None:
    cfg = starttls_login("smtp.office365.com", "jane@contoso.com")
    finding = reported(cfg, "SL303", profiles=PROFILES)
    assert finding.severity is Severity.WARNING
    assert "2026-12-31" in finding.message
    assert "disabled by default for existing tenants" in finding.message


def test_sl303_is_an_error_after_the_sunset() -> None:
    cfg = starttls_login("smtp.office365.com", "jane@contoso.com")
    findings = lint(cfg, select=("SL303",), profiles=PROFILES, today=dt.date(2027, 1, 5))
    finding = only(findings, "SL303")
    assert finding.severity is Severity.ERROR
    assert "ended password logins on 2026-12-31" in finding.message


def test_sl303_unverified_date_is_only_a_hint() -> None:
    cfg = starttls_login("smtp.hint-mail.net", "jane@hint-mail.net", port=465, security="tls")
    finding = reported(cfg, "SL303", profiles=PROFILES)
    assert finding.severity is Severity.INFO


def test_sl303_accepts_oauth2_and_gmail_app_passwords() -> None:
    oauth = starttls_login(
        "smtp-mail.outlook.com",
        "jane@outlook.com",
        password=None,
        auth=setting("SMTP_AUTH", AuthMethod.OAUTH2),
    )
    assert_quiet(oauth, "SL303", profiles=PROFILES)
    assert_quiet(gmail(), "SL303", profiles=PROFILES)


# --- SL304 auth-over-cleartext ----------------------------------------------------------------


def test_sl304_switches_a_literal_security_to_starttls_on_587_safely() -> None:
    cfg = acme_login("Tr0ub4dor-and-3", port=587, security="none")
    findings = lint(cfg, select=("SL304",), profiles=PROFILES)
    finding = only(findings, "SL304")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "security")
    assert finding.message.startswith("SMTP_SECURITY=none with a login to mail.acme-corp.io")
    assert "530 5.7.0 Must issue a STARTTLS command first" in finding.message
    fix_of(finding, Applicability.SAFE, (Change(Field.SECURITY, Security.STARTTLS),))
    assert_no_leak(findings, "Tr0ub4dor-and-3")


def test_sl304_uses_implicit_tls_on_465() -> None:
    cfg = acme_login(port=465, security="none")
    finding = reported(cfg, "SL304", profiles=PROFILES)
    fix_of(finding, changes=(Change(Field.SECURITY, Security.TLS),))


def test_sl304_fix_is_unsafe_when_security_is_a_library_default() -> None:
    unset = default("EMAIL_USE_TLS", Security.NONE, "False")
    cfg = acme_login(port=587, security=None, family="django").with_changes(security=unset)
    finding = reported(cfg, "SL304", profiles=PROFILES)
    assert "EMAIL_USE_TLS not set (default False)" in finding.message
    fix_of(finding, Applicability.UNSAFE)


def test_sl304_only_describes_a_fix_for_a_non_standard_port() -> None:
    cfg = acme_login(port=2600, security="none")
    finding = reported(cfg, "SL304", profiles=PROFILES)
    fix_of(finding, Applicability.DISPLAY_ONLY, ())


@pytest.mark.parametrize(
    "cfg",
    [
        config(host="mailpit", port=1025, security="none", username="a", password="b"),
        acme(port=587, security="opportunistic", username="a@acme-corp.io", password="b-c-d"),
        acme(port=25, security="none"),
    ],
    ids=["local-relay", "opportunistic", "no-login"],
)
def test_sl304_stays_quiet(cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL304", profiles=PROFILES)


# --- SL305 auth-not-offered -------------------------------------------------------------------


def test_sl305_reports_a_login_to_a_relay_without_auth() -> None:
    cfg = starttls_login(DIRECT_SEND_HOST, "scanner@contoso.com", port=25, password="x-y-z-w")
    finding = reported(cfg, "SL305", profiles=PROFILES)
    assert finding.severity is Severity.WARNING
    assert finding.span.line == line_of(cfg, "username")
    assert "SMTP AUTH extension not supported by server." in finding.message
    assert "by the client's IP address" in finding.message
    assert finding.message.startswith("SMTP_USER and SMTP_PASS are set")
    fix = fix_of(finding, Applicability.DISPLAY_ONLY)
    assert "remove the username and password" in fix.description


@pytest.mark.parametrize("host", ["mailpit", "maildev"])
def test_sl305_reports_a_login_to_a_named_mail_catcher(host: str) -> None:
    # Neither offers AUTH by default, so Python's smtplib refuses to log in.
    cfg = config(host=host, port=1025, username="dev", password="dev")
    finding = reported(cfg, "SL305", profiles=PROFILES)
    assert "without any login" in finding.message


def test_sl305_stays_quiet_for_mailhog_which_accepts_any_login() -> None:
    cfg = config(host="mailhog", port=1025, username="dev", password="dev")
    assert_quiet(cfg, "SL305", profiles=PROFILES)
    assert_quiet(cfg, "SL305")  # the shipped local-dev profile agrees


def test_sl305_moves_a_login_on_port_25_to_the_submission_port() -> None:
    cfg = gmail(port=25, security="opportunistic")
    finding = reported(cfg, "SL305")
    assert finding.span.line == line_of(cfg, "port")
    assert finding.message.startswith("SMTP_PORT=25 with a login to smtp.gmail.com")
    assert "465, 587" in finding.message
    fix_of(
        finding,
        Applicability.UNSAFE,
        (Change(Field.PORT, 587), Change(Field.SECURITY, Security.STARTTLS)),
    )


@pytest.mark.parametrize(
    "cfg",
    [
        config(host="localhost", port=1025, username="jane@proton.me", password="bridge-pass"),
        starttls_login("smtp.office365.com", "jane@contoso.com", port=25, password="x-y-z-w"),
        config(host=DIRECT_SEND_HOST, port=25),
        gmail(port=587, security="starttls"),
        acme(port=25, security=None, username="a@acme-corp.io", password="b-c"),
    ],
    ids=["loopback-shared-with-bridge", "port-25-listed", "no-login", "gmail-587", "no-profile"],
)
def test_sl305_stays_quiet(cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL305", profiles=PROFILES)


# --- SL306 app-password-required --------------------------------------------------------------


def test_sl306_reports_an_account_password_for_gmail_by_shape_only() -> None:
    cfg = gmail(password=ACCOUNT_PASSWORD)
    findings = lint(cfg, select=("SL306",))
    finding = only(findings, "SL306")
    assert finding.severity is Severity.ERROR  # Gmail never takes the account password
    assert finding.span.line == line_of(cfg, "password")
    assert finding.message.startswith("SMTP_PASS does not look like a 16-letter app password")
    fix = fix_of(finding, Applicability.DISPLAY_ONLY)
    assert "https://support.google.com/accounts/answer/185833" in fix.description
    assert_no_leak(findings, ACCOUNT_PASSWORD, "Summer", "11")


def test_sl306_is_a_warning_where_account_passwords_may_still_work() -> None:
    cfg = starttls_login(SES_HOST, SES_USER, password="not-an-ses-password")
    finding = reported(cfg, "SL306", profiles=PROFILES)
    assert finding.severity is Severity.WARNING


def test_sl306_recognises_an_iam_secret_key_and_names_the_region() -> None:
    iam_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    cfg = starttls_login(SES_HOST, SES_USER, password=iam_secret)
    findings = lint(cfg, select=("SL306",), profiles=PROFILES)
    finding = only(findings, "SL306")
    assert finding.severity is Severity.ERROR
    assert "IAM secret access key" in finding.message
    assert "ap-southeast-2" in finding.message
    assert "535 Authentication Credentials Invalid" in finding.message
    assert "40" not in finding.message
    assert_no_leak(findings, iam_secret, iam_secret[:8])


def test_sl306_reports_a_sendgrid_password_without_the_key_prefix() -> None:
    cfg = starttls_login("smtp.sendgrid.net", "apikey", password="hunter2hunter2")
    finding = reported(cfg, "SL306", profiles=PROFILES)
    assert "starts with 'SG.'" in finding.message


@pytest.mark.parametrize(
    "cfg",
    [
        gmail(password="abcd efgh ijkl mnop"),
        gmail(password="your-app-password"),
        gmail(password=None).with_changes(password=reference("SMTP_PASS", "GMAIL_PASS", line=5)),
        starttls_login("smtp.hint-mail.net", "j@hint-mail.net", port=465, security=None),
        starttls_login("smtp.office365.com", "j@contoso.com", security=None),
    ],
    ids=["spaced-app-password", "placeholder", "reference", "unverified-shape", "no-shape"],
)
def test_sl306_stays_quiet(cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL306", profiles=PROFILES)


def test_sl306_ignores_template_files() -> None:
    cfg = gmail(password=ACCOUNT_PASSWORD, path=".env.example")
    assert_quiet(cfg, "SL306", template=True)
