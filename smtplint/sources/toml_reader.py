"""Reading one table of free-form SMTP keys (``host``, ``port``, ``security`` …) into a draft.

Each key's normal spelling gives its role (:mod:`toml_keys`); the value is read the way
applications commonly read it (:mod:`toml_values`). Structured values are followed: password
sources (``password = { cmd = "…" }``), ``auth``/``sasl`` tables, ``tls = { verify = … }``
and SMTP URLs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from smtplint.model import AuthMethod, IgnoredKey, Secret, Security, Setting, UrlProblem, ValueKind
from smtplint.sources.smtp_url import (
    DJ_EMAIL_URL,
    DJANGO_ENVIRON,
    NODEMAILER,
    SYMFONY,
    SmtpUrl,
    masked_url,
    parse_smtp_url,
)
from smtplint.sources.toml_draft import Draft, first
from smtplint.sources.toml_keys import (
    PASSWORD_LITERALS,
    PASSWORD_SOURCES,
    ROLES,
    Role,
    describe_password_source,
    likely_misspelling,
    normalise,
)
from smtplint.sources.toml_settings import TomlFile, toml_text
from smtplint.sources.toml_spans import KeyPath, display
from smtplint.sources.toml_values import (
    AUTH_WORDS,
    MODE_WORDS,
    NOT_SMTP_TRANSPORTS,
    SCHEME_MODES,
    normal_word,
    reference,
    to_port,
    to_seconds,
    to_switch,
)
from smtplint.sources.values import MASK, parse_port

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
_URL_SCHEME_MODES = {**SCHEME_MODES, "submission": Security.STARTTLS}

_HOST_WITH_PORT = re.compile(r"(?P<host>[^\s:/@\[\]]+):(?P<port>[0-9]{1,5})")

_Handler = Callable[[Any, KeyPath], None]


class TableReader:
    """Reads the keys of one table into a draft; ``prefixed_only`` reads ``smtp_*`` keys only."""

    def __init__(self, file: TomlFile, draft: Draft, *, prefixed_only: bool) -> None:
        self.file = file
        self.draft = draft
        self.prefixed_only = prefixed_only
        self._handlers: dict[Role, _Handler] = {
            Role.HOST: self._host,
            Role.ADDRESS: self._address,
            Role.PORT: self.read_port,
            Role.USER: self.read_user,
            Role.PASSWORD: self.read_password,
            Role.MODE: self._mode,
            Role.STARTTLS: self._starttls,
            Role.USE_TLS: self._starttls,
            Role.BARE_TLS: self._bare_tls,
            Role.IMPLICIT: self._implicit,
            Role.SENDER: self.read_sender,
            Role.TIMEOUT: self.read_timeout,
            Role.AUTH: self._auth,
            Role.SASL: self._sasl,
            Role.VERIFY: self._verify,
            Role.NO_VERIFY: self._no_verify,
            Role.URL: self._url,
            Role.MARKER: self._marker,
        }

    def read(self, table: Mapping[str, Any], path: KeyPath) -> None:
        for key, value in table.items():
            normal = normalise(key)
            if self.prefixed_only and not normal.startswith("smtp_"):
                continue
            at = (*path, key)
            role = ROLES.get(normal)
            if role is None:
                self._unknown(key, normal, value, at)
            else:
                self._handlers[role](value, at)

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
        draft.host = first(draft.host, self.file.setting(split["host"], at, value))
        draft.port = first(draft.port, self.file.setting(parse_port(split["port"]), at, value))

    def read_host_name(self, value: Any, at: KeyPath) -> None:
        self.draft.host = first(self.draft.host, self._text(value, at))

    def _address(self, value: Any, at: KeyPath) -> None:
        if isinstance(value, str) and "@" in value:
            return  # a mail address, not a server address
        self._host(value, at)

    def read_port(self, value: Any, at: KeyPath) -> None:
        named = reference(value) if isinstance(value, str) else None
        if named is not None:
            setting: Setting[int] = self.file.setting(
                None, at, value, kind=ValueKind.REFERENCE, reference=named
            )
        else:
            setting = self.file.setting(to_port(value), at, value)
        self.draft.port = first(self.draft.port, setting)

    def read_user(self, value: Any, at: KeyPath) -> None:
        self.draft.username = first(self.draft.username, self._text(value, at))

    def _text(self, value: Any, at: KeyPath) -> Setting[str]:
        if isinstance(value, str):
            return self.file.text_setting(value, at)
        return self.file.setting(None, at, value)

    # passwords ---------------------------------------------------------------------------

    def read_password(self, value: Any, at: KeyPath) -> None:
        if isinstance(value, Mapping):
            setting = self._password_source(value, at)
        elif isinstance(value, str):
            setting = self.file.secret_setting(value, at)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            setting = self.file.setting(Secret(str(value)), at, value, raw=MASK)
        else:
            setting = self._unresolved_password(value, at)
        self.draft.password = first(self.draft.password, setting)

    def _password_source(self, table: Mapping[str, Any], at: KeyPath) -> Setting[Secret]:
        """``{ cmd = … }``, ``{ keyring = … }``, ``password.env = …``, meli ``{ type, value }``."""
        normal = {normalise(key): (key, value) for key, value in table.items()}
        kind = normal.get("type")
        category: str | None
        if kind is not None and isinstance(kind[1], str) and "value" in normal:
            category = normalise(kind[1])
            key, value = normal["value"]
        else:
            category = next((name for name in normal if name in PASSWORD_SOURCES), None)
            if category is None:
                return self._unresolved_password(table, at)
            key, value = normal[category]
        # An inline table is one entry; a dotted or [header] table points at the inner key.
        inner_at = at if self.file.layout.has_entry(at) else (*at, key)
        if category not in PASSWORD_LITERALS:
            return self.file.setting(None, inner_at, value, kind=ValueKind.REFERENCE,
                                     reference=describe_password_source(category, value),
                                     raw=MASK)
        if isinstance(value, str):
            return self.file.secret_setting(value, inner_at)
        return self._unresolved_password(value, inner_at)

    def _unresolved_password(self, value: Any, at: KeyPath) -> Setting[Secret]:
        return self.file.setting(None, at, value, kind=ValueKind.UNRESOLVED, raw=MASK)

    # security ------------------------------------------------------------------------------

    def _mode(self, value: Any, at: KeyPath) -> None:
        if isinstance(value, Mapping):  # encryption.type = "start-tls", security = { type = … }
            for key, inner in value.items():
                if normalise(key) in ("type", "mode", "value", "kind") and isinstance(inner, str):
                    self._mode(inner, (*at, key))
                    return
            self._tls_options(value, at)
            return
        if isinstance(value, bool):
            mode = Security.NONE if value is False else None
            self._name_mode(self.file.setting(mode, at, value))
            return
        if not isinstance(value, str):
            self._name_mode(self.file.setting(None, at, value))
            return
        spelled = normal_word(value)
        setting: Setting[Security] = self.file.setting(MODE_WORDS.get(spelled), at, value)
        self._name_mode(setting)
        if spelled == "tls":
            self.draft.ambiguous(setting, _TLS_WORD_READINGS,
                                 'applications disagree on which mode the word "tls" names')

    def _name_mode(self, setting: Setting[Security]) -> None:
        self.draft.mode = first(self.draft.mode, setting)

    def _switch_mode(self, value: Any, at: KeyPath, mode: Security) -> Setting[Security] | None:
        """A switch that asks for ``mode`` when true; false asks for nothing."""
        if isinstance(value, Mapping):
            self._tls_options(value, at)
            return None
        on = to_switch(value)
        if on is None:
            if isinstance(value, str) and normal_word(value) in MODE_WORDS:
                self._mode(value, at)  # tls = "starttls"
            else:
                self.draft.unasserted_mode = first(
                    self.draft.unasserted_mode, self.file.setting(None, at, value)
                )
            return None
        if not on:
            return None
        return self._flag(mode, at, value)

    def _flag(
        self,
        mode: Security,
        at: KeyPath,
        written: object,
        raw: str | None = None,
        part: str | None = None,
    ) -> Setting[Security]:
        """A key (or URL scheme) that asked for ``mode``."""
        setting: Setting[Security] = self.file.setting(mode, at, written, raw=raw, part=part)
        self.draft.flags.append(setting)
        return setting

    def _starttls(self, value: Any, at: KeyPath) -> None:
        self._switch_mode(value, at, Security.STARTTLS)

    def _bare_tls(self, value: Any, at: KeyPath) -> None:
        setting = self._switch_mode(value, at, Security.STARTTLS)
        if setting is not None:
            self.draft.ambiguous(setting, _TLS_SWITCH_READINGS,
                                 'applications disagree on which mode a bare "tls" switch turns on')

    def _implicit(self, value: Any, at: KeyPath) -> None:
        self._switch_mode(value, at, Security.TLS)

    def _tls_options(self, table: Mapping[str, Any], at: KeyPath) -> None:
        """``tls = { verify = false }`` and the like: only certificate checks are read."""
        for key, value in table.items():
            role = ROLES.get(normalise(key))
            if role in (Role.VERIFY, Role.NO_VERIFY):
                self._handlers[role](value, (*at, key))

    def _verify(self, value: Any, at: KeyPath) -> None:
        self._verify_setting(to_switch(value), value, at)

    def _no_verify(self, value: Any, at: KeyPath) -> None:
        skip = to_switch(value)
        self._verify_setting(None if skip is None else not skip, value, at)

    def _verify_setting(self, verify: bool | None, value: Any, at: KeyPath) -> None:
        self.draft.verify_tls = first(self.draft.verify_tls, self.file.setting(verify, at, value))

    def _marker(self, value: Any, at: KeyPath) -> None:
        if not isinstance(value, str):
            return
        spelled = normal_word(value)
        if spelled in SCHEME_MODES:
            self._flag(SCHEME_MODES[spelled], at, value)
        elif spelled in NOT_SMTP_TRANSPORTS:
            self.draft.sends_over_smtp = False

    # sender, timeout, auth ------------------------------------------------------------------

    def read_sender(self, value: Any, at: KeyPath) -> None:
        setting: Setting[str] | None = None
        if isinstance(value, str):
            setting = self.file.text_setting(value, at)
        elif isinstance(value, Mapping):
            setting = self._sender_table(value, at)
        elif isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
            setting = self.file.setting(f"{value[0]} <{value[1]}>", at, value)
        if setting is None:
            setting = self.file.setting(None, at, value)
        self.draft.sender = first(self.draft.sender, setting)

    def _sender_table(self, table: Mapping[str, Any], at: KeyPath) -> Setting[str] | None:
        normal = {normalise(key): (key, value) for key, value in table.items()}
        address = next((normal[k] for k in ("address", "email", "addr") if k in normal), None)
        if address is None or not isinstance(address[1], str):
            return None
        name = next((normal[k][1] for k in ("name", "display_name") if k in normal), None)
        shown = f"{name} <{address[1]}>" if isinstance(name, str) and name else address[1]
        origin_at = at if self.file.layout.has_entry(at) else (*at, address[0])
        return self.file.setting(shown, origin_at, shown)

    def read_timeout(self, value: Any, at: KeyPath) -> None:
        setting: Setting[float] = self.file.setting(to_seconds(value), at, value)
        self.draft.timeout = first(self.draft.timeout, setting)

    def _auth(self, value: Any, at: KeyPath) -> None:
        if isinstance(value, Mapping):
            self._auth_table(value, at)
            return
        method: AuthMethod | None = None
        if isinstance(value, bool):
            method = AuthMethod.PASSWORD if value else AuthMethod.NONE
        elif isinstance(value, str):
            method = AUTH_WORDS.get(normal_word(value))
        self.draft.auth = first(self.draft.auth, self.file.setting(method, at, value))

    def _auth_table(self, table: Mapping[str, Any], at: KeyPath) -> None:
        """himalaya's ``auth.type``/``auth.raw``/``auth.cmd``, meli's ``auth = { … }``."""
        source_read = False
        for key, value in table.items():
            normal = normalise(key)
            role = ROLES.get(normal)
            if normal in ("type", "method", "mechanism", "kind") and isinstance(value, str):
                self._auth(value, (*at, key))
            elif role is Role.USER:
                self.read_user(value, (*at, key))
            elif role is Role.PASSWORD:
                self.read_password(value, (*at, key))
            elif normal in PASSWORD_SOURCES and not source_read:
                source_read = True
                sources = {k: v for k, v in table.items() if normalise(k) in PASSWORD_SOURCES}
                self.draft.password = first(self.draft.password,
                                            self._password_source(sources, at))

    def _sasl(self, value: Any, at: KeyPath) -> None:
        """himalaya 2: ``sasl.<mechanism>.username`` / ``.password.raw`` / ``.password.command``."""
        if not isinstance(value, Mapping) or not value:
            return
        mechanism, body = next(iter(value.items()))  # one is used; the others are alternatives
        mechanism_at = (*at, mechanism)
        method = AUTH_WORDS.get(normal_word(mechanism))
        self.draft.auth = first(self.draft.auth,
                                self.file.setting(method, mechanism_at, mechanism, raw=mechanism))
        if isinstance(body, Mapping):
            for key, inner in body.items():
                role = ROLES.get(normalise(key))
                if role in (Role.USER, Role.PASSWORD):
                    self._handlers[role](inner, (*mechanism_at, key))

    # URLs ---------------------------------------------------------------------------------

    def _url(self, value: Any, at: KeyPath) -> None:
        if not isinstance(value, str) or "://" not in value:
            return
        url = parse_smtp_url(value)
        if url is None:
            return
        smtp = "smtp" in url.scheme or url.scheme in ("submission", "submit")
        if not smtp and url.scheme not in NOT_SMTP_TRANSPORTS:
            return  # a web address (links in mail, an API endpoint), not a transport
        masked = masked_url(value, url)
        raw = self.file.layout.raw(at)
        # The password never reaches the model: the value and the raw text are both masked.
        shown = raw.replace(value, masked) if raw and value in raw else toml_text(masked)
        setting: Setting[str] = self.file.setting(masked, at, masked, raw=shown)
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
        draft, file = self.draft, self.file
        if url.host:
            host = file.setting(url.host, at, url.host, raw=url.host, part="host")
            draft.host = first(draft.host, host)
        if url.port_text is not None:
            port = file.setting(url.port, at, url.port_text, raw=url.port_text, part="port")
            draft.port = first(draft.port, port)
        if url.username:
            username = file.setting(
                url.username, at, url.username, raw=url.username, part="username"
            )
            draft.username = first(draft.username, username)
        if url.password:
            password = file.setting(url.password, at, "", raw=MASK, part="password")
            draft.password = first(draft.password, password)
        draft.url_problems.extend(
            UrlProblem(setting, problem.part, problem.characters) for problem in url.problems
        )
        mode = _URL_SCHEME_MODES.get(url.scheme)
        if mode is None:
            return
        flag = self._flag(mode, at, url.scheme, raw=f"{url.scheme}://", part="scheme")
        if url.scheme == "smtps":
            draft.ambiguous(flag, _SMTPS_READINGS,
                            "the Django URL parsers read the smtps scheme as STARTTLS")

    # misspellings ----------------------------------------------------------------------------

    def _unknown(self, key: str, normal: str, value: Any, at: KeyPath) -> None:
        match = likely_misspelling(normal, value)
        if match is None:
            return
        spelled = match.replace("_", "-") if "-" in key and "_" not in key else match
        shown = display(at)
        self.draft.ignored.append(IgnoredKey(
            shown,
            self.file.layout.locate(at),
            f"{shown} is not a key SMTP settings use; it looks like a misspelling of {spelled}",
            display((*at[:-1], spelled)),
        ))
