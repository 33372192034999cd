"""Key families of env files and how each library interprets their values.

An env file names SMTP settings after the library that reads them: ``SMTP_*`` for most Node
apps (Nodemailer semantics), ``EMAIL_*`` for Django or Node, ``MAIL_*`` for Laravel or
Flask-Mail, plus URL forms. Keys are grouped by prefix and namespace (``SMTP_``,
``SENTRY_EMAIL_`` …); each group that holds SMTP settings becomes one :class:`SmtpConfig`
read the way its library reads it. Facts and their sources: formats.md §2 to §4.

Modelling choices (documented here because rules rely on them):

- A key written but unset (a bare ``KEY``, Laravel ``null``/``(null)``) counts as absent;
  where the library has a default, the default Setting points at that line.
- A ``*_URL`` key wins over the separate keys for the parts it spells out.
- Security flags hold every key that asked for a mode with a true value (or a scheme that
  implies one); ``security`` is the mode the library will actually use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from smtplint.model import (
    Ambiguity,
    AuthMethod,
    IgnoredKey,
    Origin,
    Secret,
    Security,
    Setting,
    SmtpConfig,
    Span,
    UrlProblem,
    ValueKind,
)
from smtplint.sources.smtp_url import (
    DJ_EMAIL_URL,
    DJANGO_ENVIRON,
    NODEMAILER,
    Part,
    SmtpUrl,
    UrlReading,
    mask_password_in_text,
    masked_url,
    parse_smtp_url,
    read_dj_email_url,
    read_django_environ,
    read_nodemailer,
    read_symfony,
)
from smtplint.sources.values import (
    MASK,
    common_env_flag,
    django_environ_bool,
    laravel_env,
    node_env_flag,
    parse_port,
    parse_seconds,
)

T = TypeVar("T")


@dataclass(frozen=True)
class EnvEntry:
    """One assignment of an env file after interpolation, as the families see it."""

    key: str
    text: str | None = field(repr=False)  # the value; None when unknown (a reference)
    raw: str = field(repr=False)  # the value as written, inside its quotes
    kind: ValueKind
    reference: str | None  # the variable a reference names
    span: Span  # from the key to the end of the value
    key_span: Span
    value_span: Span  # inside the quotes
    verbatim: bool  # the file text of the value is exactly ``text`` (offsets map 1:1)


@dataclass(frozen=True)
class ProjectHints:
    """What the files next to the env file say about the libraries in use."""

    laravel_version: tuple[int, int, int] | None = None  # from composer.lock
    email_url_library: str | None = None  # DJANGO_ENVIRON or DJ_EMAIL_URL, from dependencies


# --- key names ----------------------------------------------------------------------------

NAMESPACES = ("SMTP", "EMAIL", "MAIL")
_EMAIL_SPECIAL_STEMS = ("DEFAULT_FROM_EMAIL", "SERVER_EMAIL")


@dataclass(frozen=True)
class KeyName:
    prefix: str  # "" or ends with "_", e.g. "SENTRY_"
    namespace: str  # "SMTP", "EMAIL" or "MAIL"
    stem: str  # the key without its prefix, e.g. "EMAIL_HOST_USER"


def split_key(key: str) -> KeyName | None:
    """Where a key's namespace starts: ``APP_SMTP_HOST`` → ``APP_`` + ``SMTP_HOST``."""
    for special in _EMAIL_SPECIAL_STEMS:
        if key == special or key.endswith("_" + special):
            return KeyName(key[: len(key) - len(special)], "EMAIL", special)
    tokens = key.split("_")
    names = [
        KeyName("_".join(tokens[:index]) + ("_" if index else ""), token,
                "_".join(tokens[index:]))
        for index, token in enumerate(tokens[:-1])
        if token in NAMESPACES and all(tokens[index + 1 :])
    ]
    # EMAIL_SMTP_HOST is SMTP_HOST with the prefix EMAIL_: prefer a stem some family knows
    return next((n for n in names if n.stem in KNOWN_STEMS), names[0] if names else None)


# Keys that share a namespace with SMTP settings but mean other things; never reported as
# misspellings. (Keys read by a family are added to this set below.)
_OTHER_KNOWN_STEMS = frozenset({
    "MAIL_FROM_NAME", "MAIL_LOG_CHANNEL", "MAIL_EHLO_DOMAIN", "MAIL_MARKDOWN_THEME",
    "MAIL_DEBUG", "MAIL_MAX_EMAILS", "MAIL_SUPPRESS_SEND", "MAIL_ASCII_ATTACHMENTS",
    "MAIL_SSL_KEYFILE", "MAIL_SSL_CERTFILE", "MAIL_USE_LOCALTIME", "MAIL_FILE_PATH",
    "MAIL_DEFAULT_CHARSET", "MAIL_SEND_OPTIONS", "MAIL_REPLY_TO", "MAIL_TO",
    "EMAIL_SUBJECT_PREFIX", "EMAIL_USE_LOCALTIME", "EMAIL_SSL_CERTFILE", "EMAIL_SSL_KEYFILE",
    "EMAIL_FILE_PATH", "EMAIL_FROM_NAME", "EMAIL_VERIFICATION", "EMAIL_TO", "EMAIL_REPLY_TO",
    "SMTP_FROM_NAME", "SMTP_SENDER_NAME", "SMTP_NAME", "SMTP_TO", "SMTP_REPLY_TO",
})


# --- settings from entries -----------------------------------------------------------------


def _origin(entry: EnvEntry, part: Part | None = None) -> Origin:
    return Origin(entry.key, _narrow(entry, part), entry.kind, entry.reference)


def _narrow(entry: EnvEntry, part: Part | None) -> Span:
    """The span of part of a value, when the value is written verbatim on one line."""
    span = entry.value_span
    if part is None or not entry.verbatim or span.line != span.end_line:
        return entry.span
    return Span(span.line, span.column + part.start, span.line, span.column + part.end)


