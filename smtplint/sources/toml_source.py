"""TOML files: SMTP tables at any depth, and Flask/Django upper-case keys at any level.

The file is parsed with tomlkit, which validates it and keeps it rewritable in place. tomlkit
does not report where an item sits, so :class:`_Scanner` walks the (already valid) text once
and records where every ``key = value`` and every ``[table]`` header is.

Key names in the model are full dotted paths, the way a user searches the file for them:
``tool.myapp.smtp.port``; elements of arrays of tables carry their index, ``mailers[1].host``;
keys that are not bare are written quoted, ``smtp."user name"``.

Which tables are SMTP configurations:

* a table named like ``smtp``, ``email``, ``mail``, ``mailer``, ``smtp_options``, ``outgoing``
  (any name containing ``smtp``), at any depth, as a ``[table]``, an element of ``[[tables]]``,
  an inline table or a dotted-key table; or any table whose ``type``/``transport``/``protocol``
  says ``smtp`` (himalaya's ``message.send.backend``); a table whose ``type`` names another
  protocol (``imap``, ``maildir`` …) never is;
* any table (the top level included) holding ``smtp_``-prefixed keys, which are then the only
  keys read;
* Flask-Mail ``MAIL_*`` and Django ``EMAIL_*`` upper-case keys (Flask ``from_file``), read with
  those libraries' defaults.

A table counts only when it names a host, a port, credentials or a URL.
"""

from __future__ import annotations

import enum
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, TypeVar

from smtplint.model import (
    Ambiguity,
    AuthMethod,
    Document,
    IgnoredKey,
    Origin,
    ParseError,
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
    SYMFONY,
    SmtpUrl,
    masked_url,
    parse_smtp_url,
)
from smtplint.sources.text import LineIndex
from smtplint.sources.values import MASK, parse_port, parse_seconds

KeyPart = str | int
KeyPath = tuple[KeyPart, ...]
S = TypeVar("S")


class TomlSource:
    def read(self, path: PurePath, text: str) -> Document:
        document = Document(Path(path), text)
        data, error = _parse(text)
        if error is not None:
            document.errors.append(error)
            return document
        assert data is not None
        try:
            layout = _Layout.scan(text)
            document.configs.extend(_find_configs(data, _Context(Path(path), layout)))
        except RecursionError:
            document.errors.append(ParseError("TOML nested too deeply to read", Span.point(1)))
        return document


SOURCE = TomlSource()


# --- parsing ------------------------------------------------------------------------------

_POSITION_SUFFIX = re.compile(r" at line \d+ col \d+$")


def _parse(text: str) -> tuple[dict[str, Any] | None, ParseError | None]:
    """The file as plain Python data, or the error tomlkit reports (1-based column)."""
    import tomlkit
    from tomlkit.exceptions import ParseError as TomlParseError

    try:
        data: dict[str, Any] = tomlkit.parse(text).unwrap()
    except TomlParseError as error:
        message = _POSITION_SUFFIX.sub("", str(error))
        return None, ParseError(message, Span.point(max(error.line, 1), error.col + 1))
    except RecursionError:
        return None, ParseError("TOML nested too deeply to read", Span.point(1))
    except Exception as error:  # tomlkit raises a few plain exceptions without a position
        return None, ParseError(f"invalid TOML: {error}", Span.point(1))
    return data, None


# --- where things are ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    start: int  # where the key begins
    end: int  # where the value ends
    value_start: int


class _ScanError(Exception):
    pass


class _Layout:
    """Offsets of every ``key = value``, value and table header, by logical key path."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineIndex(text)
        self.entries: dict[KeyPath, _Entry] = {}
        self.values: dict[KeyPath, tuple[int, int]] = {}
        self.headers: dict[KeyPath, tuple[int, int]] = {}

    @classmethod
    def scan(cls, text: str) -> _Layout:
        layout = cls(text)
        try:
            _Scanner(text, layout).run()
        except (_ScanError, IndexError, ValueError):
            return cls(text)  # spans unknown rather than wrong
        return layout

    def entry_span(self, path: KeyPath) -> Span | None:
        entry = self.entries.get(path)
        return None if entry is None else self.lines.span(entry.start, entry.end)

    def raw(self, path: KeyPath) -> str | None:
        located = self.values.get(path)
        return None if located is None else self.text[located[0] : located[1]]

    def has_entry(self, path: KeyPath) -> bool:
        return path in self.entries

    def locate(self, path: KeyPath) -> Span | None:
        """``key = value``, else the table header, else the inline table, else its first key."""
        for offsets in (self.entries.get(path), self.headers.get(path), self.values.get(path)):
            if isinstance(offsets, _Entry):
                return self.lines.span(offsets.start, offsets.end)
            if offsets is not None:
                return self.lines.span(*offsets)
        size = len(path)
        starts = [
            (entry.start, entry.end)
            for key, entry in self.entries.items()
            if len(key) > size and key[:size] == path
        ]
        return self.lines.span(*min(starts)) if starts else None

    def anchor(self, path: KeyPath) -> Span:
        """Where problems of a whole table are reported: its header, else its first key."""
        header = self.headers.get(path)
        if header is not None:
            return self.lines.span(*header)
        return self.locate(path) or Span.point(1)


_SCALAR_END = re.compile(r"[,\]}#\r\n]")
_BARE_KEY_CHARS = re.compile(r"[^\s.=\[\]\"'#,{}]+")


class _Scanner:
    """Records positions in text that tomlkit has already accepted as valid TOML."""

    def __init__(self, text: str, layout: _Layout) -> None:
        self._text = text
        self._pos = 0
        self._layout = layout
        self._array_tables: dict[KeyPath, int] = {}  # elements seen so far per [[table]]

    def run(self) -> None:
        table: KeyPath = ()
        while True:
            self._skip(newlines=True)
            if self._pos >= len(self._text):
                return
            if self._text[self._pos] == "[":
                table = self._header()
            else:
                self._key_value(table)

    def _skip(self, *, newlines: bool) -> None:
        text = self._text
        while self._pos < len(text):
            char = text[self._pos]
            if char in " \t" or (newlines and char in "\r\n"):
                self._pos += 1
            elif newlines and char == "#":
                end = text.find("\n", self._pos)
                self._pos = len(text) if end < 0 else end
            else:
                return

    def _header(self) -> KeyPath:
        start = self._pos
        is_array = self._text.startswith("[[", start)
        self._pos += 2 if is_array else 1
        parts = self._key()
        self._skip(newlines=False)
        closing = "]]" if is_array else "]"
        if not self._text.startswith(closing, self._pos):
            raise _ScanError(start)
        self._pos += len(closing)
        path = self._resolve(parts, is_array)
        self._layout.headers.setdefault(path, (start, self._pos))
        return path

    def _resolve(self, parts: list[str], is_array: bool) -> KeyPath:
        """The concrete path of a header: array-of-tables steps go to their last element."""
        path: list[KeyPart] = []
        for i, part in enumerate(parts):
            path.append(part)
            prefix = tuple(path)
            if is_array and i == len(parts) - 1:
                count = self._array_tables.get(prefix, 0)
                self._array_tables[prefix] = count + 1
                path.append(count)
            elif prefix in self._array_tables:
                path.append(self._array_tables[prefix] - 1)
        return tuple(path)

    def _key_value(self, table: KeyPath) -> None:
        start = self._pos
        path = table + tuple(self._key())
        self._skip(newlines=False)
        if not self._text.startswith("=", self._pos):
            raise _ScanError(self._pos)
        self._pos += 1
        self._skip(newlines=False)
        value_start = self._pos
        self._value(path)
        self._layout.entries[path] = _Entry(start, self._pos, value_start)

    def _key(self) -> list[str]:
        parts = []
        while True:
            self._skip(newlines=False)
            start = self._pos
            if self._text[start] in "\"'":
                self._string()
                parts.append(_decode_quoted_key(self._text[start : self._pos]))
            else:
                match = _BARE_KEY_CHARS.match(self._text, start)
                if match is None:
                    raise _ScanError(start)
                self._pos = match.end()
                parts.append(match.group())
            self._skip(newlines=False)
            if not self._text.startswith(".", self._pos):
                return parts
            self._pos += 1

    def _value(self, path: KeyPath) -> None:
        start = self._pos
        char = self._text[start]
        if char in "\"'":
            self._string()
        elif char == "[":
            self._array(path)
        elif char == "{":
            self._inline_table(path)
        else:
            match = _SCALAR_END.search(self._text, start)
            end = len(self._text) if match is None else match.start()
            while end > start and self._text[end - 1] in " \t":
                end -= 1  # a datetime may hold a space, so stop only at a delimiter
            if end == start:
                raise _ScanError(start)
            self._pos = end
        self._layout.values[path] = (start, self._pos)

    def _string(self) -> None:
        text, pos = self._text, self._pos
        if text.startswith('"""', pos) or text.startswith("'''", pos):
            self._pos = self._close_multiline(pos + 3, text[pos])
        elif text[pos] == '"':
            pos += 1
            while text[pos] != '"':
                pos += 2 if text[pos] == "\\" else 1
            self._pos = pos + 1
        else:
            self._pos = text.index("'", pos + 1) + 1

    def _close_multiline(self, pos: int, quote: str) -> int:
        text = self._text
        while True:
            if quote == '"' and text[pos] == "\\":
                pos += 2
            elif text.startswith(quote * 3, pos):
                pos += 3
                for _ in range(2):  # up to two quotes just before the delimiter are content
                    if pos < len(text) and text[pos] == quote:
                        pos += 1
                return pos
            else:
                pos += 1

    def _array(self, path: KeyPath) -> None:
        self._pos += 1
        index = 0
        while True:
            self._skip(newlines=True)
            if self._text[self._pos] == "]":
                self._pos += 1
                return
            self._value((*path, index))
            self._skip(newlines=True)
            if self._text[self._pos] == ",":
                self._pos += 1
                index += 1

    def _inline_table(self, path: KeyPath) -> None:
        self._pos += 1
        while True:
            self._skip(newlines=True)
            if self._text[self._pos] == "}":
                self._pos += 1
                return
            self._key_value(path)
            self._skip(newlines=True)
            if self._text[self._pos] == ",":
                self._pos += 1


