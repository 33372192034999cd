"""Thunderbird profiles: the outgoing servers of ``prefs.js`` with ``user.js`` over it.

A profile folder is one unit. Thunderbird reads ``prefs.js`` and then ``user.js``, whose
values win; so does smtplint. The configurations come out of ``prefs.js`` (or out of
``user.js`` when the folder has no ``prefs.js``), and each setting names the file that holds
its effective value, so a finding lands in ``user.js`` when that is where the value is.

Model (``mailnews`` sources, see the reference notes on Thunderbird):

- ``mail.smtpservers`` lists the server keys; each ``mail.smtpserver.<key>.`` has
  ``hostname``, ``port`` (0 or absent: 465 with ``try_ssl`` 3, else 587), ``try_ssl``
  (0 none, 1 legacy "STARTTLS, if available", 2 STARTTLS, 3 SSL/TLS; absent: 0),
  ``authMethod`` (absent: 3), ``username``, ``description`` and ``type`` (``smtp`` unless
  another transport such as EWS is named).
- Identities (``mail.identity.<id>.useremail``, ``.smtpServer``; the server named by
  ``mail.smtp.defaultserver``, else the first listed, when ``.smtpServer`` is empty) give a
  server its senders: one configuration per distinct sender address, or one with no sender
  for a server no identity uses. When ``mail.accountmanager.accounts`` is set, only the
  identities of those accounts count.
- Passwords live in Thunderbird's password manager, never in prefs.js: a server whose
  authentication method takes a password gets a password reference, so nothing asks for it.
- Thunderbird has no timeout setting: the timeout is left unset.
- A lock file in the folder (``.parentlock``, ``parent.lock``, ``lock``) means Thunderbird
  may be running, and would overwrite prefs.js on exit.

Fixes (``prefs_fix.py``) edit the file holding each effective value and are refused while a
lock file is present.

Not read: ``mail.smtpserver.default.*`` overrides of the built-in defaults,
``incomingAccount``, ``hello_argument``, ``clientid``, ``useMatchingDomainServer``,
``useMatchingHostNameServer`` and ``useSenderForSmtpMailFrom``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import TypeVar

from smtplint.model import (
    AuthMethod,
    Change,
    Document,
    Edit,
    Origin,
    Secret,
    Security,
    Setting,
    SmtpConfig,
    Span,
    ValueKind,
)
from smtplint.records import field, record
from smtplint.sources.prefs_fix import PrefsText, edits_for
from smtplint.sources.prefs_js import Pref, PrefValue, parse_prefs

E = TypeVar("E")

PREFS = "prefs.js"
USER = "user.js"
LOCK_FILES = (".parentlock", "parent.lock", "lock")
PASSWORD_STORE = "Thunderbird password manager"

_SECURITY = {
    0: (Security.NONE, "None"),
    1: (Security.OPPORTUNISTIC, "STARTTLS, if available"),
    2: (Security.STARTTLS, "STARTTLS"),
    3: (Security.TLS, "SSL/TLS"),
}
_LEGACY_SECURITY = 1
_AUTH = {
    1: (AuthMethod.NONE, "No authentication"),
    2: (AuthMethod.PASSWORD, "old (not valid for SMTP)"),
    3: (AuthMethod.PASSWORD, "Normal password"),
    4: (AuthMethod.PASSWORD, "Encrypted password"),
    5: (AuthMethod.OTHER, "Kerberos / GSSAPI"),
    6: (AuthMethod.OTHER, "NTLM"),
    7: (AuthMethod.OTHER, "TLS Certificate"),
    8: (AuthMethod.PASSWORD, "secure (deprecated)"),
    9: (AuthMethod.ANY, "anything (discouraged)"),
    10: (AuthMethod.OAUTH2, "OAuth2"),
}
_DEFAULT_AUTH = 3
_DEFAULT_SECURITY = 0
_PASSWORD_METHODS = frozenset({AuthMethod.PASSWORD, AuthMethod.ANY})


@record
class _Value:
    """A pref's effective statement and the file that holds it."""

    pref: Pref
    path: Path


class _Prefs:
    def __init__(self, values: dict[str, _Value], main: Path) -> None:
        self.values = values
        self.main = main

    def get(self, name: str) -> _Value | None:
        return self.values.get(name)

    def text(self, name: str) -> str | None:
        found = self.values.get(name)
        if found is None or not isinstance(found.pref.value, str):
            return None
        return found.pref.value

    def origin(self, found: _Value, kind: ValueKind = ValueKind.LITERAL) -> Origin:
        path = None if found.path == self.main else found.path
        return Origin(found.pref.name, found.pref.value_span, kind, path=path)


@record(frozen=False)
class ProfileDocument(Document):
    """A profile's main file, with the user.js text its settings were read alongside.

    Fixes edit user.js at offsets into exactly that text, which is the fixer's pending
    rewrite when it passed one as a companion.
    """

    user_js: PrefsText | None = field(default=None, repr=False)