def _converted(entry: EnvEntry, convert: Callable[[str], T | None]) -> Setting[T]:
    value = None if entry.text is None else convert(entry.text)
    return Setting(value, _origin(entry), entry.raw)


def _text(entry: EnvEntry) -> Setting[str]:
    return Setting(entry.text, _origin(entry), entry.raw)


def _secret(entry: EnvEntry) -> Setting[Secret]:
    value = None if entry.text is None else Secret(entry.text)
    return Setting(value, _origin(entry), MASK)


def _mode(entry: EnvEntry, mode: Security) -> Setting[Security]:
    return Setting(mode, _origin(entry), entry.raw)


def _default(key: str, value: T | None, raw: str, span: Span | None = None) -> Setting[T]:
    return Setting(value, Origin(key, span, ValueKind.DEFAULT), raw)


def _auth(
    username: Setting[str] | None, password: Setting[Secret] | None, user_key: str
) -> Setting[AuthMethod]:
    """Password authentication when both a username and a password are given."""
    if username is not None and password is not None and _given(username) and _given(password):
        return Setting(AuthMethod.PASSWORD, username.origin, username.raw)
    return _default(username.key if username else user_key, AuthMethod.NONE, "none")


def _given(setting: Setting[T]) -> bool:
    if setting.kind in (ValueKind.REFERENCE, ValueKind.UNRESOLVED):
        return True
    return bool(setting.value)


def _describe(setting: Setting[T]) -> str:
    if setting.kind is ValueKind.DEFAULT:
        return f"{setting.key} not set"
    return f"{setting.key}={setting.raw}"


def _as_object(setting: Setting[T]) -> Setting[object]:
    return Setting(setting.value, setting.origin, setting.raw)


# --- URLs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _UrlFields:
    url: Setting[str]
    parsed: SmtpUrl | None
    reading: UrlReading | None
    host: Setting[str] | None = None
    port: Setting[int] | None = None
    username: Setting[str] | None = None
    password: Setting[Secret] | None = None
    flags: tuple[Setting[Security], ...] = ()
    problems: tuple[UrlProblem, ...] = ()

    def flag_for(self, mode: Security | None) -> Setting[Security] | None:
        return next((f for f in self.flags if f.value is mode), None)

    def scheme_raw(self) -> str:
        return f"{self.parsed.scheme}://" if self.parsed else str(self.url.raw)


def _url_fields(entry: EnvEntry, read: Callable[[SmtpUrl], UrlReading]) -> _UrlFields:
    parsed = None if entry.text is None else parse_smtp_url(entry.text)
    raw_url = parse_smtp_url(entry.raw)
    raw = masked_url(entry.raw, raw_url) if raw_url else mask_password_in_text(entry.raw)
    if parsed is None or entry.text is None:
        value = None if entry.text is None else mask_password_in_text(entry.text)
        return _UrlFields(Setting(value, _origin(entry), raw), None, None)
    url = Setting(masked_url(entry.text, parsed), _origin(entry), raw)
    reading = read(parsed)
    scheme_part = Part(0, len(parsed.scheme))
    flags: list[Setting[Security]] = []
    if reading.scheme_security is not None:
        flags.append(Setting(reading.scheme_security, _origin(entry, scheme_part),
                             f"{parsed.scheme}://"))
    for name, mode in reading.query_flags:
        flags.append(Setting(mode, _origin(entry), f"{entry.key} ?{name}="))
    host = None
    if parsed.host is not None:
        host = Setting(parsed.host, _origin(entry, parsed.host_part), parsed.host)
    port = None
    if parsed.port_text is not None:
        port = Setting(parsed.port, _origin(entry, parsed.port_part), parsed.port_text)
    username = password = None
    if parsed.username is not None:
        username = Setting(parsed.username, _origin(entry, parsed.username_part),
                           parsed.username)
    if parsed.password is not None:
        password = Setting(parsed.password, _origin(entry, parsed.password_part), MASK)
    problems = tuple(UrlProblem(url, p.part, p.characters) for p in parsed.problems)
    return _UrlFields(url, parsed, reading, host, port, username, password, tuple(flags),
                      problems)


_SMTPS_READINGS = (
    (DJANGO_ENVIRON, "STARTTLS (EMAIL_USE_TLS)"),
    (DJ_EMAIL_URL, "STARTTLS (EMAIL_USE_TLS)"),
    (NODEMAILER, "implicit TLS"),
    ("Laravel/Symfony Mailer", "implicit TLS"),
)


def _smtps_ambiguity(fields: _UrlFields) -> tuple[Ambiguity, ...]:
    if fields.parsed is None or fields.reading is None or fields.parsed.scheme != "smtps":
        return ()
    mode = fields.reading.scheme_security or Security.TLS
    chosen = fields.reading.library
    flag = fields.flag_for(mode)
    setting = _as_object(flag) if flag is not None else _as_object(fields.url)
    reason = (
        f"{fields.url.key} uses smtps://, read here as {mode.label} ({chosen}); "
        "django-environ and dj-email-url read it as STARTTLS, Nodemailer and Symfony as "
        "implicit TLS"
    )
    return (Ambiguity(setting, _SMTPS_READINGS, chosen, reason),)


# --- the group a family builds from ------------------------------------------------------


@dataclass
class Group:
    prefix: str
    namespace: str
    entries: dict[str, EnvEntry]  # stem → entry, in file order

    @property
    def name(self) -> str:
        return f"{self.prefix}{self.namespace}_"

    def get(self, *stems: str) -> EnvEntry | None:
        return next((self.entries[s] for s in stems if s in self.entries), None)

    def key(self, stem: str) -> str:
        return self.prefix + stem

    def anchor(self) -> Span:
        return min(entry.key_span for entry in self.entries.values())


@dataclass(frozen=True)
class Family:
    name: str
    label: str  # for messages: "Django", "Laravel", …
    namespace: str
    reads: frozenset[str]  # stems the library reads
    # stem → weight, to pick a family for a namespace; security flags weigh most because
    # they decide how the other values are read
    markers: Mapping[str, int]
    core: frozenset[str]  # stems that make a group a configuration on their own
    senders: frozenset[str]  # stems naming only the sender
    aliases: Mapping[str, tuple[str, bool]]  # other stem → (stem read instead, same meaning)
    build: Callable[[Group, Path, ProjectHints], SmtpConfig]


