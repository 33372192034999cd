"""Hypothesis strategies for realistic SMTP configuration files in every format smtplint fixes.

A generated file knows its own layout: each line records the canonical field it sets (if any)
and where its value sits, so a property can tell an edited value from any other change.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import ascii_letters, ascii_lowercase, digits
from typing import Any

from hypothesis import strategies as st

from smtplint.model import Field, Security

BOM = b"\xef\xbb\xbf"

# --- what a configuration says, independent of syntax ------------------------------------------


@dataclass(frozen=True)
class Provider:
    host: str
    legacy_host: str | None
    typo_host: str
    incoming_host: str
    ports: tuple[tuple[int, Security], ...]  # the submission ports it offers
    username: str
    wrong_username: str
    sender: str
    password: st.SearchStrategy[str]


_SYMBOLS = "-_.!%+~"
PROVIDERS = (
    Provider(
        host="smtp.gmail.com",
        legacy_host="smtp.googlemail.com",
        typo_host="smtp.gmial.com",
        incoming_host="imap.gmail.com",
        ports=((587, Security.STARTTLS), (465, Security.TLS)),
        username="jane.doe@gmail.com",
        wrong_username="jane.doe",
        sender="jane.doe@gmail.com",
        password=st.text(ascii_lowercase, min_size=16, max_size=16),
    ),
    Provider(
        host="smtp.fastmail.com",
        legacy_host=None,
        typo_host="smtp.fastmial.com",
        incoming_host="imap.fastmail.com",
        ports=((465, Security.TLS), (587, Security.STARTTLS)),
        username="ops@fastmail.com",
        wrong_username="ops",
        sender="ops@fastmail.com",
        password=st.text(ascii_lowercase + digits, min_size=16, max_size=16),
    ),
    Provider(
        host="smtp.sendgrid.net",
        legacy_host=None,
        typo_host="smtp.sendgird.net",
        incoming_host="smtp.sendgrid.net",
        ports=((587, Security.STARTTLS), (465, Security.TLS)),
        username="apikey",
        wrong_username="alerts@acme-corp.io",
        sender="alerts@acme-corp.io",
        password=st.text(ascii_letters + digits + "-_", min_size=20, max_size=40).map(
            lambda key: f"SG.{key}"
        ),
    ),
)


@dataclass(frozen=True)
class Mail:
    """One SMTP configuration as its author meant to write it."""

    host: str
    port: int | None  # None: not written, the library's default applies
    security: Security
    both_flags: bool  # libraries with a STARTTLS flag and a TLS flag: both switched on
    username: str
    password: str | None  # None: read from the environment at run time
    sender: str
    timeout: int | None


def _password(provider: Provider, *, literal: bool) -> st.SearchStrategy[str | None]:
    generic = st.text(ascii_letters + digits + _SYMBOLS, min_size=12, max_size=24)
    if literal:
        return st.one_of(provider.password, generic)
    return st.one_of(st.none(), provider.password, generic)


@st.composite
def clean_mail(draw: st.DrawFn) -> Mail:
    """A configuration with nothing to fix: a provider's own host, port and mode."""
    provider = draw(st.sampled_from(PROVIDERS))
    port, security = draw(st.sampled_from(provider.ports))
    return Mail(
        host=provider.host,
        port=port,
        security=security,
        both_flags=False,
        username=provider.username,
        password=draw(st.one_of(st.none(), provider.password)),
        sender=provider.sender,
        timeout=draw(st.sampled_from((10, 15, 30, 60))),
    )


@st.composite
def any_mail(draw: st.DrawFn, *, literal_password: bool = False) -> Mail:
    """A configuration that may carry the usual mistakes; with ``literal_password`` its
    password is always written in the file."""
    provider = draw(st.sampled_from(PROVIDERS))
    # Misspelled hosts are rarer: smtplint searches every known host for the nearest one.
    hosts = [provider.host, provider.host, provider.incoming_host, provider.typo_host]
    if provider.legacy_host:
        hosts.append(provider.legacy_host)
    wrong_pairs = [(p, s) for p, _ in provider.ports for _, s in provider.ports]
    pairs = [
        *provider.ports,
        *wrong_pairs,
        (25, Security.STARTTLS),
        (587, Security.NONE),
        (587, Security.OPPORTUNISTIC),
    ]
    port, security = draw(st.sampled_from(pairs))
    return Mail(
        host=draw(st.sampled_from(hosts)),
        port=draw(st.sampled_from((port, port, None))),
        security=security,
        both_flags=draw(st.booleans()),
        username=draw(st.sampled_from((provider.username, provider.wrong_username))),
        password=draw(_password(provider, literal=literal_password)),
        sender=draw(st.sampled_from((provider.sender, provider.username))),
        timeout=draw(st.sampled_from((None, 10, 30))),
    )


