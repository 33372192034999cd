"""fix --secrets keyring and secrets restore, against the real keyring library and a file
backend kept inside tmp_path (keyrings.alt's PlaintextKeyring): never the user's keyring."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keyring.backends.fail import Keyring as FailingKeyring
from keyrings.alt.file import PlaintextKeyring

from smtplint.api import check_paths
from smtplint.fixer import fix_paths
from smtplint.restore import restore_paths
from smtplint.vault import SERVICE, KeyringVault

PASSWORD = "Xk9-sdf8H2kq3Lw"
LARAVEL = (
    "MAIL_MAILER=smtp\n"
    "MAIL_HOST=smtp.mailgun.org\n"
    "MAIL_PORT=587\n"
    "MAIL_USERNAME=postmaster@mg.acme-corp.io\n"
    "{password_line}\n"
    "MAIL_FROM_ADDRESS=hello@acme-corp.io\n"
)


@pytest.fixture
def backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PlaintextKeyring]:
    """A PlaintextKeyring whose file lies in tmp_path, as the process's keyring."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    previous = keyring.get_keyring()
    chosen = PlaintextKeyring()
    chosen.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    keyring.set_keyring(chosen)
    yield chosen
    keyring.set_keyring(previous)


def _tracked(folder: Path, name: str, data: bytes) -> Path:
    """A file git tracks (SL501 reports passwords only in shared files)."""
    path = folder / name
    path.write_bytes(data)
    if not (folder / ".git").exists():
        subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run(["git", "-C", str(folder), "add", name], check=True)
    return path


def _env(folder: Path, password_line: str) -> Path:
    return _tracked(folder, ".env", LARAVEL.format(password_line=password_line).encode())


def _entry(path: Path, key: str = "MAIL_PASSWORD") -> str:
    return f"{path.resolve()}:{key}"


def _note(path: Path, key: str = "MAIL_PASSWORD") -> str:
    return (
        f'# smtplint: {key} is in the system keyring (service "smtplint", entry '
        f'"{_entry(path, key)}"); restore with: smtplint secrets restore {path.name}'
    )


# --- the move, in-process -------------------------------------------------------------------


def test_golden_move_then_second_run_changes_nothing(
    tmp_path: Path, backend: PlaintextKeyring
) -> None:
    path = _env(tmp_path, f"MAIL_PASSWORD='{PASSWORD}'")
    result = fix_paths([path], secrets=KeyringVault())
    expected = LARAVEL.format(
        password_line=f'{_note(path)}; it was single-quoted\nMAIL_PASSWORD="${{MAIL_PASSWORD}}"'
    )
    assert path.read_bytes() == expected.encode()
    assert result.secrets_moved == 1
    again = fix_paths([path], secrets=KeyringVault())
    assert path.read_bytes() == expected.encode()
    assert again.changed == [] and again.secrets_moved == 0


def test_entry_holds_exactly_the_password(tmp_path: Path, backend: PlaintextKeyring) -> None:
    path = _env(tmp_path, f"MAIL_PASSWORD={PASSWORD}")
    fix_paths([path], secrets=KeyringVault())
    assert keyring.get_password(SERVICE, _entry(path)) == PASSWORD
    assert Path(backend.file_path).is_relative_to(tmp_path)


ROUND_TRIPS = {
    "unquoted": LARAVEL.format(password_line=f"MAIL_PASSWORD={PASSWORD}").encode(),
    "double": LARAVEL.format(password_line='MAIL_PASSWORD="Xk9 sdf#8H2k\'q3"').encode(),
    "single": LARAVEL.format(password_line="MAIL_PASSWORD='Xk9\"sdf8$H2kq3'").encode(),
    "backslash": LARAVEL.format(password_line='MAIL_PASSWORD="Xk9\\sdf8H2kq3"').encode(),
    "export": LARAVEL.format(password_line=f"export MAIL_PASSWORD='{PASSWORD}'").encode(),
    "indented": LARAVEL.format(password_line=f'  MAIL_PASSWORD = "{PASSWORD}"  # x').encode(),
    "first line": f"MAIL_PASSWORD={PASSWORD}\nMAIL_HOST=smtp.mailgun.org\n".encode(),
    "no final newline": LARAVEL.format(password_line=f"MAIL_PASSWORD={PASSWORD}")
    .rstrip("\n")
    .encode(),
    "crlf": LARAVEL.format(password_line=f'MAIL_PASSWORD="{PASSWORD}"')
    .replace("\n", "\r\n")
    .encode(),
    "bom crlf first line": b"\xef\xbb\xbf"
    + f"MAIL_PASSWORD='{PASSWORD}'\r\nMAIL_HOST=smtp.mailgun.org\r\n".encode(),
}