def _decode_quoted_key(literal: str) -> str:
    if literal.startswith("'"):
        return literal[1:-1]
    import tomlkit  # already loaded by the parse; decodes escapes exactly as tomlkit does

    value = tomlkit.parse(f"k = {literal}").unwrap()["k"]
    return str(value)


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _display(path: KeyPath) -> str:
    """``tool.myapp.smtp.port``, ``mailers[1].host``, ``smtp."user name"``."""
    shown = ""
    for part in path:
        if isinstance(part, int):
            shown += f"[{part}]"
            continue
        name = part if _BARE_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
        shown = f"{shown}.{name}" if shown else name
    return shown


# --- building configurations ----------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    path: Path
    layout: _Layout

    def setting(
        self,
        value: S | None,
        at: KeyPath,
        written: object,
        *,
        kind: ValueKind = ValueKind.LITERAL,
        reference: str | None = None,
        raw: str | None = None,
    ) -> Setting[S]:
        shown = raw if raw is not None else self.layout.raw(at)
        if shown is None:
            shown = _fallback_raw(written)
        origin = Origin(_display(at), self.layout.locate(at), kind, reference)
        return Setting(value, origin, shown)

    def text_setting(self, text: str, at: KeyPath) -> Setting[str]:
        """A string value, or the environment reference it names (``${SMTP_HOST}``)."""
        reference = _reference(text)
        if reference is not None:
            return self.setting(None, at, text, kind=ValueKind.REFERENCE, reference=reference)
        if _INTERPOLATION.search(text):
            return self.setting(None, at, text, kind=ValueKind.INTERPOLATED)
        return self.setting(text, at, text)

    def secret_setting(self, text: str, at: KeyPath) -> Setting[Secret]:
        reference = _reference(text)
        if reference is not None:
            return self.setting(
                None, at, text, kind=ValueKind.REFERENCE, reference=reference, raw=MASK
            )
        if _INTERPOLATION.search(text):
            return self.setting(None, at, text, kind=ValueKind.INTERPOLATED, raw=MASK)
        return self.setting(Secret(text), at, text, raw=MASK)


def _fallback_raw(written: object) -> str:
    if isinstance(written, bool):
        return "true" if written else "false"
    if isinstance(written, str):
        return json.dumps(written, ensure_ascii=False)
    return str(written)


_WHOLE_REFERENCE = re.compile(
    r"\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?::?[-=?][^}]*)?\}"
    r"|\$(?P<bare>[A-Z_][A-Z0-9_]*)"  # upper-case only: "$ecret" is a password, not a name
    r"|env:(?P<prefixed>[A-Za-z_][A-Za-z0-9_]*)"
)
_INTERPOLATION = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*[^}]*\}")


def _reference(text: str) -> str | None:
    """``env:NAME`` when the whole value names an environment variable.

    TOML itself expands nothing; ``${NAME}``, ``$NAME`` and ``env:NAME`` are how templates
    and the applications that expand them write a value supplied at run time.
    """
    match = _WHOLE_REFERENCE.fullmatch(text.strip())
    if match is None:
        return None
    name = match.group("braced") or match.group("bare") or match.group("prefixed")
    return f"env:{name}"


