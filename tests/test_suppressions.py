"""Inline suppression comments, in every format, and SL004 unused-suppression."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from smtplint.api import check_paths, check_text
from smtplint.fixer import fix_paths
from smtplint.rules._examples import (
    GMAIL_IMPLICIT_TLS,
    THUNDERBIRD_GMAIL,
    edited,
    pref_edited,
)
from tests.builders import TODAY

# Port 25 at Gmail: SL105 and SL305 on line 2 (the port), SL101 on line 3 (SMTP_SECURE=true).
GMAIL_PORT_25 = edited(GMAIL_IMPLICIT_TLS, SMTP_PORT="25")
# Port 465 with STARTTLS: SL102 on line 3 (the security flag).
GMAIL_STARTTLS_ON_465 = edited(GMAIL_IMPLICIT_TLS, SMTP_SECURE="false")

TOML_STARTTLS_ON_465 = (
    "[smtp]\n"
    'host = "smtp.gmail.com"\n'
    "port = 465\n"
    "starttls = true\n"  # SL102 here, line 4
    'username = "jane.doe@gmail.com"\n'
    'password = "${GMAIL_APP_PASSWORD}"\n'
    'from = "jane.doe@gmail.com"\n'
    "timeout = 10\n"
)

DJANGO_STARTTLS_ON_465 = (
    "import os\n"
    'EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"\n'
    'EMAIL_HOST = "smtp.gmail.com"\n'
    "EMAIL_PORT = 465\n"
    "EMAIL_USE_TLS = True\n"  # SL102 here, line 5
    'EMAIL_HOST_PASSWORD = os.environ["GMAIL_APP_PASSWORD"]\n'
    'EMAIL_HOST_USER = os.environ["GMAIL_ADDRESS"]\n'  # SL002 here, line 7
    'DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"\n'
    "EMAIL_TIMEOUT = 10\n"
)

TRY_SSL = 'user_pref("mail.smtpserver.smtp1.try_ssl", 2);'  # SL102 on this line in prefs.js
PREFS_STARTTLS_ON_465 = pref_edited(THUNDERBIRD_GMAIL, "mail.smtpserver.smtp1.try_ssl", "2")


def codes_at(
    text: str, filename: str = ".env", select: Sequence[str] = ("ALL",)
) -> list[tuple[str, int]]:
    findings = check_text(text, filename, select=select, git_tracked=True, today=TODAY)
    return [(finding.code, finding.span.line) for finding in findings]


def on_line(text: str, line: int, comment: str) -> str:
    """``text`` with ``comment`` appended to line ``line`` (1-based)."""
    lines = text.splitlines()
    lines[line - 1] += f"  {comment}"
    return "".join(each + "\n" for each in lines)


def above(text: str, line: int, comment: str) -> str:
    """``text`` with ``comment`` on its own line before line ``line``."""
    lines = text.splitlines()
    lines.insert(line - 1, comment)
    return "".join(each + "\n" for each in lines)


def unused_messages(text: str, filename: str = ".env") -> list[str]:
    findings = check_text(text, filename, git_tracked=True, today=TODAY)
    return [finding.message for finding in findings if finding.code == "SL004"]


# --- the examples report what the suppressions below hide -----------------------------------


def test_examples_report_without_comments() -> None:
    assert codes_at(GMAIL_PORT_25) == [("SL105", 2), ("SL305", 2), ("SL101", 3)]
    assert codes_at(GMAIL_STARTTLS_ON_465) == [("SL102", 3)]
    assert codes_at(TOML_STARTTLS_ON_465, "config.toml") == [("SL102", 4)]
    assert codes_at(DJANGO_STARTTLS_ON_465, "settings.py") == [("SL102", 5), ("SL002", 7)]
    assert codes_at(PREFS_STARTTLS_ON_465, "prefs.js") == [("SL102", 9)]


# --- env files --------------------------------------------------------------------------------


def test_env_same_line() -> None:
    assert codes_at(on_line(GMAIL_STARTTLS_ON_465, 3, "# smtplint: ignore[SL102]")) == []


def test_env_line_above() -> None:
    assert codes_at(above(GMAIL_STARTTLS_ON_465, 3, "# smtplint: ignore[SL102]")) == []


def test_env_multiple_codes() -> None:
    text = on_line(GMAIL_PORT_25, 2, "# smtplint: ignore[SL105, SL305]")
    assert codes_at(text) == [("SL101", 3)]


def test_env_one_code_of_two_on_the_line() -> None:
    text = on_line(GMAIL_PORT_25, 2, "# smtplint: ignore[SL105]")
    assert codes_at(text) == [("SL305", 2), ("SL101", 3)]


def test_env_bare_ignore_suppresses_every_code_on_the_line() -> None:
    assert codes_at(on_line(GMAIL_PORT_25, 2, "# smtplint: ignore")) == [("SL101", 3)]


def test_env_codes_are_case_insensitive_and_spacing_is_free() -> None:
    text = on_line(GMAIL_STARTTLS_ON_465, 3, "#smtplint:ignore[ sl102 ]")
    assert codes_at(text) == []


def test_same_line_comment_does_not_reach_other_lines() -> None:
    # On line 2 (the port) it does not hide SL101 on line 3, nor anything on line 1.
    text = on_line(GMAIL_PORT_25, 2, "# smtplint: ignore[SL105, SL305, SL101]")
    assert ("SL101", 3) in codes_at(text)
    assert unused_messages(text) == [
        "unused suppression: nothing is reported for SL101 on this line; remove it from the comment"
    ]


def test_comment_above_reaches_only_the_next_line() -> None:
    text = above(GMAIL_PORT_25, 2, "# smtplint: ignore")
    # The comment is line 2, the port line 3 (hidden), SMTP_SECURE line 4 (still reported).
    assert codes_at(text) == [("SL101", 4)]


def test_comment_above_a_blank_line_covers_nothing() -> None:
    text = above(above(GMAIL_STARTTLS_ON_465, 3, ""), 3, "# smtplint: ignore[SL102]")
    assert codes_at(text) == [("SL004", 3), ("SL102", 5)]


def test_slashes_are_not_a_comment_in_an_env_file() -> None:
    text = above(GMAIL_STARTTLS_ON_465, 3, "// smtplint: ignore[SL102]")
    assert ("SL102", 4) in codes_at(text)


# --- TOML, Python settings, prefs.js ----------------------------------------------------------


def test_toml_same_line_and_line_above() -> None:
    comment = "# smtplint: ignore[SL102]"
    assert codes_at(on_line(TOML_STARTTLS_ON_465, 4, comment), "config.toml") == []
    assert codes_at(above(TOML_STARTTLS_ON_465, 4, comment), "config.toml") == []


def test_toml_suppression_does_not_hide_another_code() -> None:
    text = on_line(TOML_STARTTLS_ON_465, 4, "# smtplint: ignore[SL104]")
    assert codes_at(text, "config.toml") == [("SL102", 4), ("SL004", 4)]


def test_python_same_line_and_line_above() -> None:
    same = on_line(DJANGO_STARTTLS_ON_465, 5, "# smtplint: ignore[SL102]")
    assert codes_at(same, "settings.py") == [("SL002", 7)]
    before = above(DJANGO_STARTTLS_ON_465, 5, "# smtplint: ignore[SL102]")
    assert codes_at(before, "settings.py") == [("SL002", 8)]


def test_python_each_line_needs_its_own_comment() -> None:
    text = on_line(DJANGO_STARTTLS_ON_465, 7, "# smtplint: ignore[SL002]")
    assert codes_at(text, "settings.py") == [("SL102", 5)]
    both = on_line(text, 5, "# smtplint: ignore")
    assert codes_at(both, "settings.py") == []


def test_prefs_js_slashes_and_hash() -> None:
    for sign in ("//", "#"):
        comment = f"{sign} smtplint: ignore[SL102]"
        same = PREFS_STARTTLS_ON_465.replace(TRY_SSL, f"{TRY_SSL} {comment}")
        assert codes_at(same, "prefs.js") == [], sign
        before = PREFS_STARTTLS_ON_465.replace(TRY_SSL, f"{comment}\n{TRY_SSL}")
        assert codes_at(before, "prefs.js") == [], sign


def test_prefs_js_comment_on_another_pref_hides_nothing() -> None:
    port = 'user_pref("mail.smtpserver.smtp1.port", 465);'
    text = PREFS_STARTTLS_ON_465.replace(port, f"{port} // smtplint: ignore[SL102]")
    assert codes_at(text, "prefs.js") == [("SL004", 8), ("SL102", 9)]


# --- SL004 unused-suppression -----------------------------------------------------------------


def test_unused_suppression_is_reported_at_the_comment() -> None:
    text = on_line(GMAIL_IMPLICIT_TLS, 2, "# smtplint: ignore[SL102]")
    findings = check_text(text, ".env", git_tracked=True, today=TODAY)
    assert [(f.code, f.name, f.severity.value) for f in findings] == [
        ("SL004", "unused-suppression", "warning")
    ]
    finding = findings[0]
    assert text.splitlines()[1][finding.span.column - 1 : finding.span.end_column - 1] == (
        "# smtplint: ignore[SL102]"
    )
    assert finding.message == (
        "unused suppression: nothing is reported for SL102 on this line; remove the comment"
    )
    assert finding.fix is not None and finding.fix.description == "remove the comment"


def test_unused_comment_above_names_the_line_it_covers() -> None:
    text = above(GMAIL_IMPLICIT_TLS, 3, "# smtplint: ignore[SL102]")
    assert unused_messages(text) == [
        "unused suppression: nothing is reported for SL102 on line 4; remove the comment"
    ]


def test_unused_bare_ignore() -> None:
    text = on_line(GMAIL_IMPLICIT_TLS, 3, "# smtplint: ignore")
    assert unused_messages(text) == [
        "unused suppression: nothing is reported on this line; remove the comment"
    ]


def test_unknown_code_is_reported_and_a_known_one_still_works() -> None:
    text = on_line(GMAIL_STARTTLS_ON_465, 3, "# smtplint: ignore[SL102, SL999]")
    assert codes_at(text) == [("SL004", 3)]
    assert unused_messages(text) == [
        "unused suppression: SL999 is not a rule code; remove it from the comment"
    ]


def test_only_unknown_codes() -> None:
    text = on_line(GMAIL_STARTTLS_ON_465, 3, "# smtplint: ignore[SL120, E501]")
    assert codes_at(text) == [("SL102", 3), ("SL004", 3)]
    assert unused_messages(text) == [
        "unused suppression: SL120, E501 are not a rule code; remove the comment"
    ]


def test_empty_brackets_are_reported() -> None:
    text = on_line(GMAIL_STARTTLS_ON_465, 3, "# smtplint: ignore[]")
    assert codes_at(text) == [("SL102", 3), ("SL004", 3)]


def test_a_comment_naming_sl004_is_left_alone() -> None:
    text = on_line(GMAIL_IMPLICIT_TLS, 2, "# smtplint: ignore[SL102, SL004]")
    assert codes_at(text) == []


# --- selection --------------------------------------------------------------------------------


def test_sl004_respects_ignore_and_select() -> None:
    text = on_line(GMAIL_IMPLICIT_TLS, 2, "# smtplint: ignore[SL999]")
    assert codes_at(text, select=("SL004",)) == [("SL004", 2)]
    assert codes_at(text, select=("SL1",)) == []
    findings = check_text(text, ".env", ignore=("SL004",), git_tracked=True, today=TODAY)
    assert findings == []


def test_suppression_of_an_unselected_rule_is_not_unused() -> None:
    text = on_line(GMAIL_IMPLICIT_TLS, 2, "# smtplint: ignore[SL102]")
    assert codes_at(text, select=("SL004",)) == []
    assert codes_at(text, select=("SL004", "SL102")) == [("SL004", 2)]


def test_bare_ignore_is_unused_only_when_every_rule_runs() -> None:
    text = on_line(GMAIL_IMPLICIT_TLS, 3, "# smtplint: ignore")
    assert codes_at(text, select=("SL004", "SL1")) == []
    assert codes_at(text) == [("SL004", 3)]


def test_a_suppression_still_hides_when_sl004_does_not_run() -> None:
    text = on_line(GMAIL_STARTTLS_ON_465, 3, "# smtplint: ignore[SL102]")
    assert codes_at(text, select=("SL102",)) == []


def test_markers_in_a_file_without_smtp_settings_are_not_reported() -> None:
    text = '"""Write `# smtplint: ignore[SL102]` after a setting to silence SL102."""\nX = 1\n'
    assert check_text(text, "notes.py") == []


USER_JS_WINS = Path(__file__).parent / "data" / "fix" / "thunderbird" / "user_js_wins" / "before"


def _profile_with_user_js_comment(tmp_path: Path, comment: str) -> Path:
    profile = tmp_path / "profile"
    shutil.copytree(USER_JS_WINS, profile)
    user_js = profile / "user.js"
    lines = user_js.read_text().splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if "try_ssl" in line)
    lines[index] = lines[index].rstrip("\r\n") + f"  {comment}\n"
    user_js.write_text("".join(lines))
    return profile


def test_a_suppression_in_user_js_covers_the_finding_reported_there(tmp_path: Path) -> None:
    profile = _profile_with_user_js_comment(tmp_path, "// smtplint: ignore[SL102]")
    assert [f.code for f in check_paths([profile]).findings] == []


def test_an_unused_suppression_in_user_js_is_reported_and_removed_by_fix(tmp_path: Path) -> None:
    profile = _profile_with_user_js_comment(tmp_path, "// smtplint: ignore[SL103]")
    found = check_paths([profile]).findings
    assert sorted((f.code, f.path.name) for f in found) == [
        ("SL004", "user.js"),
        ("SL102", "user.js"),
    ]
    fix_paths([profile])
    assert "smtplint: ignore" not in (profile / "user.js").read_text()
    assert check_paths([profile]).findings == []