# --- Nodemailer-style families (SMTP_*, Node EMAIL_*) -------------------------------------


@dataclass(frozen=True)
class _NodeKeys:
    label: str
    host: tuple[str, ...]
    port: tuple[str, ...]
    user: tuple[str, ...]
    password: tuple[str, ...]
    secure: tuple[str, ...]
    sender: tuple[str, ...]
    starttls: tuple[str, ...] = ()
    ambiguous_tls: tuple[str, ...] = ()
    ssl: tuple[str, ...] = ()
    ignore_tls: tuple[str, ...] = ()
    timeout: tuple[str, ...] = ()
    verify: tuple[str, ...] = ()
    url: tuple[str, ...] = ()

    def all(self) -> frozenset[str]:
        return frozenset(
            self.host + self.port + self.user + self.password + self.secure + self.sender
            + self.starttls + self.ambiguous_tls + self.ssl + self.ignore_tls + self.timeout
            + self.verify + self.url
        )


_SMTP_KEYS = _NodeKeys(
    label="SMTP_* read the Nodemailer way",
    host=("SMTP_HOST", "SMTP_SERVER", "SMTP_ADDRESS"),
    port=("SMTP_PORT",),
    user=("SMTP_USER", "SMTP_USERNAME", "SMTP_LOGIN"),
    password=("SMTP_PASS", "SMTP_PASSWORD"),
    secure=("SMTP_SECURE",),
    sender=("SMTP_FROM", "SMTP_FROM_EMAIL", "SMTP_SENDER", "MAIL_FROM", "EMAIL_FROM"),
    starttls=("SMTP_STARTTLS", "SMTP_REQUIRE_TLS"),
    ambiguous_tls=("SMTP_TLS",),
    ssl=("SMTP_SSL",),
    ignore_tls=("SMTP_IGNORE_TLS",),
    timeout=("SMTP_TIMEOUT",),
    verify=("SMTP_TLS_REJECT_UNAUTHORIZED", "SMTP_VERIFY"),
    url=("SMTP_URL",),
)

_NODE_EMAIL_KEYS = _NodeKeys(
    label="EMAIL_* read the Nodemailer way",
    host=("EMAIL_HOST",),
    port=("EMAIL_PORT",),
    user=("EMAIL_USER", "EMAIL_USERNAME"),
    password=("EMAIL_PASS", "EMAIL_PASSWORD"),
    secure=("EMAIL_SECURE",),
    sender=("EMAIL_FROM",),
)

_SMTP_TLS_READINGS = (("Rails-style apps", "STARTTLS"), ("Zitadel", "implicit TLS"))
_NODEMAILER_TIMEOUT = 120.0  # connectionTimeout 2 min (greeting 30 s, socket 10 min)
_FALSE_WORDS = frozenset({"false", "0", "no", "off"})


def _build_node(keys: _NodeKeys, family: str) -> Callable[[Group, Path, ProjectHints], SmtpConfig]:
    def build(group: Group, path: Path, hints: ProjectHints) -> SmtpConfig:
        url = _url_fields(group.entries[keys.url[0]], read_nodemailer) if (
            keys.url and keys.url[0] in group.entries
        ) else None
        flags: list[Setting[Security]] = list(url.flags) if url else []
        ambiguities: list[Ambiguity] = list(_smtps_ambiguity(url)) if url else []
        unknown: EnvEntry | None = None
        for stems, on_true, on_false in (
            (keys.secure, Security.TLS, Security.OPPORTUNISTIC),
            (keys.ssl, Security.TLS, None),
            (keys.starttls, Security.STARTTLS, None),
            (keys.ambiguous_tls, Security.STARTTLS, None),
            (keys.ignore_tls, Security.NONE, None),
        ):
            for stem in stems:
                entry = group.entries.get(stem)
                if entry is None:
                    continue
                if entry.text is None:
                    unknown = unknown or entry
                    continue
                mode = on_true if node_env_flag(entry.text) else on_false
                if mode is None:
                    continue
                flags.append(_mode(entry, mode))
                if stem in keys.ambiguous_tls:
                    ambiguities.append(_smtp_tls_ambiguity(flags[-1]))
        port = _first(url.port if url else None, _optional(group.get(*keys.port), _port_of))
        security = _node_security(flags, unknown, port, group.key(keys.secure[0]))
        if port is None:
            default_port = 465 if security.value is Security.TLS else 587
            port = _default(group.key(keys.port[0]), default_port, str(default_port))
        username = _first(url.username if url else None, _optional(group.get(*keys.user), _text))
        password = _first(url.password if url else None, _optional(group.get(*keys.password),
                                                                   _secret))
        timeout_entry = group.get(*keys.timeout)
        timeout = (_converted(timeout_entry, parse_seconds) if timeout_entry else _default(
            group.key(keys.timeout[0] if keys.timeout else "EMAIL_TIMEOUT"),
            _NODEMAILER_TIMEOUT, "120 s (Nodemailer connection timeout)"))
        verify_entry = group.get(*keys.verify)
        verify = _url_verify(url)
        if verify_entry is not None:
            verify = _converted(verify_entry, lambda t: t.strip().lower() not in _FALSE_WORDS)
        sends = url.reading.sends_over_smtp if url and url.reading else True
        interpretation = f"Nodemailer ({keys.label}): {_security_reason(security, port)}"
        return SmtpConfig(
            path=path, name=group.name, family=family, interpretation=interpretation,
            anchor=group.anchor(),
            host=_first(url.host if url else None, _optional(group.get(*keys.host), _text)),
            port=port, security=security, security_flags=tuple(flags),
            auth=_auth(username, password, group.key(keys.user[0])), username=username,
            password=password, sender=_optional(group.get(*keys.sender), _text), timeout=timeout,
            verify_tls=verify, url=url.url if url else None,
            url_problems=url.problems if url else (), ambiguities=tuple(ambiguities),
            sends_over_smtp=sends,
        )

    return build


