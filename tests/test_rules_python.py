"""Rules for what Python settings can get wrong: values known only at run time (SL002),
string booleans (SL602) and settings the library refuses at start-up (SL605)."""

from __future__ import annotations

import pytest

from smtplint.api import check_text
from smtplint.model import (
    Applicability,
    Finding,
    Secret,
    Severity,
    SmtpConfig,
    Span,
    StartupError,
    StringFlag,
    ValueKind,
)
from tests.builders import TODAY, acme_login, config, gmail, lint, reference, setting
from tests.rule_helpers import (
    ACCOUNT_PASSWORD,
    assert_no_leak,
    assert_quiet,
    fix_of,
    only,
    reported,
)

# --- SL002 unresolved-value -------------------------------------------------------------------


def python_lookup(key: str, expression: str, *, line: int, variable: str) -> object:
    return setting(
        key, None, line=line, kind=ValueKind.UNRESOLVED, raw=expression, reference=variable
    )


def test_sl002_reports_each_unresolved_entry_with_the_variable_it_reads() -> None:
    host = python_lookup("EMAIL_HOST", 'env("EMAIL_HOST")', line=3, variable="EMAIL_HOST")
    cfg = acme_login(family="django", unresolved=(host,))
    finding = reported(cfg, "SL002")
    assert finding.severity is Severity.INFO
    assert finding.span.line == 3
    assert finding.message == (
        'EMAIL_HOST=env("EMAIL_HOST"): depends on EMAIL_HOST, only known at run time; not checked'
    )
    assert finding.fix is None


def test_sl002_reports_a_field_whose_text_is_unresolved_once_when_also_listed() -> None:
    host = python_lookup("SMTP_HOST", "smtp.${MAIL_DOMAIN}", line=2, variable="MAIL_DOMAIN")
    alone = reported(acme_login(host=None).with_changes(host=host), "SL002")
    assert alone.message.startswith("SMTP_HOST=smtp.${MAIL_DOMAIN}: depends on MAIL_DOMAIN")
    listed_too = acme_login().with_changes(host=host, unresolved=(host,))
    assert len(lint(listed_too, select=("SL002",))) == 1


def test_sl002_names_an_unresolved_password_without_any_of_its_text() -> None:
    # An f-string with a literal part: only the key and the variable may be shown.
    password = setting(
        "EMAIL_HOST_PASSWORD",
        None,
        line=5,
        kind=ValueKind.UNRESOLVED,
        raw='f"Hunter2-{SUFFIX}"',
        reference="SUFFIX",
    )
    cfg = acme_login().with_changes(password=password, unresolved=(password,))
    finding = reported(cfg, "SL002")
    assert finding.message == (
        "EMAIL_HOST_PASSWORD: depends on SUFFIX, only known at run time; not checked"
    )
    assert finding.span.line == 5
    assert_no_leak([finding], "Hunter2")


def test_sl002_without_a_variable_says_only_that_the_value_is_unknown() -> None:
    port = setting("EMAIL_PORT", None, line=4, kind=ValueKind.UNRESOLVED, raw="get_port()")
    finding = reported(acme_login(unresolved=(port,)), "SL002")
    assert finding.message == (
        "EMAIL_PORT=get_port(): the value is only known at run time; not checked"
    )