@dataclass
class _Draft:
    """The fields of one configuration as they are found; the first key found wins."""

    host: Setting[str] | None = None
    port: Setting[int] | None = None
    mode: Setting[Security] | None = None  # a key that names the mode: security = "starttls"
    flags: list[Setting[Security]] = field(default_factory=list)  # keys that asked for a mode
    unasserted_mode: Setting[Security] | None = None  # a false flag, an unreadable value
    default_mode: Setting[Security] | None = None  # the reading library's mode when none is set
    auth: Setting[AuthMethod] | None = None
    username: Setting[str] | None = None
    password: Setting[Secret] | None = None
    sender: Setting[str] | None = None
    timeout: Setting[float] | None = None
    verify_tls: Setting[bool] | None = None
    url: Setting[str] | None = None
    url_problems: list[UrlProblem] = field(default_factory=list)
    ignored: list[IgnoredKey] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)
    sends_over_smtp: bool = True

    @property
    def recognised(self) -> bool:
        found = (self.host, self.port, self.username, self.password, self.url)
        return any(setting is not None for setting in found)

    def security(self) -> Setting[Security] | None:
        if self.mode is not None and self.mode.value is not None:
            return self.mode
        if self.flags:
            return self.flags[0]
        return self.mode or self.unasserted_mode or self.default_mode

    def asserted(self) -> tuple[Setting[Security], ...]:
        named = [self.mode] if self.mode is not None and self.mode.value is not None else []
        return tuple(named + self.flags)

    def infer_auth(self) -> None:
        """Credentials mean password authentication, unless a key names another method."""
        if not (_given(self.username) and _given(self.password)):
            return
        if self.auth is None:
            assert self.username is not None
            self.auth = Setting(AuthMethod.PASSWORD, self.username.origin, self.username.raw)
        elif self.auth.value is None:  # "auto" and the like: a password mechanism is chosen
            self.auth = Setting(AuthMethod.PASSWORD, self.auth.origin, self.auth.raw)

    def build(
        self, path: Path, name: str, family: str, interpretation: str, anchor: Span
    ) -> SmtpConfig:
        return SmtpConfig(
            path=path,
            name=name,
            family=family,
            interpretation=interpretation,
            anchor=anchor,
            host=self.host,
            port=self.port,
            security=self.security(),
            security_flags=self.asserted(),
            auth=self.auth,
            username=self.username,
            password=self.password,
            sender=self.sender,
            timeout=self.timeout,
            verify_tls=self.verify_tls,
            url=self.url,
            url_problems=tuple(self.url_problems),
            ignored_keys=tuple(self.ignored),
            ambiguities=tuple(self.ambiguities),
            sends_over_smtp=self.sends_over_smtp,
        )


def _first(current: S | None, candidate: S) -> S:
    return candidate if current is None else current


def _given(setting: Setting[object] | None) -> bool:
    if setting is None or setting.kind is ValueKind.DEFAULT:
        return False
    if setting.kind is not ValueKind.LITERAL:
        return True
    return bool(setting.value)


# --- value conversion ---------------------------------------------------------------------

_TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
_FALSE_WORDS = frozenset({"false", "no", "off", "0"})


