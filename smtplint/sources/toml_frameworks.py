"""Flask-Mail ``MAIL_*`` and Django ``EMAIL_*`` upper-case keys, at any level of a TOML file.

Flask's ``config.from_file(…, load=tomllib.load)`` and Django settings loaders (dynaconf and
the like) read upper-case keys from TOML; each library's own reading and defaults apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smtplint.model import IgnoredKey, Security, SmtpConfig, ValueKind
from smtplint.records import record, values
from smtplint.similarity import closest
from smtplint.sources.common import default_setting, no_timeout
from smtplint.sources.toml_draft import Draft
from smtplint.sources.toml_keys import misspelling_limit
from smtplint.sources.toml_reader import TableReader
from smtplint.sources.toml_settings import TomlFile
from smtplint.sources.toml_spans import KeyPath, display
from smtplint.sources.toml_values import interpolates, reference

_SMTP_DEFAULT_PORT = 25  # both libraries leave the port to smtplib's default


@record
class _Keys:
    """The keys a library reads, by the setting each holds."""

    host: str
    port: str
    username: str
    password: str
    starttls: str  # true asks for STARTTLS
    implicit: str  # true asks for implicit TLS
    sender: str
    timeout: str
    backend: str

    @property
    def main(self) -> tuple[str, ...]:
        """Any of these makes a configuration."""
        return (self.host, self.port, self.username, self.password)


@record
class Framework:
    """How one library reads its upper-case keys."""

    family: str
    prefix: str
    keys: _Keys
    default_host: str
    default_sender: str | None
    interpretation: str
    also_read: frozenset[str]  # keys the library reads that carry no SMTP setting we model
    aliases: Mapping[str, str]  # keys people write that the library does not read

    @property
    def known(self) -> frozenset[str]:
        return frozenset(values(self.keys)) | self.also_read


_FLASK = Framework(
    family="flask",
    prefix="MAIL_",
    keys=_Keys(
        host="MAIL_SERVER", port="MAIL_PORT", username="MAIL_USERNAME",
        password="MAIL_PASSWORD", starttls="MAIL_USE_TLS", implicit="MAIL_USE_SSL",
        sender="MAIL_DEFAULT_SENDER",
        timeout="MAIL_TIMEOUT",  # Flask-Mailman only; Flask-Mail has no timeout at all
        backend="MAIL_BACKEND",  # Flask-Mailman
    ),
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

_DJANGO = Framework(
    family="django",
    prefix="EMAIL_",
    keys=_Keys(
        host="EMAIL_HOST", port="EMAIL_PORT", username="EMAIL_HOST_USER",
        password="EMAIL_HOST_PASSWORD", starttls="EMAIL_USE_TLS", implicit="EMAIL_USE_SSL",
        sender="DEFAULT_FROM_EMAIL", timeout="EMAIL_TIMEOUT", backend="EMAIL_BACKEND",
    ),
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

FRAMEWORKS = (_FLASK, _DJANGO)


def framework_config(
    spec: Framework, table: Mapping[str, Any], path: KeyPath, file: TomlFile
) -> SmtpConfig | None:
    """The configuration the library's upper-case keys in ``table`` give, if any."""
    keys = spec.keys
    present = [key for key in keys.main if key in table]
    if not present:
        return None
    draft = Draft()
    reader = TableReader(file, draft, prefixed_only=False)
    for key, read in ((keys.host, reader.read_host_name), (keys.port, reader.read_port),
                      (keys.username, reader.read_user), (keys.password, reader.read_password),
                      (keys.sender, reader.read_sender), (keys.timeout, reader.read_timeout)):
        if key in table:
            read(table[key], (*path, key))
    _security(spec, table, path, draft, file)
    _defaults(spec, draft, path)
    backend = table.get(keys.backend)
    if isinstance(backend, str) and "smtp" not in backend.lower():
        draft.sends_over_smtp = False
    draft.ignored.extend(_ignored(spec, table, path, file))
    draft.infer_auth()
    name = f"{display(path)}.{spec.prefix}" if path else spec.prefix
    spans = [span for key in present if (span := file.layout.locate((*path, key))) is not None]
    anchor = min(spans) if spans else file.layout.anchor(path)
    return draft.build(file.path, name, spec.family, spec.interpretation, anchor)


def _defaults(spec: Framework, draft: Draft, path: KeyPath) -> None:
    def key(name: str) -> str:
        return display((*path, name))

    keys = spec.keys
    if draft.host is None:
        draft.host = default_setting(key(keys.host), spec.default_host, spec.default_host)
    if draft.port is None:
        draft.port = default_setting(key(keys.port), _SMTP_DEFAULT_PORT, str(_SMTP_DEFAULT_PORT))
    if draft.sender is None and spec.default_sender is not None:
        draft.sender = default_setting(key(keys.sender), spec.default_sender,
                                       spec.default_sender)
    if draft.timeout is None:
        draft.timeout = no_timeout(key(keys.timeout))
    draft.default_mode = default_setting(key(keys.starttls), Security.NONE, "False")


def _security(
    spec: Framework, table: Mapping[str, Any], path: KeyPath, draft: Draft, file: TomlFile
) -> None:
    """Each flag is read as ``if settings.X:`` reads it, so the string "False" is true.

    With both set, Django refuses to start and Flask-Mail runs STARTTLS inside TLS; both
    flags are kept (implicit TLS first) and the conflict is left to the rules. A flag written
    false is where the plaintext mode comes from. A placeholder string ("${USE_SSL}") is
    true as written, but a loader that substitutes it may make it false: its mode is not
    taken as written.
    """
    for key, mode in ((spec.keys.implicit, Security.TLS), (spec.keys.starttls, Security.STARTTLS)):
        if key not in table:
            continue
        value = table[key]
        if isinstance(value, str) and (reference(value) is not None or interpolates(value)):
            kind = ValueKind.INTERPOLATED
            draft.flags.append(file.setting(mode, (*path, key), value, kind=kind))
        elif bool(value):
            draft.flags.append(file.setting(mode, (*path, key), value))
        elif draft.unasserted_mode is None:
            draft.unasserted_mode = file.setting(Security.NONE, (*path, key), value)


def _ignored(
    spec: Framework, table: Mapping[str, Any], path: KeyPath, file: TomlFile
) -> list[IgnoredKey]:
    """Keys the library does not read: another library's spelling, lower case, misspellings."""
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
            replacement = closest(key, known - spec.also_read, limit=misspelling_limit)
            if replacement is not None:
                reason = f"{key} is not read; it looks like a misspelling of {replacement}"
        if reason is not None and replacement is not None:
            ignored.append(IgnoredKey(display((*path, key)), file.layout.locate((*path, key)),
                                      reason, display((*path, replacement))))
    return ignored
