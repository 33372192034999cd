"""The Python settings source: Django and Flask modules read statically, end to end."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Mapping
from pathlib import Path, PurePath

import pytest

from smtplint.api import check_paths, check_text
from smtplint.model import (
    AuthMethod,
    Document,
    Finding,
    Secret,
    Security,
    Setting,
    SmtpConfig,
    Span,
    ValueKind,
)
from smtplint.sources import get_source, source_name_for
from smtplint.sources.python_source import SOURCE

DATA = Path(__file__).parent / "data" / "python"
SETTINGS = DATA / "cookiecutter" / "config" / "settings"
TODAY = dt.date(2026, 11, 28)


def read(path: Path, environment: Mapping[str, str] | None = None) -> Document:
    return SOURCE.read(path, path.read_text(encoding="utf-8"), environment)


def read_text(text: str, name: str = "settings.py") -> Document:
    return SOURCE.read(PurePath(name), text)


def only(document: Document) -> SmtpConfig:
    assert not document.errors, document.errors
    assert len(document.configs) == 1, [(c.name, c.variant) for c in document.configs]
    return document.configs[0]


def by_name(document: Document, name: str) -> SmtpConfig:
    found = [c for c in document.configs if c.name == name]
    assert len(found) == 1, [c.name for c in document.configs]
    return found[0]


def where(setting: Setting[object] | None) -> tuple[int, int] | None:
    assert setting is not None
    span = setting.origin.span
    return None if span is None else (span.line, span.column)


def check(text: str, *, environment: Mapping[str, str] | None = None) -> list[Finding]:
    return check_text(text, "settings.py", today=TODAY, environment=environment)


def codes_at(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(finding.code, finding.span.line) for finding in findings]


# --- the registry and cheap exits ----------------------------------------------------------------


def test_python_and_cfg_files_are_read_by_this_source() -> None:
    assert source_name_for(PurePath("config/settings/production.py")) == "python"
    assert source_name_for(PurePath("instance/mail.cfg")) == "python"
    assert get_source("python") is SOURCE


def test_a_module_without_mail_settings_is_not_parsed() -> None:
    # Invalid Python, but nothing in it is a mail setting: no error, no configuration.
    document = read_text("def broken(:\n    DATABASES = {}\n")
    assert document.configs == [] and document.errors == []


def test_a_syntax_error_is_sl001_at_its_line() -> None:
    text = 'EMAIL_HOST = "smtp.gmail.com"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True)\n'
    document = read_text(text)
    (error,) = document.errors
    assert error.span.line == 3
    assert error.message.startswith("invalid Python")
    assert codes_at(check(text)) == [("SL001", 3)]


def test_a_cfg_file_that_is_ini_is_quietly_skipped() -> None:
    document = read(DATA / "flask_instance" / "setup.cfg")
    assert document.configs == [] and document.errors == []


def test_nothing_is_ever_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    module = tmp_path / "settings.py"
    module.write_text(
        "import pathlib\n"
        f"pathlib.Path({str(marker)!r}).write_text('ran')\n"
        f"EMAIL_HOST = open({str(marker)!r}, 'w').write('ran') or 'smtp.gmail.com'\n"
        f"EMAIL_PORT = __import__('os').system('touch {marker}')\n"
        "class Config:\n"
        f"    MAIL_SERVER = exec(\"open({str(marker)!r}, 'w')\")\n"
        "from .payload import *\n",
        encoding="utf-8",
    )
    (tmp_path / "payload.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    read(module)
    check_paths([tmp_path], today=TODAY)
    assert not marker.exists()


# --- Django: the cookiecutter-django split --------------------------------------------------------


def test_production_settings_include_what_base_sets() -> None:
    config = only(read(SETTINGS / "production.py"))
    assert (config.name, config.family, config.variant) == ("EMAIL_", "django", None)
    assert config.timeout is not None and config.timeout.value == 5  # from base.py
    assert config.timeout.origin.span is None  # written in another file
    assert config.host is not None and config.host.value == "smtp.gmail.com"
    assert config.port is not None and config.port.value == 465
    assert config.port.kind is ValueKind.ENVIRONMENT
    assert config.port.origin.reference == "DJANGO_EMAIL_PORT"
    assert where(config.port) == (17, 51)  # the default=465 to edit
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert where(config.security) == (18, 58)
    assert config.sender is not None and config.sender.value == "Acme <noreply@acme-corp.io>"
    assert config.password is not None and config.password.kind is ValueKind.REFERENCE
    assert config.password.origin.reference == "DJANGO_EMAIL_HOST_PASSWORD"
    assert config.anchor == Span(9, 1, 9, 19)  # DEFAULT_FROM_EMAIL, the first mail setting
    assert config.ignored_keys == ()  # EMAIL_SUBJECT_PREFIX and SERVER_EMAIL are Django's


def test_production_settings_report_starttls_on_465_at_the_flag_default() -> None:
    path = SETTINGS / "production.py"
    findings = check_text(path.read_text(), str(path), today=TODAY)
    assert ("SL102", 18) in codes_at(findings)
    assert all(f.code in ("SL102", "SL002") for f in findings), codes_at(findings)


def test_local_settings_talk_to_the_mail_catcher_without_findings() -> None:
    path = SETTINGS / "local.py"
    config = only(read(path))
    assert config.host is not None and config.host.value == "mailpit"
    assert config.port is not None and config.port.value == 1025
    assert check_text(path.read_text(), str(path), today=TODAY) == []


def test_base_settings_alone_use_the_default_smtp_backend() -> None:
    config = only(read(SETTINGS / "base.py"))
    assert config.variant is None  # the READ_DOT_ENV_FILE branch changes nothing for mail
    assert config.host is not None and config.host.is_default
    assert config.port is not None and (config.port.value, config.port.kind) == (
        25, ValueKind.DEFAULT)
    assert config.sender is not None and config.sender.value == "webmaster@localhost"
    assert config.sends_over_smtp


def test_an_http_api_backend_is_not_checked_as_smtp() -> None:
    path = SETTINGS / "production_anymail.py"
    config = only(read(path))
    assert not config.sends_over_smtp
    assert check_text(path.read_text(), str(path), today=TODAY) == []


def test_imports_outside_the_project_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text('EMAIL_HOST = "smtp.evil.example"\n')
    project = tmp_path / "project"
    shutil.copytree(DATA / "cookiecutter", project)
    settings = project / "config" / "settings" / "staging.py"
    settings.write_text(
        "from ...outside import *  # noqa\nfrom .base import *  # noqa\nEMAIL_PORT = 587\n"
    )
    config = only(read(settings))
    assert config.host is not None and config.host.is_default  # not smtp.evil.example
    assert config.timeout is not None and config.timeout.value == 5  # base.py was read


def test_import_cycles_are_cut(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("from b import *\nEMAIL_HOST = 'smtp.gmail.com'\n")
    (tmp_path / "b.py").write_text("from a import *\nEMAIL_PORT = 587\n")
    config = only(read(tmp_path / "a.py"))
    assert config.port is not None and config.port.value == 587


# --- Django: other projects -------------------------------------------------------------------


def test_django_environ_email_url_with_vars_update() -> None:
    config = only(read(DATA / "environ_settings.py"))
    assert config.url is not None and config.url.key == "EMAIL_URL"
    assert config.url.kind is ValueKind.ENVIRONMENT
    assert config.host is not None and config.host.value == "smtp.gmail.com"
    assert config.host.origin.part == "host"
    assert config.port is not None and config.port.value == 465
    assert config.security is not None and config.security.value is Security.TLS
    assert config.security.raw == "smtp+ssl://"
    assert where(config.security) == (16, 14)  # the scheme inside the default URL
    assert config.username is not None and config.username.value == "alerts@acme-corp.io"
    assert config.password is not None and config.password.key == "EMAIL_HOST_PASSWORD"
    assert config.ignored_keys == ()
    assert check_text((DATA / "environ_settings.py").read_text(), "settings.py",
                      today=TODAY) == []


def test_the_email_url_is_read_from_the_environment_when_given() -> None:
    environment = {"EMAIL_URL": "smtps://alerts%40acme-corp.io:pw@smtp.gmail.com:465"}
    config = only(read(DATA / "environ_settings.py", environment))
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert config.port is not None and config.port.value == 465
    assert "pw" not in repr(config.url)
    assert len(config.ambiguities) == 1  # smtps:// means STARTTLS to django-environ


def test_python_decouple_project_and_its_string_boolean() -> None:
    config = only(read(DATA / "decouple_settings.py"))
    assert config.host is not None and config.host.value == "smtp.office365.com"
    assert config.port is not None and config.port.value == 587
    assert config.security is not None and config.security.value is Security.STARTTLS
    (flag,) = config.string_flags
    assert flag.setting.key == "EMAIL_USE_SSL"
    assert flag.setting.value is Security.NONE  # unset, the default False applies
    assert flag.expression == 'config("EMAIL_USE_SSL", default=False)'
    assert where(flag.setting) == (12, 49)


def test_a_string_boolean_set_to_false_in_the_environment_switches_the_flag_on() -> None:
    config = only(read(DATA / "decouple_settings.py", {"EMAIL_USE_SSL": "False"}))
    assert {f.key: f.value for f in config.security_flags} == {
        "EMAIL_USE_SSL": Security.TLS, "EMAIL_USE_TLS": Security.STARTTLS}
    text = (DATA / "decouple_settings.py").read_text()
    assert ("SL103", 12) in codes_at(check(text, environment={"EMAIL_USE_SSL": "False"}))


def test_conditional_settings_are_checked_per_branch_without_mixing() -> None:
    document = read(DATA / "conditional_settings.py")
    assert [c.variant for c in document.configs] == ["if DEBUG", "else"]
    debug, production = document.configs
    assert not debug.sends_over_smtp
    assert debug.port is not None and debug.port.value == 1025
    assert production.port is not None and production.port.value == 587
    assert production.host is not None and production.host.value == "smtp.gmail.com"
    assert [f.value for f in production.security_flags] == [Security.STARTTLS]
    # Port 1025 and EMAIL_USE_SSL of the debug branch never meet Gmail of the other.
    assert check_text((DATA / "conditional_settings.py").read_text(), "settings.py",
                      today=TODAY) == []


def test_mixing_branches_would_be_a_false_finding() -> None:
    text = (
        'EMAIL_HOST = "smtp.gmail.com"\n'
        'EMAIL_HOST_USER = "jane.doe@gmail.com"\n'
        'EMAIL_HOST_PASSWORD = ""\n'
        'DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"\n'
        "EMAIL_TIMEOUT = 10\n"
        "if USE_SSL:\n"
        "    EMAIL_PORT = 465\n"
        "    EMAIL_USE_SSL = True\n"
        "else:\n"
        "    EMAIL_PORT = 587\n"
        "    EMAIL_USE_TLS = True\n"
    )
    codes = {finding.code for finding in check(text)}
    assert not codes & {"SL101", "SL102", "SL103"}


def test_django_6_1_mailers_one_configuration_per_alias() -> None:
    document = read(DATA / "mailers_settings.py")
    assert [c.name for c in document.configs] == [
        "MAILERS['default']", "MAILERS['notifications']", "MAILERS['development']"]
    default = by_name(document, "MAILERS['default']")
    assert default.port is not None and (default.port.value, default.port.kind) == (
        465, ValueKind.DEFAULT)  # MAILERS: use_ssl without a port means 465
    assert default.port.key == "MAILERS['default']['OPTIONS']['port']"
    assert default.security is not None and default.security.value is Security.TLS
    assert default.username is not None and default.username.value == "jane.doe@gmail.com"
    assert default.sender is not None and default.sender.value == "jane.doe@gmail.com"
    assert default.startup_errors == ()
    notifications = by_name(document, "MAILERS['notifications']")
    assert where(notifications.security) == (20, 24)
    assert not by_name(document, "MAILERS['development']").sends_over_smtp
    findings = check_text((DATA / "mailers_settings.py").read_text(), "settings.py", today=TODAY)
    assert codes_at(findings) == [("SL102", 20)]


def test_mailers_beside_deprecated_settings_is_a_startup_error() -> None:
    text = (
        'MAILERS = {"default": {"OPTIONS": {"host": "smtp.gmail.com", "use_tls": True}}}\n'
        'EMAIL_HOST = "smtp.gmail.com"\n'
        "EMAIL_USE_TLS = True\n"
        'DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"\n'
    )
    config = only(read_text(text))
    (error,) = config.startup_errors
    assert error.message == (
        "Deprecated email settings are not allowed when MAILERS is defined: "
        "EMAIL_HOST, EMAIL_USE_TLS."
    )
    assert error.span == Span(1, 1, 1, 8)
    assert error.keys == ("MAILERS", "EMAIL_HOST", "EMAIL_USE_TLS")
    assert config.port is not None and config.port.value == 587


def test_mailers_alias_errors_are_the_ones_django_raises() -> None:
    text = (
        "MAILERS = {\n"
        '    "default": {"OPTIONS": {"port": 587, "use_tls": True, "use_ssl": True}},\n'
        '    "bulk": {"OPTIONS": {"host": "smtp.gmail.com", "user": "jane"}},\n'
        "}\n"
    )
    document = read_text(text)
    default, bulk = document.configs
    assert [e.message for e in default.startup_errors] == [
        "MAILERS['default']: OPTIONS must define 'host'.",
        "MAILERS['default']: The 'use_ssl' and 'use_tls' OPTIONS are incompatible. Set at "
        "most one of them to True.",
    ]
    assert default.security is not None and default.security.value is None
    assert default.security_flags == ()  # refused: neither mode is ever used
    assert not default.sends_over_smtp
    assert [e.message for e in bulk.startup_errors] == ["MAILERS['bulk']: Unknown options 'user'."]
    assert bulk.startup_errors[0].span == Span(3, 52, 3, 58)


def test_legacy_defaults_keep_port_25_even_with_ssl() -> None:
    config = only(read_text('EMAIL_HOST = "smtp.gmail.com"\nEMAIL_USE_SSL = True\n'))
    assert config.port is not None and (config.port.value, config.port.kind) == (
        25, ValueKind.DEFAULT)
    assert config.timeout is not None and config.timeout.is_default
    assert config.timeout.value is None
    assert config.sender is not None and config.sender.value == "webmaster@localhost"
    assert config.auth is not None and config.auth.value is AuthMethod.NONE


def test_both_flags_on_the_legacy_path_keep_both_flags() -> None:
    text = 'EMAIL_HOST = "smtp.gmail.com"\nEMAIL_USE_TLS = True\nEMAIL_USE_SSL = True\n'
    config = only(read_text(text))
    assert [f.key for f in config.security_flags] == ["EMAIL_USE_SSL", "EMAIL_USE_TLS"]
    assert "EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive" in config.interpretation


def test_ssl_email_backend_always_uses_implicit_tls() -> None:
    text = gmail(465, "EMAIL_USE_TLS = True").replace(
        "import os\n", 'import os\nEMAIL_BACKEND = "django_smtp_ssl.SSLEmailBackend"\n'
    )
    config = only(read_text(text))
    assert config.security is not None and config.security.value is Security.TLS
    assert config.security.key == "EMAIL_BACKEND"
    (ignored,) = config.ignored_keys
    assert (ignored.key, ignored.span, ignored.replacement) == (
        "EMAIL_USE_TLS", Span(6, 1, 6, 14), None)
    # No STARTTLS on 465 (SL102): the backend ignores the flag, which is only misleading.
    assert codes_at(check(text)) == [("SL604", 6)]


def test_celery_email_backend_sends_through_the_wrapped_backend() -> None:
    wrapped = 'EMAIL_BACKEND = "djcelery_email.backends.CeleryEmailBackend"\nEMAIL_PORT = 587\n'
    assert only(read_text(wrapped)).sends_over_smtp
    console = wrapped + (
        'CELERY_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"\n'
    )
    assert not only(read_text(console)).sends_over_smtp


@pytest.mark.parametrize(
    ("written", "intended"),
    [
        ("EMAIL_USE_TSL", "EMAIL_USE_TLS"),
        ("EMAIL_USE_STARTTLS", "EMAIL_USE_TLS"),
        ("EMAIL_HOST_USERNAME", "EMAIL_HOST_USER"),
        ("email_port", "EMAIL_PORT"),
    ],
)
def test_names_django_ignores_are_reported_with_the_intended_name(
    written: str, intended: str
) -> None:
    text = f'EMAIL_HOST = "smtp.gmail.com"\n{written} = 587\n'
    (ignored,) = only(read_text(text)).ignored_keys
    assert (ignored.key, ignored.replacement) == (written, intended)
    assert ignored.span == Span(2, 1, 2, 1 + len(written))


def test_real_settings_and_other_apps_settings_are_not_reported() -> None:
    text = (
        'EMAIL_HOST = "smtp.gmail.com"\n'
        'EMAIL_SUBJECT_PREFIX = "[Acme] "\n'
        "EMAIL_USE_LOCALTIME = True\n"
        'EMAIL_FILE_PATH = "/tmp/mail"\n'
        'EMAIL_SSL_CERTFILE = "/etc/ssl/client.pem"\n'
        'ACCOUNT_EMAIL_VERIFICATION = "mandatory"\n'
        "EMAIL_VERIFICATION = True\n"
        'SERVER_EMAIL = "root@acme-corp.io"\n'
    )
    assert only(read_text(text)).ignored_keys == ()


def test_a_module_with_no_django_email_setting_is_not_django() -> None:
    text = 'ACCOUNT_EMAIL_VERIFICATION = "mandatory"\nclass Settings:\n    EMAIL_HOST = "x"\n'
    assert read_text(text).configs == []


# --- Flask ------------------------------------------------------------------------------------


def test_flask_config_classes_inherit_and_the_base_is_not_reported() -> None:
    document = read(DATA / "flask_config.py")
    assert [c.name for c in document.configs] == [
        "DevelopmentConfig", "ProductionConfig", "TestingConfig"]
    production = by_name(document, "ProductionConfig")
    assert production.family == "flask"
    assert production.interpretation.startswith("Flask-Mail:")
    assert production.host is not None and production.host.value == "smtp.gmail.com"
    assert production.port is not None and production.port.value == 587
    assert where(production.port) == (11, 49)  # the "587" default inside int(...)
    assert production.sender is not None
    assert production.sender.value == "Flasky Admin <flasky.admin@gmail.com>"
    (flag,) = production.string_flags
    assert (flag.setting.key, flag.expression) == (
        "MAIL_USE_SSL", 'os.environ.get("MAIL_USE_SSL", False)')
    assert by_name(document, "DevelopmentConfig").string_flags == ()
    assert not by_name(document, "TestingConfig").sends_over_smtp  # TESTING suppresses mail
    assert production.verify_tls is None
    assert "checks no server certificate" in production.interpretation


def test_flask_config_classes_end_to_end() -> None:
    findings = check_text((DATA / "flask_config.py").read_text(), "config.py", today=TODAY)
    # Flask-Mail has no timeout (SL601, once for both classes) and the string boolean.
    assert codes_at(findings) == [("SL601", 10), ("SL602", 31)]


def test_a_base_class_named_elsewhere_is_reported_too() -> None:
    text = (
        "class Config:\n"
        '    MAIL_SERVER = "smtp.gmail.com"\n'
        "class Dev(Config):\n"
        "    DEBUG = True\n"
        "app.config.from_object(Config)\n"
    )
    names = [c.name for c in read_text(text).configs]
    assert "Config" in names and "Dev" in names


def test_flask_app_config_assignments_and_update() -> None:
    config = only(read(DATA / "flask_app.py"))
    assert config.name == "app.config"
    assert config.anchor == Span(10, 1, 10, 26)
    assert config.port is not None and where(config.port) == (11, 27)
    assert config.security is not None and config.security.value is Security.TLS
    assert config.username is not None and config.username.key == "MAIL_USERNAME"
    assert config.sender is not None and config.sender.value == "Jane Doe <jane.doe@gmail.com>"
    assert config.password is not None and isinstance(config.password.value, Secret)
    findings = check_text((DATA / "flask_app.py").read_text(), "app.py", today=TODAY)
    assert codes_at(findings) == [("SL601", 10)]


def test_flask_mailman_factory_with_both_flags() -> None:
    config = only(read(DATA / "flask_factory.py"))
    assert config.name == "app.config in create_app()"
    assert config.interpretation.startswith("Flask-Mailman")
    assert config.timeout is not None and config.timeout.value == 10
    assert {f.key for f in config.security_flags} == {"MAIL_USE_TLS", "MAIL_USE_SSL"}
    findings = check_text((DATA / "flask_factory.py").read_text(), "app.py", today=TODAY)
    assert codes_at(findings) == [("SL103", 18)]


def test_a_cfg_file_in_python_syntax() -> None:
    path = DATA / "flask_instance" / "mail.cfg"
    config = only(read(path))
    assert config.name == "MAIL_"
    findings = check_text(path.read_text(), "mail.cfg", today=TODAY)
    assert ("SL101", 6) in codes_at(findings)
    assert {f.code for f in findings} == {"SL101", "SL601"}


def test_flask_keys_nobody_reads() -> None:
    text = (
        "class Config:\n"
        '    MAIL_HOST = "smtp.gmail.com"\n'
        "    MAIL_USE_TSL = True\n"
        "    mail_port = 587\n"
        "    MAIL_DEBUG = False\n"
    )
    ignored = only(read_text(text, "config.py")).ignored_keys
    assert [(i.key, i.replacement) for i in ignored] == [
        ("MAIL_HOST", "MAIL_SERVER"), ("MAIL_USE_TSL", "MAIL_USE_TLS"),
        ("mail_port", "MAIL_PORT")]


def test_a_stray_trailing_comma_makes_a_true_flag() -> None:
    text = 'MAIL_SERVER = "smtp.gmail.com"\nMAIL_PORT = 465\nMAIL_USE_SSL = False,\n'
    config = only(read_text(text, "config.py"))
    (flag,) = config.string_flags
    assert flag.expression == "False,"
    assert config.security is not None and config.security.value is Security.TLS


# --- the classic mistakes, end to end ------------------------------------------------------------

GMAIL = (
    "import os\n"
    "\n"
    'EMAIL_HOST = "smtp.gmail.com"\n'
    "EMAIL_PORT = {port}\n"
    "{flags}\n"
    'EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "jane.doe@gmail.com")\n'
    'EMAIL_HOST_PASSWORD = os.environ.get("GMAIL_APP_PASSWORD", "")\n'
    'DEFAULT_FROM_EMAIL = "Jane Doe <jane.doe@gmail.com>"\n'
    "EMAIL_TIMEOUT = 10\n"
)


def gmail(port: int = 587, flags: str = "EMAIL_USE_TLS = True") -> str:
    return GMAIL.format(port=port, flags=flags)


def test_a_correct_settings_module_has_no_findings() -> None:
    assert check(gmail()) == []
    assert check(gmail(465, "EMAIL_USE_SSL = True")) == []


def test_starttls_flag_on_465() -> None:
    assert codes_at(check(gmail(465, "EMAIL_USE_TLS = True"))) == [("SL102", 5)]


def test_ssl_flag_on_587() -> None:
    assert codes_at(check(gmail(587, "EMAIL_USE_SSL = True"))) == [("SL101", 5)]


def test_both_flags_on() -> None:
    findings = check(gmail(587, "EMAIL_USE_TLS = True\nEMAIL_USE_SSL = True"))
    assert codes_at(findings) == [("SL103", 6)]


def test_gmail_without_a_user() -> None:
    text = gmail().replace(
        'EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "jane.doe@gmail.com")\n', "")
    assert codes_at(check(text)) == [("SL301", 3)]


def test_placeholder_sender() -> None:
    text = gmail().replace("Jane Doe <jane.doe@gmail.com>", "noreply@example.com")
    assert codes_at(check(text)) == [("SL403", 8)]


def test_sender_left_to_djangos_default() -> None:
    text = gmail().replace('DEFAULT_FROM_EMAIL = "Jane Doe <jane.doe@gmail.com>"\n', "")
    assert codes_at(check(text)) == [("SL401", 3)]


def test_no_timeout() -> None:
    assert codes_at(check(gmail().replace("EMAIL_TIMEOUT = 10\n", ""))) == [("SL601", 3)]


@pytest.mark.parametrize(
    "flag",
    [
        'EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", False)',
        'EMAIL_USE_TLS = bool(os.getenv("EMAIL_USE_TLS"))',
        'EMAIL_USE_TLS = os.getenv("EMAIL_USE_TLS", "True")',
    ],
)
def test_string_booleans_are_recorded_with_their_expression(flag: str) -> None:
    config = only(read_text(gmail(587, flag)))
    (string_flag,) = config.string_flags
    assert string_flag.setting.key == "EMAIL_USE_TLS"
    assert string_flag.expression == flag.split(" = ", 1)[1]
    assert string_flag.setting.origin.span is not None
    assert string_flag.setting.origin.span.line == 5


def test_a_cast_flag_is_not_a_string_boolean() -> None:
    flag = 'EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "True") == "True"'
    config = only(read_text(gmail(587, flag)))
    assert config.string_flags == ()
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert check(gmail(587, flag)) == []


def test_an_unresolved_value_is_recorded_with_its_variable() -> None:
    text = gmail().replace('EMAIL_HOST = "smtp.gmail.com"', 'EMAIL_HOST = os.environ["SMTP_HOST"]')
    config = only(read_text(text))
    assert config.host is not None and config.host.kind is ValueKind.UNRESOLVED
    assert (config.host.origin.reference, config.host.raw) == (
        "SMTP_HOST", 'os.environ["SMTP_HOST"]')
    assert where(config.host) == (3, 14)
    backend = 'import os\nEMAIL_BACKEND = os.environ["EMAIL_BACKEND"]\n'
    unresolved = only(read_text(backend + gmail())).unresolved
    assert [(s.key, s.origin.reference) for s in unresolved] == [("EMAIL_BACKEND",
                                                                  "EMAIL_BACKEND")]


def test_the_environment_resolves_settings_for_the_check() -> None:
    flags = (
        'EMAIL_USE_TLS = os.environ.get("EMAIL_USE_SSL", "") != "1"\n'
        'EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "") == "1"'
    )
    text = gmail(587, flags)
    assert check(text) == []
    resolved = check(text, environment={"EMAIL_USE_SSL": "1"})
    assert codes_at(resolved) == [("SL101", 6)]
    assert "EMAIL_USE_SSL=True" in resolved[0].message


def test_no_password_text_anywhere_but_in_the_secret() -> None:
    password = "Tr0ub4dor-and-3"
    text = (
        'EMAIL_HOST = "smtp.gmail.com"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\n'
        f'EMAIL_HOST_USER = "jane.doe@gmail.com"\nEMAIL_HOST_PASSWORD = "{password}"\n'
        'MAILERS_NOT = 1\nclass Config:\n'
        f'    MAIL_SERVER = "smtp.gmail.com"\n    MAIL_PASSWORD = "{password}"\n'
    )
    document = read_text(text)
    assert len(document.configs) == 2
    for config in document.configs:
        assert config.password is not None and config.password.value == Secret(password)
        assert config.password.raw == "********"
        assert password not in repr(config) + config.interpretation
    for finding in check_text(text, "settings.py", today=TODAY, git_tracked=True):
        assert password not in finding.message


def test_mail_names_of_a_django_project_are_not_a_flask_configuration() -> None:
    text = (
        'EMAIL_HOST = "smtp.gmail.com"\n'
        'MAIL_SUBJECT_PREFIX = "[Acme]"\n'
        'MAIL_ADMINS = ["ops@acme-corp.io"]\n'
        'MAIL_DEFAULT_SENDER = "ops@acme-corp.io"\n'
    )
    assert [c.family for c in read_text(text).configs] == ["django"]
    assert read_text('MAIL_DEBUG = True\nMAIL_SUBJECT = "x"\n', "config.py").configs == []


def test_try_bodies_and_named_imports_are_followed(tmp_path: Path) -> None:
    (tmp_path / "common.py").write_text('SMTP_SERVER = "smtp.gmail.com"\nEMAIL_PORT = 465\n')
    settings = tmp_path / "settings.py"
    settings.write_text(
        "from common import SMTP_SERVER as SERVER, EMAIL_PORT\n"
        "EMAIL_HOST = SERVER\n"
        "EMAIL_USE_SSL = True\n"
        "try:\n"
        "    from local_settings import *  # noqa\n"
        "except ImportError:\n"
        "    EMAIL_PORT = 25\n"
    )
    config = only(read(settings))
    assert config.host is not None and config.host.value == "smtp.gmail.com"
    assert where(config.host) == (2, 14)
    assert config.port is not None and config.port.value == 465
    assert config.port.origin.span is None  # written in common.py


def test_a_large_settings_module_is_read_quickly() -> None:
    lines = [f'SETTING_{i} = {{"name": "value {i}", "items": [{i}, {i + 1}]}}' for i in range(4000)]
    lines += [f"if FLAG_{i}:\n    OTHER_{i} = {i}" for i in range(200)]
    text = "\n".join(lines) + '\nEMAIL_HOST = "smtp.gmail.com"\nEMAIL_PORT = 587\n'
    started = time.perf_counter()
    config = only(read_text(text))
    assert time.perf_counter() - started < 2.0
    assert config.port is not None and config.port.value == 587


def test_pathological_nesting_is_an_error_not_a_crash() -> None:
    text = "EMAIL_HOST = " + "(" * 5000 + '"x"' + ")" * 5000 + "\n"
    document = read_text(text)
    assert document.configs == [] and len(document.errors) == 1


def test_a_name_imported_from_a_module_not_read_is_unresolved() -> None:
    text = (
        "from mycompany.mail import SMTP_PORT\n"
        'EMAIL_HOST = "smtp.gmail.com"\n'
        "EMAIL_PORT = SMTP_PORT\n"
    )
    config = only(read_text(text))
    assert config.port is not None and config.port.kind is ValueKind.UNRESOLVED
    assert (config.port.value, config.port.raw, where(config.port)) == (None, "SMTP_PORT", (3, 14))
    assert "SL107" not in {finding.code for finding in check(text)}


def test_an_absolute_import_of_the_project_package_is_followed(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(DATA / "cookiecutter", project)
    settings = project / "config" / "settings" / "staging.py"
    settings.write_text("from config.settings.base import *  # noqa\nEMAIL_PORT = 587\n")
    config = only(read(settings))
    assert config.timeout is not None and config.timeout.value == 5


def test_dj_email_url_config_end_to_end() -> None:
    text = (
        "import os\n"
        "import dj_email_url\n"
        "email_config = dj_email_url.config(\n"
        '    default="smtp://jane.doe%40gmail.com@smtp.gmail.com:465?ssl=True&timeout=10",\n'
        ")\n"
        "vars().update(email_config)\n"
        'EMAIL_HOST_PASSWORD = os.environ.get("GMAIL_APP_PASSWORD", "")\n'
        'DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"\n'
    )
    config = only(read_text(text))
    assert "dj-email-url" in config.interpretation
    assert config.security is not None and config.security.value is Security.TLS
    assert config.security.raw == "EMAIL_URL ?ssl="
    assert config.timeout is not None and config.timeout.value == 10
    assert config.username is not None and where(config.username) == (4, 21)
    assert check(text) == []


def test_misspelled_settings_are_reported_beside_mailers() -> None:
    text = (
        "MAILERS = {'default': {'OPTIONS': {'host': 'smtp.gmail.com', 'port': 465,\n"
        "                                   'use_ssl': True, 'timeout': 10}}}\n"
        "EMAIL_USE_TSL = True\n"
        "email_port = 587\n"
        "DEFAULT_FROM_EMAIL = 'alerts@gmail.com'\n"
    )
    findings = check_text(text, "settings.py", select=("SL604",), today=TODAY)
    assert [(f.code, f.span.line) for f in findings] == [("SL604", 3), ("SL604", 4)]


def test_user_code_warnings_are_not_printed() -> None:
    import warnings

    text = 'EMAIL_HOST = "smtp.gmail.com"\nPATTERN = "\\d+"\nEMAIL_PORT = 465\n'
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_text(text, "settings.py", today=TODAY)
    assert [str(w.message) for w in caught] == []
