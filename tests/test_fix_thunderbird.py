"""smtplint fix on Thunderbird profiles: golden rewrites of prefs.js and user.js, the edits
the source plans for each canonical change, and the refusals."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smtplint.fixer import fix_paths
from smtplint.model import Change, Document, Edit, Field, Security, SmtpConfig, Unfixable
from smtplint.sources.thunderbird_source import SOURCE

DATA = Path(__file__).parent / "data" / "fix" / "thunderbird"
CASES = sorted(p.name for p in DATA.iterdir() if p.is_dir())
SAFE = {
    "sl004_comments",
    "sl101_ssl_on_587",
    "sl102_starttls_on_465",
    "sl110_legacy_starttls",
    "sl204_host_with_port",
    "user_js_wins",
}
HEADER = "// Mozilla User Preferences\n\n"


def _profile(tmp_path: Path, case: str) -> Path:
    profile = tmp_path / "k3x9q2ab.default-release"
    shutil.copytree(DATA / case / "before", profile)
    return profile


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- golden rewrites through fix_paths -------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_golden_rewrite(tmp_path: Path, case: str) -> None:
    profile = _profile(tmp_path, case)
    result = fix_paths([profile], unsafe=case not in SAFE)
    assert _files(profile) == _files(DATA / case / "after")
    assert result.notes == []


@pytest.mark.parametrize("case", CASES)
def test_second_run_changes_nothing(tmp_path: Path, case: str) -> None:
    profile = _profile(tmp_path, case)
    fix_paths([profile], unsafe=True)
    once = _files(profile)
    again = fix_paths([profile], unsafe=True)
    assert _files(profile) == once
    assert again.changed == []


def test_cases_cover_the_fixable_rules() -> None:
    assert {"sl101_ssl_on_587", "sl104_try_ssl_missing", "sl304_try_ssl_missing"} <= set(CASES)


def test_effective_value_in_user_js_leaves_prefs_js_alone(tmp_path: Path) -> None:
    profile = _profile(tmp_path, "user_js_wins")
    prefs_before = (profile / "prefs.js").read_bytes()
    assert b'smtp1.try_ssl", 2);' in prefs_before  # the same stale value, overridden
    result = fix_paths([profile / "prefs.js"])
    assert (profile / "prefs.js").read_bytes() == prefs_before
    assert (profile / "user.js").read_bytes() == (DATA / "user_js_wins/after/user.js").read_bytes()
    assert result.changed == [profile / "user.js"]


@pytest.mark.parametrize("case", sorted(set(CASES) - SAFE))
def test_unsafe_fixes_need_the_flag(tmp_path: Path, case: str) -> None:
    profile = _profile(tmp_path, case)
    before = _files(profile)
    fix_paths([profile])
    if case == "crlf":  # its SL102 fix is safe, its SL304 fix is not
        assert b'smtp1.try_ssl", 3);\r\n' in (profile / "prefs.js").read_bytes()
        assert b"smtp3.try_ssl" not in (profile / "prefs.js").read_bytes()
    else:
        assert _files(profile) == before


def test_locked_profile_is_refused_with_a_note(tmp_path: Path) -> None:
    profile = _profile(tmp_path, "sl102_starttls_on_465")
    (profile / ".parentlock").write_bytes(b"")
    before = _files(profile)
    result = fix_paths([profile], unsafe=True)
    assert _files(profile) == before
    assert result.changed == []
    assert any(
        "Thunderbird may be running (lock file .parentlock): close it before fixing, or it "
        "overwrites prefs.js on exit" in note
        for note in result.notes
    )


def test_cli_fixes_a_profile_and_exits_clean(tmp_path: Path) -> None:
    profile = _profile(tmp_path, "sl110_legacy_starttls")
    done = subprocess.run(
        [sys.executable, "-m", "smtplint", "fix", profile.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _files(profile) == _files(DATA / "sl110_legacy_starttls" / "after")


# --- the edits themselves ----------------------------------------------------------------------


def _write_profile(tmp_path: Path, prefs: str | None, user: str | None = None) -> Path:
    profile = tmp_path / "profile"
    profile.mkdir()
    if prefs is not None:
        (profile / "prefs.js").write_bytes(prefs.encode())
    if user is not None:
        (profile / "user.js").write_bytes(user.encode())
    return profile


def _read(path: Path, companions: dict[Path, str] | None = None) -> Document:
    return SOURCE.read(path, path.read_bytes().decode("utf-8-sig"), companions=companions)


def _config(document: Document, sender: str | None = None) -> SmtpConfig:
    for config in document.configs:
        if sender is None or (config.sender is not None and config.sender.value == sender):
            return config
    raise AssertionError("no such configuration")


def _fixed(path: Path, *changes: Change, companions: dict[Path, str] | None = None) -> str:
    """The text of ``path`` after the edits of ``changes`` (no edit may go elsewhere)."""
    document = _read(path, companions)
    edits = SOURCE.edits(document, _config(document), changes, unsafe=False)
    assert all(edit.path is None for edit in edits)
    return _applied(document.text, edits)


def _applied(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


SERVER = (
    HEADER + 'user_pref("mail.identity.id1.useremail", "jane.doe@gmail.com");\n'
    'user_pref("mail.smtpserver.smtp1.hostname", "smtp.gmail.com");\n'
    'user_pref("mail.smtpserver.smtp1.username", "jane.doe@gmail.com");\n'
    'user_pref("mail.smtpservers", "smtp1");\n'
)


def test_missing_prefs_sharing_a_place_become_one_sorted_insertion(tmp_path: Path) -> None:
    prefs = _write_profile(tmp_path, SERVER) / "prefs.js"
    document = _read(prefs)
    changes = (Change(Field.SECURITY, Security.TLS), Change(Field.PORT, 465))
    edits = SOURCE.edits(document, _config(document), changes, unsafe=False)
    assert len(edits) == 1
    assert _applied(document.text, edits) == SERVER.replace(
        'user_pref("mail.smtpserver.smtp1.username"',
        'user_pref("mail.smtpserver.smtp1.port", 465);\n'
        'user_pref("mail.smtpserver.smtp1.try_ssl", 3);\n'
        'user_pref("mail.smtpserver.smtp1.username"',
    )


def test_missing_pref_goes_to_its_sorted_place(tmp_path: Path) -> None:
    text = (
        HEADER + 'user_pref("mail.smtpserver.smtp1.hostname", "smtp.gmail.com");\n'
        'user_pref("mail.smtpservers", "smtp1"); // servers'
    )
    prefs = _write_profile(tmp_path, text) / "prefs.js"
    assert _fixed(prefs, Change(Field.PORT, 587)) == (
        HEADER + 'user_pref("mail.smtpserver.smtp1.hostname", "smtp.gmail.com");\n'
        'user_pref("mail.smtpserver.smtp1.port", 587);\n'
        'user_pref("mail.smtpservers", "smtp1"); // servers'
    )


def test_hand_written_file_gets_the_pref_after_its_server(tmp_path: Path) -> None:
    relay = 'user_pref("mail.smtpserver.zz9.hostname", "mail.acme-corp.io"); /* relay */\n'
    text = 'user_pref("mail.smtpservers", "zz9");\n' + relay + 'user_pref("a.b", 1);\n'
    prefs = _write_profile(tmp_path, text) / "prefs.js"
    assert _fixed(prefs, Change(Field.SECURITY, Security.STARTTLS)) == text.replace(
        relay, relay + 'user_pref("mail.smtpserver.zz9.try_ssl", 2);\n'
    )


def test_pref_added_on_the_last_line_keeps_the_missing_final_newline(tmp_path: Path) -> None:
    text = (
        'user_pref("mail.smtpservers", "zz9");\n'
        'user_pref("mail.smtpserver.zz9.hostname", "mail.acme-corp.io"); /* relay */'
    )
    prefs = _write_profile(tmp_path, text) / "prefs.js"
    assert _fixed(prefs, Change(Field.SECURITY, Security.STARTTLS)) == (
        text + '\nuser_pref("mail.smtpserver.zz9.try_ssl", 2);'
    )


def test_port_zero_is_replaced_where_it_is_written(tmp_path: Path) -> None:
    port = 'user_pref("mail.smtpserver.smtp1.port", {});\n'
    text = SERVER + port.format(0)
    prefs = _write_profile(tmp_path, text) / "prefs.js"
    assert _fixed(prefs, Change(Field.PORT, 2525)) == SERVER + port.format(2525)


def test_single_quotes_and_the_pref_call_are_kept(tmp_path: Path) -> None:
    text = SERVER.replace(
        'user_pref("mail.smtpserver.smtp1.hostname", "smtp.gmail.com")',
        "sticky_pref( 'mail.smtpserver.smtp1.hostname' ,  'smtp.googlemail.com' )",
    )
    prefs = _write_profile(tmp_path, text) / "prefs.js"
    assert _fixed(prefs, Change(Field.HOST, "smtp.gmail.com")) == text.replace(
        "googlemail", "gmail"
    )


def test_sender_is_the_identity_email(tmp_path: Path) -> None:
    prefs = _write_profile(tmp_path, SERVER) / "prefs.js"
    assert _fixed(prefs, Change(Field.SENDER, "jane@gmail.com")) == SERVER.replace(
        '"jane.doe@gmail.com");\nuser_pref("mail.smtpserver.smtp1.hostname"',
        '"jane@gmail.com");\nuser_pref("mail.smtpserver.smtp1.hostname"',
    )


def test_user_js_edit_names_user_js_and_its_offsets(tmp_path: Path) -> None:
    user = '\ufeff// overrides\r\nuser_pref("mail.smtpserver.smtp1.username", "jane");\r\n'
    profile = _write_profile(tmp_path, SERVER, user)
    document = _read(profile / "prefs.js")
    change = (Change(Field.USERNAME, "jane.doe@gmail.com"),)
    (edit,) = SOURCE.edits(document, _config(document), change, unsafe=False)
    assert edit.path == profile / "user.js"
    assert _applied(user.removeprefix("\ufeff"), [edit]) == (
        '// overrides\r\nuser_pref("mail.smtpserver.smtp1.username", "jane.doe@gmail.com");\r\n'
    )


def test_companion_user_js_replaces_the_one_on_disk(tmp_path: Path) -> None:
    on_disk = 'user_pref("mail.smtpserver.smtp1.try_ssl", 2);\n'
    pending = '// pending\nuser_pref("mail.smtpserver.smtp1.try_ssl", 1);\n'
    profile = _write_profile(tmp_path, SERVER, on_disk)
    user_js = profile / "user.js"
    document = _read(profile / "prefs.js", {user_js: pending})
    config = _config(document)
    assert config.security is not None and config.security.value is Security.OPPORTUNISTIC
    assert config.security.origin.path == user_js
    change = (Change(Field.SECURITY, Security.STARTTLS),)
    (edit,) = SOURCE.edits(document, config, change, unsafe=False)
    assert edit.path == user_js
    assert _applied(pending, [edit]) == pending.replace("1);", "2);")


def test_user_js_alone_reports_nothing_when_a_pending_prefs_js_exists(tmp_path: Path) -> None:
    profile = _write_profile(tmp_path, None, SERVER)
    assert len(_read(profile / "user.js").configs) == 1
    pending = {profile / "prefs.js": HEADER}
    assert _read(profile / "user.js", pending).configs == []


def test_profile_without_prefs_js_adds_to_user_js(tmp_path: Path) -> None:
    user = _write_profile(tmp_path, None, SERVER) / "user.js"
    assert _fixed(user, Change(Field.SECURITY, Security.STARTTLS)) == SERVER.replace(
        'user_pref("mail.smtpserver.smtp1.username"',
        'user_pref("mail.smtpserver.smtp1.try_ssl", 2);\n'
        'user_pref("mail.smtpserver.smtp1.username"',
    )


def test_crlf_insertion_uses_crlf(tmp_path: Path) -> None:
    text = SERVER.replace("\n", "\r\n")
    prefs = _write_profile(tmp_path, text) / "prefs.js"
    assert 'port", 587);\r\nuser_pref("mail.smtpserver.smtp1.username"' in _fixed(
        prefs, Change(Field.PORT, 587)
    )


# --- refusals ----------------------------------------------------------------------------------


def _refusal(path: Path, *changes: Change) -> str:
    document = _read(path)
    with pytest.raises(Unfixable) as refused:
        SOURCE.edits(document, _config(document), changes, unsafe=True)
    return str(refused.value)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (Change(Field.TIMEOUT, 30), "Thunderbird has no timeout setting"),
        (Change(Field.PASSWORD, None), "password manager"),
        (Change(Field.SECURITY, Security.OPPORTUNISTIC), "STARTTLS, if available"),
        (Change(Field.HOST, 'smtp."gmail".com'), "would need escaping"),
        (Change(Field.USERNAME, "josé@gmail.com"), "would need escaping"),
        (Change(Field.USERNAME, "jane\\doe"), "would need escaping"),
        (Change(Field.PORT, 70000), "not a port number"),
    ],
)
def test_changes_thunderbird_cannot_take(tmp_path: Path, change: Change, reason: str) -> None:
    prefs = _write_profile(tmp_path, SERVER) / "prefs.js"
    assert reason in _refusal(prefs, change)


def test_a_number_written_as_a_string_stays_untouched(tmp_path: Path) -> None:
    text = SERVER + 'user_pref("mail.smtpserver.smtp1.port", "25");\n'
    prefs = _write_profile(tmp_path, text) / "prefs.js"
    assert _refusal(prefs, Change(Field.PORT, 587)) == (
        "mail.smtpserver.smtp1.port in prefs.js is not written as a number; edit it by hand"
    )


def test_sender_of_a_server_no_identity_uses(tmp_path: Path) -> None:
    text = SERVER.replace('user_pref("mail.identity.id1.useremail", "jane.doe@gmail.com");\n', "")
    prefs = _write_profile(tmp_path, text) / "prefs.js"
    assert "no Thunderbird identity sends through this server" in _refusal(
        prefs, Change(Field.SENDER, "jane.doe@gmail.com")
    )


def test_user_js_with_a_syntax_error_is_not_edited(tmp_path: Path) -> None:
    user = 'user_pref("mail.smtpserver.smtp1.try_ssl", 2);\nuser_pref("broken" 1);\n'
    profile = _write_profile(tmp_path, SERVER, user)
    assert _refusal(profile / "prefs.js", Change(Field.SECURITY, Security.TLS)) == (
        "user.js has syntax errors; correct them first"
    )


def test_whole_fix_refused_when_one_change_cannot_be_written(tmp_path: Path) -> None:
    prefs = _write_profile(tmp_path, SERVER) / "prefs.js"
    reason = _refusal(prefs, Change(Field.PORT, 587), Change(Field.TIMEOUT, 30))
    assert "timeout" in reason


def test_locked_profile_refuses_every_change(tmp_path: Path) -> None:
    profile = _write_profile(tmp_path, SERVER)
    (profile / "lock").symlink_to("127.0.1.1:+4242")
    assert _refusal(profile / "prefs.js", Change(Field.PORT, 587)) == (
        "Thunderbird may be running (lock file lock): close it before fixing, or it "
        "overwrites prefs.js on exit"
    )


def test_user_js_that_is_not_utf8_is_not_edited(tmp_path: Path) -> None:
    profile = _write_profile(tmp_path, SERVER)
    (profile / "user.js").write_bytes(
        b'// caf\xe9\nuser_pref("mail.smtpserver.smtp1.try_ssl", 2);\n'
    )
    assert _refusal(profile / "prefs.js", Change(Field.SECURITY, Security.TLS)) == (
        "user.js is not valid UTF-8; edit it by hand"
    )