def _switch(value: Any) -> bool | None:
    """A TOML boolean, or the usual true/false words and 0/1 apps also accept."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


def _port(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 65535 else None
    if isinstance(value, str):
        return parse_port(value)
    return None


_DURATION = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s|sec|secs|seconds|m|min)?\s*", re.I)
_DURATION_UNITS = {"ms": 0.001, "m": 60.0, "min": 60.0}


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            seconds = float(value)
        except OverflowError:
            return None
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    if isinstance(value, str):
        match = _DURATION.fullmatch(value)
        if match is None:
            return parse_seconds(value)
        unit = (match.group(2) or "s").lower()
        return float(match.group(1)) * _DURATION_UNITS.get(unit, 1.0)
    return None


# Mode words, spelled lower-case with ``-`` for ``_`` and blanks.
_MODE_WORDS: dict[str, Security] = {
    "none": Security.NONE,
    "plain": Security.NONE,
    "plaintext": Security.NONE,
    "off": Security.NONE,
    "false": Security.NONE,
    "no": Security.NONE,
    "unencrypted": Security.NONE,
    "insecure": Security.NONE,
    "disabled": Security.NONE,
    "starttls": Security.STARTTLS,
    "start-tls": Security.STARTTLS,
    "tls-starttls": Security.STARTTLS,
    "starttls-required": Security.STARTTLS,
    "explicit": Security.STARTTLS,
    "explicit-tls": Security.STARTTLS,
    "smtp+starttls": Security.STARTTLS,
    "opportunistic": Security.OPPORTUNISTIC,
    "tls": Security.TLS,
    "ssl": Security.TLS,
    "smtps": Security.TLS,
    "implicit": Security.TLS,
    "implicit-tls": Security.TLS,
    "ssl/tls": Security.TLS,
    "tls/ssl": Security.TLS,
    "wrapper": Security.TLS,
}


def _mode_word(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


_TLS_WORD_READINGS = (
    ("lldap smtp_encryption", "implicit TLS"),
    ("git send-email smtpEncryption", "STARTTLS"),
)
_TLS_SWITCH_READINGS = (
    ("Django EMAIL_USE_TLS, Flask-Mail MAIL_USE_TLS", "STARTTLS"),
    ('applications that name implicit TLS "TLS" (lldap)', "implicit TLS"),
)
_SMTPS_READINGS = (
    (f"{NODEMAILER}, {SYMFONY}", "implicit TLS"),
    (f"{DJANGO_ENVIRON}, {DJ_EMAIL_URL}", "STARTTLS"),
)

_AUTH_WORDS: dict[str, AuthMethod] = {
    "none": AuthMethod.NONE,
    "off": AuthMethod.NONE,
    "false": AuthMethod.NONE,
    "no": AuthMethod.NONE,
    "anonymous": AuthMethod.NONE,
    "password": AuthMethod.PASSWORD,
    "plain": AuthMethod.PASSWORD,
    "login": AuthMethod.PASSWORD,
    "cram-md5": AuthMethod.PASSWORD,
    "digest-md5": AuthMethod.PASSWORD,
    "scram-sha-1": AuthMethod.PASSWORD,
    "scram-sha-256": AuthMethod.PASSWORD,
    "basic": AuthMethod.PASSWORD,
    "oauth2": AuthMethod.OAUTH2,
    "oauth": AuthMethod.OAUTH2,
    "xoauth2": AuthMethod.OAUTH2,
    "oauthbearer": AuthMethod.OAUTH2,
    "gssapi": AuthMethod.OTHER,
    "kerberos": AuthMethod.OTHER,
    "ntlm": AuthMethod.OTHER,
    "external": AuthMethod.OTHER,
}


# --- generic tables ---------------------------------------------------------------------------


class _Role(enum.Enum):
    HOST = "host"
    ADDRESS = "address"  # a host unless it holds an "@"
    PORT = "port"
    USER = "user"
    PASSWORD = "password"
    MODE = "mode"
    STARTTLS = "starttls"
    USE_TLS = "use_tls"
    BARE_TLS = "tls"
    IMPLICIT = "implicit"
    SENDER = "sender"
    TIMEOUT = "timeout"
    AUTH = "auth"
    SASL = "sasl"
    VERIFY = "verify"
    NO_VERIFY = "no_verify"
    URL = "url"
    MARKER = "marker"


def _spellings(role: _Role, *names: str) -> dict[str, _Role]:
    return dict.fromkeys(names, role)


# Spellings are lower-case with "_" for "-".
_ROLES: dict[str, _Role] = {
    **_spellings(_Role.HOST, "host", "server", "hostname", "host_name", "smtp_host",
                 "smtp_server", "smtp_hostname", "smtp_addr", "smtp_address", "smtp_url"),
    **_spellings(_Role.ADDRESS, "address"),
    **_spellings(_Role.PORT, "port", "smtp_port"),
    **_spellings(_Role.USER, "user", "username", "user_name", "login", "smtp_username",
                 "smtp_user", "smtp_login"),
    **_spellings(_Role.PASSWORD, "password", "pass", "passwd", "smtp_password", "smtp_pass",
                 "smtp_passwd"),
    **_spellings(_Role.MODE, "security", "encryption", "smtp_encryption", "smtp_security",
                 "tls_mode", "ssl_mode"),
    **_spellings(_Role.STARTTLS, "starttls", "use_starttls", "starttls_only", "smtp_starttls",
                 "require_tls", "requiretls"),
    **_spellings(_Role.USE_TLS, "use_tls", "enable_tls"),
    **_spellings(_Role.BARE_TLS, "tls", "smtp_tls"),
    **_spellings(_Role.IMPLICIT, "ssl", "use_ssl", "enable_ssl", "implicit_tls", "secure",
                 "smtps", "smtp_ssl"),
    **_spellings(_Role.SENDER, "from", "sender", "from_address", "from_email", "from_addr",
                 "smtp_from", "smtp_sender", "default_sender", "default_from",
                 "default_from_email", "mail_from", "email_from"),
    **_spellings(_Role.TIMEOUT, "timeout", "smtp_timeout", "timeout_seconds", "timeout_secs",
                 "timeout_sec"),
    **_spellings(_Role.AUTH, "auth", "auth_method", "auth_mechanism", "auth_type",
                 "mechanism", "authentication", "smtp_auth"),
    **_spellings(_Role.SASL, "sasl"),
    **_spellings(_Role.VERIFY, "verify", "verify_tls", "verify_ssl", "verify_certificate",
                 "verify_certificates", "verify_cert", "verify_certs", "verify_peer",
                 "tls_verify", "ssl_verify"),
    **_spellings(_Role.NO_VERIFY, "danger_insecure", "skip_verify", "insecure",
                 "insecure_skip_verify", "tls_skip_verify", "skip_tls_verify",
                 "danger_accept_invalid_certs", "accept_invalid_certs",
                 "force_trust_server_cert"),
    **_spellings(_Role.URL, "url", "uri", "dsn", "smtp_dsn", "smtp_uri", "mailer_dsn",
                 "email_url", "mail_url"),
    **_spellings(_Role.MARKER, "type", "kind", "protocol", "transport", "backend", "driver",
                 "mailer", "scheme"),
}

# Roles whose value may be a table that belongs to the configuration holding it.
_STRUCTURED_ROLES = frozenset({_Role.PASSWORD, _Role.MODE, _Role.STARTTLS, _Role.USE_TLS,
                               _Role.BARE_TLS, _Role.IMPLICIT, _Role.SENDER, _Role.AUTH,
                               _Role.SASL})
_CORE_ROLES = frozenset({_Role.HOST, _Role.ADDRESS, _Role.PORT, _Role.USER, _Role.PASSWORD,
                         _Role.URL})

_TABLE_NAMES = frozenset({
    "email", "emails", "mail", "mailer", "mailers", "outgoing", "outgoing_mail",
    "outgoing_server", "send_mail", "email_settings", "email_config", "mail_settings",
    "mail_config", "mailer_settings", "mailer_config", "mail_relay",
})
# A table holding these configures a server that listens, not a client that sends.
_SERVER_KEYS = frozenset({"listen", "listen_addr", "listen_address", "bind", "bind_addr",
                          "bind_address", "listeners"})

# Values of type/transport/protocol keys.
_OTHER_PROTOCOLS = frozenset({
    "imap", "imaps", "pop", "pop3", "pop3s", "jmap", "maildir", "mbox", "notmuch", "gmail",
    "msgraph", "microsoft_graph", "graph",
})
_NOT_SMTP_TRANSPORTS = frozenset({
    "sendmail", "log", "console", "file", "filebased", "dummy", "memory", "locmem", "array",
    "null", "ses", "ses-v2", "mailgun", "postmark", "sendgrid", "resend", "mandrill",
    "sparkpost", "api", "http", "smtp-disabled", "disabled",
})

# Keys next to SMTP settings that are not misspellings of them.
_UNRELATED = frozenset({
    "oauth", "oauth2", "hosts", "ports", "users", "name", "path", "sort", "post", "mode",
    "enable", "enabled", "default", "identity", "email",
})

_PASSWORD_COMMANDS = frozenset({"cmd", "command", "eval", "command_eval", "passwordeval",
                                "passcmd", "exec", "shell"})
_PASSWORD_LITERALS = frozenset({"raw", "plain", "literal", "value", "password", "pass",
                                "passwd"})
_PASSWORD_KEYRINGS = frozenset({"keyring", "keychain", "secret_service", "keyring_entry"})
_PASSWORD_ENVIRONMENT = frozenset({"env", "env_var", "environment", "var", "from_env"})
_PASSWORD_FILES = frozenset({"file", "path", "password_file", "from_file"})
_PASSWORD_SOURCES = (_PASSWORD_COMMANDS | _PASSWORD_LITERALS | _PASSWORD_KEYRINGS
                     | _PASSWORD_ENVIRONMENT | _PASSWORD_FILES) - {"password", "pass", "passwd"}

_HOST_WITH_PORT = re.compile(r"(?P<host>[^\s:/@\[\]]+):(?P<port>[0-9]{1,5})")


def _normalise(key: str) -> str:
    return key.strip().lower().replace("-", "_")


def _is_smtp_name(name: str | None) -> bool:
    if name is None:
        return False
    normal = _normalise(name)
    return "smtp" in normal or normal in _TABLE_NAMES


def _protocol(table: Mapping[str, Any]) -> str | None:
    """"smtp", or "other" for another protocol, as the table's type/transport key says."""
    for key, value in table.items():
        if _ROLES.get(_normalise(key)) is not _Role.MARKER or not isinstance(value, str):
            continue
        word = value.strip().lower()
        if "smtp" in word:
            return "smtp"
        if word in _OTHER_PROTOCOLS:
            return "other"
    return None


def _has_prefixed_keys(table: Mapping[str, Any]) -> bool:
    return any(
        _normalise(key).startswith("smtp_") and _ROLES.get(_normalise(key)) in _CORE_ROLES
        for key in table
    )


