"""smtplint fix on TOML files: golden rewrites, each dialect's vocabulary, refusals, the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tomlkit

from smtplint.api import check_paths
from smtplint.fixer import fix_paths
from smtplint.model import Applicability, Change, EnvironmentReference, Field, Security, Unfixable
from smtplint.sources.toml_source import SOURCE

DATA = Path(__file__).parent / "data" / "fix" / "toml"
GOLDEN = sorted(p.name.removesuffix(".before.toml") for p in DATA.glob("*.before.toml"))
# Files whose fixes are unsafe (a host, a port or an added setting); the others are safe.
UNSAFE = {
    "sl105_mailer",
    "sl106_django_crlf",
    "sl109_mailers",
    "sl201_host",
    "sl202_inline",
    "sl203_himalaya",
    "sl205_lldap",
    "sl601_django",
}


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / "config.toml"
    shutil.copyfile(DATA / f"{name}.before.toml", target)
    return target


def _edited(text: str, *changes: Change, config: int = 0) -> str:
    """``text`` with the edits the TOML source makes for ``changes`` of one configuration."""
    document = SOURCE.read(Path("config.toml"), text)
    edits = SOURCE.edits(document, document.configs[config], changes, unsafe=False)
    for edit in sorted(edits, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    tomlkit.parse(text)  # the result must still be TOML
    return text


def _refusal(text: str, *changes: Change, config: int = 0) -> str:
    document = SOURCE.read(Path("config.toml"), text)
    with pytest.raises(Unfixable) as refused:
        SOURCE.edits(document, document.configs[config], changes, unsafe=True)
    return str(refused.value)


# --- golden files through fix_paths --------------------------------------------------------


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_rewrite(tmp_path: Path, name: str) -> None:
    path = _copy(tmp_path, name)
    fix_paths([path], unsafe=name in UNSAFE)
    assert path.read_bytes() == (DATA / f"{name}.after.toml").read_bytes()


@pytest.mark.parametrize("name", GOLDEN)
def test_second_run_changes_nothing(tmp_path: Path, name: str) -> None:
    path = _copy(tmp_path, name)
    fix_paths([path], unsafe=True)
    once = path.read_bytes()
    again = fix_paths([path], unsafe=True)
    assert path.read_bytes() == once
    assert again.changed == []


def test_unsafe_fixes_need_the_flag(tmp_path: Path) -> None:
    path = _copy(tmp_path, "sl201_host")
    before = path.read_bytes()
    assert fix_paths([path]).changed == []
    assert path.read_bytes() == before


def test_crlf_is_kept_when_a_key_is_added(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes((DATA / "sl601_django.before.toml").read_bytes().replace(b"\n", b"\r\n"))
    fix_paths([path], unsafe=True)
    after = (DATA / "sl601_django.after.toml").read_bytes().replace(b"\n", b"\r\n")
    assert path.read_bytes() == after


def test_placeholder_is_never_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        "[production]\n"
        'EMAIL_HOST = "smtp.gmail.com"\n'
        "EMAIL_PORT = 587\n"
        'EMAIL_USE_SSL = "${EMAIL_USE_SSL}"\n'
        'EMAIL_HOST_USER = "jane.doe@gmail.com"\n'
        'EMAIL_HOST_PASSWORD = "${GMAIL_APP_PASSWORD}"\n'
        "EMAIL_TIMEOUT = 10\n"
    )
    before = path.read_bytes()
    # a substituting loader may make the flag false: no automatic fix is promised for it
    (sl101,) = [f for f in check_paths([path]).findings if f.code == "SL101"]
    assert sl101.fix is not None and not sl101.fixable
    result = fix_paths([path], unsafe=True)
    assert path.read_bytes() == before
    assert any(
        "SL101" in note and "production.EMAIL_USE_SSL names an environment placeholder" in note
        for note in result.notes
    )


def test_security_from_a_url_scheme_is_advice_only(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[mailers]]\nurl = "smtps://jane.doe%40gmail.com@smtp.gmail.com:587"\n')
    before = path.read_bytes()
    result = fix_paths([path], unsafe=True)
    assert path.read_bytes() == before
    (mismatch,) = [f for f in result.check.findings if f.code == "SL101"]
    assert mismatch.fix is not None
    assert mismatch.fix.applicability is Applicability.DISPLAY_ONLY
    assert "mailers[0].url" in mismatch.fix.description
    assert result.notes == []


def test_file_with_a_syntax_error_is_never_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[smtp]\nhost = "smtp.gmail.com"\nport = 587\nsecurity = "tls"\nuser = "a@gmail.com"\n'
        '[smtp]\nhost = "dup"\n'
    )
    before = path.read_bytes()
    fix_paths([path], unsafe=True)
    assert path.read_bytes() == before


def test_cli_diff_prints_the_change_and_writes_nothing(tmp_path: Path) -> None:
    path = _copy(tmp_path, "sl101_lldap")
    before = path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "smtplint", "fix", "--isolated", "--diff", "config.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert path.read_bytes() == before
    assert '-smtp_encryption = "TLS"    # changed during the migration' in done.stdout
    assert '+smtp_encryption = "STARTTLS"    # changed during the migration' in done.stdout


# --- values keep the form they are written in -----------------------------------------------


def test_port_written_as_a_string_stays_a_string() -> None:
    text = '[smtp]\nhost = "smtp.gmail.com"\nport = "587"  # submission\n'
    assert _edited(text, Change(Field.PORT, 465)) == text.replace('"587"', '"465"')


def test_literal_string_keeps_its_quotes_and_dotted_key_its_spelling() -> None:
    text = "[app]\nmail.host = 'smtp.googlemail.com'\nmail.port = 587\n"
    assert _edited(text, Change(Field.HOST, "smtp.gmail.com")) == text.replace(
        "googlemail", "gmail"
    )


def test_host_and_port_of_a_himalaya_authority_change_together() -> None:
    text = '[accounts.me]\nsmtp.server = "imap.gmail.com:587"\n'
    changed = _edited(text, Change(Field.HOST, "smtp.gmail.com"), Change(Field.PORT, 465))
    assert changed == '[accounts.me]\nsmtp.server = "smtp.gmail.com:465"\n'


def test_timeout_keeps_its_unit() -> None:
    text = '[smtp]\nhost = "mail.acme-corp.io"\ntimeout = "500ms"\n'
    assert _edited(text, Change(Field.TIMEOUT, 10)) == text.replace("500ms", "10000ms")


def test_value_that_needs_escaping_is_refused() -> None:
    text = '[smtp]\nhost = "mail.acme-corp.io"\nusername = "billing"\n'
    assert "escaping" in _refusal(text, Change(Field.USERNAME, 'bil"ling'))


def test_added_key_goes_inside_an_inline_table() -> None:
    text = '[tool.shop]\nsettings = { EMAIL_HOST = "smtp.gmail.com", EMAIL_PORT = 587 }\n'
    assert _edited(text, Change(Field.TIMEOUT, 10)) == (
        '[tool.shop]\nsettings = { EMAIL_HOST = "smtp.gmail.com", EMAIL_PORT = 587, '
        "EMAIL_TIMEOUT = 10 }\n"
    )


def test_added_key_without_a_final_newline_keeps_none() -> None:
    text = '[default]\n  EMAIL_HOST = "smtp.gmail.com"\n  EMAIL_USE_TLS = true'
    assert _edited(text, Change(Field.PORT, 587)) == text + "\n  EMAIL_PORT = 587"


# --- security in each dialect ---------------------------------------------------------------


def test_flask_string_flag_becomes_a_boolean_and_the_other_flag_is_added() -> None:
    text = 'MAIL_SERVER = "smtp.gmail.com"\nMAIL_PORT = 465\nMAIL_USE_TLS = "False"\n'
    assert _edited(text, Change(Field.SECURITY, Security.TLS)) == (
        'MAIL_SERVER = "smtp.gmail.com"\nMAIL_PORT = 465\nMAIL_USE_TLS = false\n'
        "MAIL_USE_SSL = true\n"
    )


def test_use_tls_switch_gets_its_use_ssl_partner() -> None:
    text = '[mailer]\nhost = "smtp.gmail.com"\nport = 465\nuse-tls = 1\n'
    assert _edited(text, Change(Field.SECURITY, Security.TLS)) == (
        '[mailer]\nhost = "smtp.gmail.com"\nport = 465\nuse-tls = 0\nuse-ssl = 1\n'
    )


def test_switch_words_keep_their_spelling() -> None:
    text = '[smtp]\nhost = "smtp.gmail.com"\nstarttls = "NO"\nssl = "YES"\n'
    assert _edited(text, Change(Field.SECURITY, Security.STARTTLS)) == (
        '[smtp]\nhost = "smtp.gmail.com"\nstarttls = "YES"\nssl = "NO"\n'
    )


def test_meli_security_type_keeps_its_case() -> None:
    text = '[send_mail]\nhostname = "smtp.example.com"\nsecurity = { type = "None" }\n'
    assert _edited(text, Change(Field.SECURITY, Security.STARTTLS)) == text.replace(
        '"None"', '"StartTLS"'
    )


def test_starttls_if_offered_word_becomes_starttls() -> None:
    text = '[smtp]\nhost = "mail.acme-corp.io"\nsecurity = "opportunistic"\n'
    changed = _edited(text, Change(Field.SECURITY, Security.STARTTLS))
    assert changed == text.replace("opportunistic", "starttls")


def test_implicit_tls_word_is_refused_as_ambiguous() -> None:
    text = '[smtp]\nhost = "smtp.gmail.com"\nport = 465\nsecurity = "starttls"\n'
    assert 'written "tls"' in _refusal(text, Change(Field.SECURITY, Security.TLS))


def test_bare_tls_switch_is_not_turned_on() -> None:
    text = '[smtp]\nhost = "smtp.gmail.com"\ntls = false\nssl = true\n'
    assert "smtp.tls" in _refusal(text, Change(Field.SECURITY, Security.STARTTLS))


def test_table_without_a_security_key_is_refused() -> None:
    text = '[smtp]\nhost = "smtp.gmail.com"\nport = 587\n'
    reason = _refusal(text, Change(Field.SECURITY, Security.STARTTLS))
    assert "no key in smtp sets the transport security" in reason


def test_url_part_is_refused_naming_the_key() -> None:
    text = '[smtp]\nurl = "smtp://mail.acme-corp.io:25"\n'
    reason = _refusal(text, Change(Field.PORT, 587))
    assert reason == "the port in smtp.url is part of a URL; edit the URL by hand"


def test_password_cannot_become_an_environment_read() -> None:
    text = '[smtp]\nhost = "smtp.gmail.com"\npassword = "hunter2-secret"\n'
    move = EnvironmentReference("SMTP_PASSWORD", "moved to the keyring")
    reason = _refusal(text, Change(Field.PASSWORD, move))
    assert "smtp.password: TOML has no way to read an environment variable" in reason
    assert "hunter2" not in reason


def test_invalid_toml_is_refused() -> None:
    text = '[smtp]\nhost = "smtp.gmail.com"\nport = 587\n'
    document = SOURCE.read(Path("config.toml"), text)
    document.text = text + "[smtp]\n"
    with pytest.raises(Unfixable, match="not valid TOML"):
        SOURCE.edits(document, document.configs[0], (Change(Field.PORT, 465),), unsafe=True)