@pytest.mark.parametrize("name", sorted(ROUND_TRIPS))
def test_env_round_trip_gives_back_the_original_bytes(
    tmp_path: Path, backend: PlaintextKeyring, name: str
) -> None:
    original = ROUND_TRIPS[name]
    path = _tracked(tmp_path, ".env", original)
    moved = fix_paths([path], secrets=KeyringVault())
    assert moved.secrets_moved == 1, moved.notes
    assert b"${MAIL_PASSWORD}" in path.read_bytes()
    assert f"{_note(path)}".encode() in path.read_bytes()
    report = restore_paths([path])
    assert report.failed == [] and report.missing == []
    assert path.read_bytes() == original
    assert keyring.get_password(SERVICE, _entry(path)) is not None  # kept without --forget


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # entries differ per example
)
@given(
    password=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
        | st.sampled_from("\\'\"#$ {}"),
        min_size=6,
        max_size=20,
    ),
    quote=st.sampled_from(["", "'", '"']),
    export=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_any_password_comes_back_byte_for_byte_or_stays(
    backend: PlaintextKeyring, password: str, quote: str, export: bool, newline: str
) -> None:
    line = f"{'export ' if export else ''}MAIL_PASSWORD={quote}{password}{quote}"
    original = LARAVEL.format(password_line=line).replace("\n", newline).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".env.example"  # a template: SL501 without git
        path.write_bytes(original)
        moved = fix_paths([path], select=["SL501"], secrets=KeyringVault())
        if moved.secrets_moved:
            assert path.read_bytes() != original
            restore_paths([path], forget_entries=True)
        assert path.read_bytes() == original


def test_moved_file_checks_clean_and_parses(tmp_path: Path, backend: PlaintextKeyring) -> None:
    path = _env(tmp_path, f"export MAIL_PASSWORD='{PASSWORD}'")
    fix_paths([path], secrets=KeyringVault())
    after = check_paths([path])
    assert after.unreadable == []
    codes = {finding.code for finding in after.findings}
    assert "SL501" not in codes and "SL001" not in codes


def test_diff_shows_the_move_and_stores_nothing(tmp_path: Path, backend: PlaintextKeyring) -> None:
    path = _env(tmp_path, f"MAIL_PASSWORD={PASSWORD}")
    before = path.read_bytes()
    result = fix_paths([path], diff=True, secrets=KeyringVault())
    shown = "".join(result.diffs)
    assert path.read_bytes() == before
    assert f"+{_note(path)}" in shown
    assert PASSWORD not in shown
    assert keyring.get_password(SERVICE, _entry(path)) is None
    assert result.secrets_moved == 0


def test_password_written_with_escapes_is_left_in_place(
    tmp_path: Path, backend: PlaintextKeyring
) -> None:
    path = _env(tmp_path, 'MAIL_PASSWORD="Xk9\\\\sdf8H2kq3"')  # \\ : a needless escape
    before = path.read_bytes()
    result = fix_paths([path], secrets=KeyringVault())
    assert path.read_bytes() == before
    assert any("SL501 not fixed" in note and "escapes" in note for note in result.notes)
    assert keyring.get_password(SERVICE, _entry(path)) is None


def test_failing_keyring_leaves_the_file_untouched(
    tmp_path: Path, backend: PlaintextKeyring
) -> None:
    path = _env(tmp_path, f"MAIL_PASSWORD={PASSWORD}")
    before = path.read_bytes()
    keyring.set_keyring(FailingKeyring())
    result = fix_paths([path], secrets=KeyringVault())
    assert path.read_bytes() == before
    assert result.secrets_moved == 0
    (message,) = result.check.unreadable
    assert "no usable system keyring" in message and "PYTHON_KEYRING_BACKEND" in message
    assert PASSWORD not in message