class _TableReader:
    """Reads one table of free-form SMTP keys into a draft."""

    def __init__(self, ctx: _Context, draft: _Draft, *, prefixed_only: bool) -> None:
        self.ctx = ctx
        self.draft = draft
        self.prefixed_only = prefixed_only

    def read(self, table: Mapping[str, Any], path: KeyPath) -> None:
        for key, value in table.items():
            normal = _normalise(key)
            if self.prefixed_only and not normal.startswith("smtp_"):
                continue
            at = (*path, key)
            role = _ROLES.get(normal)
            if role is None:
                self._unknown(key, normal, value, at)
            else:
                self._read(role, value, at)

    def _read(self, role: _Role, value: Any, at: KeyPath) -> None:
        handler = {
            _Role.HOST: self._host,
            _Role.ADDRESS: self._address,
            _Role.PORT: self.read_port,
            _Role.USER: self.read_user,
            _Role.PASSWORD: self.read_password,
            _Role.MODE: self._mode,
            _Role.STARTTLS: self._starttls,
            _Role.USE_TLS: self._starttls,
            _Role.BARE_TLS: self._bare_tls,
            _Role.IMPLICIT: self._implicit,
            _Role.SENDER: self.read_sender,
            _Role.TIMEOUT: self._timeout,
            _Role.AUTH: self._auth,
            _Role.SASL: self._sasl,
            _Role.VERIFY: self._verify,
            _Role.NO_VERIFY: self._no_verify,
            _Role.URL: self._url,
            _Role.MARKER: self._marker,
        }[role]
        handler(value, at)

    # host, port, user ------------------------------------------------------------------

    def _host(self, value: Any, at: KeyPath) -> None:
        """A host name, a URL (``smtps://…``), or himalaya's ``host:port`` authority."""
        if isinstance(value, str) and "://" in value:
            self._url(value, at)
            return
        split = _HOST_WITH_PORT.fullmatch(value.strip()) if isinstance(value, str) else None
        if split is None:
            self.read_host_name(value, at)
            return
        draft = self.draft
        draft.host = _first(draft.host, self.ctx.setting(split["host"], at, value))
        draft.port = _first(draft.port, self.ctx.setting(parse_port(split["port"]), at, value))

    def read_host_name(self, value: Any, at: KeyPath) -> None:
        setting = (self.ctx.text_setting(value, at) if isinstance(value, str)
                   else self.ctx.setting(None, at, value))
        self.draft.host = _first(self.draft.host, setting)

    def _address(self, value: Any, at: KeyPath) -> None:
        if isinstance(value, str) and "@" in value:
            return  # a mail address, not a server address
        self._host(value, at)

    def read_port(self, value: Any, at: KeyPath) -> None:
        if isinstance(value, str) and _reference(value) is not None:
            setting: Setting[int] = self.ctx.setting(
                None, at, value, kind=ValueKind.REFERENCE, reference=_reference(value)
            )
        else:
            setting = self.ctx.setting(_port(value), at, value)
        self.draft.port = _first(self.draft.port, setting)

    def read_user(self, value: Any, at: KeyPath) -> None:
        if isinstance(value, str):
            setting = self.ctx.text_setting(value, at)
        else:
            setting = self.ctx.setting(None, at, value)
        self.draft.username = _first(self.draft.username, setting)

    # passwords ---------------------------------------------------------------------------

    def read_password(self, value: Any, at: KeyPath) -> None:
        if isinstance(value, Mapping):
            setting = self._password_source(value, at)
        elif isinstance(value, str):
            setting = self.ctx.secret_setting(value, at)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            setting = self.ctx.setting(Secret(str(value)), at, value, raw=MASK)
        else:
            setting = self.ctx.setting(None, at, value, kind=ValueKind.UNRESOLVED, raw=MASK)
        self.draft.password = _first(self.draft.password, setting)

    def _password_source(self, table: Mapping[str, Any], at: KeyPath) -> Setting[Secret]:
        """``{ cmd = … }``, ``{ keyring = … }``, ``password.env = …``, meli ``{ type, value }``."""
        normal = {_normalise(key): (key, value) for key, value in table.items()}
        kind = normal.get("type")
        category: str | None
        if kind is not None and isinstance(kind[1], str) and "value" in normal:
            category = _normalise(kind[1])
            key, value = normal["value"]
        else:
            category = next((name for name in normal if name in _PASSWORD_SOURCES), None)
            if category is None:
                return self.ctx.setting(None, at, table, kind=ValueKind.UNRESOLVED, raw=MASK)
            key, value = normal[category]
        # An inline table is one entry; a dotted or [header] table points at the inner key.
        inner_at = at if self.ctx.layout.has_entry(at) else (*at, key)
        if category in _PASSWORD_LITERALS:
            if isinstance(value, str):
                return self.ctx.secret_setting(value, inner_at)
            return self.ctx.setting(None, inner_at, value, kind=ValueKind.UNRESOLVED, raw=MASK)
        return self.ctx.setting(None, inner_at, value, kind=ValueKind.REFERENCE,
                                reference=_describe_reference(category, value), raw=MASK)

    # security ------------------------------------------------------------------------------

    def _mode(self, value: Any, at: KeyPath) -> None:
        if isinstance(value, Mapping):  # encryption.type = "start-tls", security = { type = … }
            for key, inner in value.items():
                if _normalise(key) in ("type", "mode", "value", "kind") and isinstance(inner, str):
                    self._mode(inner, (*at, key))
                    return
            self._tls_options(value, at)
            return
        if isinstance(value, bool):
            mode = Security.NONE if value is False else None
            self._name_mode(self.ctx.setting(mode, at, value))
            return
        if not isinstance(value, str):
            self._name_mode(self.ctx.setting(None, at, value))
            return
        word = _mode_word(value)
        setting: Setting[Security] = self.ctx.setting(_MODE_WORDS.get(word), at, value)
        self._name_mode(setting)
        if word == "tls":
            self._ambiguous(setting, _TLS_WORD_READINGS,
                            'applications disagree on which mode the word "tls" names')

    def _name_mode(self, setting: Setting[Security]) -> None:
        self.draft.mode = _first(self.draft.mode, setting)

    def _switch_mode(self, value: Any, at: KeyPath, mode: Security) -> Setting[Security] | None:
        """A switch that asks for ``mode`` when true; false asks for nothing."""
        if isinstance(value, Mapping):
            self._tls_options(value, at)
            return None
        switch = _switch(value)
        if switch is None:
            if isinstance(value, str) and _mode_word(value) in _MODE_WORDS:
                self._mode(value, at)  # tls = "starttls"
            else:
                self.draft.unasserted_mode = _first(
                    self.draft.unasserted_mode, self.ctx.setting(None, at, value)
                )
            return None
        if not switch:
            return None
        setting: Setting[Security] = self.ctx.setting(mode, at, value)
        self.draft.flags.append(setting)
        return setting

    def _starttls(self, value: Any, at: KeyPath) -> None:
        self._switch_mode(value, at, Security.STARTTLS)

    def _bare_tls(self, value: Any, at: KeyPath) -> None:
        setting = self._switch_mode(value, at, Security.STARTTLS)
        if setting is not None:
            self._ambiguous(setting, _TLS_SWITCH_READINGS,
                            'applications disagree on which mode a bare "tls" switch turns on')

    def _implicit(self, value: Any, at: KeyPath) -> None:
        self._switch_mode(value, at, Security.TLS)

    def _tls_options(self, table: Mapping[str, Any], at: KeyPath) -> None:
        """``tls = { verify = false }`` and the like: only certificate checks are read."""
        for key, value in table.items():
            role = _ROLES.get(_normalise(key))
            if role in (_Role.VERIFY, _Role.NO_VERIFY):
                self._read(role, value, (*at, key))

    def _ambiguous(
        self, setting: Setting[Security], readings: tuple[tuple[str, str], ...], reason: str
    ) -> None:
        self.draft.ambiguities.append(Ambiguity(setting, readings, readings[0][0], reason))

    def _verify(self, value: Any, at: KeyPath) -> None:
        self.draft.verify_tls = _first(self.draft.verify_tls,
                                       self.ctx.setting(_switch(value), at, value))

    def _no_verify(self, value: Any, at: KeyPath) -> None:
        switch = _switch(value)
        verify = None if switch is None else not switch
        self.draft.verify_tls = _first(self.draft.verify_tls, self.ctx.setting(verify, at, value))

    def _marker(self, value: Any, at: KeyPath) -> None:
        if not isinstance(value, str):
            return
        word = _mode_word(value)
        if word in ("smtps", "smtp+ssl"):
            self.draft.flags.append(self.ctx.setting(Security.TLS, at, value))
        elif word in ("smtp+starttls", "smtp+tls"):
            self.draft.flags.append(self.ctx.setting(Security.STARTTLS, at, value))
        elif word in _NOT_SMTP_TRANSPORTS:
            self.draft.sends_over_smtp = False

    # sender, timeout, auth ------------------------------------------------------------------

    def read_sender(self, value: Any, at: KeyPath) -> None:
        setting: Setting[str] | None = None
        if isinstance(value, str):
            setting = self.ctx.text_setting(value, at)
        elif isinstance(value, Mapping):
            setting = self._sender_table(value, at)
        elif isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
            setting = self.ctx.setting(f"{value[0]} <{value[1]}>", at, value)
        if setting is None:
            setting = self.ctx.setting(None, at, value)
        self.draft.sender = _first(self.draft.sender, setting)

    def _sender_table(self, table: Mapping[str, Any], at: KeyPath) -> Setting[str] | None:
        normal = {_normalise(key): (key, value) for key, value in table.items()}
        address = next((normal[k] for k in ("address", "email", "addr") if k in normal), None)
        if address is None or not isinstance(address[1], str):
            return None
        name = next((normal[k][1] for k in ("name", "display_name") if k in normal), None)
        shown = f"{name} <{address[1]}>" if isinstance(name, str) and name else address[1]
        origin_at = at if self.ctx.layout.has_entry(at) else (*at, address[0])
        return self.ctx.setting(shown, origin_at, shown)

    def _timeout(self, value: Any, at: KeyPath) -> None:
        setting: Setting[float] = self.ctx.setting(_seconds(value), at, value)
        self.draft.timeout = _first(self.draft.timeout, setting)

    def _auth(self, value: Any, at: KeyPath) -> None:
        if isinstance(value, Mapping):
            self._auth_table(value, at)
            return
        method: AuthMethod | None = None
        if isinstance(value, bool):
            method = AuthMethod.PASSWORD if value else AuthMethod.NONE
        elif isinstance(value, str):
            method = _AUTH_WORDS.get(_mode_word(value))
        self.draft.auth = _first(self.draft.auth, self.ctx.setting(method, at, value))

    def _auth_table(self, table: Mapping[str, Any], at: KeyPath) -> None:
        """himalaya's ``auth.type``/``auth.raw``/``auth.cmd``, meli's ``auth = { … }``."""
        source_read = False
        for key, value in table.items():
            normal = _normalise(key)
            role = _ROLES.get(normal)
            if normal in ("type", "method", "mechanism", "kind") and isinstance(value, str):
                self._auth(value, (*at, key))
            elif role is _Role.USER:
                self.read_user(value, (*at, key))
            elif role is _Role.PASSWORD:
                self.read_password(value, (*at, key))
            elif normal in _PASSWORD_SOURCES and not source_read:
                source_read = True
                sources = {k: v for k, v in table.items() if _normalise(k) in _PASSWORD_SOURCES}
                self.draft.password = _first(self.draft.password,
                                             self._password_source(sources, at))

    def _sasl(self, value: Any, at: KeyPath) -> None:
        """himalaya 2: ``sasl.<mechanism>.username`` / ``.password.raw`` / ``.password.command``."""
        if not isinstance(value, Mapping) or not value:
            return
        mechanism, body = next(iter(value.items()))  # one is used; the others are alternatives
        mechanism_at = (*at, mechanism)
        method = _AUTH_WORDS.get(_mode_word(mechanism))
        self.draft.auth = _first(self.draft.auth,
                                 self.ctx.setting(method, mechanism_at, mechanism, raw=mechanism))
        if isinstance(body, Mapping):
            for key, inner in body.items():
                role = _ROLES.get(_normalise(key))
                if role in (_Role.USER, _Role.PASSWORD):
                    self._read(role, inner, (*mechanism_at, key))

    # URLs ---------------------------------------------------------------------------------

    def _url(self, value: Any, at: KeyPath) -> None:
        if not isinstance(value, str) or "://" not in value:
            return
        url = parse_smtp_url(value)
        if url is None:
            return
        smtp = "smtp" in url.scheme or url.scheme in ("submission", "submit")
        if not smtp and url.scheme not in _NOT_SMTP_TRANSPORTS:
            return  # a web address (links in mail, an API endpoint), not a transport
        masked = masked_url(value, url)
        raw = self.ctx.layout.raw(at)
        # The password never reaches the model: the value and the raw text are both masked.
        shown = raw.replace(value, masked) if raw and value in raw else _fallback_raw(masked)
        setting: Setting[str] = self.ctx.setting(masked, at, masked, raw=shown)
        if self.draft.url is not None:
            return
        self.draft.url = setting
        if not smtp:
            self.draft.sends_over_smtp = False
            return
        self._url_fields(url, setting, at)

    def _url_fields(self, url: SmtpUrl, setting: Setting[str], at: KeyPath) -> None:
        """The fields the URL gives. As everywhere in a table, the first value found for a
        field wins, whether it comes from the URL or from a key beside it."""
        draft, ctx = self.draft, self.ctx
        if url.host:
            draft.host = _first(draft.host, ctx.setting(url.host, at, url.host, raw=url.host))
        if url.port_text is not None:
            draft.port = _first(draft.port, ctx.setting(url.port, at, url.port_text,
                                                        raw=url.port_text))
        if url.username:
            draft.username = _first(draft.username, ctx.setting(url.username, at, url.username,
                                                                raw=url.username))
        if url.password:
            draft.password = _first(draft.password, ctx.setting(url.password, at, "", raw=MASK))
        draft.url_problems.extend(
            UrlProblem(setting, problem.part, problem.characters) for problem in url.problems
        )
        mode = {"smtps": Security.TLS, "smtp+ssl": Security.TLS,
                "smtp+starttls": Security.STARTTLS, "smtp+tls": Security.STARTTLS,
                "submission": Security.STARTTLS}.get(url.scheme)
        if mode is not None:
            flag: Setting[Security] = ctx.setting(mode, at, url.scheme, raw=url.scheme)
            draft.flags.append(flag)
            if url.scheme == "smtps":
                self._ambiguous(flag, _SMTPS_READINGS,
                                "the Django URL parsers read the smtps scheme as STARTTLS")

    # misspellings ----------------------------------------------------------------------------

    def _unknown(self, key: str, normal: str, value: Any, at: KeyPath) -> None:
        if normal in _UNRELATED:
            return
        match = _closest(normal, (k for k, r in _ROLES.items() if r is not _Role.MARKER))
        if match is None or not _fits(_ROLES[match], value):
            return
        spelled = match.replace("_", "-") if "-" in key and "_" not in key else match
        shown = _display(at)
        self.draft.ignored.append(IgnoredKey(
            shown,
            self.ctx.layout.locate(at),
            f"{shown} is not a key SMTP settings use; it looks like a misspelling of {spelled}",
            _display((*at[:-1], spelled)),
        ))


