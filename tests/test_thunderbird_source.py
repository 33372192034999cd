"""Reading Thunderbird profiles: the prefs.js syntax, the outgoing-server model, user.js over
prefs.js, identities as senders, and lock files."""

from __future__ import annotations

from pathlib import Path

from smtplint.model import AuthMethod, Security, SmtpConfig, Span, ValueKind
from smtplint.sources import source_name_for
from smtplint.sources.prefs_js import parse_prefs
from smtplint.sources.thunderbird_source import PASSWORD_STORE, SOURCE

SERVER = (
    'user_pref("mail.smtpservers", "smtp1");\n'
    'user_pref("mail.smtpserver.smtp1.hostname", "smtp.gmail.com");\n'
    'user_pref("mail.smtpserver.smtp1.try_ssl", 3);\n'
    'user_pref("mail.smtpserver.smtp1.username", "jane.doe@gmail.com");\n'
)


def read(text: str, name: str = "prefs.js") -> list[SmtpConfig]:
    return SOURCE.read(Path(name), text).configs


def only(text: str) -> SmtpConfig:
    configs = read(text)
    assert len(configs) == 1
    return configs[0]


# --- syntax --------------------------------------------------------------------------------


def test_string_escapes_are_decoded() -> None:
    text = r'user_pref("a", "q\"b\\s\nn\rr\x41\u00e9\ud83d\ude00\'");'
    (pref,) = parse_prefs(text).prefs
    assert pref.value == "q\"b\\s\nn\rrAé\U0001f600'"
    assert pref.raw == text[len('user_pref("a", ') : -2]


def test_values_integers_booleans_and_single_quotes() -> None:
    text = 'user_pref(\'n\', -12);\npref("p", +3, locked);\nsticky_pref("b", false);'
    prefs = parse_prefs(text)
    assert [(p.call, p.name, p.value) for p in prefs.prefs] == [
        ("user_pref", "n", -12),
        ("pref", "p", 3),
        ("sticky_pref", "b", False),
    ]
    assert prefs.errors == []


def test_comments_and_header_are_skipped() -> None:
    text = (
        "// Mozilla User Preferences\n\n# hash\n/* block\n spanning */ "
        'user_pref("a", 1); // trailing\n'
    )
    prefs = parse_prefs(text)
    assert [p.name for p in prefs.prefs] == ["a"]
    assert prefs.prefs[0].value_span == Span(5, 29, 5, 30)


def test_crlf_and_cr_line_ends_count_lines() -> None:
    prefs = parse_prefs('user_pref("a", 1);\r\n\r\nuser_pref("b", 2);\ruser_pref("c", 3);')
    assert [p.span.line for p in prefs.prefs] == [1, 3, 4]


def test_spans_cover_name_value_and_statement() -> None:
    (pref,) = parse_prefs('  user_pref("mail.x", "v");').prefs
    assert pref.name_span == Span(1, 13, 1, 21)
    assert pref.value_span == Span(1, 23, 1, 26)
    assert pref.span == Span(1, 3, 1, 28)


def test_malformed_statement_is_an_error_at_its_line_and_reading_goes_on() -> None:
    text = (
        'user_pref("a", 1);\n'
        'user_pref("b" 2);\n'
        'user_pref("c", 2147483648);\n'
        'user_pref("d", "\\q");\n'
        'user_pref("e", 5);\n'
    )
    prefs = parse_prefs(text)
    assert [p.name for p in prefs.prefs] == ["a", "e"]
    assert [e.span.line for e in prefs.errors] == [2, 3, 4]
    assert "expected ','" in prefs.errors[0].message


def test_never_raises_on_garbage() -> None:
    for text in ('user_pref("a', "/* open", "\\", 'pref("x", "\\x00");', "user_pref(;;"):
        assert parse_prefs(text).errors


def test_parse_errors_reach_the_document() -> None:
    document = SOURCE.read(Path("prefs.js"), SERVER + 'user_pref("broken", );\n')
    assert [e.span.line for e in document.errors] == [5]
    assert len(document.configs) == 1