def _node_security(
    flags: Sequence[Setting[Security]], unknown: EnvEntry | None, port: Setting[int] | None,
    secure_key: str,
) -> Setting[Security]:
    """Nodemailer: ``secure`` (or an implicit-TLS flag) wins; ``ignoreTLS`` beats
    ``requireTLS``; an unset ``secure`` on port 465 switches to implicit TLS."""
    if unknown is not None and not flags:
        return Setting(None, _origin(unknown), unknown.raw)
    for mode in (Security.TLS, Security.NONE, Security.STARTTLS, Security.OPPORTUNISTIC):
        for flag in flags:
            if flag.value is mode:
                return flag
    if port is not None and port.value == 465:
        return _default(secure_key, Security.TLS, "true (port 465)")
    return _default(secure_key, Security.OPPORTUNISTIC, "false")


def _smtp_tls_ambiguity(flag: Setting[Security]) -> Ambiguity:
    reason = (
        f"{flag.key} means STARTTLS in Rails-style configurations but implicit TLS in "
        "Zitadel; read as STARTTLS"
    )
    return Ambiguity(_as_object(flag), _SMTP_TLS_READINGS, "Rails-style apps", reason)


def _security_reason(security: Setting[Security], port: Setting[int]) -> str:
    if security.value is None:
        if security.kind in (ValueKind.REFERENCE, ValueKind.UNRESOLVED):
            return f"{security.key} is only known at run time: security unknown"
        return f"{_describe(security)}: security unknown"
    port_text = port.raw if port.raw is not None else str(port.value)
    port_part = f"port {port_text}" + (" (default)" if port.is_default else "")
    return f"{_describe(security)} and {port_part} ⇒ {security.value.label}"


# --- Django ---------------------------------------------------------------------------------


def _email_url_reader(entry: EnvEntry | None, hints: ProjectHints) -> Callable[
    [SmtpUrl], UrlReading
]:
    if hints.email_url_library == DJ_EMAIL_URL:
        return read_dj_email_url
    if hints.email_url_library == DJANGO_ENVIRON or entry is None or entry.text is None:
        return read_django_environ
    parsed = parse_smtp_url(entry.text)
    if parsed is not None and (
        parsed.scheme in ("submission", "submit")
        or any(key in ("ssl", "tls", "timeout") for key, _ in parsed.query)
    ):
        return read_dj_email_url  # spellings only dj-email-url understands
    return read_django_environ


def _build_django(group: Group, path: Path, hints: ProjectHints) -> SmtpConfig:
    url_entry = group.get("EMAIL_URL")
    url = _url_fields(url_entry, _email_url_reader(url_entry, hints)) if url_entry else None
    reading = url.reading if url else None
    flags: list[Setting[Security]] = list(url.flags) if url else []
    url_plain = None
    if url is not None and url.parsed is not None:
        # a scheme the library rejects leaves the mode unknown
        mode = Security.NONE if reading is None or reading.security else None
        url_plain = Setting(mode, url.url.origin, url.scheme_raw())
    security = _python_security(
        group, ("EMAIL_USE_SSL", "EMAIL_USE_TLS"), django_environ_bool, flags, url_plain)
    library = reading.library if reading else "django-environ env.bool()"
    port = _first(url.port if url else None, _optional(group.get("EMAIL_PORT"), _port_of))
    if port is None:
        default_port = reading.default_port if reading and reading.default_port else 25
        port = _default(group.key("EMAIL_PORT"), default_port, str(default_port))
    host = _first(url.host if url else None, _optional(group.get("EMAIL_HOST"), _text))
    if host is None:
        host = _default(group.key("EMAIL_HOST"), "localhost", "localhost")
    username = _first(url.username if url else None,
                      _optional(group.get("EMAIL_HOST_USER"), _text))
    password = _first(url.password if url else None,
                      _optional(group.get("EMAIL_HOST_PASSWORD"), _secret))
    timeout_entry = group.get("EMAIL_TIMEOUT")
    if timeout_entry is not None:
        timeout = _converted(timeout_entry, parse_seconds)
    elif reading is not None and reading.timeout is not None and url is not None:
        timeout = Setting(reading.timeout, url.url.origin, str(reading.timeout))
    else:
        timeout = _default(group.key("EMAIL_TIMEOUT"), None, "none")
    sender = _optional(group.get("DEFAULT_FROM_EMAIL"), _text) or _default(
        group.key("DEFAULT_FROM_EMAIL"), "webmaster@localhost", "webmaster@localhost")
    backend = group.get("EMAIL_BACKEND")
    sends = not (reading is not None and not reading.sends_over_smtp)
    if backend is not None and backend.text is not None:
        sends = "smtp" in backend.text.lower()
    reason = _both_flags_note(flags, "Django raises ValueError when sending") + (
        _security_reason(security, port))
    if reading is not None and reading.note:
        reason += f"; {reading.note}"
    return SmtpConfig(
        path=path, name=group.name, family="django",
        interpretation=f"Django SMTP backend ({library}): {reason}",
        anchor=group.anchor(), host=host, port=port, security=security,
        security_flags=tuple(flags), auth=_auth(username, password, group.key("EMAIL_HOST_USER")),
        username=username, password=password, sender=sender, timeout=timeout,
        verify_tls=_url_verify(url), url=url.url if url else None,
        url_problems=url.problems if url else (),
        ambiguities=_smtps_ambiguity(url) if url else (), sends_over_smtp=sends,
    )


