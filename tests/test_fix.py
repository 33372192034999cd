"""smtplint fix on env files: golden rewrites, byte preservation, safety and the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smtplint.fixer import fix_paths

DATA = Path(__file__).parent / "data" / "fix" / "env"
UNSAFE = {
    "sl105_nodemailer",
    "sl106_django",
    "sl109_flask",
    "sl110_reference",
    "sl202_host",
    "sl202_nodemailer",
    "sl203_laravel",
    "sl205_django",
    "sl302_sendgrid",
    "sl305_nodemailer",
    "sl601_timeout",
}
GOLDEN = sorted(p.name.removesuffix(".before.env") for p in DATA.glob("*.before.env"))


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / ".env"
    shutil.copyfile(DATA / f"{name}.before.env", target)
    return target


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smtplint", "fix", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_rewrite(tmp_path: Path, name: str) -> None:
    path = _copy(tmp_path, name)
    fix_paths([path], unsafe=name in UNSAFE)
    assert path.read_bytes() == (DATA / f"{name}.after.env").read_bytes()


@pytest.mark.parametrize("name", GOLDEN)
def test_second_run_changes_nothing(tmp_path: Path, name: str) -> None:
    path = _copy(tmp_path, name)
    fix_paths([path], unsafe=True)
    once = path.read_bytes()
    again = fix_paths([path], unsafe=True)
    assert path.read_bytes() == once
    assert again.changed == []


def test_reference_flag_is_never_rewritten(tmp_path: Path) -> None:
    path = _copy(tmp_path, "sl110_reference")
    fix_paths([path], unsafe=True)
    assert b"MAIL_USE_TLS=${USE_TLS}\n" in path.read_bytes()


def test_unsafe_fixes_need_the_flag(tmp_path: Path) -> None:
    path = _copy(tmp_path, "sl202_host")
    before = path.read_bytes()
    result = fix_paths([path])
    assert path.read_bytes() == before
    assert result.changed == []


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    before = (DATA / "sl601_timeout.before.env").read_bytes().replace(b"\n", b"\r\n")
    path = tmp_path / ".env"
    path.write_bytes(b"\xef\xbb\xbf" + before)
    fix_paths([path], unsafe=True)
    after = (DATA / "sl601_timeout.after.env").read_bytes().replace(b"\n", b"\r\n")
    assert path.read_bytes() == b"\xef\xbb\xbf" + after


def test_file_mode_is_kept(tmp_path: Path) -> None:
    path = _copy(tmp_path, "sl103_django")
    path.chmod(0o600)
    fix_paths([path])
    assert path.stat().st_mode & 0o777 == 0o600
    assert b"EMAIL_USE_SSL=False\n" in path.read_bytes()


def test_diff_writes_nothing_and_masks_passwords(tmp_path: Path) -> None:
    path = _copy(tmp_path, "sl103_django")
    path.write_text(path.read_text().replace("${GMAIL_APP_PASSWORD}", "hunter2secret"))
    before = path.read_bytes()
    done = _cli("--diff", ".env", cwd=tmp_path)
    assert path.read_bytes() == before
    assert done.returncode == 1
    assert "+EMAIL_USE_SSL=False" in done.stdout
    assert "EMAIL_HOST_PASSWORD=********" in done.stdout
    assert "hunter2secret" not in done.stdout + done.stderr


def test_cli_fixes_and_exits_clean(tmp_path: Path) -> None:
    _copy(tmp_path, "sl103_django")
    done = _cli(".env", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert (tmp_path / ".env").read_bytes() == (DATA / "sl103_django.after.env").read_bytes()


def test_cli_exit_one_when_findings_remain(tmp_path: Path) -> None:
    _copy(tmp_path, "sl202_host")
    assert _cli(".env", cwd=tmp_path).returncode == 1


def test_cli_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert _cli("nowhere.env", cwd=tmp_path).returncode == 2


def test_per_file_ignores_keep_fix_away_and_isolated_brings_it_back(tmp_path: Path) -> None:
    broken = "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=false\n"
    (tmp_path / "app.env").write_text(broken)
    (tmp_path / ".smtplint.toml").write_text('[per-file-ignores]\n"app.env" = ["SL102"]\n')
    _cli("app.env", cwd=tmp_path)
    assert (tmp_path / "app.env").read_text() == broken
    _cli("--isolated", "app.env", cwd=tmp_path)
    assert "SMTP_SECURE=true" in (tmp_path / "app.env").read_text()