# --- lines that know where their value is -------------------------------------------------------


@dataclass(frozen=True)
class Line:
    text: str  # without its line ending
    field: Field | None = None  # the canonical field this line sets
    value_start: int = 0
    value_end: int = 0

    @property
    def prefix(self) -> str:
        return self.text[: self.value_start]

    @property
    def suffix(self) -> str:
        return self.text[self.value_end :]


def setting(prefix: str, value: str, suffix: str, field: Field | None) -> Line:
    return Line(prefix + value + suffix, field, len(prefix), len(prefix) + len(value))


def other(text: str) -> Line:
    return Line(text)


@dataclass(frozen=True, repr=False)
class ConfigFile:
    format: str
    name: str
    lines: tuple[Line, ...]
    newline: str
    bom: bool
    final_newline: bool
    passwords: tuple[str, ...]  # every literal password written in the file

    @property
    def data(self) -> bytes:
        text = self.newline.join(line.text for line in self.lines)
        if self.final_newline:
            text += self.newline
        return (BOM if self.bom else b"") + text.encode("utf-8")

    def __repr__(self) -> str:
        return f"ConfigFile({self.name!r}, data={self.data!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # hypothesis prints this in a failing example


@st.composite
def _layout(draw: st.DrawFn) -> tuple[str, bool, bool]:
    return (
        draw(st.sampled_from(("\n", "\r\n"))),
        draw(st.booleans()),
        draw(st.booleans()),
    )


def _file(draw: st.DrawFn, fmt: str, name: str, lines: list[Line], mails: list[Mail]) -> ConfigFile:
    newline, bom, final_newline = draw(_layout())
    while not final_newline and lines and not lines[-1].text:
        lines = lines[:-1]  # a last empty line would be a final newline after all
    passwords = tuple(m.password for m in mails if m.password is not None)
    return ConfigFile(fmt, name, tuple(lines), newline, bom, final_newline, passwords)


def _interleave(draw: st.DrawFn, settings: list[Line], fillers: list[Line]) -> list[Line]:
    """``settings`` in order, with some of ``fillers`` put before, between or after them."""
    lines = list(settings)
    for filler in draw(st.lists(st.sampled_from(fillers), max_size=4)):
        lines.insert(draw(st.integers(0, len(lines))), filler)
    return lines


# --- env files ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnvFamily:
    name: str
    namespace: str
    host: str
    port: str
    tls_flag: str | None  # implicit-TLS switch
    starttls_flag: str | None  # mandatory-STARTTLS switch
    scheme: str | None  # Laravel's MAIL_SCHEME
    username: str
    password: str
    sender: str
    timeout: str | None
    fixed: tuple[tuple[str, str], ...] = ()  # keys written as they are (MAIL_MAILER=smtp)


