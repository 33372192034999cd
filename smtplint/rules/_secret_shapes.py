"""Secrets judged by shape only: placeholders, provider password shapes, URL userinfo.

Nothing here puts a secret's text or length into a message; callers describe shapes in words.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from smtplint.model import Secret, Setting, ValueKind

# Words that, alone or joined by - _ . or spaces, make a template value rather than a secret.
_PLACEHOLDER_WORDS = frozenset(
    {
        "account",
        "api",
        "apikey",
        "app",
        "change",
        "changeme",
        "dummy",
        "email",
        "empty",
        "enter",
        "example",
        "fake",
        "gmail",
        "goes",
        "here",
        "insert",
        "key",
        "mail",
        "me",
        "my",
        "none",
        "null",
        "pass",
        "passwd",
        "password",
        "placeholder",
        "put",
        "pwd",
        "replace",
        "sample",
        "secret",
        "smtp",
        "the",
        "this",
        "todo",
        "token",
        "undefined",
        "user",
        "your",
    }
)
_WORD_SEPARATORS = re.compile(r"[-_. ]+")
_WRAPPED = re.compile(r"<[^<>]*>|\[[^\[\]]*\]|\{\{[^{}]*\}\}|%[A-Z_]+%")
_REPEATED = re.compile(r"(.)\1*")
_IAM_SECRET = re.compile(r"[A-Za-z0-9/+]{40}")
_SES_HOST = re.compile(r"email-smtp\.([a-z0-9-]+)\.amazonaws\.com")
_URL_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)(.*)$", re.DOTALL)
_SCHEME_ANYWHERE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_PASSWORD_MASK = "****"


def literal_secret(setting: Setting[Secret] | None) -> str | None:
    """The text of a password written literally in the file (or as the fallback of an
    environment lookup), or None (absent, empty or not written). For judging its shape only."""
    if setting is None or setting.value is None or setting.kind not in (
        ValueKind.LITERAL, ValueKind.ENVIRONMENT
    ):
        return None
    return setting.value.reveal() or None


def is_placeholder(text: str) -> bool:
    """Whether a password value is an obvious template stand-in such as ``changeme``."""
    value = text.strip()
    if not value:
        return True
    if _WRAPPED.fullmatch(value) or _REPEATED.fullmatch(value) or value == "...":
        return True
    words = [w for w in _WORD_SEPARATORS.split(value.lower()) if w]
    if not words:
        return False
    if words[0] == "your" and all(w.isalpha() for w in words):
        return True  # your-sendgrid-api-key, YOUR_MAILGUN_SMTP_PASSWORD
    return all(w in _PLACEHOLDER_WORDS or set(w) == {"x"} for w in words)


def matches_shape(pattern: str, text: str) -> bool:
    return re.fullmatch(pattern, text) is not None


def looks_like_iam_secret(text: str) -> bool:
    """An AWS secret access key: 40 characters of base64 without padding."""
    return _IAM_SECRET.fullmatch(text) is not None


def ses_region(host: str) -> str | None:
    """The AWS region of an SES SMTP endpoint ``email-smtp.<region>.amazonaws.com``."""
    found = _SES_HOST.fullmatch(host.strip().rstrip(".").lower())
    return None if found is None else found.group(1)


def redact_url(text: str) -> str:
    """The URL with everything before the last ``@`` of its authority replaced by ``***``.

    The last ``@`` is used because an unencoded ``@`` inside a password is exactly the mistake
    being reported; hiding up to the last one keeps every part of the secret out.
    """
    found = _URL_USERINFO.match(text.strip())
    if found is None or "@" not in found.group(2):
        return text.strip()
    return f"{found.group(1)}***@{found.group(2).rsplit('@', 1)[1]}"


def mask_userinfo(text: str) -> str:
    """URL-shaped text with the password between ``user:`` and ``@`` replaced by ``****``.

    Unlike :func:`redact_url` the user name stays visible, and the URL may follow other text
    (``KEY=smtp://user:****@host``).
    """
    at = text.rfind("@")
    if at < 0:
        return text
    scheme = _SCHEME_ANYWHERE.search(text)
    start = scheme.end() if scheme is not None and scheme.end() <= at else 0
    colon = text.find(":", start, at)
    if colon < 0:
        return text
    return text[: colon + 1] + _PASSWORD_MASK + text[at:]


def percent_encodings(characters: str) -> str:
    """``'/' as %2F, '@' as %40`` for each distinct character, in the order given."""
    seen = dict.fromkeys(characters)
    return ", ".join(f"{char!r} as {quote(char, safe='')}" for char in seen)


def quoted_characters(characters: str) -> str:
    """``'/' and '@'`` for a message."""
    items = [repr(char) for char in dict.fromkeys(characters)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