def _python_security(
    group: Group, stems: tuple[str, str], is_true: Callable[[str], bool],
    flags: list[Setting[Security]], plain: Setting[Security] | None = None,
) -> Setting[Security]:
    """Django and Flask: an SSL flag (implicit TLS) wins over a TLS flag (STARTTLS); with
    neither true the connection stays plaintext. True flags are appended to ``flags``."""
    unknown = written_off = None
    for stem, mode in zip(stems, (Security.TLS, Security.STARTTLS), strict=True):
        entry = group.get(stem)
        if entry is None:
            continue
        if entry.text is None:
            unknown = unknown or entry
        elif is_true(entry.text):
            flags.append(_mode(entry, mode))
        elif written_off is None:
            written_off = _mode(entry, Security.NONE)
    if unknown is not None and not flags:
        return Setting(None, _origin(unknown), unknown.raw)
    if flags:
        return next((f for f in flags if f.value is Security.TLS), flags[0])
    return plain or written_off or _default(group.key(stems[1]), Security.NONE, "False")


def _both_flags_note(flags: Sequence[Setting[Security]], consequence: str) -> str:
    if not {Security.TLS, Security.STARTTLS} <= {f.value for f in flags}:
        return ""
    keys = " and ".join(sorted(f.key for f in flags if f.value is not Security.OPPORTUNISTIC))
    return f"{keys} both set: {consequence}; read as implicit TLS, "


# --- Laravel --------------------------------------------------------------------------------

_LARAVEL_SCHEME_CHANGE = (11, 35, 0)  # laravel/framework v11.35.0 stopped reading MAIL_ENCRYPTION
_LARAVEL_NON_SMTP = frozenset(
    {"log", "array", "ses", "ses-v2", "postmark", "mailgun", "resend", "sendmail"}
)


def _laravel_value(entry: EnvEntry | None) -> EnvEntry | None:
    """The entry, or None when Laravel's ``env()`` reads it as null."""
    if entry is None or entry.text is None:
        return entry
    return None if laravel_env(entry.text) is None else entry


def _null_span(entry: EnvEntry | None) -> Span | None:
    return None if entry is None else entry.span


def _build_laravel(group: Group, path: Path, hints: ProjectHints) -> SmtpConfig:
    version = hints.laravel_version
    current = version is None or version >= _LARAVEL_SCHEME_CHANGE
    eleven = version is None or version >= (11, 0, 0)
    version_text = (
        "Laravel ≥ 11.35 (no composer.lock: current semantics)" if version is None
        else f"Laravel {'.'.join(map(str, version))}"
    )
    ignored: list[IgnoredKey] = []
    sends, mailer_note = _laravel_mailer(group, version, ignored)
    url_entry = _laravel_value(group.get("MAIL_URL"))
    port_entry = _laravel_value(group.get("MAIL_PORT"))
    port = _optional(port_entry, _port_of)
    url = None
    if url_entry is not None:
        fallback = port.value if port else (2525 if eleven else 587)
        url = _url_fields(url_entry, lambda u: read_symfony(u, fallback))
        port = url.port or port
    if port is None:
        default_port = 2525 if eleven else 587
        port = _default(group.key("MAIL_PORT"), default_port, str(default_port),
                        _null_span(group.get("MAIL_PORT")))
    flags: list[Setting[Security]] = list(url.flags) if url else []
    scheme_entry = _laravel_value(group.get("MAIL_SCHEME"))
    security = _laravel_security(group, scheme_entry, port, flags, url)
    _laravel_encryption(group, current, ignored)
    host_default = "127.0.0.1" if eleven else "smtp.mailgun.org"
    host = _first(url.host if url else None,
                  _optional(_laravel_value(group.get("MAIL_HOST")), _text)) or _default(
        group.key("MAIL_HOST"), host_default, host_default, _null_span(group.get("MAIL_HOST")))
    username = _first(url.username if url else None,
                      _optional(_laravel_value(group.get("MAIL_USERNAME")), _text))
    password = _first(url.password if url else None,
                      _optional(_laravel_value(group.get("MAIL_PASSWORD")), _secret))
    sender = _optional(_laravel_value(group.get("MAIL_FROM_ADDRESS")), _text) or _default(
        group.key("MAIL_FROM_ADDRESS"), "hello@example.com", "hello@example.com",
        _null_span(group.get("MAIL_FROM_ADDRESS")))
    # config/mail.php sets 'timeout' => null: Symfony then uses PHP's default_socket_timeout
    # (SocketStream::getTimeout), 60 seconds unless php.ini changes it.
    timeout = _default("mail.mailers.smtp.timeout", 60.0, "60 s (PHP default_socket_timeout)")
    interpretation = (
        f"{version_text} / Symfony Mailer: {_laravel_reason(security, port)}{mailer_note}"
    )
    return SmtpConfig(
        path=path, name=group.name, family="laravel", interpretation=interpretation,
        anchor=group.anchor(), host=host, port=port, security=security,
        security_flags=tuple(flags), auth=_auth(username, password, group.key("MAIL_USERNAME")),
        username=username, password=password, sender=sender, timeout=timeout,
        verify_tls=_url_verify(url), url=url.url if url else None,
        url_problems=url.problems if url else (),
        ignored_keys=tuple(ignored), sends_over_smtp=sends,
    )


def _laravel_mailer(
    group: Group, version: tuple[int, int, int] | None, ignored: list[IgnoredKey]
) -> tuple[bool, str]:
    """Whether the default mailer speaks SMTP. A lone MAIL_DRIVER marks a Laravel ≤ 6 app
    and is read as the mailer unless composer.lock says the app is newer."""
    eleven = version is None or version >= (11, 0, 0)
    mailer = _laravel_value(group.get("MAIL_MAILER"))
    driver = _laravel_value(group.get("MAIL_DRIVER"))
    driver_read = group.get("MAIL_MAILER") is None and (version is None or version < (7, 0, 0))
    if driver is not None and not driver_read:
        ignored.append(IgnoredKey(
            driver.key, driver.key_span,
            "MAIL_DRIVER was renamed MAIL_MAILER in Laravel 7; MAIL_MAILER is the one read",
            group.key("MAIL_MAILER"),
        ))
    chosen = mailer or (driver if driver_read else None)
    if chosen is None:
        default = "log" if eleven else "smtp"
        return default == "smtp", f"; MAIL_MAILER not set ⇒ '{default}' mailer"
    if chosen.text is None:
        return True, ""
    name = chosen.text.strip().lower()
    note = "" if chosen is mailer else "; MAIL_DRIVER read as the mailer (Laravel ≤ 6 name)"
    if name in _LARAVEL_NON_SMTP:
        return False, f"{note}; {chosen.key}={chosen.raw} does not send over SMTP"
    return True, note