def test_file_names_select_the_thunderbird_source() -> None:
    assert source_name_for(Path("profile/prefs.js")) == "thunderbird"
    assert source_name_for(Path("profile/user.js")) == "thunderbird"
    assert source_name_for(Path("app.js")) is None


# --- model ---------------------------------------------------------------------------------


def test_server_model_in_thunderbird_words() -> None:
    config = only(SERVER + 'user_pref("mail.smtpserver.smtp1.description", "Gmail");\n')
    assert config.family == "thunderbird"
    assert config.name == "smtp1 (Gmail)"
    assert config.host is not None and config.host.value == "smtp.gmail.com"
    assert config.security is not None and config.security.value is Security.TLS
    assert config.security.quoted() == (
        "mail.smtpserver.smtp1.try_ssl=3 (Connection security: SSL/TLS)"
    )
    assert config.security.origin.span == Span(3, 44, 3, 45)
    assert config.timeout is None
    assert config.sender is None


def test_port_zero_or_absent_defaults_by_security() -> None:
    tls = only(SERVER)
    assert tls.port is not None and tls.port.value == 465 and tls.port.is_default
    starttls = only(
        SERVER.replace('try_ssl", 3', 'try_ssl", 2')
        + 'user_pref("mail.smtpserver.smtp1.port", 0);\n'
    )
    assert starttls.port is not None and starttls.port.value == 587
    assert starttls.port.kind is ValueKind.DEFAULT
    assert starttls.port.quoted() == "mail.smtpserver.smtp1.port not set (default 587)"


def test_absent_try_ssl_and_auth_method_take_thunderbird_defaults() -> None:
    config = only(
        'user_pref("mail.smtpservers", "smtp1");\n'
        'user_pref("mail.smtpserver.smtp1.hostname", "mail.acme-corp.io");\n'
    )
    assert config.security is not None and config.security.value is Security.NONE
    assert config.security.is_default
    assert config.port is not None and config.port.value == 587
    assert config.auth is not None and config.auth.value is AuthMethod.PASSWORD
    assert config.auth.quoted() == (
        "mail.smtpserver.smtp1.authMethod not set (default 3 (Authentication method: "
        "Normal password))"
    )


def test_auth_methods_map_and_passwords_are_a_reference() -> None:
    expected = {
        1: AuthMethod.NONE,
        3: AuthMethod.PASSWORD,
        4: AuthMethod.PASSWORD,
        5: AuthMethod.OTHER,
        9: AuthMethod.ANY,
        10: AuthMethod.OAUTH2,
    }
    for number, method in expected.items():
        config = only(SERVER + f'user_pref("mail.smtpserver.smtp1.authMethod", {number});\n')
        assert config.auth is not None and config.auth.value is method
        if method in (AuthMethod.PASSWORD, AuthMethod.ANY):
            assert config.password is not None
            assert config.password.kind is ValueKind.REFERENCE
            assert config.password.origin.reference == PASSWORD_STORE
            assert config.password.value is None
        else:
            assert config.password is None


def test_legacy_try_ssl_1_is_opportunistic_and_deprecated() -> None:
    config = only(SERVER.replace('try_ssl", 3', 'try_ssl", 1'))
    assert config.security is not None and config.security.value is Security.OPPORTUNISTIC
    assert config.deprecated == (config.security,)
    assert only(SERVER).deprecated == ()


def test_unknown_enum_value_is_kept_unknown() -> None:
    config = only(SERVER.replace('try_ssl", 3', 'try_ssl", 7'))
    assert config.security is not None and config.security.value is None
    assert config.security.raw == "7"


def test_only_listed_servers_count_and_other_types_do_not_send_over_smtp() -> None:
    configs = read(
        SERVER
        + 'user_pref("mail.smtpserver.smtp9.hostname", "old.acme-corp.io");\n'
        + 'user_pref("mail.smtpservers", "smtp1,ews1");\n'
        + 'user_pref("mail.smtpserver.ews1.type", "ews");\n'
        + 'user_pref("mail.smtpserver.ews1.hostname", "outlook.office365.com");\n'
    )
    assert [(c.name, c.sends_over_smtp) for c in configs] == [("smtp1", True), ("ews1", False)]


