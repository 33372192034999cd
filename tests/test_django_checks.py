"""The Django system checks app (smtplint.django), run by real Django's manage.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from smtplint.django.live import lint_settings, python_literal, render_settings
from smtplint.model import Severity
from tests.builders import GMAIL_APP_PASSWORD, TODAY

MANAGE_PY = """\
import os
import sys

from django.core.management import execute_from_command_line

os.environ["DJANGO_SETTINGS_MODULE"] = "project_settings"
execute_from_command_line(sys.argv)
"""

PROJECT_HEAD = """\
SECRET_KEY = "smtplint-tests-3c1f0e8b9a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b"
INSTALLED_APPS = ["smtplint.django"]
"""

GMAIL_STARTTLS = {
    "EMAIL_HOST": "smtp.gmail.com",
    "EMAIL_PORT": 587,
    "EMAIL_USE_TLS": True,
    "EMAIL_HOST_USER": "jane.doe@gmail.com",
    "EMAIL_HOST_PASSWORD": GMAIL_APP_PASSWORD,
    "DEFAULT_FROM_EMAIL": "jane.doe@gmail.com",
    "EMAIL_TIMEOUT": 10,
}


def manage_py_check(
    tmp_path: Path, settings: dict[str, object], *args: str
) -> subprocess.CompletedProcess[str]:
    """``python manage.py check ARGS`` in a project whose settings are ``settings``."""
    (tmp_path / "manage.py").write_text(MANAGE_PY)
    (tmp_path / "project_settings.py").write_text(PROJECT_HEAD + render_settings(settings))
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


def test_a_starttls_flag_on_port_465_fails_manage_py_check(tmp_path: Path) -> None:
    result = manage_py_check(tmp_path, {**GMAIL_STARTTLS, "EMAIL_PORT": 465})
    shown = output(result)
    assert result.returncode == 1, shown
    assert "(smtplint.SL102)" in shown
    assert "EMAIL_PORT=465" in shown and "EMAIL_USE_TLS" in shown
    assert "HINT:" in shown
    assert GMAIL_APP_PASSWORD not in shown


def test_a_correct_configuration_passes_check_and_deploy_check(tmp_path: Path) -> None:
    plain = manage_py_check(tmp_path, GMAIL_STARTTLS)
    assert plain.returncode == 0, output(plain)
    assert "smtplint." not in output(plain)
    deploy = manage_py_check(tmp_path, GMAIL_STARTTLS, "--deploy")
    assert deploy.returncode == 0, output(deploy)
    assert "smtplint." not in output(deploy)


def test_deploy_check_reports_each_finding_once(tmp_path: Path) -> None:
    result = manage_py_check(tmp_path, {**GMAIL_STARTTLS, "EMAIL_PORT": 465}, "--deploy")
    assert result.returncode == 1, output(result)
    assert output(result).count("(smtplint.SL102)") == 1


def test_the_email_tag_selects_the_check(tmp_path: Path) -> None:
    result = manage_py_check(tmp_path, {**GMAIL_STARTTLS, "EMAIL_PORT": 465}, "--tag", "email")
    assert result.returncode == 1, output(result)
    assert "(smtplint.SL102)" in output(result)


def test_a_warning_fails_only_at_the_warning_fail_level(tmp_path: Path) -> None:
    no_timeout = {k: v for k, v in GMAIL_STARTTLS.items() if k != "EMAIL_TIMEOUT"}
    result = manage_py_check(tmp_path, no_timeout)
    assert result.returncode == 0, output(result)
    assert "(smtplint.SL601)" in output(result)
    strict = manage_py_check(tmp_path, no_timeout, "--fail-level", "WARNING")
    assert strict.returncode == 1, output(strict)


def test_a_console_backend_is_not_checked_as_smtp(tmp_path: Path) -> None:
    console = {
        **GMAIL_STARTTLS,
        "EMAIL_PORT": 465,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    result = manage_py_check(tmp_path, console)
    assert result.returncode == 0, output(result)
    assert "smtplint." not in output(result)


# --- the same, without Django: live values to findings -----------------------------------------


def test_live_values_are_rendered_as_python_literals() -> None:
    assert python_literal(Path("/etc/ssl/client.pem")) == "'/etc/ssl/client.pem'"
    assert python_literal(("Jane", "jane@acme-corp.io")) == "('Jane', 'jane@acme-corp.io')"
    assert python_literal(("only",)) == "('only',)"
    assert python_literal({"default": {"OPTIONS": {"port": 465, "use_ssl": True}}}) == (
        "{'default': {'OPTIONS': {'port': 465, 'use_ssl': True}}}"
    )
    assert render_settings({"EMAIL_PORT": 465, "EMAIL_TIMEOUT": None}) == (
        "EMAIL_PORT = 465\nEMAIL_TIMEOUT = None\n"
    )


def test_live_findings_name_the_setting_and_carry_the_rules_fix_text() -> None:
    found = lint_settings({**GMAIL_STARTTLS, "EMAIL_PORT": 465}, today=TODAY)
    assert [f.finding.code for f in found] == ["SL102"]
    assert found[0].finding.severity is Severity.ERROR
    assert found[0].setting in ("EMAIL_PORT", "EMAIL_USE_TLS")
    assert "EMAIL_USE_SSL" in found[0].hint or "465" in found[0].hint


def test_live_settings_with_a_password_never_show_it() -> None:
    account_password = "Tr0ub4dor&3-secret"
    found = lint_settings({**GMAIL_STARTTLS, "EMAIL_HOST_PASSWORD": account_password})
    assert found, "an account password for Gmail is reported"
    for item in found:
        assert account_password not in item.finding.message + item.hint


def test_importing_smtplint_does_not_import_django() -> None:
    code = (
        "import sys, smtplint.api, smtplint.cli, smtplint.django.live\n"
        "assert 'django' not in sys.modules, 'django imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_live_mailers_are_checked_per_alias_without_showing_the_password() -> None:
    account_password = "Tr0ub4dor&3-secret"
    options = {
        "host": "smtp.gmail.com",
        "port": 465,
        "use_tls": True,
        "username": "jane.doe@gmail.com",
        "password": account_password,
        "timeout": 10,
    }
    found = lint_settings(
        {"MAILERS": {"default": {"OPTIONS": options}}, "DEFAULT_FROM_EMAIL": "jane.doe@gmail.com"},
        today=TODAY,
    )
    by_code = {item.finding.code: item for item in found}
    assert sorted(by_code) == ["SL102", "SL306"]
    assert by_code["SL102"].setting == "MAILERS['default']['OPTIONS']['use_tls']"
    for item in found:
        assert account_password not in item.finding.message + item.hint
