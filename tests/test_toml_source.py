"""The TOML source: which tables are SMTP configurations, their canonical values and spans."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePath

import pytest
import tomlkit

from smtplint.model import (
    AuthMethod,
    Document,
    Secret,
    Security,
    Setting,
    SmtpConfig,
    Span,
    ValueKind,
)
from smtplint.sources import get_source, source_name_for
from smtplint.sources.toml_source import SOURCE
from smtplint.sources.toml_spans import Layout

DATA = Path(__file__).parent / "data" / "toml"

# Every password literal written in the fixtures: none may reach the model.
PASSWORD_LITERALS = (
    "lldap-Pa55word",
    "flask-app-pw-123",
    "kitsune-secret-1",
    "rauthy-secret-2",
    "fall@back",
    "oops",
)


def read_fixture(name: str) -> Document:
    return SOURCE.read(PurePath(name), (DATA / name).read_text(encoding="utf-8"))


def read_text(text: str, name: str = "config.toml") -> Document:
    return SOURCE.read(PurePath(name), text)


def only(document: Document) -> SmtpConfig:
    assert not document.errors
    assert len(document.configs) == 1, [c.name for c in document.configs]
    return document.configs[0]


def by_name(document: Document, name: str) -> SmtpConfig:
    found = [c for c in document.configs if c.name == name]
    assert len(found) == 1, [c.name for c in document.configs]
    return found[0]


def where(setting: Setting[object] | None) -> tuple[int, int, int, int]:
    assert setting is not None and setting.origin.span is not None
    span = setting.origin.span
    return (span.line, span.column, span.end_line, span.end_column)


def smtp_table(body: str) -> SmtpConfig:
    return only(read_text(f'[smtp]\nhost = "smtp.example.com"\n{body}\n'))


# --- realistic files --------------------------------------------------------------------------


def test_lldap_smtp_options() -> None:
    config = only(read_fixture("lldap_config.toml"))
    assert (config.name, config.family) == ("smtp_options", "toml")
    assert config.anchor == Span(8, 1, 8, 15)
    assert config.host is not None and config.host.value == "smtp.gmail.com"
    assert config.host.key == "smtp_options.server"
    assert where(config.host) == (12, 1, 12, 26)
    assert config.port is not None and config.port.value == 587
    assert where(config.port) == (14, 1, 14, 11)
    assert config.security is not None and config.security.value is Security.TLS
    assert config.security.key == "smtp_options.smtp_encryption"
    assert config.security.raw == '"TLS"'
    assert config.security_flags == (config.security,)
    assert config.username is not None and config.username.value == "sender@gmail.com"
    assert config.password is not None and config.password.value == Secret("lldap-Pa55word")
    assert config.password.raw == "********"
    assert config.password.kind is ValueKind.LITERAL
    assert config.auth is not None and config.auth.value is AuthMethod.PASSWORD
    assert config.sender is not None and config.sender.value == "LLDAP Admin <sender@gmail.com>"
    assert config.timeout is None
    assert config.ignored_keys == ()  # reply_to and enable_password_reset are not typos


def test_bare_tls_word_is_read_as_implicit_tls_and_recorded_as_ambiguous() -> None:
    config = only(read_fixture("lldap_config.toml"))
    (ambiguity,) = config.ambiguities
    assert ambiguity.setting is config.security
    assert dict(ambiguity.readings) == {
        "lldap smtp_encryption": "implicit TLS",
        "git send-email smtpEncryption": "STARTTLS",
    }
    assert ambiguity.chosen == "lldap smtp_encryption"


def test_pyproject_tool_table_with_quoted_keys_and_password_command() -> None:
    config = only(read_fixture("pyproject.toml"))
    assert config.name == "tool.myapp.smtp"
    assert config.anchor == Span(11, 1, 11, 18)
    assert config.host is not None and config.host.key == "tool.myapp.smtp.host"
    assert where(config.host) == (12, 1, 12, 27)  # the trailing comment is not part of it
    assert config.port is not None and (config.port.value, config.port.raw) == (587, '"587"')
    assert config.port.key == "tool.myapp.smtp.port"
    assert where(config.port) == (13, 1, 13, 15)
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert config.security.key == "tool.myapp.smtp.starttls"
    assert config.password is not None and config.password.kind is ValueKind.REFERENCE
    assert config.password.value is None
    assert config.password.origin.reference == "command"
    assert where(config.password) == (16, 1, 16, 47)
    assert config.timeout is not None and config.timeout.value == 30.0
    assert config.sender is not None and config.sender.value == "Myapp <noreply@example.com>"
    assert "inferred from tool.myapp.smtp.starttls = true" in config.interpretation


def test_pyproject_without_smtp_settings_has_no_configs() -> None:
    document = read_fixture("pyproject_no_smtp.toml")
    assert document.errors == []
    assert document.configs == []


def test_himalaya_v1_send_backend_and_not_the_imap_backend() -> None:
    document = read_fixture("himalaya.toml")
    config = by_name(document, "accounts.work.message.send.backend")
    assert config.anchor == Span(15, 1, 15, 35)
    assert config.host is not None and config.host.value == "smtp.work.example"
    assert config.port is not None and config.port.value == 587
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert config.security.key == "accounts.work.message.send.backend.encryption.type"
    assert where(config.security) == (18, 1, 18, 51)
    assert config.username is not None and config.username.value == "me@work.example"
    assert config.auth is not None and config.auth.value is AuthMethod.PASSWORD
    assert config.password is not None and config.password.kind is ValueKind.REFERENCE
    assert config.password.origin.reference == "keyring:work-smtp"
    assert config.password.key == "accounts.work.message.send.backend.auth.keyring"
    assert config.sender is not None and config.sender.key == "accounts.work.email"
    assert [c.name for c in document.configs] == [
        "accounts.work.message.send.backend",
        "accounts.home.smtp",
    ]


def test_himalaya_v2_authority_and_sasl() -> None:
    config = by_name(read_fixture("himalaya.toml"), "accounts.home.smtp")
    assert config.host is not None and config.host.value == "smtp.home.example"
    assert config.port is not None and config.port.value == 465
    assert config.port.key == config.host.key == "accounts.home.smtp.server"
    assert config.security is None  # nothing says which mode; no default is invented
    assert config.auth is not None and config.auth.value is AuthMethod.PASSWORD
    assert config.auth.key == "accounts.home.smtp.sasl.plain"
    assert config.username is not None and config.username.value == "me@home.example"
    assert config.password is not None and config.password.origin.reference == "command"
    assert "no key sets the transport security" in config.interpretation


def test_meli_inline_send_mail_table() -> None:
    config = only(read_fixture("meli.toml"))
    assert config.name == "accounts.account-name.send_mail"
    assert config.anchor == Span(8, 1, 8, 240)
    assert config.host is not None and config.host.key == "accounts.account-name.send_mail.hostname"
    assert where(config.host) == (8, 15, 8, 44)
    assert config.port is not None and where(config.port) == (8, 46, 8, 56)
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert where(config.security) == (8, 219, 8, 236)
    assert config.auth is not None and config.auth.value is AuthMethod.PASSWORD
    assert config.auth.raw == '"auto"'
    assert config.password is not None and config.password.origin.reference == "command"
    assert where(config.password) == (8, 113, 8, 202)
    assert config.sender is not None and config.sender.value == "user@example.com"


def test_kitsune_and_rauthy_style_tables() -> None:
    document = read_fixture("app_settings.toml")
    kitsune = by_name(document, "email")
    assert kitsune.sender is not None and kitsune.sender.key == "email.from-address"
    assert kitsune.security is None and kitsune.security_flags == ()  # starttls = false
    rauthy = by_name(document, "auth.email")
    assert rauthy.host is not None and rauthy.host.value == "smtp.example.org"
    assert rauthy.host.key == "auth.email.smtp_url"  # a host name despite the key's name
    assert rauthy.url is None
    assert rauthy.port is not None and rauthy.port.value == 465
    assert rauthy.verify_tls is not None and rauthy.verify_tls.value is False
    assert rauthy.verify_tls.key == "auth.email.danger_insecure"
    assert rauthy.security is None  # starttls_only = false asks for nothing


def test_inline_and_dotted_tables_and_misspelled_keys() -> None:
    document = read_fixture("app_settings.toml")
    inline = by_name(document, "notifications.smtp")
    assert inline.auth is not None and inline.auth.value is AuthMethod.NONE
    assert inline.security is None  # secure = false asks for nothing
    assert where(inline.port) == (21, 38, 21, 47)
    dotted = by_name(document, "notifications.mail")
    assert dotted.anchor == Span(22, 1, 22, 35)
    assert dotted.host is not None and dotted.host.value == "relay2.example.org"
    assert dotted.host.key == "notifications.mail.server"
    assert dotted.security is not None and dotted.security.value is Security.STARTTLS
    assert dotted.password is None
    ignored = {key.key: (key.replacement, key.span) for key in dotted.ignored_keys}
    assert ignored == {
        "notifications.mail.pasword": ("notifications.mail.password", Span(25, 1, 25, 22)),
        "notifications.mail.hots": ("notifications.mail.host", Span(26, 1, 26, 33)),
    }
    assert "email_templates" not in [c.name for c in document.configs]


def test_flask_upper_case_keys_with_flask_mail_defaults() -> None:
    config = only(read_fixture("flask_config.toml"))
    assert (config.name, config.family) == ("MAIL_", "flask")
    assert config.anchor == Span(3, 1, 3, 31)
    assert config.host is not None and config.host.key == "MAIL_SERVER"
    assert config.port is not None and config.port.value == 465
    # Flask-Mail tests the raw value: the string "False" is true, so STARTTLS is asked for.
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert (config.security.key, config.security.raw) == ("MAIL_USE_TLS", '"False"')
    assert config.sender is not None and config.sender.value == "Ada <ada@gmail.com>"
    # Flask-Mail has no timeout; Flask-Mailman reads MAIL_TIMEOUT and waits forever without it.
    assert config.timeout is not None and config.timeout.kind is ValueKind.DEFAULT
    assert config.timeout.value is None
    assert config.timeout.quoted() == "MAIL_TIMEOUT not set (default none)"
    assert config.password is not None and config.password.value == Secret("flask-app-pw-123")
    assert {(k.key, k.replacement) for k in config.ignored_keys} == {
        ("MAIL_SERVR", "MAIL_SERVER"),
        ("MAIL_HOST", "MAIL_SERVER"),
    }


def test_flask_defaults_when_keys_are_missing() -> None:
    config = only(read_text('MAIL_SERVER = "smtp.example.com"\n'))
    assert config.port is not None and (config.port.value, config.port.kind) == (
        25,
        ValueKind.DEFAULT,
    )
    assert config.security is not None and config.security.value is Security.NONE
    assert config.security.kind is ValueKind.DEFAULT
    assert config.security_flags == ()
    assert config.sender is None  # Flask-Mail has no default sender
    assert config.auth is None


def test_flask_key_written_false_is_where_plaintext_comes_from() -> None:
    config = only(read_text('MAIL_SERVER = "smtp.example.com"\nMAIL_USE_SSL = false\n'))
    assert config.security is not None and config.security.value is Security.NONE
    assert config.security.kind is ValueKind.LITERAL
    assert where(config.security) == (2, 1, 2, 21)
    assert config.security_flags == ()


def test_both_flask_flags_are_kept_for_the_conflict_rule() -> None:
    config = only(read_text('MAIL_SERVER = "h"\nMAIL_USE_TLS = true\nMAIL_USE_SSL = true\n'))
    assert [(f.key, f.value) for f in config.security_flags] == [
        ("MAIL_USE_SSL", Security.TLS),
        ("MAIL_USE_TLS", Security.STARTTLS),
    ]


def test_default_timeout_that_waits_forever_reads_none() -> None:
    flask = only(read_text('[mail]\nMAIL_SERVER = "x"\n'))
    django = only(read_text('EMAIL_HOST = "x"\n'))
    assert flask.timeout is not None and django.timeout is not None
    assert (flask.timeout.key, flask.timeout.value, flask.timeout.raw) == (
        "mail.MAIL_TIMEOUT", None, "none"
    )
    assert (django.timeout.key, django.timeout.value, django.timeout.raw) == (
        "EMAIL_TIMEOUT", None, "none"
    )
    assert flask.timeout.origin.span is None and django.timeout.is_default


def test_upper_case_keys_in_a_mail_table_make_one_config() -> None:
    config = only(read_text('[mail]\nMAIL_SERVER = "x"\nMAIL_TIMEOUT = 10\n'))
    assert (config.name, config.family) == ("mail.MAIL_", "flask")
    assert config.host is not None and config.host.key == "mail.MAIL_SERVER"
    assert config.timeout is not None and config.timeout.value == 10.0  # Flask-Mailman
    assert config.ignored_keys == ()


def test_django_keys_in_environment_tables() -> None:
    document = read_fixture("django_settings.toml")
    default = by_name(document, "default.EMAIL_")
    assert default.family == "django"
    assert default.port is not None and (default.port.value, default.port.raw) == (587, '"587"')
    assert default.security is not None and default.security.value is Security.STARTTLS
    assert default.password is not None and default.password.kind is ValueKind.REFERENCE
    assert default.password.origin.reference == "env:SENDGRID_API_KEY"
    assert default.sender is not None and default.sender.kind is ValueKind.DEFAULT
    assert default.sender.value == "webmaster@localhost"
    assert default.timeout is not None and default.timeout.kind is ValueKind.DEFAULT
    assert default.timeout.quoted() == "default.EMAIL_TIMEOUT not set (default none)"
    assert [(k.key, k.replacement) for k in default.ignored_keys] == [
        ("default.EMAIL_HOST_USERNAME", "default.EMAIL_HOST_USER")
    ]
    development = by_name(document, "development.EMAIL_")
    assert development.sends_over_smtp is False  # console backend
    assert development.port is not None and development.port.key == "development.EMAIL_PORT"
    assert development.port.kind is ValueKind.DEFAULT


def test_array_of_tables_gives_one_config_each() -> None:
    document = read_fixture("two_mailers.toml")
    assert [c.name for c in document.configs] == ["mailers[0]", "mailers[1]"]
    first, second = document.configs
    assert first.anchor == Span(2, 1, 2, 12)
    assert first.host is not None and first.host.key == "mailers[0].host"
    assert first.security is not None and first.security.value is Security.STARTTLS
    assert first.ambiguities == ()  # use_tls is the Django/Flask convention, not ambiguous
    assert first.password is not None and first.password.origin.reference == "env:POSTMARK_TOKEN"
    assert second.anchor == Span(10, 1, 10, 12)


def test_smtp_url_is_parsed_and_masked() -> None:
    config = read_fixture("two_mailers.toml").configs[1]
    assert config.url is not None and config.url.key == "mailers[1].url"
    assert config.url.value == "smtps://bob%40example.com:****@smtp.example.com:465"
    assert config.url.raw == '"smtps://bob%40example.com:****@smtp.example.com:465"'
    assert config.host is not None and config.host.value == "smtp.example.com"
    assert config.port is not None and config.port.value == 465
    assert config.username is not None and config.username.value == "bob@example.com"
    assert config.password is not None and config.password.value == Secret("fall@back")
    assert config.security is not None and config.security.value is Security.TLS
    assert [(p.part, p.characters) for p in config.url_problems] == [("password", "@")]
    (ambiguity,) = config.ambiguities
    assert ambiguity.setting is config.security


def test_web_address_in_an_email_table_is_not_an_smtp_url() -> None:
    config = smtp_table('url = "https://app.example.com/unsubscribe"')
    assert config.url is None and config.sends_over_smtp is True
    assert config.host is not None and config.host.value == "smtp.example.com"


def test_passwords_never_reach_the_model() -> None:
    for fixture in sorted(DATA.glob("*.toml")):
        document = read_fixture(fixture.name)
        shown = repr(document.configs) + repr(document.errors)
        shown += "".join(
            s.quoted()
            for c in document.configs
            for s in (c.host, c.port, c.username, c.password, c.url, c.sender)
            if s is not None
        )
        for literal in PASSWORD_LITERALS:
            assert literal not in shown, (fixture.name, literal)


# --- line endings and errors ------------------------------------------------------------------


def test_crlf_file_has_the_same_spans_as_lf() -> None:
    text = (DATA / "pyproject.toml").read_text(encoding="utf-8")
    crlf = text.replace("\n", "\r\n")
    assert "\r\n" in crlf and "\n" in text
    lf_config = only(read_text(text))
    crlf_config = only(read_text(crlf))
    assert crlf_config.anchor == lf_config.anchor
    for field in ("host", "port", "security", "username", "password", "sender", "timeout"):
        assert where(getattr(crlf_config, field)) == where(getattr(lf_config, field)), field
        assert getattr(crlf_config, field).raw == getattr(lf_config, field).raw


def test_crlf_multiline_string_moves_later_keys_down() -> None:
    text = '[smtp]\r\nnote = """one\r\ntwo"""\r\nhost = "h"\r\nport = 25\r\n'
    config = only(read_text(text))
    assert where(config.host) == (4, 1, 4, 11)
    assert where(config.port) == (5, 1, 5, 10)


def test_syntax_error_reports_tomlkit_position_and_no_configs() -> None:
    document = read_fixture("syntax_error.toml")
    assert document.configs == []
    (error,) = document.errors
    assert error.span.line == 4
    assert " at line " not in error.message and "Traceback" not in error.message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('[smtp]\nhost = "h"\nport = \n', 3, 8),
        ('[smtp]\nhost = "a"\n\n[smtp]\nport = 1\n', 5, 1),
        ('[smtp]\r\nhost = "h"\r\nport = \r\n', 3, 8),
    ],
)
def test_syntax_error_positions(text: str, line: int, column: int) -> None:
    document = read_text(text)
    assert document.configs == []
    (error,) = document.errors
    assert (error.span.line, error.span.column) == (line, column)


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 5000 + "]" * 5000,
        "a = " + "{ b = " * 300 + "1" + " }" * 300,
        "a = " + "[" * 99 + "]" * 99 + '\n[smtp]\nhost = "h"\nport = 25\n',
        '[smtp]\nhost = "h"\nport = 99999999999999999999999999999999999999999\ntimeout = 1e999\n',
        '[smtp]\nhost = "h"\nwhen = 2024-02-30\n',
        '[smtp]\nhost = "h"\nwhen = 25:61:00\n',
        "[a]\nb.c = 1\n[a.b]\nd = 2\n",
        '[smtp]\nhost = "\\uD800"\n',
        "\x00\x01\x02",
        "[[[smtp]]]",
        '[smtp]\npassword = """never closed\n',
        "",
        "\ufeff[smtp]\nhost = 1\n",
    ],
)
def test_never_raises(text: str) -> None:
    document = read_text(text)
    assert isinstance(document, Document)


