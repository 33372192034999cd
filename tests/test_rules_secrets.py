"""SL5xx: secrets rules — literal passwords in shared files and credentials inside URLs."""

from __future__ import annotations

import pytest

from smtplint.model import Applicability, Secret, Severity, SmtpConfig, Span, UrlProblem
from tests.builders import acme_login, codes, config, lint, reference, setting
from tests.rule_helpers import assert_no_leak, assert_quiet, fix_of, line_of, only, reported

PASSWORD = "Tr0ub4dor-and-3"


def from_url(password: str, *problems: tuple[str, str]) -> SmtpConfig:
    """A config whose credentials were read from ``EMAIL_URL`` on line 1."""
    url = setting(
        "EMAIL_URL", "smtp+ssl://…", raw="smtp+ssl://billing%40acme-corp.io:****@smtp.acme-corp.io"
    )
    return config(host="smtp.acme-corp.io", port=465, security="tls").with_changes(
        url=url,
        username=setting("EMAIL_URL", "billing@acme-corp.io"),
        password=setting("EMAIL_URL", Secret(password)),
        url_problems=tuple(UrlProblem(url, part, chars) for part, chars in problems),  # type: ignore[arg-type]
    )


# --- SL501 plaintext-password -----------------------------------------------------------------


def test_sl501_is_an_error_for_a_password_in_a_tracked_file() -> None:
    cfg = acme_login(PASSWORD)
    findings = lint(cfg, select=("SL501",), tracked=True)
    finding = only(findings, "SL501")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == line_of(cfg, "password")
    assert finding.message.startswith("SMTP_PASS holds a literal password in a file git tracks")
    assert "rotate" in fix_of(finding, Applicability.DISPLAY_ONLY).description
    assert_no_leak(findings, PASSWORD, PASSWORD[:6])


def test_sl501_is_a_warning_in_a_template_even_when_untracked() -> None:
    cfg = acme_login(PASSWORD, path=".env.example")
    finding = reported(cfg, "SL501", tracked=False, template=True)
    assert finding.severity is Severity.WARNING
    assert "the template .env.example" in finding.message


def test_sl501_applies_when_the_config_does_not_send_over_smtp() -> None:
    cfg = acme_login(PASSWORD, sends_over_smtp=False)
    assert codes(lint(cfg, select=("SL501",), tracked=True)) == ["SL501"]


@pytest.mark.parametrize("tracked", [False, None])
def test_sl501_ignores_a_private_untracked_env_file(tracked: bool | None) -> None:
    assert_quiet(acme_login(PASSWORD), "SL501", tracked=tracked)


@pytest.mark.parametrize(
    "placeholder",
    [
        "",
        "changeme",
        "password",
        "secret",
        "your-password",
        "<password>",
        "xxx",
        "null",
        "YOUR_SENDGRID_API_KEY",
        "your_app_password",
        "********",
    ],
)
def test_sl501_ignores_template_stand_ins(placeholder: str) -> None:
    cfg = acme_login(placeholder)
    assert_quiet(cfg, "SL501", tracked=True, template=True)


def test_sl501_ignores_references_and_local_relays() -> None:
    referenced = acme_login(None).with_changes(
        password=reference("SMTP_PASS", "PASS", line=5)
    )
    local = acme_login(PASSWORD, host="mailpit", port=1025, security="none")
    assert_quiet(referenced, "SL501", tracked=True)
    assert_quiet(local, "SL501", tracked=True)


def test_sl501_leaves_a_password_inside_a_url_to_sl502() -> None:
    assert codes(lint(from_url(PASSWORD), select=("SL5",), tracked=True)) == ["SL502"]


# --- SL502 credentials-in-url -----------------------------------------------------------------


def test_sl502_reports_each_unencoded_part_naming_characters_not_the_secret() -> None:
    secret = "Ab/cd#ef"
    cfg = from_url(secret, ("username", "@"), ("password", "/#"))
    findings = lint(cfg, select=("SL502",), tracked=False)
    assert codes(findings) == ["SL502", "SL502"]
    username, password = sorted(findings, key=lambda f: f.message)[::-1]
    assert username.message.startswith("the username in EMAIL_URL contains '@' not percent")
    assert password.message.startswith("the password in EMAIL_URL contains '/' and '#' not")
    assert "getaddrinfo ENOTFOUND" in password.message
    for finding in findings:
        assert finding.severity is Severity.ERROR
        assert finding.span.line == 1
        fix_of(finding, Applicability.DISPLAY_ONLY)
    assert "'/' as %2F, '#' as %23" in fix_of(password).description
    assert_no_leak(findings, secret, "Ab", "cd")


def test_sl502_warns_about_a_literal_password_in_a_url_in_a_tracked_file() -> None:
    findings = lint(from_url(PASSWORD), select=("SL502",), tracked=True)
    finding = only(findings, "SL502")
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith("EMAIL_URL carries a literal password in a file git tracks")
    assert_no_leak(findings, PASSWORD)


@pytest.mark.parametrize(
    ("cfg", "tracked"),
    [
        (from_url(PASSWORD), False),
        (from_url("changeme"), True),
        (acme_login(PASSWORD), False),
    ],
    ids=["untracked", "placeholder", "no-url"],
)
def test_sl502_stays_quiet(cfg: SmtpConfig, tracked: bool) -> None:
    assert_quiet(cfg, "SL502", tracked=tracked)


def test_sl502_points_at_the_problem_setting() -> None:
    url = setting("SMTP_URL", "smtp://…", line=7, raw="smtp://a:****@h")
    cfg = config(host="h.acme-corp.io").with_changes(
        url=url,
        url_problems=(UrlProblem(url, "password", "%"),),  # type: ignore[arg-type]
    )
    finding = reported(cfg, "SL502", tracked=False)
    assert finding.span == Span(7, 1, 7, len("SMTP_URL=smtp://a:****@h") + 1)
    assert "'%' as %25" in fix_of(finding).description