# --- restore, in-process --------------------------------------------------------------------


def test_restore_with_a_missing_entry_changes_nothing(
    tmp_path: Path, backend: PlaintextKeyring
) -> None:
    path = _env(tmp_path, f"MAIL_PASSWORD={PASSWORD}")
    fix_paths([path], secrets=KeyringVault())
    moved = path.read_bytes()
    keyring.delete_password(SERVICE, _entry(path))
    report = restore_paths([path])
    assert path.read_bytes() == moved
    (message,) = report.missing
    assert _entry(path) in message and "not changed" in message


def test_restore_forget_deletes_the_entry_after_writing(
    tmp_path: Path, backend: PlaintextKeyring
) -> None:
    path = _env(tmp_path, f"MAIL_PASSWORD={PASSWORD}")
    original = path.read_bytes()
    fix_paths([path], secrets=KeyringVault())
    report = restore_paths([path], forget_entries=True)
    assert path.read_bytes() == original
    assert report.failed == []
    assert keyring.get_password(SERVICE, _entry(path)) is None


def test_restore_refuses_a_reference_that_no_longer_matches(
    tmp_path: Path, backend: PlaintextKeyring
) -> None:
    path = _env(tmp_path, f"MAIL_PASSWORD={PASSWORD}")
    fix_paths([path], secrets=KeyringVault())
    path.write_text(path.read_text().replace("${MAIL_PASSWORD}", "${OTHER}"))
    edited = path.read_bytes()
    report = restore_paths([path])
    assert path.read_bytes() == edited
    (message,) = report.failed
    assert "MAIL_PASSWORD" in message and "not changed" in message


DJANGO = (
    '"""Mail settings."""\n'
    "\n"
    "EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\n"
    "EMAIL_HOST = 'smtp.mailgun.org'\n"
    "EMAIL_PORT = 587\n"
    "EMAIL_USE_TLS = True\n"
    "EMAIL_HOST_USER = 'postmaster@mg.acme-corp.io'\n"
    f"EMAIL_HOST_PASSWORD = '{PASSWORD}'\n"
    "DEFAULT_FROM_EMAIL = 'hello@acme-corp.io'\n"
)


def test_python_settings_round_trip(tmp_path: Path, backend: PlaintextKeyring) -> None:
    path = _tracked(tmp_path, "settings.py", DJANGO.encode())
    moved = fix_paths([path], secrets=KeyringVault())
    assert moved.secrets_moved == 1, moved.notes
    text = path.read_text()
    assert 'EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]' in text
    assert _note(path, "EMAIL_HOST_PASSWORD") in text and PASSWORD not in text
    assert "SL501" not in {finding.code for finding in check_paths([path]).findings}
    assert keyring.get_password(SERVICE, _entry(path, "EMAIL_HOST_PASSWORD")) == PASSWORD

    report = restore_paths([path])
    assert report.failed == [] and report.missing == []
    assert path.read_text().replace("import os\n\n", "") == DJANGO  # import os may stay


def test_restore_python_note_at_the_end_of_the_line(
    tmp_path: Path, backend: PlaintextKeyring
) -> None:
    path = tmp_path / "mail.cfg"
    entry = _entry(path, "MAIL_PASSWORD")
    path.write_text(
        "import os\n"
        "MAIL_SERVER = 'smtp.mailgun.org'\n"
        'MAIL_PASSWORD = os.environ["MAIL_PASSWORD"]  # smtplint: MAIL_PASSWORD is in the '
        f'system keyring (service "smtplint", entry "{entry}")\n'
    )
    keyring.set_password(SERVICE, entry, 'it\'s "quoted"')
    restore_paths([path])
    assert path.read_text() == (
        "import os\nMAIL_SERVER = 'smtp.mailgun.org'\nMAIL_PASSWORD = 'it\\'s \"quoted\"'\n"
    )


# --- the command line, with the keyring in a subprocess ------------------------------------