def test_huge_port_and_timeout_values_are_kept_as_written() -> None:
    config = smtp_table("port = 99999999999999999999999999999999\ntimeout = inf")
    assert config.port is not None and config.port.value is None
    assert config.port.raw == "99999999999999999999999999999999"
    assert config.timeout is not None and config.timeout.value is None
    assert config.timeout.raw == "inf"


# --- which tables count -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('[email]\nhost = "h"\n', "email"),
        ('[Mail]\nserver = "h"\n', "Mail"),
        ('[mailer]\nport = 587\n', "mailer"),
        ('[smtp-options]\nuser = "u"\n', "smtp-options"),
        ('[outgoing]\nhost = "h"\n', "outgoing"),
        ('[app.email_smtp]\nhost = "h"\n', "app.email_smtp"),
        ('[tool.myapp.smtp]\nhost = "h"\n', "tool.myapp.smtp"),
        ('smtp = { host = "h" }\n', "smtp"),
        ('smtp.host = "h"\n', "smtp"),
        ('[smtp.primary]\nhost = "h"\n', "smtp.primary"),
        ('[[smtp.servers]]\nhost = "h"\n', "smtp.servers[0]"),
        ('mailers = [{ host = "h" }]\n', "mailers[0]"),
        ('[notify]\ntype = "smtp"\nhost = "h"\n', "notify"),
        ('smtp_host = "h"\nsmtp_port = 587\n', "smtp_"),
        ('[app]\nsmtp_server = "h"\nhost = "db.example"\n', "app"),
    ],
)
def test_tables_that_are_smtp_configs(text: str, name: str) -> None:
    assert only(read_text(text)).name == name


