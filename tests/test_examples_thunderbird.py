"""The shipped Thunderbird profile: each planted mistake is reported once, in the file that
holds the effective value (user.js over prefs.js), and nothing else is reported."""

from __future__ import annotations

from pathlib import Path

from smtplint.api import check_paths
from tests.builders import TODAY

PROFILE = Path(__file__).resolve().parent.parent / "examples" / "thunderbird-profile"


def line_of(file: str, text: str) -> tuple[str, int]:
    lines = (PROFILE / file).read_text().splitlines()
    found = [number for number, line in enumerate(lines, 1) if text in line]
    assert len(found) == 1, (file, text, found)
    return file, found[0]


def findings(path: Path) -> list[tuple[str, str, int]]:
    result = check_paths([path], today=TODAY)
    return sorted(
        (f.code, f.path.resolve().relative_to(PROFILE).as_posix(), f.span.line)
        for f in result.findings
    )


PLANTED = sorted(
    [
        # user.js switches the Gmail server to STARTTLS while its port stays 465.
        ("SL102", *line_of("user.js", '"mail.smtpserver.smtp1.try_ssl", 2')),
        # Outlook.com with Normal password: OAuth2 only since 2024-09-16.
        ("SL303", *line_of("prefs.js", '"mail.smtpserver.smtp2.authMethod", 3')),
        # A Microsoft 365 login sending as an identity of another domain.
        ("SL404", *line_of("prefs.js", "billing@fabrikam-shop.com")),
        # authMethod 9, "anything".
        ("SL307", *line_of("prefs.js", '"mail.smtpserver.smtp4.authMethod", 9')),
        # Legacy try_ssl 1, "STARTTLS, if available".
        ("SL110", *line_of("prefs.js", '"mail.smtpserver.smtp5.try_ssl", 1')),
    ]
)


def test_profile_folder_reports_each_planted_mistake_once() -> None:
    assert findings(PROFILE) == PLANTED


def test_prefs_js_alone_reads_user_js_too() -> None:
    assert findings(PROFILE / "prefs.js") == PLANTED


def test_messages_speak_thunderbird() -> None:
    messages = {f.code: f.message for f in check_paths([PROFILE], today=TODAY).findings}
    assert "try_ssl=2 (Connection security: STARTTLS)" in messages["SL102"]
    assert "authMethod=3 (Authentication method: Normal password)" in messages["SL303"]
    assert "Connection security: STARTTLS, if available" in messages["SL110"]
