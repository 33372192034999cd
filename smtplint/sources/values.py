"""Convert configuration text to values the way each reading library does.

Every source reads strings; what ``"False"`` or ``"587 "`` means depends on the library
that reads it. Each helper here names the library whose reading it reproduces.
"""

from __future__ import annotations

import math
import re

from smtplint.model import MASK as MASK  # a password's ``raw`` text, as sources write it

_PORT = re.compile(r"[0-9]{1,5}")


def parse_port(text: str) -> int | None:
    """A TCP port 1 to 65535 written as plain digits (surrounding blanks allowed), else None."""
    stripped = text.strip()
    if not _PORT.fullmatch(stripped):
        return None
    port = int(stripped)
    return port if 1 <= port <= 65535 else None


def parse_seconds(text: str) -> float | None:
    """A non-negative, finite number of seconds, else None."""
    try:
        seconds = float(text.strip())
    except ValueError:
        return None
    if math.isnan(seconds) or math.isinf(seconds) or seconds < 0:
        return None
    return seconds


# django-environ 0.14.0 ``Env.BOOLEAN_TRUE_STRINGS`` (environ/environ.py).
_DJANGO_ENVIRON_TRUE = frozenset({"true", "on", "ok", "y", "yes", "1"})


def django_environ_bool(text: str) -> bool:
    """``env.bool()`` in django-environ: a non-zero integer or a true word; all else False."""
    stripped = text.strip()
    try:
        return int(stripped) != 0
    except ValueError:
        return stripped.lower() in _DJANGO_ENVIRON_TRUE


# The comparison Node apps write around ``process.env.SMTP_SECURE`` (``=== "true"``), widened
# to the other spellings such apps commonly accept. Everything else reads as false.
_NODE_TRUE = frozenset({"true", "1", "yes"})


def node_env_flag(text: str) -> bool:
    return text.strip().lower() in _NODE_TRUE


# The usual Flask config idiom: ``os.environ.get("MAIL_USE_TLS", "").lower() in
# ("true", "on", "1")`` (formats.md §3.1); "yes" is accepted as well.
_COMMON_TRUE = frozenset({"true", "on", "1", "yes"})


def common_env_flag(text: str) -> bool:
    return text.strip().lower() in _COMMON_TRUE


# dj-email-url 1.0.6: the exact, case-sensitive set of true strings for ``?ssl=``/``?tls=``.
_DJ_EMAIL_URL_TRUE = frozenset(
    {"1", "y", "Y", "yes", "Yes", "YES", "t", "T", "true", "True", "TRUE", "on", "On", "ON"}
)


def dj_email_url_flag(text: str) -> bool:
    return text in _DJ_EMAIL_URL_TRUE


def django_environ_query_flag(text: str) -> bool:
    """A django-environ URL query flag: digits become an int, anything else stays a string.

    So ``0`` is false and every other non-empty string (``"False"`` included) is true.
    """
    if text.isdigit():
        return int(text) != 0
    return bool(text)


def nodemailer_url_flag(text: str) -> bool | None:
    """Nodemailer URL query values: ``true``/``false`` become booleans, numbers stay numbers."""
    if text == "true":
        return True
    if text == "false":
        return False
    try:
        return float(text) != 0
    except ValueError:
        return None


def laravel_env(text: str) -> bool | str | None:
    """Laravel ``env()`` (Illuminate/Support/Env.php): special words, case-insensitive.

    ``true``/``(true)`` and ``false``/``(false)`` become booleans, ``empty``/``(empty)`` the
    empty string, ``null``/``(null)`` PHP null (None: the key counts as unset); any other
    text is returned unchanged.
    """
    word = text.lower()
    if word in ("true", "(true)"):
        return True
    if word in ("false", "(false)"):
        return False
    if word in ("empty", "(empty)"):
        return ""
    if word in ("null", "(null)"):
        return None
    return text