@pytest.mark.parametrize(
    "text",
    [
        '[email]\ntemplates_dir = "templates"\nfrom = "a@example.com"\n',
        '[database]\nhost = "db.example"\nport = 5432\nuser = "app"\npassword = "pw"\n',
        '[mail]\ntype = "imap"\nhost = "imap.example.com"\nport = 993\n',
        'host = "h"\nport = 25\n',
        '[smtp]\nstarttls = true\n',
        '[server.smtp]\nlisten = "0.0.0.0:2525"\nport = 2525\n',
    ],
)
def test_tables_that_are_not_smtp_configs(text: str) -> None:
    document = read_text(text)
    assert document.errors == [] and document.configs == []


def test_prefixed_keys_table_reads_only_prefixed_keys() -> None:
    config = only(read_text('[app]\nsmtp_server = "h"\nhost = "db.example"\nport = 5432\n'))
    assert config.host is not None and config.host.value == "h"
    assert config.port is None


def test_sub_tables_of_a_config_belong_to_it() -> None:
    text = (
        '[smtp]\nhost = "h"\n'
        '[smtp.auth]\nusername = "u"\npassword = "p"\n'
        "[smtp.tls]\nverify = false\n"
    )
    config = only(read_text(text))
    assert config.username is not None and config.username.key == "smtp.auth.username"
    assert config.verify_tls is not None and config.verify_tls.value is False
    assert config.verify_tls.key == "smtp.tls.verify"