def _describe_reference(category: str, value: Any) -> str:
    named = value if isinstance(value, str) else None
    if category in _PASSWORD_COMMANDS:
        return "command"
    if category in _PASSWORD_KEYRINGS:
        return f"keyring:{named}" if named else "keyring"
    if category in _PASSWORD_ENVIRONMENT:
        return f"env:{named}" if named else "env"
    if category in _PASSWORD_FILES:
        return f"file:{named}" if named else "file"
    return category


def _fits(role: _Role, value: Any) -> bool:
    """Whether a value has the type a key of ``role`` takes (for misspelling guesses)."""
    if role in (_Role.HOST, _Role.ADDRESS, _Role.USER, _Role.URL):
        return isinstance(value, str)
    if role in (_Role.PORT, _Role.TIMEOUT):
        return isinstance(value, (int, float, str)) and not isinstance(value, bool)
    if role in (_Role.PASSWORD, _Role.MODE, _Role.AUTH):
        return isinstance(value, (str, Mapping)) or (role is not _Role.PASSWORD
                                                     and isinstance(value, bool))
    if role is _Role.SENDER:
        return isinstance(value, (str, Mapping))
    if role is _Role.SASL:
        return isinstance(value, Mapping)
    return isinstance(value, (bool, str))


def _closest(word: str, candidates: Iterable[str]) -> str | None:
    """The known spelling ``word`` is most likely a typo of, if any is close enough."""
    if len(word) < 3:
        return None
    best: tuple[int, str] | None = None
    for candidate in candidates:
        if len(candidate) < 4:
            continue  # tls, ssl, url: too short to guess from
        limit = 1 if len(candidate) <= 5 else 2
        distance = _edit_distance(word, candidate, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    return None if best is None else best[1]


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a transposition counts once), capped past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _generic_config(visit: _Visit, ctx: _Context) -> SmtpConfig | None:
    named = visit.named
    if not named and (_protocol(visit.table) == "other" or not _has_prefixed_keys(visit.table)):
        return None
    draft = _Draft()
    _TableReader(ctx, draft, prefixed_only=not named).read(visit.table, visit.path)
    if not draft.recognised:
        return None
    if draft.sender is None:
        draft.sender = _sender_from_ancestors(visit.ancestors, ctx)
    draft.infer_auth()
    name = _display(visit.path) if visit.path else "smtp_"
    return draft.build(ctx.path, name, "toml", _generic_interpretation(draft),
                       ctx.layout.anchor(visit.path))