def _laravel_security(
    group: Group, scheme_entry: EnvEntry | None, port: Setting[int],
    flags: list[Setting[Security]], url: _UrlFields | None,
) -> Setting[Security]:
    if url is not None and url.reading is not None and url.reading.security is not None:
        flag = url.flag_for(url.reading.security)
        if flag is not None:
            return flag
        return Setting(url.reading.security, url.url.origin, url.scheme_raw())
    if scheme_entry is not None:
        if scheme_entry.text is None:
            return Setting(None, _origin(scheme_entry), scheme_entry.raw)
        scheme = scheme_entry.text.strip().lower()
        if scheme == "smtps":
            flags.append(_mode(scheme_entry, Security.TLS))
            return flags[-1]
        if scheme == "smtp":
            mode = Security.TLS if port.value == 465 else Security.OPPORTUNISTIC
            flags.append(_mode(scheme_entry, mode))
            return flags[-1]
        if scheme:  # tls, ssl, starttls…: Symfony has no such transport scheme
            return Setting(None, _origin(scheme_entry), scheme_entry.raw)
    unset_span = _null_span(group.get("MAIL_SCHEME"))
    if port.value == 465:
        return _default(group.key("MAIL_SCHEME"), Security.TLS, "smtps (port 465)", unset_span)
    return _default(group.key("MAIL_SCHEME"), Security.OPPORTUNISTIC, "smtp", unset_span)


def _laravel_reason(security: Setting[Security], port: Setting[int]) -> str:
    if security.value is None and security.kind is ValueKind.LITERAL:
        return (f"{security.key}={security.raw} is not a scheme Symfony Mailer accepts "
                "(smtp or smtps): security unknown")
    if security.kind is ValueKind.DEFAULT:
        scheme = "smtps://" if security.value is Security.TLS else "smtp://"
        label = security.value.label if security.value else "unknown"
        return (f"{security.key} unset and port {port.raw or port.value} ⇒ {scheme} with "
                f"{label}")
    return _security_reason(security, port)


def _laravel_encryption(group: Group, current: bool, ignored: list[IgnoredKey]) -> None:
    entry = _laravel_value(group.get("MAIL_ENCRYPTION"))
    if entry is None or entry.text == "":
        return
    if current:
        reason = ("laravel/framework ≥ 11.35 does not read MAIL_ENCRYPTION; MAIL_SCHEME=smtps "
                  "selects implicit TLS, smtp (or unset) STARTTLS if offered")
    elif entry.text is not None and entry.text.strip().lower() == "tls":
        return  # read: smtps on port 465, smtp otherwise (the port rule gives the same)
    else:
        reason = ("laravel/framework < 11.35 reads MAIL_ENCRYPTION only when it is 'tls'; "
                  "any other value has no effect")
    ignored.append(IgnoredKey(entry.key, entry.key_span, reason, group.key("MAIL_SCHEME")))


# --- Flask-Mail / Flask-Mailman ------------------------------------------------------------


def _build_flask(group: Group, path: Path, hints: ProjectHints) -> SmtpConfig:
    mailman = group.get("MAIL_TIMEOUT", "MAIL_BACKEND") is not None
    library = "Flask-Mailman" if mailman else "Flask-Mail"
    flags: list[Setting[Security]] = []
    security = _python_security(group, ("MAIL_USE_SSL", "MAIL_USE_TLS"), common_env_flag, flags)
    port = _optional(group.get("MAIL_PORT"), _port_of) or _default(
        group.key("MAIL_PORT"), 25, "25")
    host_default = "localhost" if mailman else "127.0.0.1"
    host = _optional(group.get("MAIL_SERVER"), _text) or _default(
        group.key("MAIL_SERVER"), host_default, host_default)
    username = _optional(group.get("MAIL_USERNAME"), _text)
    password = _optional(group.get("MAIL_PASSWORD"), _secret)
    timeout_entry = group.get("MAIL_TIMEOUT") if mailman else None
    timeout = (_converted(timeout_entry, parse_seconds) if timeout_entry else _default(
        group.key("MAIL_TIMEOUT") if mailman else "Flask-Mail timeout", None, "none"))
    backend = group.get("MAIL_BACKEND")
    sends = backend is None or backend.text is None or "smtp" in backend.text.lower()
    reason = _both_flags_note(flags, f"{library} fails at run time") + (
        _security_reason(security, port))
    if not mailman:
        reason += "; Flask-Mail has no timeout setting"
    return SmtpConfig(
        path=path, name=group.name, family="flask",
        interpretation=f"{library} (values read as true/on/1/yes): {reason}",
        anchor=group.anchor(), host=host, port=port, security=security,
        security_flags=tuple(flags), auth=_auth(username, password, group.key("MAIL_USERNAME")),
        username=username, password=password,
        sender=_optional(group.get("MAIL_DEFAULT_SENDER"), _text),
        timeout=timeout, sends_over_smtp=sends,
    )


# --- shared small helpers ------------------------------------------------------------------


def _url_verify(url: _UrlFields | None) -> Setting[bool] | None:
    if url is None or url.reading is None or url.reading.verify_tls is None:
        return None
    return Setting(url.reading.verify_tls, url.url.origin, url.url.raw)


def _port_of(entry: EnvEntry) -> Setting[int]:
    return _converted(entry, parse_port)


def _optional(entry: EnvEntry | None, make: Callable[[EnvEntry], Setting[T]]) -> Setting[T] | None:
    return None if entry is None else make(entry)