def test_a_non_smtp_transport_is_marked() -> None:
    config = only(read_text('[mailer]\ntransport = "sendmail"\nhost = "h"\n'))
    assert config.sends_over_smtp is False


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('security = "none"', Security.NONE),
        ('encryption = "plain"', Security.NONE),
        ('smtp_encryption = "OFF"', Security.NONE),
        ('security = "starttls"', Security.STARTTLS),
        ('encryption = "start-tls"', Security.STARTTLS),
        ('security = "tls-starttls"', Security.STARTTLS),
        ('encryption = "ssl"', Security.TLS),
        ('encryption = "smtps"', Security.TLS),
        ('security = "implicit"', Security.TLS),
        ('encryption = "tls"', Security.TLS),
        ("starttls = true", Security.STARTTLS),
        ("starttls_only = true", Security.STARTTLS),
        ("use_tls = true", Security.STARTTLS),
        ("tls = true", Security.STARTTLS),
        ("ssl = true", Security.TLS),
        ("use_ssl = true", Security.TLS),
        ("implicit_tls = true", Security.TLS),
        ("secure = true", Security.TLS),
        ('use-ssl = "yes"', Security.TLS),
        ('tls = "starttls"', Security.STARTTLS),
        ("encryption.type = \"start-tls\"", Security.STARTTLS),
    ],
)
def test_security_spellings(line: str, expected: Security) -> None:
    config = smtp_table(line)
    assert config.security is not None and config.security.value is expected
    assert config.security_flags == (config.security,)
    assert where(config.security) == (3, 1, 3, len(line) + 1)