ENV_FAMILIES = (
    EnvFamily(
        name="django",
        namespace="EMAIL_",
        host="EMAIL_HOST",
        port="EMAIL_PORT",
        tls_flag="EMAIL_USE_SSL",
        starttls_flag="EMAIL_USE_TLS",
        scheme=None,
        username="EMAIL_HOST_USER",
        password="EMAIL_HOST_PASSWORD",
        sender="DEFAULT_FROM_EMAIL",
        timeout="EMAIL_TIMEOUT",
    ),
    EnvFamily(
        name="flask",
        namespace="MAIL_",
        host="MAIL_SERVER",
        port="MAIL_PORT",
        tls_flag="MAIL_USE_SSL",
        starttls_flag="MAIL_USE_TLS",
        scheme=None,
        username="MAIL_USERNAME",
        password="MAIL_PASSWORD",
        sender="MAIL_DEFAULT_SENDER",
        timeout="MAIL_TIMEOUT",
    ),
    EnvFamily(
        name="laravel",
        namespace="MAIL_",
        host="MAIL_HOST",
        port="MAIL_PORT",
        tls_flag=None,
        starttls_flag=None,
        scheme="MAIL_SCHEME",
        username="MAIL_USERNAME",
        password="MAIL_PASSWORD",
        sender="MAIL_FROM_ADDRESS",
        timeout=None,
        fixed=(("MAIL_MAILER", "smtp"),),
    ),
    EnvFamily(
        name="nodemailer",
        namespace="SMTP_",
        host="SMTP_HOST",
        port="SMTP_PORT",
        tls_flag="SMTP_SECURE",
        starttls_flag="SMTP_REQUIRE_TLS",
        scheme=None,
        username="SMTP_USER",
        password="SMTP_PASS",
        sender="SMTP_FROM",
        timeout="SMTP_TIMEOUT",
    ),
)
_ENV_FILLERS = [
    other(""),
    other("# mail settings"),
    other("#"),
    other("# EMAIL_PORT=25 (the old relay)"),
    other("APP_NAME=Example"),
    other("APP_ENV=production"),
    other("LOG_LEVEL=debug"),
    other("DEBUG=0"),
    other('APP_URL="https://example.com"'),
]
_ENV_COMMENTS = ("", "", " # required", "  # see the provider's docs")
_BOOLEANS = (("True", "False"), ("true", "false"), ("1", "0"))


@st.composite
def _env_line(
    draw: st.DrawFn, key: str, value: str, field: Field | None, *, reference: bool = False
) -> Line:
    export = draw(st.sampled_from(("", "", "export ")))
    equals = draw(st.sampled_from(("=", "=", "=", " = ")))
    quote = draw(st.sampled_from(("", '"') if reference else ("", "", "'", '"')))
    comment = draw(st.sampled_from(_ENV_COMMENTS))
    return setting(f"{export}{key}{equals}{quote}", value, f"{quote}{comment}", field)


@st.composite
def _env_settings(draw: st.DrawFn, family: EnvFamily, mail: Mail) -> list[Line]:
    on, off = draw(st.sampled_from(_BOOLEANS))
    lines: list[Line] = [draw(_env_line(key, value, None)) for key, value in family.fixed]
    if mail.port is not None and not draw(st.integers(0, 7)):
        # an earlier binding of the key, shadowed by the later one: never worth editing
        lines.append(draw(_env_line(family.port, "25", None)))
    if draw(st.integers(0, 7)):
        lines.append(draw(_env_line(family.host, mail.host, Field.HOST)))
    else:  # a reference is never rewritten, so the line claims no field
        lines.append(draw(_env_line(family.host, "${RELAY_HOSTNAME}", None, reference=True)))
    if mail.port is not None:
        lines.append(draw(_env_line(family.port, str(mail.port), Field.PORT)))
    tls = mail.security is Security.TLS or mail.both_flags
    starttls = mail.security is Security.STARTTLS or mail.both_flags
    for flag, wanted in ((family.tls_flag, tls), (family.starttls_flag, starttls)):
        if flag is not None and (wanted or draw(st.booleans())):
            lines.append(draw(_env_line(flag, on if wanted else off, Field.SECURITY)))
    if family.scheme is not None and mail.security is not Security.NONE:
        scheme = "smtps" if mail.security is Security.TLS else "smtp"
        lines.append(draw(_env_line(family.scheme, scheme, Field.SECURITY)))
    lines.append(draw(_env_line(family.username, mail.username, Field.USERNAME)))
    if mail.password is None:
        variable = f"{family.namespace}PASSWORD_SECRET"
        lines.append(draw(_env_line(family.password, f"${{{variable}}}", None, reference=True)))
    else:
        lines.append(draw(_env_line(family.password, mail.password, Field.PASSWORD)))
    lines.append(draw(_env_line(family.sender, mail.sender, Field.SENDER)))
    if family.timeout is not None and mail.timeout is not None:
        lines.append(draw(_env_line(family.timeout, str(mail.timeout), Field.TIMEOUT)))
    return lines


@st.composite
def env_files(draw: st.DrawFn, mails: st.SearchStrategy[Mail]) -> ConfigFile:
    """An env file with one or two configurations of different namespaces."""
    families = draw(
        st.lists(
            st.sampled_from(ENV_FAMILIES),
            min_size=1,
            max_size=2,
            unique_by=lambda family: family.namespace,
        )
    )
    drawn = [(family, draw(mails)) for family in families]
    settings = [line for family, mail in drawn for line in draw(_env_settings(family, mail))]
    lines = _interleave(draw, settings, _ENV_FILLERS)
    return _file(draw, "env", ".env", lines, [mail for _, mail in drawn])


