"""The fix machinery shared by every format: unused suppressions, refusals, writes."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from smtplint.api import check_paths
from smtplint.fix_files import FileChangedError, masked, unified_diff, write_atomically
from smtplint.fixer import fix_paths
from smtplint.model import Applicability, Change, Field

CLEAN_GMAIL = (
    "EMAIL_HOST=smtp.gmail.com\n"
    "EMAIL_PORT=587\n"
    "EMAIL_USE_TLS=True\n"
    "EMAIL_HOST_USER=jane.doe@gmail.com\n"
    "EMAIL_HOST_PASSWORD=${GMAIL_APP_PASSWORD}\n"
    "DEFAULT_FROM_EMAIL=jane.doe@gmail.com\n"
    "EMAIL_TIMEOUT=10\n"
)


def _env(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".env"
    path.write_bytes(text.encode())
    return path


def test_unused_suppression_alone_on_its_line_is_removed(tmp_path: Path) -> None:
    text = CLEAN_GMAIL.replace("EMAIL_PORT=587\n", "# smtplint: ignore[SL102]\nEMAIL_PORT=587\n")
    path = _env(tmp_path, text)
    result = fix_paths([path])
    assert path.read_text() == CLEAN_GMAIL
    assert result.check.findings == []


def test_unused_suppression_after_a_value_is_removed_with_its_blanks(tmp_path: Path) -> None:
    text = CLEAN_GMAIL.replace("EMAIL_PORT=587\n", "EMAIL_PORT=587  # smtplint: ignore\n")
    path = _env(tmp_path, text)
    fix_paths([path])
    assert path.read_text() == CLEAN_GMAIL


def test_partly_used_suppression_keeps_the_used_code(tmp_path: Path) -> None:
    broken = CLEAN_GMAIL.replace("EMAIL_PORT=587", "EMAIL_PORT=465")
    flag = "EMAIL_USE_TLS=True\n"  # SL102 is reported on the flag's line
    path = _env(tmp_path, broken.replace(flag, flag[:-1] + "  # smtplint: ignore[SL102, SL999]\n"))
    result = fix_paths([path])
    assert "EMAIL_USE_TLS=True  # smtplint: ignore[SL102]\n" in path.read_text()
    assert [f.code for f in result.check.findings] == []


def test_suppression_removal_keeps_crlf(tmp_path: Path) -> None:
    text = CLEAN_GMAIL.replace("EMAIL_PORT=587\n", "EMAIL_PORT=587 # smtplint: ignore[SL101]\n")
    path = _env(tmp_path, text.replace("\n", "\r\n"))
    fix_paths([path])
    assert path.read_bytes() == CLEAN_GMAIL.replace("\n", "\r\n").encode()


STARTTLS_ON_465_TOML = (
    '[smtp]\nserver = "smtp.fastmail.com"\nport = 465\nencryption = "starttls"\n'
    'user = "ops@fastmail.com"\npassword = "${OPS_MAIL_PASSWORD}"\n'
    'from = "ops@fastmail.com"\ntimeout = 10\n'
)


def test_a_refused_fix_says_why(tmp_path: Path) -> None:
    # a server with no profile: no port is known to keep STARTTLS on
    path = tmp_path / "mail.toml"
    text = STARTTLS_ON_465_TOML.replace("smtp.fastmail.com", "mail.example.net")
    path.write_text(text)
    result = fix_paths([path], unsafe=True)
    assert path.read_text() == text
    assert result.notes == [
        f'{path}:4: SL102 not fixed: smtp.encryption: implicit TLS is written "tls" in this '
        "vocabulary, a word some applications read as STARTTLS; write your application's "
        "word for it by hand"
    ]


def test_an_unsafe_fix_writes_the_alternative_when_the_fix_cannot_be(tmp_path: Path) -> None:
    # The mode word for implicit TLS would be the ambiguous "tls"; Fastmail's profile
    # lists STARTTLS on 587, so the fix can keep the mode and move the port instead.
    path = tmp_path / "mail.toml"
    path.write_text(STARTTLS_ON_465_TOML)
    (finding,) = check_paths([path]).findings
    assert finding.code == "SL102" and finding.fix is not None
    assert finding.fix.alternatives == ((Change(Field.PORT, 587),),)
    result = fix_paths([path], unsafe=True)
    assert path.read_text() == STARTTLS_ON_465_TOML.replace("port = 465", "port = 587")
    assert (result.notes, result.fixes_applied, result.check.findings) == ([], 1, [])


def test_a_safe_fix_names_the_alternative_it_leaves_to_unsafe_fixes(tmp_path: Path) -> None:
    path = tmp_path / "mail.toml"
    path.write_text(STARTTLS_ON_465_TOML)
    result = fix_paths([path])
    assert path.read_text() == STARTTLS_ON_465_TOML  # a port is the file's choice
    (note,) = result.notes
    assert note.startswith(f"{path}:4: SL102 not fixed: smtp.encryption: implicit TLS is")
    assert note.endswith("; with --unsafe-fixes, fix would set smtp.port to 587 instead")
    (left,) = result.check.findings  # reported as `check` reports it: not [*]
    assert left.fix is not None and left.fix.applicability is Applicability.UNSAFE


def test_an_alternative_inside_a_url_is_not_offered(tmp_path: Path) -> None:
    # the port is part of EMAIL_URL, the security flag is not: only the flag can change
    path = _env(
        tmp_path,
        "EMAIL_URL=smtp://ops%40fastmail.com:${FASTMAIL_APP_PASSWORD}@smtp.fastmail.com:465\n"
        "EMAIL_USE_TLS=True\nDEFAULT_FROM_EMAIL=ops@fastmail.com\nEMAIL_TIMEOUT=10\n",
    )
    (finding,) = check_paths([path]).findings
    assert finding.code == "SL102" and finding.fix is not None
    assert [c.field.value for c in finding.fix.changes] == ["security"]
    assert finding.fix.alternatives == ()


def test_a_fix_inside_a_url_is_advice_only(tmp_path: Path) -> None:
    path = _env(
        tmp_path,
        "EMAIL_URL=submission://jane.doe%40gmail.com:${GMAIL_APP_PASSWORD}"
        "@smtp.googlemail.com:587\nDEFAULT_FROM_EMAIL=jane.doe@gmail.com\nEMAIL_TIMEOUT=10\n",
    )
    before = path.read_bytes()
    result = fix_paths([path], unsafe=True)
    assert path.read_bytes() == before
    (finding,) = result.check.findings
    assert finding.code == "SL202"
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert finding.fix.description == "set EMAIL_URL to smtp.gmail.com"
    assert not finding.fixable
    assert result.notes == []


def test_a_file_that_does_not_parse_is_left_and_says_why(tmp_path: Path) -> None:
    broken = CLEAN_GMAIL.replace("EMAIL_USE_TLS=True", "EMAIL_USE_SSL=True") + 'X="open\n'
    path = _env(tmp_path, broken)
    result = fix_paths([path])
    assert path.read_text() == broken
    assert result.notes == [
        f"{path}: not fixed: line 8 does not parse (1 fix waiting); correct it first"
    ]


def test_symlinked_file_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "shared.env"
    real.write_text(CLEAN_GMAIL.replace("EMAIL_USE_TLS=True", "EMAIL_USE_SSL=True"))
    link = tmp_path / ".env"
    link.symlink_to(real.name)
    fix_paths([link])
    assert link.is_symlink()
    assert "EMAIL_USE_TLS=True" in real.read_text()


def test_write_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"A=1\n")
    with pytest.raises(FileChangedError):
        write_atomically(path, b"A=2\n", b"A=0\n")
    assert path.read_bytes() == b"A=1\n"
    assert [p.name for p in tmp_path.iterdir()] == [".env"]  # no temporary file left


def test_write_keeps_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"A=1\n")
    os.chmod(path, 0o640)
    write_atomically(path, b"A=2\n", b"A=1\n")
    assert path.read_bytes() == b"A=2\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == [".env"]


@pytest.mark.parametrize(
    "line",
    [
        'EMAIL_HOST_PASSWORD = "s3cr3t-value"\n',
        'app.config["MAIL_PASSWORD"] = "s3cr3t-value"\n',
        '    "MAIL_PASSWORD": "s3cr3t-value",\n',
        'password = "s3cr3t-value"\n',
        'user_pref("mail.smtpserver.smtp1.password", "s3cr3t-value");\n',
        "export SMTP_PASS='s3cr3t-value'\n",
    ],
)
def test_diff_lines_naming_a_secret_are_masked(line: str) -> None:
    assert "s3cr3t-value" not in masked(line)


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ('password = "s3cr3t-value"\n', "password = ********\n"),
        ("SMTP_PASS=s3cr3t-value\r\n", "SMTP_PASS=********\r\n"),
        ('    "MAIL_PASSWORD":\t"s3cr3t-value",\n', '    "MAIL_PASSWORD":\t********\n'),
    ],
)
def test_a_masked_line_keeps_its_key_blanks_and_ending(line: str, shown: str) -> None:
    assert masked(line) == shown


def test_diff_masks_known_secrets_anywhere() -> None:
    before = "EMAIL_URL=smtp://u:s3cr3t-value@smtp.example.com:465\n"
    after = before.replace("465", "587")
    diff = unified_diff(Path(".env"), before, after, ["s3cr3t-value"])
    assert "s3cr3t-value" not in diff
    assert "+EMAIL_URL=smtp://u:********@smtp.example.com:587" in diff


def test_fix_prints_each_remaining_problems_fix_as_help(tmp_path: Path) -> None:
    import subprocess
    import sys

    _env(tmp_path, CLEAN_GMAIL.replace("EMAIL_TIMEOUT=10\n", ""))
    done = subprocess.run(
        [sys.executable, "-m", "smtplint", "fix", ".env"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if " SL601 " in line)
    assert lines[at + 1] == "  help: set a timeout of 10 seconds"



@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_every_fix_check_marks_as_automatic_is_made(tmp_path: Path, unsafe: bool) -> None:
    # `check` marks a safe fix [*] and counts unsafe ones; `fix` must not then refuse them
    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    copy = tmp_path / "examples"
    shutil.copytree(Path(__file__).parent.parent / "examples", copy)
    promised = {
        (f.path, f.code)
        for f in check_paths([copy]).findings
        if f.fix is not None and f.fix.applicability in allowed
    }
    assert len(promised) >= (10 if unsafe else 5)  # fixes in several formats
    result = fix_paths([copy], unsafe=unsafe)
    refused = [re.match(r"(.+):\d+: (SL\d+) not fixed", note) for note in result.notes]
    assert promised.isdisjoint((Path(m[1]), m[2]) for m in refused if m)
    assert promised.isdisjoint((f.path, f.code) for f in result.check.findings)


def test_a_fix_the_file_cannot_write_is_not_marked_safe(tmp_path: Path) -> None:
    path = tmp_path / "mail.toml"
    path.write_text(STARTTLS_ON_465_TOML)  # "tls" is ambiguous; port 587 needs unsafe fixes
    (finding,) = check_paths([path]).findings
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    unknown = tmp_path / "unknown" / "mail.toml"  # no profile: no port to move to
    unknown.parent.mkdir()
    unknown.write_text(STARTTLS_ON_465_TOML.replace("smtp.fastmail.com", "mail.example.net"))
    (finding,) = check_paths([unknown]).findings
    assert finding.fix is not None and finding.fix.applicability is Applicability.DISPLAY_ONLY
    assert "switch smtp.encryption to implicit TLS" in finding.fix.description  # still advice