@pytest.mark.parametrize(
    ("line", "ambiguous"),
    [("tls = true", True), ('encryption = "TLS"', True), ("use_tls = true", False),
     ('encryption = "ssl"', False)],
)
def test_tls_ambiguity_is_recorded_only_for_bare_tls(line: str, ambiguous: bool) -> None:
    assert bool(smtp_table(line).ambiguities) is ambiguous


@pytest.mark.parametrize("line", ["", "starttls = false", "ssl = false", "secure = false"])
def test_no_security_when_nothing_asks_for_a_mode(line: str) -> None:
    config = smtp_table(line)
    assert config.security is None and config.security_flags == ()


def test_unknown_security_word_is_kept_unconverted() -> None:
    config = smtp_table('security = "quantum"')
    assert config.security is not None and config.security.value is None
    assert config.security.raw == '"quantum"'
    assert config.security_flags == ()


def test_conflicting_flags_are_all_recorded() -> None:
    config = smtp_table("starttls = true\nssl = true")
    assert [f.value for f in config.security_flags] == [Security.STARTTLS, Security.TLS]


@pytest.mark.parametrize(
    ("line", "raw"),
    [
        ('port = "abc"', '"abc"'),
        ("port = 0", "0"),
        ("port = 70000", "70000"),
        ("port = 587.0", "587.0"),
        ("port = true", "true"),
        ("smtp_port = -25", "-25"),
    ],
)
def test_invalid_ports_keep_the_text_as_written(line: str, raw: str) -> None:
    config = smtp_table(line)
    assert config.port is not None and config.port.value is None
    assert config.port.raw == raw
    assert where(config.port) == (3, 1, 3, len(line) + 1)


