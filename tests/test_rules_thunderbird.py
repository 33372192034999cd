"""The rules on Thunderbird outgoing servers: messages in Thunderbird's words, and the
Thunderbird-specific checks (authMethod 1, 9 and 10, legacy try_ssl 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint.api import check_text
from smtplint.model import Applicability, Change, Field, Finding, Security
from smtplint.profiles.index import ProfileIndex, load_index
from smtplint.rules._examples import THUNDERBIRD_GMAIL, pref_edited
from tests.builders import TODAY

DATA = Path(__file__).resolve().parent / "data" / "profiles"


@pytest.fixture(scope="module")
def profiles() -> ProfileIndex:
    return load_index(extra_dirs=[DATA / "transport_host", DATA / "auth_sender"])


def lint(text: str, profiles: ProfileIndex, *select: str) -> list[Finding]:
    return check_text(text, "prefs.js", profiles=profiles, select=select or ("ALL",), today=TODAY)


def server(**prefs: str) -> str:
    """The Gmail server of the docs with some prefs of smtp1 changed (by their last name)."""
    text = THUNDERBIRD_GMAIL
    for name, value in prefs.items():
        text = pref_edited(text, f"mail.smtpserver.smtp1.{name}", value)
    return text


def line(text: str, needle: str) -> int:
    found = [n for n, row in enumerate(text.splitlines(), 1) if needle in row]
    assert len(found) == 1
    return found[0]


def test_correct_gmail_profile_passes_every_rule(profiles: ProfileIndex) -> None:
    assert lint(THUNDERBIRD_GMAIL, profiles) == []


def test_starttls_on_465_is_sl102_with_a_safe_fix(profiles: ProfileIndex) -> None:
    text = server(try_ssl="2")
    (finding,) = lint(text, profiles, "SL1")
    assert finding.code == "SL102"
    assert finding.span.line == line(text, "try_ssl")
    assert "mail.smtpserver.smtp1.try_ssl=2 (Connection security: STARTTLS)" in finding.message
    assert "Thunderbird's own timeout" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert finding.fix.changes == (Change(Field.SECURITY, Security.TLS),)


def test_ssl_on_587_is_sl101(profiles: ProfileIndex) -> None:
    text = server(port="587")
    (finding,) = lint(text, profiles, "SL1")
    assert finding.code == "SL101"
    assert "try_ssl=3 (Connection security: SSL/TLS)" in finding.message


def test_port_zero_takes_the_default_for_the_security(profiles: ProfileIndex) -> None:
    assert lint(server(port="0"), profiles) == []  # 465 with SSL/TLS
    text = server(port="0", try_ssl="2")
    assert lint(text, profiles) == []  # 587 with STARTTLS


def test_no_authentication_to_a_provider_that_requires_it_is_sl301(
    profiles: ProfileIndex,
) -> None:
    text = server(authMethod="1")
    (finding,) = lint(text, profiles, "SL3")
    assert finding.code == "SL301"
    assert finding.span.line == line(text, "authMethod")
    assert "Authentication method: No authentication" in finding.message
    assert "503 5.5.1" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY


def test_no_authentication_to_an_unknown_relay_is_quiet(profiles: ProfileIndex) -> None:
    text = server(authMethod="1", hostname='"mail.acme-corp.io"')
    assert [f.code for f in lint(text, profiles, "SL3")] == []


def test_missing_username_with_normal_password_is_sl301(profiles: ProfileIndex) -> None:
    text = "\n".join(row for row in THUNDERBIRD_GMAIL.splitlines() if "smtp1.username" not in row)
    (finding,) = lint(text, profiles, "SL301")
    assert "mail.smtpserver.smtp1.username is not set" in finding.message
    assert "Nodemailer" not in finding.message


def test_password_to_outlook_com_is_sl303_but_oauth2_is_not() -> None:
    profiles = load_index(extra_dirs=[DATA / "auth_sender"])  # OAuth2 only since 2024-09-16
    outlook = server(
        hostname='"smtp-mail.outlook.com"',
        port="587",
        try_ssl="2",
        username='"jane.doe@outlook.com"',
    ).replace("gmail.com", "outlook.com")
    for method in ("3", "4"):
        text = pref_edited(outlook, "mail.smtpserver.smtp1.authMethod", method)
        (finding,) = lint(text, profiles, "SL303")
        assert finding.span.line == line(text, "authMethod")
        assert f"authMethod={method} (Authentication method:" in finding.message
    oauth = pref_edited(outlook, "mail.smtpserver.smtp1.authMethod", "10")
    assert lint(oauth, profiles, "SL303") == []


def test_auth_method_anything_is_sl307(profiles: ProfileIndex) -> None:
    text = server(authMethod="9")
    (finding,) = lint(text, profiles, "SL307")
    assert finding.span.line == line(text, "authMethod")
    assert "authMethod=9" in finding.message
    assert lint(THUNDERBIRD_GMAIL, profiles, "SL307") == []


def test_legacy_try_ssl_1_is_sl110_with_a_safe_fix(profiles: ProfileIndex) -> None:
    text = server(port="587", try_ssl="1")
    (finding,) = lint(text, profiles, "SL110")
    assert finding.span.line == line(text, "try_ssl")
    assert "Connection security: STARTTLS, if available" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert finding.fix.changes == (Change(Field.SECURITY, Security.STARTTLS),)
    assert lint(server(port="587", try_ssl="2"), profiles, "SL110") == []


def test_opportunistic_default_of_other_libraries_is_not_sl110(profiles: ProfileIndex) -> None:
    env = (
        "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=587\nSMTP_SECURE=false\n"
        "SMTP_USER=jane.doe@gmail.com\nSMTP_PASS=${GMAIL_APP_PASSWORD}\n"
        "SMTP_FROM=jane.doe@gmail.com\n"
    )
    assert check_text(env, ".env", profiles=profiles, select=("SL110",), today=TODAY) == []


def test_identity_of_another_domain_is_sl404_per_identity(profiles: ProfileIndex) -> None:
    text = (
        server(
            hostname='"smtp.office365.com"',
            port="587",
            try_ssl="2",
            authMethod="10",
            username='"jose@contoso-pharma.com"',
        )
        + 'user_pref("mail.identity.id1.useremail", "jose@contoso-pharma.com");\n'
        + 'user_pref("mail.identity.id2.useremail", "billing@fabrikam-shop.com");\n'
    )
    findings = lint(text, profiles, "SL4")
    assert [(f.code, f.span.line) for f in findings] == [("SL404", line(text, "fabrikam"))]
    assert "mail.identity.id2.useremail=billing@fabrikam-shop.com" in findings[0].message


def test_server_without_identity_gets_no_sender_complaint(profiles: ProfileIndex) -> None:
    text = "\n".join(row for row in THUNDERBIRD_GMAIL.splitlines() if "identity" not in row)
    assert lint(text, profiles) == []


def test_a_locked_profile_is_reported_once(tmp_path: Path) -> None:
    import shutil

    from smtplint.api import check_paths

    profile = tmp_path / "abcd.default-release"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "thunderbird-profile", profile)
    unlocked = check_paths([profile], select=("SL003",)).findings
    assert unlocked == []
    (profile / ".parentlock").write_text("")
    locked = check_paths([profile], select=("SL003",)).findings
    assert [(f.code, f.path.name, f.span.line) for f in locked] == [("SL003", "prefs.js", 1)]
    assert ".parentlock" in locked[0].message
