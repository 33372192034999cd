"""The command line through its real entry point (``python -m smtplint``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BROKEN_ENV = (
    "# mail for the app\n"
    "SMTP_HOST=smtp.gmail.com\n"
    "SMTP_PORT=587\n"
    "SMTP_SECURE=true\n"
    "SMTP_USER=alerts@gmail.com\n"
    "SMTP_PASS=${GMAIL_APP_PASSWORD}\n"
    "SMTP_FROM=alerts@gmail.com\n"
)
CLEAN_ENV = (
    "SMTP_HOST=smtp.gmail.com\n"
    "SMTP_PORT=465\n"
    "SMTP_SECURE=true\n"
    "SMTP_USER=alerts@gmail.com\n"
    "SMTP_PASS=${GMAIL_APP_PASSWORD}\n"
    "SMTP_FROM=alerts@gmail.com\n"
)
FINDING_KEYS = {
    "code",
    "name",
    "severity",
    "message",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "fixable",
    "fix_applicability",
    "fix_description",
}


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    environment.update({"NO_COLOR": "1", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "smtplint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / ".env").write_text(BROKEN_ENV)
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / ".env").write_text(CLEAN_ENV)
    return tmp_path


def test_version(tmp_path: Path) -> None:
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("smtplint ")


def test_check_reports_finding_with_location_and_exit_1(project: Path) -> None:
    result = run("check", ".env", cwd=project)
    assert result.returncode == 1, result.stderr
    assert ".env:4:1: SL101 " in result.stdout
    assert "SMTP_SECURE" in result.stdout
    assert "[*]" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("Found ")


def test_clean_file_exits_0(project: Path) -> None:
    result = run("check", "clean", cwd=project)
    assert result.returncode == 0, result.stdout
    assert "All checks passed" in result.stdout


def test_default_path_is_the_working_directory(project: Path) -> None:
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "SL101" in result.stdout


def test_json_output_shape(project: Path) -> None:
    result = run("check", "--format", "json", ".", cwd=project)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["schema_version"] == 1
    assert report["summary"]["files_checked"] == 2
    findings = report["findings"]
    assert findings
    for finding in findings:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in {"error", "warning", "info"}
        assert isinstance(finding["fixable"], bool)
        assert finding["fix_applicability"] in {"safe", "unsafe", None}
    sl101 = next(f for f in findings if f["code"] == "SL101")
    assert sl101["path"] == ".env"
    assert sl101["line"] == 4
    assert sl101["name"] == "implicit-tls-on-starttls-port"
    assert sl101["fixable"] is True
    assert sl101["fix_applicability"] == "safe"


def test_select_and_ignore(project: Path) -> None:
    selected = json.loads(
        run("check", "--format", "json", "--select", "SL2", ".", cwd=project).stdout
    )
    assert all(f["code"].startswith("SL2") for f in selected["findings"])
    ignored = run("check", "--ignore", "SL101", ".env", cwd=project)
    assert "SL101" not in ignored.stdout
    narrowed = run(
        "check", "--select", "SL1", "--ignore", "SL10", "--select", "SL101", ".env", cwd=project
    )
    assert "SL101" in narrowed.stdout


def test_unknown_rule_selector_is_a_usage_error(project: Path) -> None:
    result = run("check", "--select", "SL1,SL9", ".env", cwd=project)
    assert result.returncode == 2
    assert "no rule matches SL9" in result.stderr


def test_info_findings_alone_do_not_fail_the_run(tmp_path: Path) -> None:
    # Gmail rewrites a foreign From instead of refusing it: SL404 reports it as info only.
    (tmp_path / ".env").write_text(
        "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=true\n"
        "SMTP_USER=alerts@gmail.com\nSMTP_PASS=${GMAIL_APP_PASSWORD}\n"
        "SMTP_FROM=billing@acme-widgets.com\n"
    )
    result = run("check", "--format", "json", ".env", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("SL404", "info")]
    assert result.returncode == 0


def test_exit_zero(project: Path) -> None:
    result = run("check", "--exit-zero", ".env", cwd=project)
    assert result.returncode == 0
    assert "SL101" in result.stdout


def test_missing_path_is_a_usage_error_without_traceback(project: Path) -> None:
    result = run("check", "does-not-exist.env", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip() == "smtplint: does-not-exist.env: no such file or directory"
    assert "Traceback" not in result.stderr


def test_unknown_option_is_a_usage_error(project: Path) -> None:
    result = run("check", "--no-such-option", cwd=project)
    assert result.returncode == 2


def test_unreadable_file_is_reported_and_others_still_checked(project: Path) -> None:
    # A write-only kernel setting cannot be read even by root, unlike a chmod 0 file.
    write_only = Path("/proc/sys/vm/drop_caches")
    if not write_only.is_file():
        pytest.skip("needs Linux procfs")
    (project / "locked.env").symlink_to(write_only)
    result = run("check", ".", cwd=project)
    assert result.returncode == 2
    assert "locked.env: cannot read" in result.stdout
    assert "SL101" in result.stdout


def test_parse_error_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text('SMTP_HOST=smtp.gmail.com\nSMTP_PASS="never closed\n')
    result = run("check", ".env", cwd=tmp_path)
    assert result.returncode == 1
    assert ".env:2:1: SL001 " in result.stdout
    assert "Traceback" not in result.stderr


def test_walk_skips_git_venv_node_modules_and_gitignored(tmp_path: Path) -> None:
    for folder in (".git", "node_modules", "env-folder", "build"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / ".env").write_text(BROKEN_ENV)
    (tmp_path / "env-folder" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / ".gitignore").write_text("build/\n")
    result = run("check", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["summary"]["files_checked"] == 0
    explicit = run("check", "build/.env", cwd=tmp_path)
    assert explicit.returncode == 1


def test_secret_is_never_printed(tmp_path: Path) -> None:
    secret = "Hunter2-Very-Secret"
    (tmp_path / ".env").write_text(
        "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=587\nSMTP_SECURE=false\n"
        f"SMTP_USER=me\nSMTP_PASS={secret}\nSMTP_FROM=me@example.com\n"
    )
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", ".env"], cwd=tmp_path, check=True)
    for fmt in ("text", "json"):
        result = run("check", "--format", fmt, ".", cwd=tmp_path)
        assert result.returncode == 1
        assert "SL501" in result.stdout
        assert secret not in result.stdout + result.stderr


def test_rules_and_rule_docs(tmp_path: Path) -> None:
    table = run("rules", cwd=tmp_path)
    assert table.returncode == 0
    assert "SL102" in table.stdout and "starttls-on-implicit-tls-port" in table.stdout
    page = run("rule", "sl102", cwd=tmp_path)
    assert page.returncode == 0
    for heading in ("What it does", "Why it matters", "that is reported", "How to fix it"):
        assert heading in page.stdout
    missing = run("rule", "SL999", cwd=tmp_path)
    assert missing.returncode == 2


def test_profiles_and_profile(tmp_path: Path) -> None:
    listing = run("profiles", cwd=tmp_path)
    assert listing.returncode == 0
    assert "gmail" in listing.stdout
    page = run("profile", "gmail", cwd=tmp_path)
    assert page.returncode == 0
    assert "smtp.gmail.com" in page.stdout and "sources:" in page.stdout
    by_host = run("profile", "smtp.gmail.com", cwd=tmp_path)
    assert by_host.returncode == 0 and "gmail" in by_host.stdout
    assert run("profile", "no-such-provider", cwd=tmp_path).returncode == 2


def test_user_profiles_dir_and_malformed_profile(tmp_path: Path) -> None:
    relay = tmp_path / "relays"
    relay.mkdir()
    (relay / "corp.toml").write_text(
        'id = "corp-relay"\nname = "Corp relay"\nkind = "relay"\n'
        'docs = "https://wiki.corp.example/mail"\nlast_checked = 2026-11-01\n'
        '[[hosts]]\nname = "relay.corp.example"\n'
        '[[ports]]\nport = 587\nsecurity = "starttls"\nrecommended = true\n'
        '[auth]\nrequired = true\nmechanisms = ["password"]\n'
        '[username]\nform = "local-part"\n[sender]\npolicy = "verified-domain"\n'
        '[[sources]]\nurl = "https://wiki.corp.example/mail"\n'
    )
    listing = run("profiles", "--profiles-dir", str(relay), cwd=tmp_path)
    assert listing.returncode == 0 and "corp-relay" in listing.stdout
    (tmp_path / "project.env").write_text(
        "SMTP_HOST=relay.corp.example\nSMTP_PORT=465\nSMTP_SECURE=true\n"
    )
    checked = run(
        "check", "--profiles-dir", str(relay), "--select", "SL105", "project.env", cwd=tmp_path
    )
    assert "SL105" in checked.stdout

    (relay / "broken.toml").write_text('id = "broken"\nname = "x"\n')
    broken = run("check", "--profiles-dir", str(relay), "project.env", cwd=tmp_path)
    assert broken.returncode == 2
    assert "broken.toml" in broken.stderr and "field" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_settings_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.smtplint]\nignore = ["SL101"]\n')
    (tmp_path / ".env").write_text(BROKEN_ENV)
    result = run("check", ".env", cwd=tmp_path)
    assert "SL101" not in result.stdout


def test_colour_only_when_forced(project: Path) -> None:
    plain = run("check", ".env", cwd=project)
    assert "\x1b[" not in plain.stdout
    forced = run("check", ".env", cwd=project, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in forced.stdout


def test_show_prints_the_reading_and_masks_the_password(tmp_path: Path) -> None:
    secret = "Hunter2-Very-Secret"
    (tmp_path / ".env").write_text(
        f"EMAIL_URL=smtps://alerts%40gmail.com:{secret}@smtp.gmail.com:465\nEMAIL_TIMEOUT=10\n"
    )
    result = run("show", ".env", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "django-environ" in result.stdout
    assert "security   starttls" in result.stdout
    assert "ambiguous" in result.stdout
    assert secret not in result.stdout
    assert "********" in result.stdout


SETTINGS_PY = (
    "import os\n"
    'EMAIL_HOST = "smtp.gmail.com"\n'
    'EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))\n'
    'EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"\n'
    'EMAIL_HOST_USER = "alerts@gmail.com"\n'
    'EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")\n'
    'DEFAULT_FROM_EMAIL = "alerts@gmail.com"\n'
    "EMAIL_TIMEOUT = 10\n"
)


def test_env_file_resolves_python_settings(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(SETTINGS_PY)
    (tmp_path / ".env.production").write_text("EMAIL_PORT=465\n")
    assert run("check", "settings.py", cwd=tmp_path).returncode == 0
    result = run("check", "--env-file", ".env.production", "settings.py", cwd=tmp_path)
    assert result.returncode == 1
    assert "settings.py:4:" in result.stdout and "SL102" in result.stdout
    missing = run("check", "--env-file", "nope.env", "settings.py", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.env" in missing.stderr


def test_env_files_from_configuration(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(SETTINGS_PY)
    (tmp_path / ".env.production").write_text("EMAIL_PORT=465\n")
    (tmp_path / ".smtplint.toml").write_text('env-files = [".env.production"]\n')
    result = run("check", "settings.py", cwd=tmp_path)
    assert "SL102" in result.stdout