def _sender_from_ancestors(
    ancestors: tuple[tuple[KeyPath, Mapping[str, Any]], ...], ctx: _Context
) -> Setting[str] | None:
    """The nearest enclosing table's sender (himalaya and meli keep it on the account)."""
    for path, table in reversed(ancestors):
        for key, value in table.items():
            normal = _normalise(key)
            account_address = path != () and normal in ("email", "identity")
            if isinstance(value, str) and (_ROLES.get(normal) is _Role.SENDER or (
                    account_address and "@" in value)):
                return ctx.text_setting(value, (*path, key))
    return None


def _generic_interpretation(draft: _Draft) -> str:
    lead = "No specific library reading is known for this table"
    security = draft.security()
    if security is None:
        return f"{lead}; no key sets the transport security, so the application's default applies"
    shown = f"{security.key} = {security.raw}"
    if security.value is None:
        return f"{lead}; {shown} names no transport security smtplint recognises"
    how = "read from" if security is draft.mode else "inferred from"
    return f"{lead}; security ({security.value.label}) {how} {shown}"


# --- Flask-Mail and Django upper-case keys ----------------------------------------------------


@dataclass(frozen=True)
class _Framework:
    family: str
    prefix: str
    host: str
    port: str
    username: str
    password: str
    starttls: str
    implicit: str
    sender: str
    timeout: str
    backend: str
    default_host: str
    default_sender: str | None
    interpretation: str
    also_read: frozenset[str]  # keys the library reads that carry no SMTP setting we model
    aliases: Mapping[str, str]  # keys people write that the library does not read

    @property
    def main_keys(self) -> tuple[str, ...]:
        return (self.host, self.port, self.username, self.password)

    @property
    def known(self) -> frozenset[str]:
        return frozenset({self.host, self.port, self.username, self.password, self.starttls,
                          self.implicit, self.sender, self.timeout, self.backend}) | self.also_read


_FLASK = _Framework(
    family="flask",
    prefix="MAIL_",
    host="MAIL_SERVER",
    port="MAIL_PORT",
    username="MAIL_USERNAME",
    password="MAIL_PASSWORD",
    starttls="MAIL_USE_TLS",
    implicit="MAIL_USE_SSL",
    sender="MAIL_DEFAULT_SENDER",
    timeout="MAIL_TIMEOUT",  # Flask-Mailman only; Flask-Mail has no timeout at all
    backend="MAIL_BACKEND",  # Flask-Mailman
    default_host="127.0.0.1",  # Flask-Mail 0.10 code (its docs say localhost)
    default_sender=None,
    interpretation=(
        "Flask-Mail reading of Flask from_file keys: MAIL_USE_TLS means STARTTLS, MAIL_USE_SSL "
        "implicit TLS (any non-empty value counts as true); unset keys take Flask-Mail's "
        "defaults (it has no timeout; MAIL_TIMEOUT is Flask-Mailman's)"
    ),
    also_read=frozenset({"MAIL_DEBUG", "MAIL_MAX_EMAILS", "MAIL_SUPPRESS_SEND",
                         "MAIL_ASCII_ATTACHMENTS", "MAIL_SSL_KEYFILE", "MAIL_SSL_CERTFILE",
                         "MAIL_USE_LOCALTIME", "MAIL_FILE_PATH", "MAIL_DEFAULT_CHARSET",
                         "MAIL_SEND_OPTIONS"}),
    aliases={"MAIL_HOST": "MAIL_SERVER", "MAIL_USER": "MAIL_USERNAME",
             "MAIL_PASS": "MAIL_PASSWORD", "MAIL_FROM": "MAIL_DEFAULT_SENDER",
             "MAIL_SENDER": "MAIL_DEFAULT_SENDER", "MAIL_FROM_ADDRESS": "MAIL_DEFAULT_SENDER",
             "MAIL_USE_STARTTLS": "MAIL_USE_TLS", "MAIL_STARTTLS": "MAIL_USE_TLS",
             "MAIL_TLS": "MAIL_USE_TLS", "MAIL_SSL": "MAIL_USE_SSL"},
)