# --- TOML ---------------------------------------------------------------------------------------

_TOML_MODES = {
    Security.NONE: ("none", "plain"),
    Security.OPPORTUNISTIC: ("opportunistic",),
    Security.STARTTLS: ("starttls", "start-tls"),
    Security.TLS: ("tls", "ssl", "implicit-tls"),
}
_TOML_FILLERS = [other(""), other("# outgoing mail"), other("# port = 25  (old relay)")]


@st.composite
def _toml_line(draw: st.DrawFn, key: str, value: str, field: Field | None, kind: str) -> Line:
    equals = draw(st.sampled_from((" = ", " = ", "=")))
    comment = draw(st.sampled_from(("", "", "  # set by ops")))
    if kind == "string":
        quote = draw(st.sampled_from(('"', '"', "'")))
        return setting(f"{key}{equals}{quote}", value, f"{quote}{comment}", field)
    return setting(f"{key}{equals}", value, comment, field)


@st.composite
def _toml_settings(draw: st.DrawFn, mail: Mail) -> list[Line]:
    def pick(*names: str) -> str:
        return draw(st.sampled_from(names))

    lines = [draw(_toml_line(pick("host", "server", "hostname"), mail.host, Field.HOST, "string"))]
    if mail.port is not None:
        kind = draw(st.sampled_from(("number", "number", "string")))
        lines.append(draw(_toml_line("port", str(mail.port), Field.PORT, kind)))
    if mail.both_flags or draw(st.booleans()):
        flags = {
            "starttls": mail.security is Security.STARTTLS or mail.both_flags,
            "ssl": mail.security is Security.TLS or mail.both_flags,
        }
        for key, on in flags.items():
            if on or draw(st.booleans()):
                value = "true" if on else "false"
                lines.append(draw(_toml_line(key, value, Field.SECURITY, "number")))
    else:
        mode = draw(st.sampled_from(_TOML_MODES[mail.security]))
        key = pick("security", "encryption")
        lines.append(draw(_toml_line(key, mode, Field.SECURITY, "string")))
    lines.append(
        draw(_toml_line(pick("username", "user", "login"), mail.username, Field.USERNAME, "string"))
    )
    password = mail.password if mail.password is not None else "${SMTP_PASSWORD}"
    field = Field.PASSWORD if mail.password is not None else None
    lines.append(draw(_toml_line("password", password, field, "string")))
    lines.append(
        draw(
            _toml_line(pick("from", "sender", "from_address"), mail.sender, Field.SENDER, "string")
        )
    )
    if mail.timeout is not None:
        lines.append(draw(_toml_line("timeout", str(mail.timeout), Field.TIMEOUT, "number")))
    return lines


@st.composite
def _toml_django_settings(draw: st.DrawFn, mail: Mail) -> list[Line]:
    """Django's upper-case keys in a settings table (dynaconf style)."""
    lines = [draw(_toml_line("EMAIL_HOST", mail.host, Field.HOST, "string"))]
    if mail.port is not None:
        lines.append(draw(_toml_line("EMAIL_PORT", str(mail.port), Field.PORT, "number")))
    tls = mail.security is Security.TLS or mail.both_flags
    starttls = mail.security is Security.STARTTLS or mail.both_flags
    for key, on in (("EMAIL_USE_TLS", starttls), ("EMAIL_USE_SSL", tls)):
        if on or draw(st.booleans()):
            lines.append(draw(_toml_line(key, "true" if on else "false", Field.SECURITY, "number")))
    lines.append(draw(_toml_line("EMAIL_HOST_USER", mail.username, Field.USERNAME, "string")))
    if mail.password is None:
        lines.append(other('EMAIL_HOST_PASSWORD = "env:EMAIL_HOST_PASSWORD"'))
    else:
        lines.append(
            draw(_toml_line("EMAIL_HOST_PASSWORD", mail.password, Field.PASSWORD, "string"))
        )
    lines.append(draw(_toml_line("DEFAULT_FROM_EMAIL", mail.sender, Field.SENDER, "string")))
    if mail.timeout is not None:
        lines.append(draw(_toml_line("EMAIL_TIMEOUT", str(mail.timeout), Field.TIMEOUT, "number")))
    return lines