@pytest.mark.parametrize(
    "cfg",
    [
        gmail(),
        acme_login().with_changes(password=reference("SMTP_PASS", "SMTP_PASSWORD", line=5)),
        acme_login().with_changes(
            port=setting(
                "EMAIL_PORT",
                587,
                line=2,
                kind=ValueKind.ENVIRONMENT,
                raw='int(os.environ.get("EMAIL_PORT", 587))',
                reference="EMAIL_PORT",
            )
        ),
        acme_login(
            sends_over_smtp=False,
            unresolved=(python_lookup("EMAIL_HOST", 'env("H")', line=1, variable="H"),),
        ),
    ],
    ids=["literal", "whole-reference", "environment-with-default", "not-smtp"],
)
def test_sl002_stays_quiet(cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL002")


# --- SL602 string-boolean ---------------------------------------------------------------------


def string_flag(expression: str, *, key: str = "EMAIL_USE_SSL", line: int = 6) -> StringFlag:
    flag = setting(key, None, line=line, kind=ValueKind.ENVIRONMENT, raw=expression, reference=key)
    return StringFlag(flag, expression)


def test_sl602_quotes_the_expression_and_says_why_false_is_true() -> None:
    flag = string_flag('os.environ.get("EMAIL_USE_SSL", False)')
    finding = reported(acme_login(string_flags=(flag,)), "SL602")
    assert finding.severity is Severity.ERROR
    assert finding.span.line == 6
    assert finding.message == (
        'EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", False): text from the environment '
        'used as a boolean, so "False" (any non-empty text) switches the flag on'
    )
    fix = fix_of(finding, Applicability.DISPLAY_ONLY, ())
    assert fix.description == (
        'cast the text to a boolean: EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "False")'
        ' == "True"'
    )


@pytest.mark.parametrize(
    ("expression", "cast"),
    [
        ('env("EMAIL_USE_TLS")', 'env.bool("EMAIL_USE_TLS", default=False)'),
        ('env.str("EMAIL_USE_TLS", "False")', 'env.bool("EMAIL_USE_TLS", default=False)'),
        (
            'config("EMAIL_USE_TLS", default=False)',
            'config("EMAIL_USE_TLS", default=False, cast=bool)',
        ),
        ('bool(os.getenv("EMAIL_USE_TLS"))', 'os.environ.get("EMAIL_USE_TLS", "False") == "True"'),
    ],
)
def test_sl602_suggests_the_cast_of_the_library_in_use(expression: str, cast: str) -> None:
    flag = string_flag(expression, key="EMAIL_USE_TLS")
    finding = reported(acme_login(string_flags=(flag,)), "SL602")
    assert fix_of(finding).description == f"cast the text to a boolean: EMAIL_USE_TLS = {cast}"


def test_sl602_reports_every_flag() -> None:
    flags = (
        string_flag('os.environ.get("MAIL_USE_TLS", True)', key="MAIL_USE_TLS", line=4),
        string_flag('os.environ.get("MAIL_USE_SSL", False)', key="MAIL_USE_SSL", line=5),
    )
    findings = lint(acme_login(string_flags=flags), select=("SL602",))
    assert sorted(f.span.line for f in findings) == [4, 5]


@pytest.mark.parametrize(
    "cfg",
    [gmail(), acme_login(sends_over_smtp=False, string_flags=(string_flag("env('X')"),))],
    ids=["no-string-flags", "not-smtp"],
)
def test_sl602_stays_quiet(cfg: SmtpConfig) -> None:
    assert_quiet(cfg, "SL602")


# --- SL605 rejected-at-startup ----------------------------------------------------------------

DEPRECATED_BESIDE_MAILERS = (
    "Deprecated email settings are not allowed when MAILERS is defined: EMAIL_HOST, EMAIL_PORT."
)


def test_sl605_quotes_the_library_and_points_at_the_setting() -> None:
    error = StartupError(
        DEPRECATED_BESIDE_MAILERS, Span(14, 1, 14, 30), ("MAILERS", "EMAIL_HOST", "EMAIL_PORT")
    )
    finding = reported(acme_login(startup_errors=(error,)), "SL605")
    assert finding.severity is Severity.ERROR
    assert finding.span == Span(14, 1, 14, 30)
    assert finding.message == f"the application will not start: {DEPRECATED_BESIDE_MAILERS}"
    fix = fix_of(finding, Applicability.DISPLAY_ONLY, ())
    assert fix.description == (
        "move EMAIL_HOST, EMAIL_PORT into the OPTIONS of a MAILERS alias and remove them"
    )


def test_sl605_without_a_place_points_at_the_configuration_even_when_not_smtp() -> None:
    error = StartupError(
        "MAILERS['default']: OPTIONS must define 'host'.", None, ("MAILERS['default']",)
    )
    cfg = config(sends_over_smtp=False, startup_errors=(error,))
    finding = only(lint(cfg, select=("SL605",)), "SL605")
    assert finding.span == cfg.anchor
    assert "OPTIONS must define 'host'." in finding.message
    assert fix_of(finding).description == "add a 'host' to the OPTIONS of MAILERS['default']"


def test_sl605_says_which_flag_to_keep_when_both_are_on() -> None:
    keys = ("MAILERS['default']['OPTIONS']['use_ssl']", "MAILERS['default']['OPTIONS']['use_tls']")
    message = (
        "MAILERS['default']: The 'use_ssl' and 'use_tls' OPTIONS are incompatible. Set at most "
        "one of them to True."
    )
    finding = reported(acme_login(startup_errors=(StartupError(message, None, keys),)), "SL605")
    assert fix_of(finding).description == (
        f"keep one of {keys[0]}, {keys[1]}: use_ssl for implicit TLS (port 465), use_tls for "
        "STARTTLS (port 587)"
    )


def test_sl605_stays_quiet_without_startup_errors() -> None:
    assert_quiet(gmail(), "SL605")


# --- families together ------------------------------------------------------------------------


def test_a_correct_gmail_config_passes_every_rule_of_these_families() -> None:
    assert_quiet(gmail(), "SL0", "SL6")


def test_no_rule_here_shows_a_password() -> None:
    password = setting(
        "EMAIL_HOST_PASSWORD",
        Secret("Hunter2-secret"),
        line=5,
        kind=ValueKind.UNRESOLVED,
        raw='"Hunter2-secret" + SUFFIX',
    )
    cfg = acme_login(password="Hunter2-secret").with_changes(
        password=password,
        unresolved=(password,),
        string_flags=(string_flag('os.environ.get("EMAIL_USE_SSL", False)'),),
        startup_errors=(StartupError(DEPRECATED_BESIDE_MAILERS, None, ("EMAIL_HOST",)),),
    )
    findings = lint(cfg, select=("SL002", "SL602", "SL605"))
    assert sorted(f.code for f in findings) == ["SL002", "SL602", "SL605"]
    assert_no_leak(findings, "Hunter2")


# --- through the real readers -----------------------------------------------------------------


def check(text: str, filename: str = "settings.py", *select: str) -> list[Finding]:
    return check_text(text, filename, select=select or ("ALL",), git_tracked=True, today=TODAY)


def line_with(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


GMAIL_SETTINGS = (
    "import os\n"
    "\n"
    'EMAIL_HOST = "smtp.gmail.com"\n'
    "EMAIL_PORT = 587\n"
    "EMAIL_USE_TLS = True\n"
    'EMAIL_HOST_USER = "jane.doe@gmail.com"\n'
    'EMAIL_HOST_PASSWORD = os.environ.get("GMAIL_APP_PASSWORD", "")\n'
    'DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"\n'
    "EMAIL_TIMEOUT = 10\n"
)


def settings_with(old: str, new: str) -> str:
    assert old in GMAIL_SETTINGS
    return GMAIL_SETTINGS.replace(old, new)


def test_correct_django_settings_pass_every_rule() -> None:
    assert [f"{f.code} {f.message}" for f in check(GMAIL_SETTINGS)] == []


@pytest.mark.parametrize(
    "flag",
    [
        'EMAIL_USE_SSL = bool(os.getenv("EMAIL_USE_SSL"))',
        'EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", False)',
        'EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "")',
    ],
)
def test_sl602_on_a_settings_module(flag: str) -> None:
    text = GMAIL_SETTINGS + flag + "\n"
    finding = only(check(text, "settings.py", "SL602"), "SL602")
    assert finding.span.line == line_with(text, "EMAIL_USE_SSL =")
    expression = flag.split(" = ", 1)[1]
    assert finding.message.startswith(f"EMAIL_USE_SSL = {expression}: text from the environment")


def test_sl602_is_quiet_on_casts() -> None:
    for flag in (
        'EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "False") == "True"',
        'EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "false").lower() in ("1", "true")',
    ):
        assert check(GMAIL_SETTINGS + flag + "\n", "settings.py", "SL602") == []


def test_sl605_on_mailers_beside_a_deprecated_setting() -> None:
    text = (
        "MAILERS = {\n"
        '    "default": {"OPTIONS": {"host": "smtp.gmail.com", "port": 465, "use_ssl": True}},\n'
        "}\n"
        'EMAIL_HOST = "smtp.gmail.com"\n'
    )
    finding = only(check(text, "settings.py", "SL605"), "SL605")
    assert finding.message == (
        "the application will not start: Deprecated email settings are not allowed when "
        "MAILERS is defined: EMAIL_HOST."
    )
    assert fix_of(finding).description == (
        "move EMAIL_HOST into the OPTIONS of a MAILERS alias and remove it"
    )


def test_sl002_on_an_environment_lookup_without_default_names_only_the_variable() -> None:
    text = settings_with('EMAIL_HOST = "smtp.gmail.com"', 'EMAIL_HOST = os.environ["SMTP_RELAY"]')
    finding = only(check(text), "SL002")
    assert finding.severity is Severity.INFO
    assert finding.span.line == line_with(text, "EMAIL_HOST =")
    assert finding.message == (
        'EMAIL_HOST=os.environ["SMTP_RELAY"]: depends on SMTP_RELAY, only known at run time; '
        "not checked"
    )


@pytest.mark.parametrize(
    "read", ['os.environ["GMAIL_APP_PASSWORD"]', 'os.getenv("GMAIL_APP_PASSWORD")']
)
def test_a_password_read_whole_from_the_environment_is_not_reported(read: str) -> None:
    text = settings_with('os.environ.get("GMAIL_APP_PASSWORD", "")', read)
    assert [f"{f.code} {f.message}" for f in check(text)] == []


def test_sl002_on_env_file_text_built_from_an_undefined_variable() -> None:
    text = "SMTP_HOST=smtp.${MAIL_DOMAIN}\nSMTP_PORT=465\nSMTP_SECURE=true\n"
    finding = only(check(text, ".env", "SL002"), "SL002")
    assert finding.span.line == 1
    assert "MAIL_DOMAIN" in finding.message
    assert check("MAIL_DOMAIN=acme-corp.io\n" + text, ".env", "SL002") == []


def test_a_port_mismatch_quotes_the_python_setting_names_and_smtplib_error() -> None:
    text = settings_with("EMAIL_PORT = 587", "EMAIL_PORT = 465")
    finding = only(check(text), "SL102")
    assert finding.span.line == line_with(text, "EMAIL_USE_TLS")
    assert finding.message.startswith("EMAIL_PORT=465 with EMAIL_USE_TLS=True: STARTTLS")
    assert finding.message.endswith('"SMTPServerDisconnected: Connection unexpectedly closed"')
    assert "Nodemailer" not in finding.message


@pytest.mark.parametrize(
    ("extra", "consequence"),
    [
        ("MAIL_TIMEOUT = 10\n", 'Flask-Mailman raises "ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL'),
        ("", 'Flask-Mail tries STARTTLS inside TLS, which fails with "STARTTLS extension'),
    ],
    ids=["flask-mailman", "flask-mail"],
)
def test_both_flask_flags_name_the_library_that_reads_them(extra: str, consequence: str) -> None:
    text = (
        'MAIL_SERVER = "smtp.gmail.com"\nMAIL_PORT = 587\nMAIL_USE_TLS = True\n'
        'MAIL_USE_SSL = True\nMAIL_DEFAULT_SENDER = "jane.doe@gmail.com"\n' + extra
    )
    finding = only(check(text, "config.py", "SL103"), "SL103")
    assert consequence in finding.message


def test_an_environment_fallback_is_checked_like_a_literal() -> None:
    placeholder = settings_with(
        'DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"',
        'DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@example.com")',
    )
    finding = only(check(placeholder), "SL403")
    assert finding.span.line == line_with(placeholder, "DEFAULT_FROM_EMAIL")
    password = settings_with(
        '"GMAIL_APP_PASSWORD", ""', f'"GMAIL_APP_PASSWORD", "{ACCOUNT_PASSWORD}"'
    )
    findings = check(password)
    assert sorted(f.code for f in findings) == ["SL306", "SL501"]
    assert_no_leak(findings, ACCOUNT_PASSWORD)


def test_an_empty_environment_fallback_is_not_a_missing_value() -> None:
    text = settings_with(
        'DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"',
        'DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "")',
    )
    assert check(text) == []


def test_no_timeout_under_flask_mail_is_advice_not_a_key_to_add() -> None:
    from smtplint.model import Applicability

    base = (
        'MAIL_SERVER = "smtp.gmail.com"\nMAIL_PORT = 465\nMAIL_USE_SSL = True\n'
        'MAIL_USERNAME = "me@gmail.com"\nMAIL_DEFAULT_SENDER = "me@gmail.com"\n'
    )
    mail = check_text("from flask_mail import Mail\n" + base, "config.py", select=("SL601",))
    assert [f.code for f in mail] == ["SL601"]
    assert "Flask-Mail has no timeout setting" in mail[0].message
    assert mail[0].fix is not None and mail[0].fix.applicability is Applicability.DISPLAY_ONLY
    mailman = check_text("from flask_mailman import Mail\n" + base, "config.py", select=("SL601",))
    assert [f.code for f in mailman] == ["SL601"]
    assert mailman[0].fix is not None and mailman[0].fix.applicability is Applicability.UNSAFE