# --- identities ----------------------------------------------------------------------------

IDENTITIES = SERVER + (
    'user_pref("mail.smtpservers", "smtp1,smtp2");\n'
    'user_pref("mail.smtpserver.smtp2.hostname", "mail.acme-corp.io");\n'
    'user_pref("mail.smtp.defaultserver", "smtp1");\n'
    'user_pref("mail.identity.id1.useremail", "jane.doe@gmail.com");\n'
    'user_pref("mail.identity.id2.useremail", "jane@acme-corp.io");\n'
    'user_pref("mail.identity.id2.smtpServer", "smtp1");\n'
    'user_pref("mail.identity.id3.useremail", "jane.doe@gmail.com");\n'
)


def test_one_config_per_sender_and_default_server_for_identities_without_one() -> None:
    configs = read(IDENTITIES)
    pairs = [(c.name, c.sender.value if c.sender else None) for c in configs]
    assert pairs == [
        ("smtp1", "jane.doe@gmail.com"),
        ("smtp1", "jane@acme-corp.io"),
        ("smtp2", None),  # no identity uses it
    ]
    sender = configs[0].sender
    assert sender is not None and sender.key == "mail.identity.id1.useremail"
    assert sender.origin.span is not None and sender.origin.span.line == 8


def test_accounts_list_limits_the_identities() -> None:
    text = IDENTITIES + (
        'user_pref("mail.accountmanager.accounts", "account1");\n'
        'user_pref("mail.account.account1.identities", "id2");\n'
    )
    configs = read(text)
    assert [c.sender.value if c.sender else None for c in configs] == ["jane@acme-corp.io", None]


# --- profile folder: user.js and lock files ------------------------------------------------


def profile(tmp_path: Path, prefs: str | None, user: str | None = None) -> Path:
    if prefs is not None:
        (tmp_path / "prefs.js").write_text(prefs)
    if user is not None:
        (tmp_path / "user.js").write_text(user)
    return tmp_path


def read_file(path: Path) -> list[SmtpConfig]:
    return SOURCE.read(path, path.read_text()).configs


def test_user_js_wins_and_its_settings_name_user_js(tmp_path: Path) -> None:
    folder = profile(tmp_path, SERVER, '// admin\nuser_pref("mail.smtpserver.smtp1.try_ssl", 2);\n')
    (config,) = read_file(folder / "prefs.js")
    assert config.path == folder / "prefs.js"
    assert config.security is not None and config.security.value is Security.STARTTLS
    assert config.security.origin.path == folder / "user.js"
    assert config.security.origin.span == Span(2, 44, 2, 45)
    assert config.host is not None and config.host.origin.path is None
    assert read_file(folder / "user.js") == []  # prefs.js reports the profile


def test_user_js_alone_reports_its_servers(tmp_path: Path) -> None:
    folder = profile(tmp_path, None, SERVER)
    (config,) = read_file(folder / "user.js")
    assert config.path == folder / "user.js"
    assert config.host is not None and config.host.origin.path is None


def test_user_js_parse_errors_are_its_own(tmp_path: Path) -> None:
    folder = profile(tmp_path, SERVER, 'user_pref("x" 1);\n')
    user = folder / "user.js"
    assert [e.span.line for e in SOURCE.read(user, user.read_text()).errors] == [1]
    prefs = folder / "prefs.js"
    assert SOURCE.read(prefs, prefs.read_text()).errors == []


def test_lock_file_marks_the_profile_in_use(tmp_path: Path) -> None:
    folder = profile(tmp_path, SERVER)
    (config,) = read_file(folder / "prefs.js")
    assert config.in_use_by is None
    (folder / ".parentlock").write_text("")
    (config,) = read_file(folder / "prefs.js")
    assert config.in_use_by == ".parentlock"


def test_dangling_lock_symlink_counts(tmp_path: Path) -> None:
    folder = profile(tmp_path, SERVER)
    (folder / "lock").symlink_to("127.0.0.1:+4242")
    (config,) = read_file(folder / "prefs.js")
    assert config.in_use_by == "lock"
