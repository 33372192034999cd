"""Hostile inputs: each has a clear outcome — a finding or a one-line message, never a
traceback — and ``fix`` never leaves a torn or lost file."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from smtplint.api import check_paths
from smtplint.fix_files import FileChangedError, PendingFiles

BROKEN_ENV = (
    "# outgoing mail\n"
    "EMAIL_HOST=smtp.gmail.com\n"
    "EMAIL_PORT=465\n"
    "EMAIL_USE_TLS=True\n"
    "EMAIL_HOST_USER=jane.doe@gmail.com\n"
    "EMAIL_HOST_PASSWORD=${GMAIL_APP_PASSWORD}\n"
    "DEFAULT_FROM_EMAIL=jane.doe@gmail.com\n"
    "EMAIL_TIMEOUT=10\n"
)
FIXED_ENV = BROKEN_ENV.replace("EMAIL_USE_TLS=True\n", "EMAIL_USE_TLS=False\n") + (
    "EMAIL_USE_SSL=True\n"
)


def _smtplint(
    *args: str, cwd: Path, limit_file_size: int | None = None
) -> subprocess.CompletedProcess[str]:
    def limited() -> None:  # runs in the child: a disk that fills up after `limit` bytes
        assert limit_file_size is not None
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        [sys.executable, "-m", "smtplint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limited if limit_file_size is not None else None,
        check=False,
    )


def _only_finding(path: Path) -> tuple[str, str]:
    result = check_paths([path])
    assert len(result.findings) == 1, result.findings
    return result.findings[0].code, result.findings[0].message


def test_a_200_mb_file_is_skipped_with_a_finding_and_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    with path.open("wb") as handle:
        handle.write(b"SMTP_HOST=smtp.gmail.com\n")
        handle.truncate(200 * 1024 * 1024)  # sparse: no 200 MB written to disk
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'smtplint', 'check', sys.argv[1]],"
        " capture_output=True, text=True)\n"
        "print(done.stdout)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True
    )
    output, peak_kib = done.stdout.rsplit("\n", 2)[0], int(done.stdout.split()[-1])
    assert "SL001 file is larger than 5 MB; skipped" in output
    assert peak_kib < 150 * 1024


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"SMTP_HOST=smtp.gmail.com\n\x00\x01\x02\xff", "file holds binary data"),
        (
            "SMTP_HOST=smtp.gmail.com\nSMTP_FROM=jöran@gmail.com\n".encode("latin-1"),
            "not valid UTF-8",
        ),
        ("SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\n".encode("utf-16"), "file is UTF-16 encoded"),
        (
            "SMTP_HOST=smtp.gmail.com\n".encode("utf-16-be").join([b"\xfe\xff", b""]),
            "file is UTF-16 encoded",
        ),
    ],
)
def test_undecodable_env_files_are_sl001_when_walking(
    tmp_path: Path, data: bytes, message: str
) -> None:
    (tmp_path / ".env").write_bytes(data)
    code, text = _only_finding(tmp_path)
    assert code == "SL001" and text.startswith(message)


def test_toml_nested_ten_thousand_levels(tmp_path: Path) -> None:
    path = tmp_path / "mail.toml"
    path.write_text('[smtp]\nhost = "smtp.gmail.com"\nx = ' + "[" * 10_000 + "]" * 10_000 + "\n")
    assert _only_finding(path) == ("SL001", "TOML value nested more than 100 levels deep")


@pytest.mark.parametrize("expression", ["(" * 100_000 + "1" + ")" * 100_000, "-" * 100_000 + "1"])
def test_python_nested_beyond_the_parser(tmp_path: Path, expression: str) -> None:
    path = tmp_path / "settings.py"
    path.write_text(f'EMAIL_HOST = "smtp.gmail.com"\nEMAIL_PORT = {expression}\n')
    code, message = _only_finding(path)
    assert code == "SL001" and message.startswith(("invalid Python", "Python nested too deeply"))


def test_a_one_megabyte_value_is_not_quoted_in_full(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("SMTP_HOST=" + "a" * 1_000_000 + "\nSMTP_FROM=ops@gmail.com\n")
    done = _smtplint("check", ".env", cwd=tmp_path)
    assert done.returncode == 1
    assert "SL204" in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) < 400


def test_symbolic_link_loops_and_links_out_of_the_tree(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "app").mkdir(parents=True)
    (tree / "app" / "loop").symlink_to(tree)  # a folder link back up: not followed
    (tree / "self.env").symlink_to("self.env")  # a file link to itself
    outside = tmp_path / "outside.env"
    outside.write_text(BROKEN_ENV)
    (tree / "app" / ".env").symlink_to(outside)
    done = _smtplint("check", "tree", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.count("SL102") == 1  # the linked file, read once


def test_write_refuses_a_file_changed_or_deleted_after_reading(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(BROKEN_ENV)
    pending = PendingFiles(path, path.read_bytes(), BROKEN_ENV)
    pending.texts[path] = FIXED_ENV
    path.write_text(BROKEN_ENV + "# edited meanwhile\n")
    with pytest.raises(FileChangedError):
        pending.write(path)
    assert path.read_text() == BROKEN_ENV + "# edited meanwhile\n"
    path.unlink()
    with pytest.raises(FileNotFoundError):
        pending.write(path)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_fix_on_a_read_only_file_leaves_it_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(BROKEN_ENV)
    path.chmod(0o444)
    done = _smtplint("fix", ".env", cwd=tmp_path)
    assert done.returncode == 2
    assert path.read_text() == BROKEN_ENV
    assert ".env: read-only; not written" in done.stdout + done.stderr
    assert path.stat().st_mode & 0o777 == 0o444


def test_fix_in_a_read_only_folder_leaves_the_file_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / ".env"
    path.write_text(BROKEN_ENV)
    folder.chmod(0o555)
    try:
        done = _smtplint("fix", "locked/.env", cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2
    assert "locked/.env: its folder is read-only; not written" in done.stdout + done.stderr
    assert path.read_text() == BROKEN_ENV
    assert [p.name for p in folder.iterdir()] == [".env"]


def test_a_write_that_fails_midway_leaves_the_original_intact(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(BROKEN_ENV * 200)  # the fixed file is larger than the limit below
    before = path.read_bytes()
    done = _smtplint("fix", ".env", cwd=tmp_path, limit_file_size=len(before) // 2)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "cannot write" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [".env"]  # no temporary file left


def test_two_fix_runs_at_once_leave_a_whole_fixed_file(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    for _ in range(5):
        path.write_text(BROKEN_ENV)
        results: list[subprocess.CompletedProcess[str]] = []

        def fix(into: list[subprocess.CompletedProcess[str]] = results) -> None:
            into.append(_smtplint("fix", ".env", cwd=tmp_path))

        runs = [threading.Thread(target=fix) for _ in range(2)]
        for run in runs:
            run.start()
        for run in runs:
            run.join()
        assert path.read_text() == FIXED_ENV
        assert all(r.returncode in (0, 2) for r in results), [r.stdout for r in results]
        assert all("Traceback" not in r.stderr for r in results)
        assert sorted(p.name for p in tmp_path.iterdir()) == [".env"]


def test_settings_code_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    settings = tmp_path / "settings.py"
    settings.write_text(
        "import pathlib\n"
        f"pathlib.Path({str(marker)!r}).write_text('ran')\n"
        'EMAIL_HOST = "smtp.gmail.com"\n'
        "EMAIL_PORT = 465\n"
        "EMAIL_USE_TLS = True\n"
        f"EMAIL_HOST_USER = __import__('os').system('touch {marker}') or 'a@gmail.com'\n"
    )
    for command in (("check",), ("fix", "--unsafe-fixes"), ("show",)):
        _smtplint(*command, "settings.py", cwd=tmp_path)
    assert not marker.exists()
    assert os.path.exists(settings)


def test_a_malformed_profile_is_a_one_line_error_naming_its_file(tmp_path: Path) -> None:
    (tmp_path / "relays").mkdir()
    (tmp_path / "relays" / "broken.toml").write_text('id = "broken"\nname = [unclosed\n')
    (tmp_path / ".env").write_text(BROKEN_ENV)
    done = _smtplint("check", "--profiles-dir", "relays", ".env", cwd=tmp_path)
    assert done.returncode == 2
    assert "broken.toml" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    assert len((done.stderr + done.stdout).strip().splitlines()) == 1


def test_profile_text_is_shown_literally_never_formatted(tmp_path: Path) -> None:
    gmail = (Path(__file__).parent.parent / "profiles" / "gmail.toml").read_text()
    hostile = gmail.replace('id = "gmail"', 'id = "hostile"').replace(
        'name = "Gmail / Google Workspace"', 'name = "{0.__class__} %(x)s %s {__import__}"'
    )
    (tmp_path / "relays").mkdir()
    (tmp_path / "relays" / "hostile.toml").write_text(hostile)
    (tmp_path / ".env").write_text(BROKEN_ENV.replace("smtp.gmail.com", "smtp.googlemail.com"))
    done = _smtplint("check", "--profiles-dir", "relays", ".env", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "SL202" in done.stdout
    assert "{0.__class__} %(x)s %s {__import__}" in done.stdout
    shown = _smtplint("profile", "hostile", "--profiles-dir", "relays", cwd=tmp_path)
    assert "{0.__class__} %(x)s %s {__import__}" in shown.stdout