@pytest.mark.parametrize(
    ("line", "kind", "reference"),
    [
        ('password = { cmd = "pass show smtp" }', ValueKind.REFERENCE, "command"),
        ('password = { keyring = "smtp" }', ValueKind.REFERENCE, "keyring:smtp"),
        ('password.env = "SMTP_PASSWORD"', ValueKind.REFERENCE, "env:SMTP_PASSWORD"),
        ('password = "${SMTP_PASSWORD}"', ValueKind.REFERENCE, "env:SMTP_PASSWORD"),
        ('password = "${SMTP_PASSWORD:-x}"', ValueKind.REFERENCE, "env:SMTP_PASSWORD"),
        ('password = "env:SMTP_PASSWORD"', ValueKind.REFERENCE, "env:SMTP_PASSWORD"),
        ('password = "$SMTP_PASSWORD"', ValueKind.REFERENCE, "env:SMTP_PASSWORD"),
        ('passwd = { file = "/run/secrets/smtp" }', ValueKind.REFERENCE, "file:/run/secrets/smtp"),
        ('auth.cmd = "pass show smtp"', ValueKind.REFERENCE, "command"),
        ('auth = { type = "password", keyring = "k" }', ValueKind.REFERENCE, "keyring:k"),
        ('password = { something = "x" }', ValueKind.UNRESOLVED, None),
        ('password = "pre-${X}-post"', ValueKind.INTERPOLATED, None),
    ],
)
def test_password_references(line: str, kind: ValueKind, reference: str | None) -> None:
    config = smtp_table(line)
    assert config.password is not None
    assert (config.password.kind, config.password.origin.reference) == (kind, reference)
    assert config.password.value is None
    assert config.password.raw == "********"
    assert config.password.origin.span is not None and config.password.origin.span.line == 3