class ThunderbirdSource:
    def read(
        self,
        path: PurePath,
        text: str,
        environment: Mapping[str, str] | None = None,
        *,
        companions: Mapping[Path, str] | None = None,
    ) -> Document:
        own_path = Path(path)
        document = ProfileDocument(own_path, text)
        parsed = parse_prefs(text)
        document.errors.extend(parsed.errors)
        pending = _Companions(companions)
        on_disk = own_path.is_file()
        folder = own_path.parent
        is_user = own_path.name.lower() == USER
        prefs_path = folder / PREFS
        if is_user and ((on_disk and prefs_path.is_file()) or pending.has(prefs_path)):
            return document  # prefs.js of the same profile reports its servers
        values = {name: _Value(pref, own_path) for name, pref in parsed.values().items()}
        if not is_user:
            document.user_js = pending.text(folder / USER, read_disk=on_disk)
        if document.user_js is not None:
            values.update(_sibling_values(document.user_js))
            document.companions[document.user_js.path] = document.user_js.text
        prefs = _Prefs(values, own_path)
        lock = _lock_file(folder) if on_disk else None
        document.configs.extend(_configs(prefs, own_path, lock))
        return document

    def edits(
        self,
        document: Document,
        config: SmtpConfig,
        changes: tuple[Change, ...],
        *,
        unsafe: bool,
    ) -> list[Edit]:
        """Thunderbird values are never overridden from the environment, so ``unsafe``
        changes nothing here."""
        own = PrefsText(document.path, document.text)
        if isinstance(document, ProfileDocument):
            user = document.user_js
        elif document.path.name.lower() == USER:
            user = None
        else:
            user = _read_prefs_file(document.path.parent / USER)
        return edits_for(own, user, config, changes)


SOURCE = ThunderbirdSource()


class _Companions:
    """Texts that stand in for files on disk (the fixer's pending rewrites)."""

    def __init__(self, companions: Mapping[Path, str] | None) -> None:
        self._texts = {_key(path): text for path, text in (companions or {}).items()}

    def has(self, path: Path) -> bool:
        return _key(path) in self._texts

    def text(self, path: Path, *, read_disk: bool) -> PrefsText | None:
        pending = self._texts.get(_key(path))
        if pending is not None:
            return PrefsText(path, pending)
        return _read_prefs_file(path) if read_disk else None