def _first(*settings: Setting[T] | None) -> Setting[T] | None:
    return next((s for s in settings if s is not None), None)


# --- the families --------------------------------------------------------------------------

FAMILIES: tuple[Family, ...] = (
    Family(
        name="nodemailer", label="Nodemailer-style SMTP_* configuration", namespace="SMTP",
        reads=_SMTP_KEYS.all(), markers={}, core=frozenset(_SMTP_KEYS.host + _SMTP_KEYS.url),
        senders=frozenset(_SMTP_KEYS.sender), aliases={},
        build=_build_node(_SMTP_KEYS, "nodemailer"),
    ),
    Family(
        name="django", label="Django", namespace="EMAIL",
        reads=frozenset({
            "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
            "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "EMAIL_BACKEND",
            "DEFAULT_FROM_EMAIL", "SERVER_EMAIL", "EMAIL_URL",
        }),
        markers={
            "EMAIL_HOST_USER": 2, "EMAIL_HOST_PASSWORD": 2, "EMAIL_USE_TLS": 3,
            "EMAIL_USE_SSL": 3, "EMAIL_BACKEND": 2, "DEFAULT_FROM_EMAIL": 2, "EMAIL_URL": 2,
            "EMAIL_TIMEOUT": 1, "SERVER_EMAIL": 1,
        },
        core=frozenset({"EMAIL_HOST", "EMAIL_URL", "EMAIL_BACKEND"}),
        senders=frozenset({"DEFAULT_FROM_EMAIL", "SERVER_EMAIL"}),
        aliases={
            "EMAIL_USER": ("EMAIL_HOST_USER", True),
            "EMAIL_USERNAME": ("EMAIL_HOST_USER", True),
            "EMAIL_PASS": ("EMAIL_HOST_PASSWORD", True),
            "EMAIL_PASSWORD": ("EMAIL_HOST_PASSWORD", True),
            "EMAIL_SECURE": ("EMAIL_USE_SSL", False),
            "EMAIL_FROM": ("DEFAULT_FROM_EMAIL", True),
            "EMAIL_SERVER": ("EMAIL_HOST", True),
        },
        build=_build_django,
    ),
    Family(
        name="node-email", label="Nodemailer-style EMAIL_* configuration", namespace="EMAIL",
        reads=_NODE_EMAIL_KEYS.all(),
        markers={
            "EMAIL_USER": 2, "EMAIL_PASS": 2, "EMAIL_SECURE": 2, "EMAIL_USERNAME": 1,
            "EMAIL_PASSWORD": 1, "EMAIL_FROM": 1,
        },
        core=frozenset({"EMAIL_HOST"}), senders=frozenset({"EMAIL_FROM"}),
        aliases={
            "EMAIL_HOST_USER": ("EMAIL_USER", True),
            "EMAIL_HOST_PASSWORD": ("EMAIL_PASS", True),
            "EMAIL_USE_SSL": ("EMAIL_SECURE", True),
            "EMAIL_USE_TLS": ("EMAIL_SECURE", False),
            "DEFAULT_FROM_EMAIL": ("EMAIL_FROM", True),
        },
        build=_build_node(_NODE_EMAIL_KEYS, "node-email"),
    ),
    Family(
        name="laravel", label="Laravel", namespace="MAIL",
        reads=frozenset({
            "MAIL_MAILER", "MAIL_DRIVER", "MAIL_HOST", "MAIL_PORT", "MAIL_USERNAME",
            "MAIL_PASSWORD", "MAIL_SCHEME", "MAIL_ENCRYPTION", "MAIL_FROM_ADDRESS",
            "MAIL_FROM_NAME", "MAIL_URL", "MAIL_EHLO_DOMAIN", "MAIL_LOG_CHANNEL",
        }),
        markers={
            "MAIL_MAILER": 2, "MAIL_DRIVER": 2, "MAIL_SCHEME": 2, "MAIL_ENCRYPTION": 2,
            "MAIL_FROM_ADDRESS": 2, "MAIL_HOST": 1, "MAIL_FROM_NAME": 1, "MAIL_URL": 1,
            "MAIL_EHLO_DOMAIN": 1,
        },
        core=frozenset({"MAIL_HOST", "MAIL_MAILER", "MAIL_DRIVER", "MAIL_URL"}),
        senders=frozenset({"MAIL_FROM_ADDRESS", "MAIL_FROM_NAME"}),
        aliases={
            "MAIL_SERVER": ("MAIL_HOST", True),
            "MAIL_USE_TLS": ("MAIL_SCHEME", False),
            "MAIL_USE_SSL": ("MAIL_SCHEME", False),
            "MAIL_DEFAULT_SENDER": ("MAIL_FROM_ADDRESS", True),
            "MAIL_FROM": ("MAIL_FROM_ADDRESS", True),
            "MAIL_USER": ("MAIL_USERNAME", True),
            "MAIL_PASS": ("MAIL_PASSWORD", True),
        },
        build=_build_laravel,
    ),
    Family(
        name="flask", label="Flask-Mail", namespace="MAIL",
        reads=frozenset({
            "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME",
            "MAIL_PASSWORD", "MAIL_DEFAULT_SENDER", "MAIL_TIMEOUT", "MAIL_BACKEND",
        }),
        markers={
            "MAIL_SERVER": 2, "MAIL_USE_TLS": 2, "MAIL_USE_SSL": 2, "MAIL_DEFAULT_SENDER": 2,
            "MAIL_TIMEOUT": 1, "MAIL_BACKEND": 1, "MAIL_DEBUG": 1, "MAIL_MAX_EMAILS": 1,
            "MAIL_SUPPRESS_SEND": 1,
        },
        core=frozenset({"MAIL_SERVER"}), senders=frozenset({"MAIL_DEFAULT_SENDER"}),
        aliases={
            "MAIL_HOST": ("MAIL_SERVER", True),
            "MAIL_FROM_ADDRESS": ("MAIL_DEFAULT_SENDER", True),
            "MAIL_FROM": ("MAIL_DEFAULT_SENDER", True),
            "MAIL_SCHEME": ("MAIL_USE_SSL", False),
            "MAIL_ENCRYPTION": ("MAIL_USE_TLS", False),
            "MAIL_USER": ("MAIL_USERNAME", True),
            "MAIL_PASS": ("MAIL_PASSWORD", True),
        },
        build=_build_flask,
    ),
)

