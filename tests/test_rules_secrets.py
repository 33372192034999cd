"""SL5xx: secrets rules — literal passwords in shared files and credentials inside URLs."""

from __future__ import annotations

import pytest

from smtplint.model import (
    Applicability,
    Finding,
    Secret,
    Severity,
    SmtpConfig,
    Span,
    UrlProblem,
    ValueKind,
)
from tests.builders import codes, config, lint, setting

PASSWORD = "Tr0ub4dor-and-3"


def only(findings: list[Finding], code: str) -> Finding:
    assert codes(findings) == [code], [f.message for f in findings]
    return findings[0]


def assert_no_leak(findings: list[Finding], *secrets: str) -> None:
    for finding in findings:
        shown = finding.message + (finding.fix.description if finding.fix else "")
        for secret in secrets:
            assert secret not in shown


def with_password(password: str | None = PASSWORD, **fields: object) -> SmtpConfig:
    values: dict[str, object] = {
        "host": "mail.acme-corp.io",
        "port": 465,
        "security": "tls",
        "username": "billing@acme-corp.io",
        "password": password,
    }
    values.update(fields)
    return config(**values)  # type: ignore[arg-type]


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
    cfg = with_password()
    findings = lint(cfg, select=("SL501",), tracked=True)
    finding = only(findings, "SL501")
    assert finding.severity is Severity.ERROR
    assert cfg.password is not None and cfg.password.origin.span is not None
    assert finding.span.line == cfg.password.origin.span.line
    assert finding.message.startswith("SMTP_PASS holds a literal password in a file git tracks")
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert "rotate" in finding.fix.description
    assert_no_leak(findings, PASSWORD, PASSWORD[:6])


def test_sl501_is_a_warning_in_a_template_even_when_untracked() -> None:
    cfg = with_password(path=".env.example")
    finding = only(lint(cfg, select=("SL501",), tracked=False, template=True), "SL501")
    assert finding.severity is Severity.WARNING
    assert "the template .env.example" in finding.message


def test_sl501_applies_when_the_config_does_not_send_over_smtp() -> None:
    cfg = with_password(sends_over_smtp=False)
    assert codes(lint(cfg, select=("SL501",), tracked=True)) == ["SL501"]


@pytest.mark.parametrize("tracked", [False, None])
def test_sl501_ignores_a_private_untracked_env_file(tracked: bool | None) -> None:
    assert lint(with_password(), select=("SL501",), tracked=tracked) == []


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
    cfg = with_password(placeholder)
    assert lint(cfg, select=("SL501",), tracked=True, template=True) == []


def test_sl501_ignores_references_and_local_relays() -> None:
    referenced = with_password(None).with_changes(
        password=setting("SMTP_PASS", None, line=5, kind=ValueKind.REFERENCE, raw="${PASS}")
    )
    local = with_password(host="mailpit", port=1025, security="none")
    assert lint(referenced, select=("SL501",), tracked=True) == []
    assert lint(local, select=("SL501",), tracked=True) == []


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
        assert finding.fix is not None
        assert finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert password.fix is not None and "'/' as %2F, '#' as %23" in password.fix.description
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
        (with_password(), False),
    ],
    ids=["untracked", "placeholder", "no-url"],
)
def test_sl502_stays_quiet(cfg: SmtpConfig, tracked: bool) -> None:
    assert lint(cfg, select=("SL502",), tracked=tracked) == []


def test_sl502_points_at_the_problem_setting() -> None:
    url = setting("SMTP_URL", "smtp://…", line=7, raw="smtp://a:****@h")
    cfg = config(host="h.acme-corp.io").with_changes(
        url=url,
        url_problems=(UrlProblem(url, "password", "%"),),  # type: ignore[arg-type]
    )
    finding = only(lint(cfg, select=("SL502",), tracked=False), "SL502")
    assert finding.span == Span(7, 1, 7, len("SMTP_URL=smtp://a:****@h") + 1)
    assert finding.fix is not None and "'%' as %25" in finding.fix.description