_TOML_TABLES = (
    ("smtp", _toml_settings),
    ("email", _toml_settings),
    ("mailer", _toml_settings),
    ("tool.app.smtp", _toml_settings),
    ("outgoing_mail", _toml_settings),
    ("default", _toml_django_settings),
    ("production", _toml_django_settings),
)


@st.composite
def toml_files(draw: st.DrawFn, mails: st.SearchStrategy[Mail]) -> ConfigFile:
    """A TOML file with one or two SMTP tables, comments and an unrelated table."""
    tables = draw(
        st.lists(
            st.sampled_from(_TOML_TABLES), min_size=1, max_size=2, unique_by=lambda table: table[0]
        )
    )
    drawn = [draw(mails) for _ in tables]
    lines = [other("# application settings"), other('title = "Example"'), other("")]
    for (name, settings), mail in zip(tables, drawn, strict=True):
        lines.append(other(f"[{name}]"))
        lines.extend(_interleave(draw, draw(settings(mail)), _TOML_FILLERS))
        lines.append(other(""))
    lines.extend([other("[logging]"), other('level = "INFO"')])
    return _file(draw, "toml", "mail.toml", lines, drawn)


# --- Python settings ----------------------------------------------------------------------------


@st.composite
def _py_string(draw: st.DrawFn, key: str, value: str, field: Field | None, indent: str) -> Line:
    quote = draw(st.sampled_from(('"', "'")))
    comment = draw(st.sampled_from(("", "", "  # from the provider's docs")))
    if draw(st.booleans()):
        lookup = draw(st.sampled_from(("os.environ.get", "os.getenv")))
        prefix = f"{indent}{key} = {lookup}({quote}{key}{quote}, {quote}"
        return setting(prefix, value, f"{quote}){comment}", field)
    return setting(f"{indent}{key} = {quote}", value, f"{quote}{comment}", field)


@st.composite
def _py_number(draw: st.DrawFn, key: str, value: int, field: Field, indent: str) -> Line:
    comment = draw(st.sampled_from(("", "  # seconds" if field is Field.TIMEOUT else "")))
    form = draw(st.sampled_from(("literal", "literal", "lookup", "string-lookup")))
    if form == "lookup":
        return setting(
            f'{indent}{key} = int(os.environ.get("{key}", ', str(value), f")){comment}", field
        )
    if form == "string-lookup":
        return setting(
            f'{indent}{key} = int(os.environ.get("{key}", "', str(value), f'")){comment}', field
        )
    return setting(f"{indent}{key} = ", str(value), comment, field)


@st.composite
def _py_settings(draw: st.DrawFn, keys: EnvFamily, mail: Mail, indent: str) -> list[Line]:
    lines = [draw(_py_string(keys.host, mail.host, Field.HOST, indent))]
    if mail.port is not None:
        lines.append(draw(_py_number(keys.port, mail.port, Field.PORT, indent)))
    tls = mail.security is Security.TLS or mail.both_flags
    starttls = mail.security is Security.STARTTLS or mail.both_flags
    for flag, on in ((keys.starttls_flag, starttls), (keys.tls_flag, tls)):
        if flag is not None and (on or draw(st.booleans())):
            comment = draw(st.sampled_from(("", "", "  # the provider's mode")))
            lines.append(setting(f"{indent}{flag} = ", str(on), comment, Field.SECURITY))
    lines.append(draw(_py_string(keys.username, mail.username, Field.USERNAME, indent)))
    if mail.password is None:
        lines.append(other(f'{indent}{keys.password} = os.environ["{keys.password}"]'))
    else:
        lines.append(draw(_py_string(keys.password, mail.password, Field.PASSWORD, indent)))
    lines.append(draw(_py_string(keys.sender, mail.sender, Field.SENDER, indent)))
    if mail.timeout is not None and keys.timeout is not None:
        lines.append(draw(_py_number(keys.timeout, mail.timeout, Field.TIMEOUT, indent)))
    return lines


_DJANGO, _FLASK = ENV_FAMILIES[0], ENV_FAMILIES[1]