KNOWN_STEMS = _OTHER_KNOWN_STEMS.union(
    *(f.reads for f in FAMILIES), *(f.markers for f in FAMILIES), *(f.aliases for f in FAMILIES)
)


def choose_family(namespace: str, stems: Iterable[str]) -> Family:
    """The family of a namespace whose marker keys weigh most; ties go to the first listed."""
    present = set(stems)
    candidates = [f for f in FAMILIES if f.namespace == namespace]
    return max(candidates, key=lambda f: sum(w for s, w in f.markers.items() if s in present))


def build_configs(
    path: Path, entries: Sequence[EnvEntry], hints: ProjectHints = ProjectHints()
) -> list[SmtpConfig]:
    """Every SMTP configuration the entries of one file describe, in file order."""
    groups = _group(entries)
    families = {id(g): choose_family(g.namespace, g.entries) for g in groups}
    _claim_senders(groups, families)
    built: list[_Built] = []
    leftovers: list[EnvEntry] = [e for e in entries if split_key(e.key) is None]
    for group in groups:
        family = families[id(group)]
        if not _is_config(group, family):
            leftovers.extend(group.entries.values())
            continue
        ignored = _alias_ignored(group, family)
        config = family.build(group, path, hints)
        consumed = family.reads | family.aliases.keys()
        leftovers.extend(e for s, e in group.entries.items() if s not in consumed)
        built.append(_Built(group, family, config, ignored))
    for entry in leftovers:
        _report_misspelling(entry, built)
    configs = [
        b.config.with_changes(ignored_keys=b.config.ignored_keys + tuple(b.ignored))
        for b in built
    ]
    return sorted(configs, key=lambda c: c.anchor)


@dataclass
class _Built:
    group: Group
    family: Family
    config: SmtpConfig
    ignored: list[IgnoredKey]


def _group(entries: Sequence[EnvEntry]) -> list[Group]:
    groups: dict[tuple[str, str], Group] = {}
    for entry in entries:
        name = split_key(entry.key)
        if name is None:
            continue
        group = groups.setdefault((name.prefix, name.namespace),
                                  Group(name.prefix, name.namespace, {}))
        group.entries.pop(name.stem, None)  # a later assignment wins, as in python-dotenv
        group.entries[name.stem] = entry
    return list(groups.values())


def _claim_senders(groups: list[Group], families: dict[int, Family]) -> None:
    """``MAIL_FROM``/``EMAIL_FROM`` beside ``SMTP_*`` keys name the SMTP sender, unless the
    family of their own namespace reads them."""
    by_key = {(g.prefix, g.namespace): g for g in groups}
    for group in groups:
        if group.namespace != "SMTP":
            continue
        for namespace, stem in (("MAIL", "MAIL_FROM"), ("EMAIL", "EMAIL_FROM")):
            other = by_key.get((group.prefix, namespace))
            if other is None or stem not in other.entries:
                continue
            if _is_config(other, families[id(other)]) and stem in families[id(other)].reads:
                continue
            group.entries[stem] = other.entries.pop(stem)


def _is_config(group: Group, family: Family) -> bool:
    present = set(group.entries)
    if present & family.core:
        return True
    return len((present & family.reads) - family.senders) >= 2


def _alias_ignored(group: Group, family: Family) -> list[IgnoredKey]:
    """Keys another family of the namespace uses. Prefixed groups belong to an app that maps
    keys itself, so there an alias stands in for the key the family reads."""
    ignored = []
    for stem, (replacement, same_meaning) in family.aliases.items():
        entry = group.entries.get(stem)
        if entry is None:
            continue
        if group.prefix and same_meaning and replacement not in group.entries:
            group.entries[replacement] = entry
            continue
        if group.prefix:
            continue
        reason = f"{family.label} does not read {entry.key}; it reads {group.key(replacement)}"
        ignored.append(IgnoredKey(entry.key, entry.key_span, reason, group.key(replacement)))
    return ignored


def _report_misspelling(entry: EnvEntry, built: list[_Built]) -> None:
    """A key close to one a configuration of this file reads (SMTP_PASWORD, EMAIL_USE_TSL)."""
    key = entry.key.upper()
    name = split_key(key)
    if entry.key == key and name is not None and name.stem in KNOWN_STEMS:
        return
    matches: list[tuple[int, bool, str, _Built]] = []
    for candidate_of in built:
        for stem in candidate_of.family.reads:
            candidate = candidate_of.group.key(stem)
            distance = _distance(key, candidate)
            if distance == 0 or _is_misspelling(key, candidate, distance):
                # on a tie, a candidate with the same letters (TSL → TLS) is the likelier one
                anagram = sorted(key) == sorted(candidate)
                matches.append((distance, not anagram, candidate, candidate_of))
    if not matches:
        return
    distance, _, candidate, target = min(matches, key=lambda m: m[:3])
    label = target.family.label
    reason = (
        f"{label} reads {candidate}; {entry.key} differs in letter case" if distance == 0
        else f"{entry.key} is not a key {label} reads; did you mean {candidate}?"
    )
    target.ignored.append(IgnoredKey(entry.key, entry.key_span, reason, candidate))


def _is_misspelling(key: str, candidate: str, distance: int) -> bool:
    if _without_digits(key) == _without_digits(candidate):
        return False  # SMTP_HOST_2, SMTP2_HOST: numbered siblings, not typos
    return distance <= (2 if len(candidate) >= 10 else 1)


def _without_digits(key: str) -> str:
    words = "".join(c for c in key if not c.isdigit()).split("_")
    return "_".join(word for word in words if word)


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance: edits plus adjacent transpositions."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