def _read_prefs_file(path: Path) -> PrefsText | None:
    if not path.is_file():
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return PrefsText(path, data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return PrefsText(path, data.decode("utf-8-sig", errors="replace"), lossless=False)


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _sibling_values(user: PrefsText) -> dict[str, _Value]:
    """user.js values (which win); its syntax errors are reported when it is read itself."""
    parsed = parse_prefs(user.text)
    return {name: _Value(pref, user.path) for name, pref in parsed.values().items()}


def _lock_file(folder: Path) -> str | None:
    for name in LOCK_FILES:
        if os.path.lexists(folder / name):  # ``lock`` is a dangling symlink on Linux
            return name
    return None


def _server_keys(prefs: _Prefs) -> list[str]:
    listed = prefs.text("mail.smtpservers") or ""
    keys = [key.strip() for key in listed.split(",")]
    return list(dict.fromkeys(key for key in keys if key and key != "default"))


def _identities(prefs: _Prefs) -> list[str]:
    accounts = prefs.text("mail.accountmanager.accounts")
    if accounts is not None:
        found: list[str] = []
        for account in accounts.split(","):
            ids = prefs.text(f"mail.account.{account.strip()}.identities") or ""
            found.extend(i.strip() for i in ids.split(",") if i.strip())
        return list(dict.fromkeys(found))
    names = (
        name[len("mail.identity.") : -len(".useremail")]
        for name in prefs.values
        if name.startswith("mail.identity.") and name.endswith(".useremail")
    )
    return sorted(set(names))


def _senders_by_server(prefs: _Prefs, keys: list[str]) -> dict[str, list[Setting[str]]]:
    default = prefs.text("mail.smtp.defaultserver") or (keys[0] if keys else None)
    senders: dict[str, list[Setting[str]]] = {key: [] for key in keys}
    for identity in _identities(prefs):
        email = prefs.get(f"mail.identity.{identity}.useremail")
        if email is None or not isinstance(email.pref.value, str) or not email.pref.value:
            continue
        server = prefs.text(f"mail.identity.{identity}.smtpServer") or default
        if server not in senders:
            continue
        address = email.pref.value
        if any(s.value == address for s in senders[server]):
            continue
        senders[server].append(Setting(address, prefs.origin(email), address))
    return senders


def _configs(prefs: _Prefs, path: Path, lock: str | None) -> list[SmtpConfig]:
    keys = _server_keys(prefs)
    senders = _senders_by_server(prefs, keys)
    configs: list[SmtpConfig] = []
    for key in keys:
        base = _server_config(prefs, key, path, lock)
        if base is None:
            continue
        if not senders[key]:
            configs.append(base)
            continue
        several = len(senders[key]) > 1
        for sender in senders[key]:
            configs.append(
                base.with_changes(
                    sender=sender, variant=f"sender {sender.value}" if several else None
                )
            )
    return configs


def _server_config(prefs: _Prefs, key: str, path: Path, lock: str | None) -> SmtpConfig | None:
    prefix = f"mail.smtpserver.{key}."
    written = [v for name, v in prefs.values.items() if name.startswith(prefix)]
    if not written:
        return None
    in_main = [v.pref.span for v in written if v.path == path]
    anchor = min(in_main) if in_main else Span.point(1)
    security = _security(prefs, prefix)
    port = _port(prefs, prefix, security.value)
    auth = _auth(prefs, prefix)
    kind = prefs.text(prefix + "type")
    description = prefs.text(prefix + "description")
    return SmtpConfig(
        path=path,
        name=f"{key} ({description})" if description else key,
        family="thunderbird",
        interpretation=f"Thunderbird outgoing server {key} (prefs.js, with user.js over it)",
        anchor=anchor,
        host=_string(prefs, prefix + "hostname"),
        port=port,
        security=security,
        auth=auth,
        username=_string(prefs, prefix + "username"),
        password=_password(prefix, auth),
        sends_over_smtp=kind is None or kind == "smtp",
        deprecated=(security,)
        if _written_int(prefs, prefix + "try_ssl") == _LEGACY_SECURITY
        else (),
        in_use_by=lock,
    )


def _written_int(prefs: _Prefs, name: str) -> int | None:
    found = prefs.get(name)
    if found is None or isinstance(found.pref.value, bool):
        return None
    return found.pref.value if isinstance(found.pref.value, int) else None


def _string(prefs: _Prefs, name: str) -> Setting[str]:
    found = prefs.get(name)
    if found is None:
        return Setting("", Origin(name, None, ValueKind.DEFAULT), '""')
    value = found.pref.value
    if not isinstance(value, str):
        return Setting(None, prefs.origin(found), found.pref.raw)
    return Setting(value, prefs.origin(found), value)


def _security(prefs: _Prefs, prefix: str) -> Setting[Security]:
    name = prefix + "try_ssl"
    found = prefs.get(name)
    if found is None:
        security, label = _SECURITY[_DEFAULT_SECURITY]
        raw = f"{_DEFAULT_SECURITY} (Connection security: {label})"
        return Setting(security, Origin(name, None, ValueKind.DEFAULT), raw)
    return _enumerated(prefs, found, _SECURITY, "Connection security")


def _auth(prefs: _Prefs, prefix: str) -> Setting[AuthMethod]:
    name = prefix + "authMethod"
    found = prefs.get(name)
    if found is None:
        method, label = _AUTH[_DEFAULT_AUTH]
        raw = f"{_DEFAULT_AUTH} (Authentication method: {label})"
        return Setting(method, Origin(name, None, ValueKind.DEFAULT), raw)
    return _enumerated(prefs, found, _AUTH, "Authentication method")


def _enumerated(
    prefs: _Prefs, found: _Value, table: Mapping[int, tuple[E, str]], field: str
) -> Setting[E]:
    value: PrefValue = found.pref.value
    entry = table.get(value) if isinstance(value, int) and not isinstance(value, bool) else None
    if entry is None:
        return Setting(None, prefs.origin(found), found.pref.raw)
    member, label = entry
    return Setting(member, prefs.origin(found), f"{found.pref.raw} ({field}: {label})")


def _port(prefs: _Prefs, prefix: str, security: Security | None) -> Setting[int]:
    name = prefix + "port"
    found = prefs.get(name)
    default = 465 if security is Security.TLS else 587
    if found is None or found.pref.value == 0:
        span = None if found is None else found.pref.value_span
        origin = Origin(name, span, ValueKind.DEFAULT)
        if found is not None:
            origin = Origin(name, span, ValueKind.DEFAULT, path=prefs.origin(found).path)
        return Setting(default, origin, str(default))
    value = found.pref.value
    if isinstance(value, bool) or not isinstance(value, int):
        return Setting(None, prefs.origin(found), found.pref.raw)
    return Setting(value, prefs.origin(found), found.pref.raw)


def _password(prefix: str, auth: Setting[AuthMethod]) -> Setting[Secret] | None:
    if auth.value not in _PASSWORD_METHODS:
        return None
    origin = Origin(prefix + "password", None, ValueKind.REFERENCE, reference=PASSWORD_STORE)
    return Setting(None, origin, None)