def _environment(
    tmp_path: Path, backend: str = "keyrings.alt.file.PlaintextKeyring"
) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        PYTHON_KEYRING_BACKEND=backend,
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    return environment


def _run(
    *args: str, cwd: Path, env: dict[str, str], module: str = "smtplint"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_moves_checks_reads_and_restores(tmp_path: Path) -> None:
    path = _env(tmp_path, f"MAIL_PASSWORD='{PASSWORD}'")
    original = path.read_bytes()
    env = _environment(tmp_path)

    shown = _run("fix", "--secrets", "keyring", "--diff", ".env", cwd=tmp_path, env=env)
    assert shown.returncode == 1 and f"+{_note(path)}" in shown.stdout
    assert path.read_bytes() == original
    assert not (tmp_path / "data").exists()  # nothing stored
    moved = _run("fix", "--secrets", "keyring", ".env", cwd=tmp_path, env=env)
    assert "1 password moved to the system keyring" in moved.stdout, moved.stdout + moved.stderr
    assert (tmp_path / "data" / "python_keyring" / "keyring_pass.cfg").is_file()
    checked = _run("check", ".env", cwd=tmp_path, env=env)
    assert "SL501" not in checked.stdout and checked.returncode == 0, checked.stdout
    got = _run("get", SERVICE, _entry(path), cwd=tmp_path, env=env, module="keyring")
    assert got.stdout == PASSWORD + "\n"  # the documented `keyring get smtplint ENTRY`
    restored = _run("secrets", "restore", ".env", cwd=tmp_path, env=env)
    assert restored.returncode == 0, restored.stderr
    assert path.read_bytes() == original
    again = _run("secrets", "restore", ".env", cwd=tmp_path, env=env)
    assert again.returncode == 0 and "no password" in again.stdout
    for done in (shown, moved, checked, restored, again):
        assert PASSWORD not in done.stdout + done.stderr


def test_python_dotenv_reads_the_moved_password_from_the_environment(
    tmp_path: Path, backend: PlaintextKeyring
) -> None:
    path = _env(tmp_path, f"MAIL_PASSWORD='{PASSWORD}'")
    fix_paths([path], secrets=KeyringVault())
    program = (
        "import os, sys\n"
        "from dotenv import dotenv_values, load_dotenv\n"
        "values = dotenv_values(sys.argv[1])\n"
        "load_dotenv(sys.argv[1], override=False)\n"
        "print(values['MAIL_PASSWORD'] == os.environ['MAIL_PASSWORD'] == sys.argv[2],"
        " os.environ['MAIL_HOST'])\n"
    )
    env = dict(os.environ, MAIL_PASSWORD=PASSWORD)
    done = subprocess.run(
        [sys.executable, "-c", program, str(path), PASSWORD],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["True", "smtp.mailgun.org"]


def test_cli_failing_keyring_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    path = _env(tmp_path, f"MAIL_PASSWORD={PASSWORD}")
    before = path.read_bytes()
    env = _environment(tmp_path, "keyring.backends.fail.Keyring")
    done = _run("fix", "--secrets", "keyring", ".env", cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert path.read_bytes() == before
    assert "password not moved, file not written: no usable system keyring" in done.stdout
    assert PASSWORD not in done.stdout + done.stderr


def test_cli_restore_with_a_missing_entry_exits_1(tmp_path: Path) -> None:
    path = _env(tmp_path, f"MAIL_PASSWORD={PASSWORD}")
    env = _environment(tmp_path)
    _run("fix", "--secrets", "keyring", ".env", cwd=tmp_path, env=env)
    moved = path.read_bytes()
    elsewhere = dict(env, XDG_DATA_HOME=str(tmp_path / "empty"))
    done = _run("secrets", "restore", ".env", cwd=tmp_path, env=elsewhere)
    assert done.returncode == 1
    assert f'no entry "{_entry(path)}"' in done.stderr
    assert path.read_bytes() == moved


def test_check_does_not_import_keyring(tmp_path: Path) -> None:
    _env(tmp_path, f"MAIL_PASSWORD={PASSWORD}")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "smtplint", "check", ".env"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "smtplint.engine" in imported
    assert not {name for name in imported if name.split(".")[0] == "keyring"}