@st.composite
def django_settings_files(draw: st.DrawFn, mails: st.SearchStrategy[Mail]) -> ConfigFile:
    mail = draw(mails)
    head = [
        other('"""Django settings for mysite."""'),
        other(""),
        other("import os"),
        other(""),
        other("DEBUG = False"),
        other('ALLOWED_HOSTS = ["example.com"]'),
        other(""),
        other("# Email"),
        other('EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"'),
    ]
    if mail.port is not None and not draw(st.integers(0, 7)):
        head.append(other("EMAIL_PORT = 25  # reassigned below"))
    fillers = [other(""), other("# EMAIL_PORT = 25  # the old relay")]
    body = _interleave(draw, draw(_py_settings(_DJANGO, mail, "")), fillers)
    tail = [other(""), other('LANGUAGE_CODE = "en-us"')]
    return _file(draw, "django", "settings.py", [*head, *body, *tail], [mail])


@st.composite
def flask_config_files(draw: st.DrawFn, mails: st.SearchStrategy[Mail]) -> ConfigFile:
    mail = draw(mails)
    head = [
        other('"""Configuration of the Flask application."""'),
        other(""),
        other("import os"),
        other(""),
        other(""),
        other("class Config:"),
        other('    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")'),
    ]
    fillers = [other("    # outgoing mail")]
    body = _interleave(draw, draw(_py_settings(_FLASK, mail, "    ")), fillers)
    tail = [other(""), other(""), other("class ProductionConfig(Config):"), other("    TZ = 'UTC'")]
    return _file(draw, "flask", "config.py", [*head, *body, *tail], [mail])


# --- Thunderbird prefs.js -----------------------------------------------------------------------

_TRY_SSL = {Security.NONE: 0, Security.OPPORTUNISTIC: 1, Security.STARTTLS: 2, Security.TLS: 3}


def _pref(name: str, value: str, field: Field | None = None, *, string: bool = True) -> Line:
    quote = '"' if string else ""
    return setting(f'user_pref("{name}", {quote}', value, f"{quote});", field)


@st.composite
def prefs_files(draw: st.DrawFn, mails: st.SearchStrategy[Mail]) -> ConfigFile:
    """A Thunderbird prefs.js with one or two outgoing servers and an identity for each."""
    count = draw(st.integers(1, 2))
    drawn = [draw(mails) for _ in range(count)]
    prefs: list[Line] = []
    for number, mail in enumerate(drawn, 1):
        server, identity = f"mail.smtpserver.smtp{number}.", f"mail.identity.id{number}."
        prefs += [
            _pref(f"{identity}fullName", "Jane Doe"),
            _pref(f"{identity}smtpServer", f"smtp{number}"),
            _pref(f"{identity}useremail", mail.sender, Field.SENDER),
            _pref(f"{server}authMethod", "3", string=False),
            _pref(f"{server}hostname", mail.host, Field.HOST),
            _pref(f"{server}try_ssl", str(_TRY_SSL[mail.security]), Field.SECURITY, string=False),
            _pref(f"{server}username", mail.username, Field.USERNAME),
        ]
        if mail.port is not None:
            prefs.append(_pref(f"{server}port", str(mail.port), Field.PORT, string=False))
    servers = ",".join(f"smtp{n}" for n in range(1, count + 1))
    prefs += [_pref("mail.smtp.defaultserver", "smtp1"), _pref("mail.smtpservers", servers)]
    if draw(st.booleans()):
        prefs.sort(key=lambda line: line.text)  # the order Thunderbird writes
    else:
        prefs = draw(st.permutations(prefs))
    head = [other("// Mozilla User Preferences"), other("")]
    # Thunderbird has no password or timeout setting: those parts of the Mail are not written.
    newline, bom, final_newline = draw(_layout())
    return ConfigFile("thunderbird", "prefs.js", (*head, *prefs), newline, bom, final_newline, ())


# --- every format -------------------------------------------------------------------------------

FORMATS = {
    "env": env_files,
    "toml": toml_files,
    "django": django_settings_files,
    "flask": flask_config_files,
    "thunderbird": prefs_files,
}


def config_files(
    fmt: str, *, clean: bool = False, literal_password: bool = False
) -> st.SearchStrategy[ConfigFile]:
    """Files of format ``fmt``: clean ones (nothing to fix) or any, mistakes included."""
    mails = clean_mail() if clean else any_mail(literal_password=literal_password)
    return FORMATS[fmt](mails)
