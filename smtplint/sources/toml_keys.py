"""Key spellings in free-form SMTP tables: which setting each key name sets.

Spellings are compared in a normal form: lower-case, ``-`` written ``_``. A key that is no
known spelling but close to one is reported as a likely misspelling.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from smtplint.similarity import edit_distance


class Role(enum.Enum):
    """What a key sets."""

    HOST = "host"
    ADDRESS = "address"  # a host unless it holds an "@"
    PORT = "port"
    USER = "user"
    PASSWORD = "password"
    MODE = "mode"  # names the mode: security = "starttls"
    STARTTLS = "starttls"
    USE_TLS = "use_tls"
    BARE_TLS = "tls"  # a switch whose mode applications disagree on
    IMPLICIT = "implicit"
    SENDER = "sender"
    TIMEOUT = "timeout"
    AUTH = "auth"
    SASL = "sasl"
    VERIFY = "verify"
    NO_VERIFY = "no_verify"
    URL = "url"
    MARKER = "marker"  # type/transport/protocol: which kind of transport the table is


def normalise(key: str) -> str:
    return key.strip().lower().replace("-", "_")


def _spellings(role: Role, *names: str) -> dict[str, Role]:
    return dict.fromkeys(names, role)


ROLES: dict[str, Role] = {
    **_spellings(Role.HOST, "host", "server", "hostname", "host_name", "smtp_host",
                 "smtp_server", "smtp_hostname", "smtp_addr", "smtp_address", "smtp_url"),
    **_spellings(Role.ADDRESS, "address"),
    **_spellings(Role.PORT, "port", "smtp_port"),
    **_spellings(Role.USER, "user", "username", "user_name", "login", "smtp_username",
                 "smtp_user", "smtp_login"),
    **_spellings(Role.PASSWORD, "password", "pass", "passwd", "smtp_password", "smtp_pass",
                 "smtp_passwd"),
    **_spellings(Role.MODE, "security", "encryption", "smtp_encryption", "smtp_security",
                 "tls_mode", "ssl_mode"),
    **_spellings(Role.STARTTLS, "starttls", "use_starttls", "starttls_only", "smtp_starttls",
                 "require_tls", "requiretls"),
    **_spellings(Role.USE_TLS, "use_tls", "enable_tls"),
    **_spellings(Role.BARE_TLS, "tls", "smtp_tls"),
    **_spellings(Role.IMPLICIT, "ssl", "use_ssl", "enable_ssl", "implicit_tls", "secure",
                 "smtps", "smtp_ssl"),
    **_spellings(Role.SENDER, "from", "sender", "from_address", "from_email", "from_addr",
                 "smtp_from", "smtp_sender", "default_sender", "default_from",
                 "default_from_email", "mail_from", "email_from"),
    **_spellings(Role.TIMEOUT, "timeout", "smtp_timeout", "timeout_seconds", "timeout_secs",
                 "timeout_sec"),
    **_spellings(Role.AUTH, "auth", "auth_method", "auth_mechanism", "auth_type",
                 "mechanism", "authentication", "smtp_auth"),
    **_spellings(Role.SASL, "sasl"),
    **_spellings(Role.VERIFY, "verify", "verify_tls", "verify_ssl", "verify_certificate",
                 "verify_certificates", "verify_cert", "verify_certs", "verify_peer",
                 "tls_verify", "ssl_verify"),
    **_spellings(Role.NO_VERIFY, "danger_insecure", "skip_verify", "insecure",
                 "insecure_skip_verify", "tls_skip_verify", "skip_tls_verify",
                 "danger_accept_invalid_certs", "accept_invalid_certs",
                 "force_trust_server_cert"),
    **_spellings(Role.URL, "url", "uri", "dsn", "smtp_dsn", "smtp_uri", "mailer_dsn",
                 "email_url", "mail_url"),
    **_spellings(Role.MARKER, "type", "kind", "protocol", "transport", "backend", "driver",
                 "mailer", "scheme"),
}


def role_of(key: str) -> Role | None:
    return ROLES.get(normalise(key))


# Roles whose value may be a table that belongs to the configuration holding it.
STRUCTURED_ROLES = frozenset({Role.PASSWORD, Role.MODE, Role.STARTTLS, Role.USE_TLS,
                              Role.BARE_TLS, Role.IMPLICIT, Role.SENDER, Role.AUTH, Role.SASL})
# Roles that make a table a configuration.
CORE_ROLES = frozenset({Role.HOST, Role.ADDRESS, Role.PORT, Role.USER, Role.PASSWORD,
                        Role.URL})

# --- where a password comes from: password = { cmd = "…" }, { keyring = "…" } … ----------

PASSWORD_COMMANDS = frozenset({"cmd", "command", "eval", "command_eval", "passwordeval",
                               "passcmd", "exec", "shell"})
PASSWORD_LITERALS = frozenset({"raw", "plain", "literal", "value", "password", "pass",
                               "passwd"})
_PASSWORD_KEYRINGS = frozenset({"keyring", "keychain", "secret_service", "keyring_entry"})
_PASSWORD_ENVIRONMENT = frozenset({"env", "env_var", "environment", "var", "from_env"})
_PASSWORD_FILES = frozenset({"file", "path", "password_file", "from_file"})
PASSWORD_SOURCES = (PASSWORD_COMMANDS | PASSWORD_LITERALS | _PASSWORD_KEYRINGS
                    | _PASSWORD_ENVIRONMENT | _PASSWORD_FILES) - {"password", "pass", "passwd"}


def describe_password_source(category: str, value: Any) -> str:
    """The reference a password source names: ``command``, ``keyring:NAME``, ``env:NAME`` …"""
    named = value if isinstance(value, str) else None
    if category in PASSWORD_COMMANDS:
        return "command"
    for prefix, categories in (("keyring", _PASSWORD_KEYRINGS), ("env", _PASSWORD_ENVIRONMENT),
                               ("file", _PASSWORD_FILES)):
        if category in categories:
            return f"{prefix}:{named}" if named else prefix
    return category


# --- misspellings -----------------------------------------------------------------------------

# Keys next to SMTP settings that are not misspellings of them.
_UNRELATED = frozenset({
    "oauth", "oauth2", "hosts", "ports", "users", "name", "path", "sort", "post", "mode",
    "enable", "enabled", "default", "identity", "email",
})


def likely_misspelling(normal: str, value: Any) -> str | None:
    """The known spelling an unknown key (in normal form) is most likely a typo of.

    Only a spelling whose role takes a value like ``value`` counts. Of equally close
    spellings the first listed wins, so the usual spelling is suggested (``pasword`` →
    ``password``, not ``passwd``).
    """
    if normal in _UNRELATED or len(normal) < 3:
        return None
    distances = ((edit_distance(normal, known, misspelling_limit(known)), known)
                 for known in _GUESSABLE)
    near = [(distance, known) for distance, known in distances
            if distance <= misspelling_limit(known)]
    if not near:
        return None
    _, match = min(near, key=lambda found: found[0])
    return match if _fits(ROLES[match], value) else None


def misspelling_limit(candidate: str) -> int:
    """How many edits away a key may be from ``candidate``: fewer for short names."""
    return 1 if len(candidate) <= 5 else 2


# tls, ssl, url …: too short to guess from; markers are not settings to suggest.
_GUESSABLE = tuple(k for k, r in ROLES.items() if r is not Role.MARKER and len(k) >= 4)


def _fits(role: Role, value: Any) -> bool:
    """Whether a value has the type a key of ``role`` takes."""
    if role in (Role.HOST, Role.ADDRESS, Role.USER, Role.URL):
        return isinstance(value, str)
    if role in (Role.PORT, Role.TIMEOUT):
        return isinstance(value, (int, float, str)) and not isinstance(value, bool)
    if role in (Role.PASSWORD, Role.MODE, Role.AUTH):
        return isinstance(value, (str, Mapping)) or (role is not Role.PASSWORD
                                                     and isinstance(value, bool))
    if role is Role.SENDER:
        return isinstance(value, (str, Mapping))
    if role is Role.SASL:
        return isinstance(value, Mapping)
    return isinstance(value, (bool, str))