@pytest.mark.parametrize(
    "line", ['password = "$ecret-Value1"', 'password = { raw = "$ecret-Value1" }',
             'auth.raw = "$ecret-Value1"']
)
def test_literal_passwords_are_secrets(line: str) -> None:
    config = smtp_table(line)
    assert config.password is not None and config.password.kind is ValueKind.LITERAL
    assert config.password.value == Secret("$ecret-Value1")
    assert "$ecret" not in repr(config)


def test_other_fields_can_be_references_too() -> None:
    config = only(read_text('[smtp]\nhost = "${SMTP_HOST}"\nport = "${SMTP_PORT}"\n'))
    assert config.host is not None and config.host.value is None
    assert (config.host.kind, config.host.origin.reference) == (
        ValueKind.REFERENCE,
        "env:SMTP_HOST",
    )
    assert config.port is not None and config.port.origin.reference == "env:SMTP_PORT"


@pytest.mark.parametrize(
    ("line", "method"),
    [
        ('auth = "none"', AuthMethod.NONE),
        ("auth = false", AuthMethod.NONE),
        ('auth_method = "LOGIN"', AuthMethod.PASSWORD),
        ('mechanism = "xoauth2"', AuthMethod.OAUTH2),
        ('auth = "oauth2"', AuthMethod.OAUTH2),
        ('auth.type = "password"', AuthMethod.PASSWORD),
    ],
)
def test_auth_methods(line: str, method: AuthMethod) -> None:
    config = smtp_table(line)
    assert config.auth is not None and config.auth.value is method


def test_credentials_imply_password_auth() -> None:
    config = smtp_table('user = "u"\npassword = "p"')
    assert config.auth is not None and config.auth.value is AuthMethod.PASSWORD
    assert config.auth.key == "smtp.user"


@pytest.mark.parametrize(
    ("line", "verify"),
    [
        ("verify_tls = false", False),
        ("verify-certificate = true", True),
        ("danger_insecure = true", False),
        ("skip_verify = false", True),
        ("tls = { verify = false }", False),
    ],
)
def test_certificate_verification(line: str, verify: bool) -> None:
    config = smtp_table(line)
    assert config.verify_tls is not None and config.verify_tls.value is verify


@pytest.mark.parametrize(
    ("line", "seconds"),
    [("timeout = 30", 30.0), ("timeout = 2.5", 2.5), ('smtp_timeout = "10s"', 10.0),
     ('timeout_seconds = "45"', 45.0), ('timeout = "soon"', None), ("timeout = -1", None)],
)
def test_timeouts(line: str, seconds: float | None) -> None:
    config = smtp_table(line)
    assert config.timeout is not None and config.timeout.value == seconds
    assert config.timeout.kind is ValueKind.LITERAL