_DJANGO = _Framework(
    family="django",
    prefix="EMAIL_",
    host="EMAIL_HOST",
    port="EMAIL_PORT",
    username="EMAIL_HOST_USER",
    password="EMAIL_HOST_PASSWORD",
    starttls="EMAIL_USE_TLS",
    implicit="EMAIL_USE_SSL",
    sender="DEFAULT_FROM_EMAIL",
    timeout="EMAIL_TIMEOUT",
    backend="EMAIL_BACKEND",
    default_host="localhost",
    default_sender="webmaster@localhost",
    interpretation=(
        "Django SMTP backend reading of EMAIL_* keys: EMAIL_USE_TLS means STARTTLS, "
        "EMAIL_USE_SSL implicit TLS (any non-empty value counts as true); unset keys take "
        "Django's defaults"
    ),
    also_read=frozenset({"EMAIL_SSL_CERTFILE", "EMAIL_SSL_KEYFILE", "EMAIL_FILE_PATH",
                         "EMAIL_USE_LOCALTIME", "EMAIL_SUBJECT_PREFIX"}),
    aliases={"EMAIL_USER": "EMAIL_HOST_USER", "EMAIL_USERNAME": "EMAIL_HOST_USER",
             "EMAIL_PASSWORD": "EMAIL_HOST_PASSWORD", "EMAIL_PASS": "EMAIL_HOST_PASSWORD",
             "EMAIL_HOST_USERNAME": "EMAIL_HOST_USER", "EMAIL_HOST_PASS": "EMAIL_HOST_PASSWORD",
             "EMAIL_SERVER": "EMAIL_HOST", "EMAIL_FROM": "DEFAULT_FROM_EMAIL",
             "EMAIL_USE_STARTTLS": "EMAIL_USE_TLS", "EMAIL_TLS": "EMAIL_USE_TLS",
             "EMAIL_SSL": "EMAIL_USE_SSL"},
)


def _framework_config(
    spec: _Framework, table: Mapping[str, Any], path: KeyPath, ctx: _Context
) -> SmtpConfig | None:
    present = [key for key in spec.main_keys if key in table]
    if not present:
        return None
    draft = _Draft()
    reader = _TableReader(ctx, draft, prefixed_only=False)
    for key, read in ((spec.host, reader.read_host_name), (spec.port, reader.read_port),
                      (spec.username, reader.read_user), (spec.password, reader.read_password),
                      (spec.sender, reader.read_sender)):
        if key in table:
            read(table[key], (*path, key))
    if spec.timeout in table:
        value = table[spec.timeout]
        draft.timeout = ctx.setting(_seconds(value), (*path, spec.timeout), value)
    _framework_security(spec, table, path, draft, ctx)
    _framework_defaults(spec, draft, path)
    backend = table.get(spec.backend)
    if isinstance(backend, str) and "smtp" not in backend.lower():
        draft.sends_over_smtp = False
    draft.ignored.extend(_framework_ignored(spec, table, path, ctx))
    draft.infer_auth()
    name = f"{_display(path)}.{spec.prefix}" if path else spec.prefix
    spans = [span for key in present if (span := ctx.layout.locate((*path, key))) is not None]
    anchor = min(spans) if spans else ctx.layout.anchor(path)
    return draft.build(ctx.path, name, spec.family, spec.interpretation, anchor)


def _framework_defaults(spec: _Framework, draft: _Draft, path: KeyPath) -> None:
    def default(key: str, value: S | None, raw: str) -> Setting[S]:
        return Setting(value, Origin(_display((*path, key)), None, ValueKind.DEFAULT), raw)

    if draft.host is None:
        draft.host = default(spec.host, spec.default_host, spec.default_host)
    if draft.port is None:
        draft.port = default(spec.port, 25, "25")
    if draft.sender is None and spec.default_sender is not None:
        draft.sender = default(spec.sender, spec.default_sender, spec.default_sender)
    if draft.timeout is None:
        draft.timeout = default(spec.timeout, None, "None")
    draft.default_mode = default(spec.starttls, Security.NONE, "False")


def _framework_security(
    spec: _Framework, table: Mapping[str, Any], path: KeyPath, draft: _Draft, ctx: _Context
) -> None:
    """Each flag is read as ``if settings.X:`` reads it, so the string "False" is true.

    With both set, Django refuses to start and Flask-Mail runs STARTTLS inside TLS; both
    flags are kept (implicit TLS first) and the conflict is left to the rules. A flag written
    false is where the plaintext mode comes from.
    """
    for key, mode in ((spec.implicit, Security.TLS), (spec.starttls, Security.STARTTLS)):
        if key not in table:
            continue
        value = table[key]
        if bool(value):
            draft.flags.append(ctx.setting(mode, (*path, key), value))
        elif draft.unasserted_mode is None:
            draft.unasserted_mode = ctx.setting(Security.NONE, (*path, key), value)


def _framework_ignored(
    spec: _Framework, table: Mapping[str, Any], path: KeyPath, ctx: _Context
) -> list[IgnoredKey]:
    ignored = []
    known = spec.known
    for key in table:
        if key in known:
            continue
        replacement = spec.aliases.get(key)
        reason = None
        if replacement is not None:
            reason = f"{spec.family.capitalize()} does not read {key}; it reads {replacement}"
        elif key.upper() in known:
            replacement = key.upper()
            reason = f"{key} is not read: the keys are upper-case, {replacement}"
        elif key.startswith(spec.prefix):
            guess = _closest(key, sorted(known - spec.also_read))
            if guess is not None:
                replacement = guess
                reason = f"{key} is not read; it looks like a misspelling of {guess}"
        if reason is not None and replacement is not None:
            span = ctx.layout.locate((*path, key))
            ignored.append(IgnoredKey(_display((*path, key)), span, reason,
                                      _display((*path, replacement))))
    return ignored


# --- discovery ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Visit:
    path: KeyPath
    table: Mapping[str, Any]
    name: str | None  # the key the table is reached by
    parent_name: str | None
    ancestors: tuple[tuple[KeyPath, Mapping[str, Any]], ...]

    @property
    def named(self) -> bool:
        """Whether the table's name (or its collection's) or its ``type`` says SMTP."""
        if not self.path or any(_normalise(key) in _SERVER_KEYS for key in self.table):
            return False
        protocol = _protocol(self.table)
        if protocol == "other":
            return False
        return (protocol == "smtp" or _is_smtp_name(self.name)
                or _is_smtp_collection(self.parent_name))

    def children(self) -> list[_Visit]:
        inner = (*self.ancestors, (self.path, self.table))
        # A config's own auth/password/tls sub-tables are part of it, not configs of their own.
        structured = _STRUCTURED_ROLES if self.named else frozenset()
        found = []
        for key, value in self.table.items():
            if _ROLES.get(_normalise(key)) in structured:
                continue
            if isinstance(value, Mapping):
                found.append(_Visit((*self.path, key), value, key, self.name, inner))
            elif isinstance(value, list):
                found.extend(
                    _Visit((*self.path, key, i), element, key, self.name, inner)
                    for i, element in enumerate(value)
                    if isinstance(element, Mapping)
                )
        return found


def _is_smtp_collection(name: str | None) -> bool:
    """``[smtp.primary]``, ``[[smtp.servers]]``, ``[mailers.backup]``: members are configs."""
    return name is not None and ("smtp" in _normalise(name) or _normalise(name) == "mailers")


def _find_configs(data: Mapping[str, Any], ctx: _Context) -> list[SmtpConfig]:
    configs: list[SmtpConfig] = []
    stack = [_Visit((), data, None, None, ())]
    while stack:  # depth-first, in file order, without recursion
        visit = stack.pop()
        for spec in (_FLASK, _DJANGO):
            found = _framework_config(spec, visit.table, visit.path, ctx)
            if found is not None:
                configs.append(found)
        generic = _generic_config(visit, ctx)
        if generic is not None:
            configs.append(generic)
        stack.extend(reversed(visit.children()))
    return sorted(configs, key=lambda config: config.anchor)
