"""The env-file source: python-dotenv syntax, spans, interpolation and key families."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from smtplint.model import (
    AuthMethod,
    Document,
    Security,
    Setting,
    SmtpConfig,
    Span,
    ValueKind,
)
from smtplint.records import fields
from smtplint.sources import get_source
from smtplint.sources.env_source import SOURCE, parse_env, project_hints
from smtplint.sources.smtp_url import DJ_EMAIL_URL, DJANGO_ENVIRON
from smtplint.sources.values import (
    common_env_flag,
    django_environ_bool,
    laravel_env,
    node_env_flag,
    parse_port,
    parse_seconds,
)

DATA = Path(__file__).parent / "data" / "env"

# Every password written in the fixtures; none may ever appear in the model.
FIXTURE_PASSWORDS = (
    "laravel-example-password",
    "django-example-password",
    "node-example-password",
    "p@ss:word",
    "p%40ss:word",
    "flask-example-password",
    "worker-example-password",
    "admin-example-password",
    "unterminated-example-password",
)


def read_fixture(name: str) -> Document:
    with open(DATA / name, encoding="utf-8", newline="") as handle:  # keep CRLF as written
        text = handle.read()
    return SOURCE.read(DATA / name, text)


def read_text(text: str, path: Path = Path("/nonexistent/project/.env")) -> Document:
    return SOURCE.read(path, text)


def only_config(document: Document) -> SmtpConfig:
    assert len(document.configs) == 1, document.configs
    return document.configs[0]


def config_of(text: str) -> SmtpConfig:
    return only_config(read_text(text))


def span(setting: Setting[object] | Setting[int] | Setting[str] | None) -> Span | None:
    assert setting is not None
    return setting.origin.span


def line_of(setting: object) -> int:
    assert isinstance(setting, Setting)
    assert setting.origin.span is not None
    return setting.origin.span.line


# --- the source registry -------------------------------------------------------------------------


def test_the_env_source_is_found_by_name() -> None:
    assert get_source("env") is SOURCE


# --- Laravel ----------------------------------------------------------------------------------


def test_laravel_skeleton_example() -> None:
    config = only_config(read_fixture("laravel.env.example"))
    assert (config.family, config.name) == ("laravel", "MAIL_")
    assert config.anchor == Span(36, 1, 36, 12)  # MAIL_MAILER
    assert not config.sends_over_smtp  # MAIL_MAILER=log
    assert "MAIL_MAILER=log" in config.interpretation
    assert "current semantics" in config.interpretation
    assert config.host is not None and config.host.value == "127.0.0.1"
    assert span(config.host) == Span(38, 1, 38, 20)
    assert config.port is not None and (config.port.value, config.port.kind) == (
        2525, ValueKind.LITERAL)
    # MAIL_SCHEME=null: unset, so the port decides; the setting points at the null line
    assert config.security is not None
    assert (config.security.value, config.security.kind) == (
        Security.OPPORTUNISTIC, ValueKind.DEFAULT)
    assert span(config.security) == Span(37, 1, 37, 17)
    assert config.security_flags == ()
    # MAIL_USERNAME=null / MAIL_PASSWORD=null are unset
    assert config.username is None and config.password is None
    assert config.auth is not None and config.auth.value is AuthMethod.NONE
    assert config.sender is not None and config.sender.value == "hello@example.com"
    assert config.timeout is not None and (config.timeout.value, config.timeout.kind) == (
        60.0, ValueKind.DEFAULT)
    assert config.ignored_keys == ()


def test_laravel_production_file_with_ignored_mail_encryption() -> None:
    config = only_config(read_fixture("laravel-production.env"))
    assert config.sends_over_smtp
    assert config.port is not None and config.port.value == 587
    assert config.security is not None and config.security.value is Security.OPPORTUNISTIC
    assert config.interpretation == (
        "Laravel ≥ 11.35 (no composer.lock: current semantics) / Symfony Mailer: "
        "MAIL_SCHEME unset and port 587 ⇒ smtp:// with STARTTLS if offered"
    )
    assert config.username is not None and config.username.value == "billing@example.com"
    assert config.password is not None and config.password.value is not None
    assert config.password.value.reveal() == "laravel-example-password"
    assert config.password.raw == "********"
    assert span(config.password) == Span(10, 1, 10, 41)
    assert config.auth is not None and config.auth.value is AuthMethod.PASSWORD
    [ignored] = config.ignored_keys
    assert (ignored.key, ignored.replacement, ignored.span) == (
        "MAIL_ENCRYPTION", "MAIL_SCHEME", Span(12, 1, 12, 16))


def test_laravel_scheme_smtps_is_implicit_tls() -> None:
    config = config_of("MAIL_MAILER=smtp\nMAIL_SCHEME=smtps\nMAIL_HOST=h\nMAIL_PORT=587\n")
    assert config.security is not None and config.security.value is Security.TLS
    assert [f.key for f in config.security_flags] == ["MAIL_SCHEME"]


def test_laravel_port_465_without_scheme_is_implicit_tls() -> None:
    config = config_of("MAIL_MAILER=smtp\nMAIL_HOST=h\nMAIL_PORT=465\n")
    assert config.security is not None
    assert (config.security.value, config.security.kind) == (Security.TLS, ValueKind.DEFAULT)
    assert "smtps://" in config.interpretation


@pytest.mark.parametrize("scheme", ["tls", "ssl", "starttls"])
def test_laravel_invalid_scheme_leaves_security_unknown(scheme: str) -> None:
    config = config_of(f"MAIL_MAILER=smtp\nMAIL_SCHEME={scheme}\nMAIL_HOST=h\nMAIL_PORT=587\n")
    assert config.security is not None
    assert (config.security.value, config.security.raw, config.security.key) == (
        None, scheme, "MAIL_SCHEME")
    assert "not a scheme Symfony Mailer accepts" in config.interpretation


def test_laravel_null_port_falls_back_to_the_config_default_at_that_line() -> None:
    config = config_of("MAIL_MAILER=smtp\nMAIL_HOST=h\nMAIL_PORT=(null)\n")
    assert config.port is not None
    assert (config.port.value, config.port.kind, span(config.port)) == (
        2525, ValueKind.DEFAULT, Span(3, 1, 3, 17))


def test_laravel_mailer_unset_means_log() -> None:
    config = config_of("MAIL_HOST=smtp.example.com\nMAIL_PORT=587\n")
    assert not config.sends_over_smtp
    assert "MAIL_MAILER not set" in config.interpretation


@pytest.mark.parametrize(
    ("mailer", "sends"), [("smtp", True), ("ses", False), ("postmark", False), ("log", False)]
)
def test_laravel_mailer_decides_whether_smtp_is_used(mailer: str, sends: bool) -> None:
    assert config_of(f"MAIL_MAILER={mailer}\nMAIL_HOST=h\n").sends_over_smtp is sends


def test_laravel_lone_mail_driver_is_read_as_the_mailer() -> None:
    config = config_of("MAIL_DRIVER=smtp\nMAIL_HOST=smtp.mailtrap.io\nMAIL_PORT=2525\n")
    assert config.sends_over_smtp
    assert config.ignored_keys == ()
    assert "MAIL_DRIVER" in config.interpretation


def test_laravel_mail_driver_beside_mail_mailer_is_ignored() -> None:
    config = config_of("MAIL_MAILER=smtp\nMAIL_DRIVER=smtp\nMAIL_HOST=h\n")
    assert [(k.key, k.replacement) for k in config.ignored_keys] == [
        ("MAIL_DRIVER", "MAIL_MAILER")]


def test_laravel_mail_url_parts_win_over_the_separate_keys() -> None:
    text = (
        "MAIL_MAILER=smtp\n"
        "MAIL_URL=smtps://apikey:url-example-password@smtp.example.com:465\n"
        "MAIL_HOST=ignored.example.com\n"
    )
    config = config_of(text)
    assert config.host is not None and config.host.value == "smtp.example.com"
    assert config.host.key == "MAIL_URL"
    assert span(config.host) == Span(2, 46, 2, 62)
    assert config.security is not None and config.security.value is Security.TLS
    assert config.url is not None
    assert config.url.value == "smtps://apikey:****@smtp.example.com:465"
    assert config.ambiguities == ()  # Laravel and Symfony agree: smtps is implicit TLS


def _write_composer_lock(folder: Path, version: str) -> None:
    lock = {"packages": [{"name": "symfony/mailer", "version": "v7.2.0"},
                         {"name": "laravel/framework", "version": version}]}
    (folder / "composer.lock").write_text(json.dumps(lock), encoding="utf-8")


def test_laravel_version_is_read_from_composer_lock(tmp_path: Path) -> None:
    _write_composer_lock(tmp_path, "v10.48.29")
    assert project_hints(tmp_path / ".env").laravel_version == (10, 48, 29)
    config = only_config(read_text(
        "MAIL_MAILER=smtp\nMAIL_HOST=h\nMAIL_ENCRYPTION=tls\n", tmp_path / ".env"))
    assert config.interpretation.startswith("Laravel 10.48.29 / Symfony Mailer")
    assert config.ignored_keys == ()  # framework < 11.35 still reads MAIL_ENCRYPTION=tls
    assert config.port is not None and config.port.value == 587  # the 10.x config default


def test_old_laravel_ignores_mail_encryption_other_than_tls(tmp_path: Path) -> None:
    _write_composer_lock(tmp_path, "v11.20.0")
    config = only_config(read_text(
        "MAIL_MAILER=smtp\nMAIL_HOST=h\nMAIL_ENCRYPTION=ssl\n", tmp_path / ".env"))
    [ignored] = config.ignored_keys
    assert "< 11.35" in ignored.reason


def test_new_laravel_from_composer_lock_ignores_mail_encryption(tmp_path: Path) -> None:
    _write_composer_lock(tmp_path, "v12.3.0")
    config = only_config(read_text(
        "MAIL_MAILER=smtp\nMAIL_HOST=h\nMAIL_ENCRYPTION=tls\n", tmp_path / ".env"))
    assert [k.key for k in config.ignored_keys] == ["MAIL_ENCRYPTION"]


def test_unreadable_composer_lock_is_no_hint(tmp_path: Path) -> None:
    (tmp_path / "composer.lock").write_text("{not json", encoding="utf-8")
    assert project_hints(tmp_path / ".env").laravel_version is None


# --- Django -------------------------------------------------------------------------------


def test_django_env_file() -> None:
    config = only_config(read_fixture("django.env"))
    assert (config.family, config.name) == ("django", "EMAIL_")
    assert config.anchor == Span(8, 8, 8, 18)  # after "export "
    assert config.host is not None and config.host.value == "smtp.example.com"
    assert span(config.host) == Span(8, 8, 8, 35)
    assert config.port is not None and (config.port.value, span(config.port)) == (
        587, Span(9, 1, 9, 15))
    # the trailing comment is not part of the binding's span
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert span(config.security) == Span(10, 1, 10, 19)
    assert [(f.key, f.value) for f in config.security_flags] == [
        ("EMAIL_USE_TLS", Security.STARTTLS)]
    assert config.sender is not None
    assert config.sender.value == "Example Site <noreply@example.com>"
    assert span(config.sender) == Span(13, 1, 13, 56)
    assert config.timeout is not None
    assert (config.timeout.value, config.timeout.kind) == (None, ValueKind.DEFAULT)
    assert config.auth is not None and config.auth.value is AuthMethod.PASSWORD
    assert "django-environ" in config.interpretation
    [ignored] = config.ignored_keys
    assert (ignored.key, ignored.replacement) == ("EMAIL_USE_TSL", "EMAIL_USE_TLS")


def test_django_defaults() -> None:
    config = config_of("EMAIL_HOST=smtp.example.com\nEMAIL_HOST_USER=u\n")
    assert config.port is not None and (config.port.value, config.port.kind) == (
        25, ValueKind.DEFAULT)
    assert config.security is not None and config.security.value is Security.NONE
    assert config.sender is not None and (config.sender.value, config.sender.kind) == (
        "webmaster@localhost", ValueKind.DEFAULT)
    assert config.auth is not None and config.auth.value is AuthMethod.NONE


def test_django_both_flags() -> None:
    config = config_of("EMAIL_HOST=h\nEMAIL_PORT=465\nEMAIL_USE_TLS=True\nEMAIL_USE_SSL=True\n")
    assert config.security is not None and config.security.value is Security.TLS
    assert {f.key: f.value for f in config.security_flags} == {
        "EMAIL_USE_TLS": Security.STARTTLS, "EMAIL_USE_SSL": Security.TLS}
    assert "ValueError" in config.interpretation


def test_django_false_flag_is_the_security_origin() -> None:
    config = config_of("EMAIL_HOST=h\nEMAIL_USE_TLS=False\n")
    assert config.security is not None
    assert (config.security.value, config.security.key, config.security.kind) == (
        Security.NONE, "EMAIL_USE_TLS", ValueKind.LITERAL)
    assert config.security_flags == ()


@pytest.mark.parametrize(
    ("backend", "sends"),
    [
        ("django.core.mail.backends.smtp.EmailBackend", True),
        ("django.core.mail.backends.console.EmailBackend", False),
        ("anymail.backends.mailgun.EmailBackend", False),
    ],
)
def test_django_backend(backend: str, sends: bool) -> None:
    assert config_of(f"EMAIL_BACKEND={backend}\nEMAIL_HOST=h\n").sends_over_smtp is sends


def test_django_user_spelled_the_node_way_is_reported() -> None:
    config = config_of("EMAIL_HOST=h\nEMAIL_USE_TLS=True\nEMAIL_USER=u\n")
    assert [(k.key, k.replacement) for k in config.ignored_keys] == [
        ("EMAIL_USER", "EMAIL_HOST_USER")]
    assert config.username is None


def test_prefixed_group_reads_either_spelling() -> None:
    text = (
        "SENTRY_EMAIL_HOST=smtp.example.com\nSENTRY_EMAIL_USER=sentry\n"
        "SENTRY_EMAIL_PASSWORD=${SENTRY_SMTP_SECRET}\nSENTRY_EMAIL_USE_TLS=true\n"
        "SENTRY_SERVER_EMAIL=sentry@example.com\n"
    )
    config = config_of(text)
    assert (config.family, config.name) == ("django", "SENTRY_EMAIL_")
    assert config.username is not None and config.username.key == "SENTRY_EMAIL_USER"
    assert config.password is not None
    assert (config.password.kind, config.password.origin.reference) == (
        ValueKind.REFERENCE, "SENTRY_SMTP_SECRET")
    assert config.auth is not None and config.auth.value is AuthMethod.PASSWORD
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert config.ignored_keys == ()


# --- EMAIL_URL ------------------------------------------------------------------------------


def test_email_url_file() -> None:
    config = only_config(read_fixture("email-url.env"))
    assert config.family == "django"
    assert config.url is not None and config.url.key == "EMAIL_URL"
    assert config.url.value == "smtp+ssl://user%40example.com:****@smtp.example.com:465"
    assert config.url.raw == config.url.value
    assert config.username is not None and config.username.value == "user@example.com"
    assert config.password is not None and config.password.value is not None
    assert config.password.value.reveal() == "p@ss:word"
    assert config.password.raw == "********"
    # parts of an unquoted URL point at their own columns
    assert span(config.host) == Span(3, 53, 3, 69)
    assert span(config.port) == Span(3, 70, 3, 73)
    assert config.security is not None and config.security.value is Security.TLS
    assert span(config.security) == Span(3, 11, 3, 19)
    assert config.url_problems == ()
    assert config.ambiguities == ()


def test_email_url_smtps_is_starttls_and_ambiguous() -> None:
    config = config_of("EMAIL_URL=smtps://u:example-pw@smtp.example.com:465\n")
    assert config.security is not None and config.security.value is Security.STARTTLS
    [ambiguity] = config.ambiguities
    assert ambiguity.chosen == DJANGO_ENVIRON
    assert dict(ambiguity.readings)["Nodemailer"] == "implicit TLS"
    assert ambiguity.setting.origin.span == Span(1, 11, 1, 16)


def test_quoted_url_parts_point_inside_the_quotes() -> None:
    config = config_of('EMAIL_URL="smtp+tls://smtp.example.com:587"\n')
    assert span(config.host) == Span(1, 23, 1, 39)


def test_interpolated_url_parts_point_at_the_whole_binding() -> None:
    config = config_of("DOMAIN=example.com\nEMAIL_URL=smtp+tls://smtp.${DOMAIN}:587\n")
    assert config.host is not None and config.host.value == "smtp.example.com"
    assert config.host.kind is ValueKind.INTERPOLATED
    assert span(config.host) == Span(2, 1, 2, 40)


def test_email_url_with_unencoded_password_characters() -> None:
    document = read_text("EMAIL_URL=smtp+tls://user:pa/ss@word@smtp.example.com:587\n")
    config = only_config(document)
    assert config.host is not None and config.host.value == "smtp.example.com"
    [problem] = config.url_problems
    assert (problem.part, problem.characters) == ("password", "/@")
    assert "pa/ss@word" not in repr(document.configs)


def test_dj_email_url_detected_from_the_scheme() -> None:
    config = config_of("EMAIL_URL=submission://u:example-pw@smtp.example.com\n")
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert config.port is not None and (config.port.value, config.port.kind) == (
        587, ValueKind.DEFAULT)
    assert "dj-email-url" in config.interpretation


def test_dj_email_url_detected_from_requirements(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("Django==5.2\ndj-email-url==1.0.6\n")
    assert project_hints(tmp_path / ".env").email_url_library == DJ_EMAIL_URL
    config = only_config(read_text("EMAIL_URL=smtp://smtp.example.com/?ssl=True\n",
                                   tmp_path / ".env"))
    # dj-email-url fills port 25 for smtp://: implicit TLS on a plaintext port
    assert config.security is not None and config.security.value is Security.TLS
    assert config.port is not None and config.port.value == 25


def test_django_environ_detected_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('dependencies = ["django-environ>=0.11"]\n')
    assert project_hints(tmp_path / ".env").email_url_library == DJANGO_ENVIRON


def test_email_url_scheme_django_environ_rejects() -> None:
    config = config_of("EMAIL_URL=smtp+starttls://smtp.example.com:587\n")
    assert config.security is not None and config.security.value is None
    assert "django-environ rejects the scheme 'smtp+starttls'" in config.interpretation


def test_email_url_with_a_non_smtp_backend() -> None:
    assert not config_of("EMAIL_URL=consolemail://\n").sends_over_smtp


def test_email_url_reference() -> None:
    config = config_of("EMAIL_URL=${MAILER_URL}\nEMAIL_HOST=smtp.example.com\n")
    assert config.url is not None
    assert (config.url.value, config.url.kind, config.url.origin.reference) == (
        None, ValueKind.REFERENCE, "MAILER_URL")
    assert config.host is not None and config.host.key == "EMAIL_HOST"


# --- Nodemailer-style -----------------------------------------------------------------------


def test_nodemailer_env_file() -> None:
    config = only_config(read_fixture("nodemailer.env"))
    assert (config.family, config.name) == ("nodemailer", "SMTP_")
    assert config.anchor == Span(5, 1, 5, 10)
    assert config.port is not None and config.port.value == 465
    assert config.security is not None
    assert (config.security.value, config.security.key) == (Security.TLS, "SMTP_SECURE")
    assert span(config.security) == Span(7, 1, 7, 17)
    assert config.username is not None and config.username.value == "apikey"
    assert config.sender is not None
    assert (config.sender.key, config.sender.value) == (
        "MAIL_FROM", "Example App <no-reply@example.com>")
    assert config.timeout is not None
    assert (config.timeout.value, config.timeout.kind) == (120.0, ValueKind.DEFAULT)
    assert config.interpretation == (
        "Nodemailer (SMTP_* read the Nodemailer way): SMTP_SECURE=true and port 465 ⇒ "
        "implicit TLS"
    )


@pytest.mark.parametrize(
    ("value", "security"),
    [
        ("true", Security.TLS),
        ("TRUE", Security.TLS),
        ("1", Security.TLS),
        ("yes", Security.TLS),
        ("false", Security.OPPORTUNISTIC),
        ("no", Security.OPPORTUNISTIC),
        ("tls", Security.OPPORTUNISTIC),
        ("", Security.OPPORTUNISTIC),
    ],
)
def test_smtp_secure_values(value: str, security: Security) -> None:
    config = config_of(f"SMTP_HOST=h\nSMTP_PORT=587\nSMTP_SECURE={value}\n")
    assert config.security is not None
    assert (config.security.value, config.security.kind) == (security, ValueKind.LITERAL)


def test_unset_secure_on_465_switches_to_tls() -> None:
    config = config_of("SMTP_HOST=h\nSMTP_PORT=465\n")
    assert config.security is not None
    assert (config.security.value, config.security.kind) == (Security.TLS, ValueKind.DEFAULT)


def test_explicit_secure_false_on_465_is_kept() -> None:
    config = config_of("SMTP_HOST=h\nSMTP_PORT=465\nSMTP_SECURE=false\n")
    assert config.security is not None and config.security.value is Security.OPPORTUNISTIC


def test_nodemailer_default_port_follows_secure() -> None:
    secure = config_of("SMTP_HOST=h\nSMTP_SECURE=true\n")
    plain = config_of("SMTP_HOST=h\n")
    assert secure.port is not None and (secure.port.value, secure.port.kind) == (
        465, ValueKind.DEFAULT)
    assert plain.port is not None and plain.port.value == 587


def test_smtp_tls_is_ambiguous_and_read_as_starttls() -> None:
    config = config_of("SMTP_HOST=h\nSMTP_PORT=465\nSMTP_TLS=true\n")
    assert config.security is not None and config.security.value is Security.STARTTLS
    [ambiguity] = config.ambiguities
    assert ambiguity.chosen == "Rails-style apps"
    assert dict(ambiguity.readings) == {"Rails-style apps": "STARTTLS", "Zitadel": "implicit TLS"}
    assert ambiguity.setting.key == "SMTP_TLS"


@pytest.mark.parametrize(
    ("line", "security"),
    [
        ("SMTP_STARTTLS=true", Security.STARTTLS),
        ("SMTP_REQUIRE_TLS=true", Security.STARTTLS),
        ("SMTP_SSL=true", Security.TLS),
        ("SMTP_IGNORE_TLS=true", Security.NONE),
    ],
)
def test_other_security_flags(line: str, security: Security) -> None:
    config = config_of(f"SMTP_HOST=h\nSMTP_PORT=587\n{line}\n")
    assert config.security is not None and config.security.value is security
    assert [f.key for f in config.security_flags] == [line.split("=")[0]]


def test_secure_true_wins_over_starttls_flags() -> None:
    config = config_of("SMTP_HOST=h\nSMTP_SECURE=true\nSMTP_REQUIRE_TLS=true\n")
    assert config.security is not None and config.security.key == "SMTP_SECURE"
    assert len(config.security_flags) == 2


def test_security_from_a_reference_is_unknown() -> None:
    config = config_of("SMTP_HOST=h\nSMTP_SECURE=${SECURE}\n")
    assert config.security is not None
    assert (config.security.value, config.security.kind) == (None, ValueKind.REFERENCE)
    assert "SMTP_SECURE is only known at run time" in config.interpretation


def test_verify_flag() -> None:
    config = config_of("SMTP_HOST=h\nSMTP_TLS_REJECT_UNAUTHORIZED=false\n")
    assert config.verify_tls is not None and config.verify_tls.value is False


def test_smtp_url_is_read_the_nodemailer_way() -> None:
    config = config_of("SMTP_URL=smtps://user:example-pw@smtp.example.com\n")
    assert config.security is not None and config.security.value is Security.TLS
    assert config.port is not None and (config.port.value, config.port.kind) == (
        465, ValueKind.DEFAULT)
    [ambiguity] = config.ambiguities
    assert ambiguity.chosen == "Nodemailer"


def test_node_email_family() -> None:
    text = (
        "EMAIL_HOST=smtp.example.com\nEMAIL_PORT=587\nEMAIL_SECURE=false\n"
        "EMAIL_USER=me@example.com\nEMAIL_PASS=example-pw\nEMAIL_FROM=me@example.com\n"
    )
    config = config_of(text)
    assert (config.family, config.name) == ("node-email", "EMAIL_")
    assert config.security is not None and config.security.value is Security.OPPORTUNISTIC
    assert config.username is not None and config.username.key == "EMAIL_USER"
    assert config.sender is not None and config.sender.key == "EMAIL_FROM"
    assert config.ignored_keys == ()


# --- Flask-Mail -------------------------------------------------------------------------------


def test_flask_env_file() -> None:
    config = only_config(read_fixture("flask.env"))
    assert (config.family, config.name) == ("flask", "MAIL_")
    assert config.host is not None and config.host.key == "MAIL_SERVER"
    assert config.security is not None
    assert (config.security.value, config.security.key) == (Security.TLS, "MAIL_USE_SSL")
    assert [f.key for f in config.security_flags] == ["MAIL_USE_SSL"]
    assert config.timeout is not None
    assert (config.timeout.value, config.timeout.kind, config.timeout.key) == (
        None, ValueKind.DEFAULT, "MAIL_TIMEOUT")
    assert "Flask-Mail has no timeout setting (MAIL_TIMEOUT is Flask-Mailman's)" in (
        config.interpretation)
    [ignored] = config.ignored_keys
    assert (ignored.key, ignored.replacement, ignored.span) == (
        "MAIL_HOST", "MAIL_SERVER", Span(11, 1, 11, 10))


def test_mail_host_with_mail_use_tls_is_read_as_flask() -> None:
    config = config_of("MAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_USE_TLS=true\n")
    assert config.family == "flask"
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert [(k.key, k.replacement) for k in config.ignored_keys] == [
        ("MAIL_HOST", "MAIL_SERVER")]
    assert config.host is not None and config.host.kind is ValueKind.DEFAULT


def test_flask_mailman_has_a_timeout_key() -> None:
    config = config_of("MAIL_SERVER=h\nMAIL_TIMEOUT=10\n")
    assert config.timeout is not None and (config.timeout.value, config.timeout.key) == (
        10.0, "MAIL_TIMEOUT")
    assert "Flask-Mailman" in config.interpretation


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("EMAIL_HOST=h\nEMAIL_USE_TLS=True\n", "EMAIL_TIMEOUT"),
        ("MAIL_SERVER=h\nMAIL_USE_TLS=true\n", "MAIL_TIMEOUT"),
        ("MAIL_SERVER=h\nMAIL_BACKEND=smtp\n", "MAIL_TIMEOUT"),
        ("APP_MAIL_SERVER=h\nAPP_MAIL_USE_SSL=true\n", "APP_MAIL_TIMEOUT"),
    ],
)
def test_a_library_that_waits_forever_has_a_none_timeout(text: str, key: str) -> None:
    timeout = config_of(text).timeout
    assert timeout is not None
    assert (timeout.value, timeout.kind, timeout.raw, timeout.key, timeout.origin.span) == (
        None, ValueKind.DEFAULT, "none", key, None)


def test_laravel_file_with_flask_flag_reports_it() -> None:
    config = config_of("MAIL_MAILER=smtp\nMAIL_HOST=h\nMAIL_SCHEME=smtp\nMAIL_USE_SSL=true\n")
    assert config.family == "laravel"
    assert [(k.key, k.replacement) for k in config.ignored_keys] == [
        ("MAIL_USE_SSL", "MAIL_SCHEME")]


# --- several families in one file ------------------------------------------------------------


def test_two_families_and_a_prefix_in_one_file() -> None:
    configs = read_fixture("two-families.env").configs
    assert [(c.name, c.family) for c in configs] == [
        ("SMTP_", "nodemailer"), ("MAIL_", "laravel"), ("APP_SMTP_", "nodemailer")]
    smtp, mail, app = configs
    assert smtp.host is not None and smtp.host.key == "SMTP_SERVER"
    assert smtp.username is not None and smtp.username.key == "SMTP_USERNAME"
    assert mail.security is not None and mail.security.value is Security.TLS
    assert app.host is not None and (app.host.value, line_of(app.host)) == (
        "relay.example.net", 16)
    assert app.auth is not None and app.auth.value is AuthMethod.NONE


def test_namespace_word_inside_a_prefix() -> None:
    config = config_of("EMAIL_SMTP_HOST=smtp.example.com\nEMAIL_SMTP_PORT=587\n")
    assert (config.name, config.family) == ("EMAIL_SMTP_", "nodemailer")


def test_mail_from_beside_smtp_keys_names_the_smtp_sender() -> None:
    document = read_text("SMTP_HOST=h\nSMTP_PORT=587\nMAIL_FROM=a@example.com\n")
    config = only_config(document)
    assert config.sender is not None and config.sender.key == "MAIL_FROM"


# --- file syntax ----------------------------------------------------------------------------


def test_crlf_and_bom_files_give_the_same_configuration_as_lf() -> None:
    def comparable(document: Document) -> list[object]:
        return [
            {f.name: getattr(c, f.name) for f in fields(c) if f.name != "path"}
            for c in document.configs
        ]

    plain = read_fixture("nodemailer.env")
    assert b"\r\n" in (DATA / "nodemailer-crlf.env").read_bytes()
    assert (DATA / "nodemailer-bom.env").read_bytes().startswith(b"\xef\xbb\xbf")
    assert comparable(read_fixture("nodemailer-crlf.env")) == comparable(plain)
    assert comparable(read_fixture("nodemailer-bom.env")) == comparable(plain)


def test_bom_does_not_shift_columns_on_the_first_line() -> None:
    text = "\ufeffSMTP_HOST=smtp.example.com\r\nSMTP_PORT=587\r\n"
    config = config_of(text)
    assert span(config.host) == Span(1, 1, 1, 27)
    assert span(config.port) == Span(2, 1, 2, 14)
    [host, _] = parse_env(text).bindings
    assert text[host.key_start : host.key_end] == "SMTP_HOST"
    assert text[host.value_start : host.value_end] == "smtp.example.com"


def test_syntax_fixture_interpolation_and_spans() -> None:
    document = read_fixture("syntax.env")
    assert document.errors == []
    config = only_config(document)
    assert config.host is not None
    assert (config.host.value, config.host.kind, config.host.raw) == (
        "smtp.example.com", ValueKind.INTERPOLATED, "smtp.${DOMAIN}")
    assert span(config.host) == Span(3, 8, 3, 34)
    assert config.port is not None and span(config.port) == Span(4, 3, 4, 18)
    # single-quoted values are expanded too, as python-dotenv does
    assert config.username is not None and config.username.value == "mailer@example.com"
    assert config.password is not None
    assert (config.password.value, config.password.kind, config.password.origin.reference) == (
        None, ValueKind.REFERENCE, "SMTP_PASSWORD_FROM_VAULT")
    assert config.auth is not None and config.auth.value is AuthMethod.PASSWORD
    assert config.sender is not None
    assert (config.sender.value, config.sender.kind) == (
        "noreply@example.com", ValueKind.INTERPOLATED)
    # KEY= is an empty string, which is no number of seconds
    assert config.timeout is not None
    assert (config.timeout.value, config.timeout.raw, config.timeout.kind) == (
        None, "", ValueKind.LITERAL)
    # a bare KEY assigns nothing
    assert config.security is not None and config.security.kind is ValueKind.DEFAULT
    assert config.verify_tls is not None
    assert (config.verify_tls.kind, config.verify_tls.origin.reference) == (
        ValueKind.UNRESOLVED, "UNKNOWN_VAR")


def test_multiline_value_keeps_later_line_numbers() -> None:
    bindings = {b.key: b for b in parse_env((DATA / "syntax.env").read_text()).bindings}
    motd = bindings["MOTD"]
    assert (motd.value_span.line, motd.value_span.end_line) == (11, 12)
    assert motd.span == Span(11, 1, 12, 13)
    assert bindings["SMTP_SSL"].span == Span(13, 1, 13, 15)


def test_binding_records_locate_values_for_editing() -> None:
    text = (
        "export A='single' # note\n"
        'B = "dou\\"ble"\n'
        "C=abc#def\n"
        "D=abc #comment\n"
        "E= # only a comment\n"
        "F\n"
        "G=\n"
    )
    bindings = {b.key: b for b in parse_env(text).bindings}
    a = bindings["A"]
    assert (a.exported, a.quote, a.value) == (True, "'", "single")
    assert text[a.value_start : a.value_end] == "single"
    assert text[a.key_start : a.end] == "A='single'"
    b = bindings["B"]
    assert (b.quote, b.value) == ('"', 'dou"ble')
    assert text[b.value_start : b.value_end] == 'dou\\"ble'
    assert bindings["C"].value == "abc#def"
    d = bindings["D"]
    assert text[d.value_start : d.value_end] == "abc"
    assert bindings["E"].value == ""
    assert (bindings["F"].value, bindings["F"].assigned) == (None, False)
    assert (bindings["G"].value, bindings["G"].value_span) == ("", Span(7, 3, 7, 3))


def test_a_setting_leads_back_to_its_binding() -> None:
    text = (DATA / "email-url.env").read_text()
    config = config_of(text)
    env = parse_env(text)
    for setting in (config.host, config.port, config.url):
        assert setting is not None and setting.origin.span is not None
        binding = env.binding_for(setting.key, setting.origin.span)
        assert binding is not None and binding.key == "EMAIL_URL"
        assert text[binding.value_start : binding.value_end].startswith("smtp+ssl://")
    assert env.binding_for("EMAIL_HOST", Span(3, 53, 3, 69)) is None


def test_parse_errors_are_reported_and_the_rest_is_read() -> None:
    document = read_fixture("errors.env")
    assert [(e.span.line, e.span.column) for e in document.errors] == [(2, 1), (3, 1)]
    assert document.errors[0].message == "expected KEY=value; python-dotenv skips this line"
    assert document.errors[1].message == (
        "SMTP_PASS: the quoted value is never closed; python-dotenv skips this line")
    config = only_config(document)
    assert config.port is not None and (config.port.value, line_of(config.port)) == (587, 4)
    assert config.username is not None and line_of(config.username) == 5
    assert config.password is None


def test_text_after_a_closed_quote_is_an_error() -> None:
    document = read_text('SMTP_HOST="smtp.example.com" trailing\nSMTP_PORT=587\nSMTP_USER=u\n')
    [error] = document.errors
    assert error.message.startswith("SMTP_HOST: unexpected text after the quoted value")
    assert error.span.line == 1
    assert only_config(document).host is None


def test_error_messages_never_quote_arbitrary_text() -> None:
    [error] = read_text("hunter2 is my password\n").errors
    assert "hunter2" not in error.message


def test_later_assignment_wins() -> None:
    config = config_of("SMTP_HOST=old.example.com\nSMTP_HOST=new.example.com\n")
    assert config.host is not None and (config.host.value, line_of(config.host)) == (
        "new.example.com", 2)


def test_interpolation_uses_earlier_bindings_only() -> None:
    config = config_of("SMTP_HOST=${HOST}\nHOST=smtp.example.com\n")
    assert config.host is not None
    assert (config.host.kind, config.host.origin.reference) == (ValueKind.REFERENCE, "HOST")


def test_interpolation_with_default_and_mixed_text() -> None:
    config = config_of("SMTP_HOST=${HOST:-smtp.example.com}\nSMTP_USER=${USER_PREFIX}-mail\n")
    assert config.host is not None
    assert (config.host.value, config.host.kind) == ("smtp.example.com", ValueKind.INTERPOLATED)
    assert config.username is not None
    assert (config.username.value, config.username.kind, config.username.origin.reference) == (
        None, ValueKind.UNRESOLVED, "USER_PREFIX")


# --- ignored and misspelled keys ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "replacement"),
    [
        ("SMTP_HOST=h\nSMTP_PASWORD=x\n", "SMTP_PASWORD", "SMTP_PASSWORD"),
        ("SMTP_HOST=h\nSMTP_HOTS=x\n", "SMTP_HOTS", "SMTP_HOST"),
        ("SMTP_HOST=h\nSMPT_PORT=25\n", "SMPT_PORT", "SMTP_PORT"),
        ("SMTP_HOST=h\nsmtp_port=25\n", "smtp_port", "SMTP_PORT"),
        ("EMAIL_HOST=h\nEMAIL_USE_TSL=True\n", "EMAIL_USE_TSL", "EMAIL_USE_TLS"),
        ("MAIL_MAILER=smtp\nMAIL_HOST=h\nMAIL_ENCRYPTON=tls\n", "MAIL_ENCRYPTON",
         "MAIL_ENCRYPTION"),
        ("APP_SMTP_HOST=h\nAPP_SMTP_PASWORD=x\n", "APP_SMTP_PASWORD", "APP_SMTP_PASSWORD"),
    ],
)
def test_misspelled_keys(text: str, key: str, replacement: str) -> None:
    config = config_of(text)
    assert [(k.key, k.replacement) for k in config.ignored_keys] == [(key, replacement)]


@pytest.mark.parametrize(
    "text",
    [
        "MAIL_MAILER=smtp\nMAIL_HOST=h\nMAIL_FROM_NAME=Acme\nMAIL_LOG_CHANNEL=stack\n",
        "EMAIL_HOST=h\nEMAIL_USE_TLS=True\nEMAIL_VERIFICATION=mandatory\n"
        "EMAIL_SUBJECT_PREFIX=[Acme]\n",
        "SMTP_HOST=h\nSMTP_HOST_2=backup\nSMTP2_HOST=other\nSMTP_FROM_NAME=Acme\n",
        "SMTP_HOST=h\nSMTP_TO=ops@example.com\n",
    ],
)
def test_keys_that_only_share_a_prefix_are_not_reported(text: str) -> None:
    assert config_of(text).ignored_keys == ()


def test_misspelling_far_from_every_configuration_is_not_reported() -> None:
    assert config_of("SMTP_HOST=h\nMAILGUN_SECRET=x\nDATABASE_URL=y\n").ignored_keys == ()


# --- values that do not convert ---------------------------------------------------------------


@pytest.mark.parametrize("port", ["abc", "99999", "0", "58 7"])
def test_invalid_port_keeps_its_text(port: str) -> None:
    config = config_of(f"SMTP_HOST=h\nSMTP_PORT={port}\n")
    assert config.port is not None
    assert (config.port.value, config.port.raw, config.port.kind) == (
        None, port, ValueKind.LITERAL)


# --- files without SMTP settings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# nothing\n\n",
        "APP_NAME=Laravel\nDB_HOST=127.0.0.1\n",
        "MAIL_FROM_NAME=Acme\n",
        "EMAIL_VERIFICATION=mandatory\n",
    ],
)
def test_file_without_smtp_keys(text: str) -> None:
    document = read_text(text)
    assert (document.configs, document.errors) == ([], [])


# --- secrets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir()))
def test_passwords_never_reach_the_model(name: str) -> None:
    document = read_fixture(name)
    shown = repr(document.configs) + repr(document.errors)
    shown += "".join(c.interpretation for c in document.configs)
    for password in FIXTURE_PASSWORDS:
        assert password not in shown


def test_password_from_a_url_never_reaches_the_model() -> None:
    document = read_text("SMTP_URL=smtp://user:Tr0ub4dor-3@smtp.example.com:587\n")
    config = only_config(document)
    assert config.password is not None and config.password.value is not None
    assert config.password.value.reveal() == "Tr0ub4dor-3"
    assert "Tr0ub4dor-3" not in repr(document.configs)


# --- robustness ---------------------------------------------------------------------------------

_JUNK_PIECES = (
    "SMTP_HOST", "MAIL_PORT", "EMAIL_URL", "export ", "=", "==", "'", '"', "\\", "#", " ",
    "\t", "\n", "\r\n", "\r", "\ufeff", "${", "}", ":-", "$", "smtps://", "u:p@", "@", "%",
    "465", "true", "null", "é", "\x00", "[", "]", "MAIL_SCHEME=", "SMTP_SECURE=",
)


def test_never_raises_on_junk() -> None:
    rng = random.Random(20261128)
    for _ in range(400):
        text = "".join(rng.choice(_JUNK_PIECES) for _ in range(rng.randrange(1, 40)))
        document = read_text(text)
        assert isinstance(document, Document)
        for error in document.errors:
            assert error.span.line >= 1 and error.span.column >= 1


# --- value helpers ------------------------------------------------------------------------------


def test_value_helpers() -> None:
    assert [parse_port(t) for t in ("587", " 25 ", "0", "65536", "5e2", "")] == [
        587, 25, None, None, None, None]
    assert [parse_seconds(t) for t in ("10", "2.5", "-1", "nan", "x")] == [
        10.0, 2.5, None, None, None]
    assert [django_environ_bool(t) for t in ("True", "on", "ok", "2", "0", "Flase")] == [
        True, True, True, True, False, False]
    assert [node_env_flag(t) for t in ("true", "YES", "1", "false", "on")] == [
        True, True, True, False, False]
    assert [common_env_flag(t) for t in ("True", "on", "1", "off", "y")] == [
        True, True, True, False, False]
    assert [laravel_env(t) for t in ("(true)", "FALSE", "(empty)", "null", "(NULL)", "x")] == [
        True, False, "", None, None, "x"]


def test_email_url_with_a_referenced_password_keeps_its_known_parts() -> None:
    config = config_of(
        "EMAIL_URL=smtp+ssl://alerts%40gmail.com:${SMTP_PASSWORD}@smtp.gmail.com:465\n"
    )
    assert config.host is not None and config.host.value == "smtp.gmail.com"
    assert config.port is not None and config.port.value == 465
    assert config.port.origin.part == "port"
    assert config.username is not None and config.username.value == "alerts@gmail.com"
    assert config.password is not None
    assert (config.password.value, config.password.kind, config.password.origin.reference) == (
        None, ValueKind.REFERENCE, "SMTP_PASSWORD")
    assert config.security is not None and config.security.value is Security.TLS
    assert config.credentials_given