@pytest.mark.parametrize(
    ("line", "sender"),
    [
        ('from = "a@example.com"', "a@example.com"),
        ('from_email = "a@example.com"', "a@example.com"),
        ('default_sender = "A <a@example.com>"', "A <a@example.com>"),
        ('from = { name = "A", address = "a@example.com" }', "A <a@example.com>"),
    ],
)
def test_senders(line: str, sender: str) -> None:
    config = smtp_table(line)
    assert config.sender is not None and config.sender.value == sender


@pytest.mark.parametrize(
    ("key", "replacement"),
    [("pasword", "password"), ("hots", "host"), ("prot", "port"), ("usernme", "username"),
     ("from-adress", "from-address"), ("startls", "starttls")],
)
def test_misspelled_keys(key: str, replacement: str) -> None:
    value = "587" if key == "prot" else '"x"'
    config = smtp_table(f"{key} = {value}")
    (ignored,) = config.ignored_keys
    assert (ignored.key, ignored.replacement) == (f"smtp.{key}", f"smtp.{replacement}")
    assert ignored.span == Span(3, 1, 3, len(key) + len(value) + 4)


@pytest.mark.parametrize(
    "line",
    ['reply_to = "x@example.com"', "enable_password_reset = true", 'templates = "t"',
     'name = "primary"', "hosts = [\"a\", \"b\"]", 'path = "/x"', "enabled = true"],
)
def test_unrelated_keys_are_ignored_silently(line: str) -> None:
    assert smtp_table(line).ignored_keys == ()


# --- positions --------------------------------------------------------------------------------

SCANNER_SAMPLES = [
    '[a]\nx = 1\n[[b]]\ny = "z"\n[[b]]\ny = \'w\'\n[b.c]\nd = [1, 2]\n',
    '"quoted key" = 1\n\'lit\'.inner = 2\na . b = 3\n"a\\u0041" = 4\n',
    'x = """a\n"b"\n""""\ny = \'\'\'c\'\'\'\'\'\nz = "\\"#"  # comment "\n',
    "t = { a = 1, b = { c = [ {d = 1}, {e = \"]\"} ] }, f = 'x' }\n",
    "arr = [\n  1, # one\n  2,\n]\ndt = 1979-05-27 07:32:00Z # c\nn = -inf\n",
    "[x.y.z]\nk = 1\n[x]\nj = 2\n",
    "[[p]]\n[[p.q]]\nr = 1\n[[p.q]]\nr = 2\n[[p]]\n[[p.q]]\nr = 3\n",
    "v = {\n  a = 1,\n  b = 2,\n}\n",
]


Leaf = tuple[tuple[str | int, ...], object]


def _leaves(value: object, path: tuple[str | int, ...]) -> list[Leaf]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))]
    return [(path, value)]


@pytest.mark.parametrize("text", SCANNER_SAMPLES)
def test_every_value_is_located_exactly(text: str) -> None:
    """The scanner finds each value's text: parsing that text again gives the same value."""
    data = tomlkit.parse(text).unwrap()
    layout = Layout.scan(text)
    leaves = _leaves(data, ())
    assert leaves
    for path, value in leaves:
        raw = layout.raw(path)
        assert raw is not None, path
        reparsed = tomlkit.parse(f"k = {raw}").unwrap()["k"]
        assert reparsed == value or (reparsed != reparsed and value != value), path


def test_array_of_tables_elements_are_located_by_index() -> None:
    text = "[[p]]\n[[p.q]]\nr = 1\n[[p.q]]\nr = 2\n[[p]]\n[[p.q]]\nr = 3\n"
    layout = Layout.scan(text)
    assert layout.raw(("p", 0, "q", 1, "r")) == "2"
    assert layout.locate(("p", 1, "q", 0, "r")) == Span(8, 1, 8, 6)
    assert layout.anchor(("p", 1)) == Span(6, 1, 6, 6)


# --- wiring -----------------------------------------------------------------------------------


def test_registered_for_toml_files() -> None:
    assert source_name_for(PurePath("pyproject.toml")) == "toml"
    assert get_source("toml") is SOURCE


def test_tomlkit_is_imported_only_when_a_file_is_read() -> None:
    code = (
        "import sys, smtplint.sources.toml_source as m; a = 'tomlkit' in sys.modules; "
        "m.SOURCE.read(__import__('pathlib').PurePath('x.toml'), 'a = 1'); "
        "print(a, 'tomlkit' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "True"], result.stderr
