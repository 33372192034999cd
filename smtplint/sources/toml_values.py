"""What TOML values mean as SMTP settings: switches, ports, durations, mode and auth words.

TOML has typed values, but configuration files write the same setting many ways (``true``,
``"yes"``, ``1``; ``30``, ``"30s"``); these helpers accept the spellings applications
commonly read and return None for anything else.
"""

from __future__ import annotations

import re
from typing import Any

from smtplint.model import AuthMethod, Security
from smtplint.sources.values import common_env_flag, parse_port, parse_seconds

_FALSE_WORDS = frozenset({"false", "no", "off", "0"})


def to_switch(value: Any) -> bool | None:
    """A TOML boolean, or the usual true/false words and 0/1 apps also accept."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        if common_env_flag(value):
            return True
        if value.strip().lower() in _FALSE_WORDS:
            return False
    return None


def to_port(value: Any) -> int | None:
    """A TCP port written as a TOML integer or a string of digits."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    return parse_port(str(value))


_DURATION = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s|sec|secs|seconds|m|min)?\s*", re.I)
_DURATION_UNITS = {"ms": 0.001, "m": 60.0, "min": 60.0}


def to_seconds(value: Any) -> float | None:
    """A duration: a number of seconds, or a string such as ``"10s"``, ``"500ms"``, ``"2m"``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return parse_seconds(str(value))
    if isinstance(value, str):
        match = _DURATION.fullmatch(value)
        if match is None:
            return parse_seconds(value)
        unit = (match.group(2) or "s").lower()
        return float(match.group(1)) * _DURATION_UNITS.get(unit, 1.0)
    return None


def normal_word(text: str) -> str:
    """A mode, auth or transport word, lower-case with ``-`` for ``_`` and blanks."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())


MODE_WORDS: dict[str, Security] = {
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

# Transport names (``type = "smtps"``) and URL schemes that ask for a transport security.
SCHEME_MODES: dict[str, Security] = {
    "smtps": Security.TLS,
    "smtp+ssl": Security.TLS,
    "smtp+starttls": Security.STARTTLS,
    "smtp+tls": Security.STARTTLS,
}

AUTH_WORDS: dict[str, AuthMethod] = {
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

# Values of type/transport/backend keys (and URL schemes) for transports that are not SMTP.
NOT_SMTP_TRANSPORTS = frozenset({
    "sendmail", "log", "console", "file", "filebased", "dummy", "memory", "locmem", "array",
    "null", "ses", "ses-v2", "mailgun", "postmark", "sendgrid", "resend", "mandrill",
    "sparkpost", "api", "http", "smtp-disabled", "disabled",
})


_WHOLE_REFERENCE = re.compile(
    r"\$\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?::?[-=?][^}]*)?\}"
    r"|\$(?P<bare>[A-Z_][A-Z0-9_]*)"  # upper-case only: "$ecret" is a password, not a name
    r"|env:(?P<prefixed>[A-Za-z_][A-Za-z0-9_]*)"
)
_INTERPOLATION = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*[^}]*\}")


def reference(text: str) -> str | None:
    """``env:NAME`` when the whole value names an environment variable.

    TOML itself expands nothing; ``${NAME}``, ``$NAME`` and ``env:NAME`` are how templates
    and the applications that expand them write a value supplied at run time.
    """
    match = _WHOLE_REFERENCE.fullmatch(text.strip())
    if match is None:
        return None
    name = match.group("braced") or match.group("bare") or match.group("prefixed")
    return f"env:{name}"


def interpolates(text: str) -> bool:
    """Whether the value is built from ``${NAME}`` references and other text."""
    return _INTERPOLATION.search(text) is not None
