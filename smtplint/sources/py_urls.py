"""``env.email_url()`` (django-environ) and ``dj_email_url.config()``: the dict of Django
``EMAIL_*`` settings an email URL gives, each value remembering the URL part it came from.

The URL is read by the env source's machinery (:func:`~smtplint.sources.env_url.url_fields`),
so a part written in a string literal points at its own columns and a password is masked.
"""

from __future__ import annotations

from typing import TypeVar

from smtplint.model import Security, Setting, Span, UrlProblem, ValueKind
from smtplint.records import replace
from smtplint.sources.env_settings import EnvEntry
from smtplint.sources.env_url import UrlFields, url_fields
from smtplint.sources.py_values import UNKNOWN, PyDict, PyValue
from smtplint.sources.smtp_url import parse_smtp_url, read_dj_email_url, read_django_environ

ENVIRON_LIBRARY = "django-environ"
DJ_EMAIL_URL_LIBRARY = "dj-email-url"

_CORE = "django.core.mail.backends."
SMTP_BACKEND = _CORE + "smtp.EmailBackend"
# django-environ 0.14.0 ``Env.EMAIL_SCHEMES``; dj-email-url 1.0.6 ``SCHEMES`` (formats.md §2).
_BACKENDS = {
    ENVIRON_LIBRARY: {
        "smtp": SMTP_BACKEND,
        "smtps": SMTP_BACKEND,
        "smtp+tls": SMTP_BACKEND,
        "smtp+ssl": SMTP_BACKEND,
        "consolemail": _CORE + "console.EmailBackend",
        "filemail": _CORE + "filebased.EmailBackend",
        "memorymail": _CORE + "locmem.EmailBackend",
        "dummymail": _CORE + "dummy.EmailBackend",
    },
    DJ_EMAIL_URL_LIBRARY: {
        "smtp": SMTP_BACKEND,
        "submission": SMTP_BACKEND,
        "submit": SMTP_BACKEND,
        "smtps": SMTP_BACKEND,
        "console": _CORE + "console.EmailBackend",
        "file": _CORE + "filebased.EmailBackend",
        "memory": _CORE + "locmem.EmailBackend",
        "dummy": _CORE + "dummy.EmailBackend",
    },
}
T = TypeVar("T")

_UNKNOWN_URL_KEYS = (
    ("EMAIL_BACKEND", "backend"),
    ("EMAIL_HOST", "host"),
    ("EMAIL_PORT", "port"),
    ("EMAIL_HOST_USER", "username"),
    ("EMAIL_HOST_PASSWORD", "password"),
    ("EMAIL_USE_TLS", "flag"),
    ("EMAIL_USE_SSL", "flag"),
)


def email_url_dict(
    url: PyValue, variable: str | None, library: str, backend: PyValue | None
) -> PyValue:
    """The settings dict ``library`` returns for the URL ``url`` read from ``variable``."""
    fields = _fields(url, variable or "EMAIL_URL", library)
    parsed, reading = fields.parsed, fields.reading
    items: dict[object, PyValue] = {}

    def put(key: str, value: object, part: str) -> None:
        items[key] = replace(url, value=value, url=fields, part=part, env_string=False)

    if parsed is None or reading is None:
        for key, part in _UNKNOWN_URL_KEYS:
            put(key, UNKNOWN, part)
            items[key] = replace(items[key], kind=_unknown_kind(url))
    else:
        scheme_backend = _BACKENDS[library].get(parsed.scheme)
        if backend is not None:
            items["EMAIL_BACKEND"] = backend
        elif scheme_backend is not None:
            put("EMAIL_BACKEND", scheme_backend, "backend")
        put("EMAIL_HOST", parsed.host or reading.default_host, "host")
        put("EMAIL_PORT", parsed.port, "port")
        put("EMAIL_HOST_USER", parsed.username or "", "username")
        put("EMAIL_HOST_PASSWORD", parsed.password.reveal() if parsed.password else "", "password")
        if library == DJ_EMAIL_URL_LIBRARY:
            put("EMAIL_USE_TLS", reading.security is Security.STARTTLS, "flag")
            put("EMAIL_USE_SSL", reading.security is Security.TLS, "flag")
            put("EMAIL_TIMEOUT", reading.timeout, "timeout")
        else:
            modes = {mode for _, mode in reading.query_flags} | {reading.scheme_security}
            if Security.STARTTLS in modes:
                put("EMAIL_USE_TLS", True, "flag")
            if Security.TLS in modes:
                put("EMAIL_USE_SSL", True, "flag")
    return replace(url, value=PyDict(items, {}), url=fields, part=None, env_string=False)


def _unknown_kind(url: PyValue) -> ValueKind:
    return ValueKind.UNRESOLVED if url.kind is ValueKind.LITERAL else url.kind


def _fields(url: PyValue, variable: str, library: str) -> UrlFields:
    text = url.value if isinstance(url.value, str) else None
    inner, verbatim = _inside_quotes(url.raw, text)
    placeholder = Span.point(1)
    span = url.span or placeholder
    value_span = span
    if verbatim and span.line == span.end_line:
        quote = (len(url.raw) - len(inner)) // 2
        value_span = Span(span.line, span.column + quote, span.line, span.end_column - quote)
    kind = ValueKind.UNRESOLVED if text is None else url.kind
    entry = EnvEntry(
        key=variable, text=text, raw=inner, kind=kind, reference=url.reference,
        span=span, key_span=span, value_span=value_span, verbatim=verbatim,
    )
    read = read_dj_email_url if library == DJ_EMAIL_URL_LIBRARY else read_django_environ
    fields = url_fields(entry, read)
    if text is not None and parse_smtp_url(text) is None:
        fields = replace(fields, reading=None)
    return fields if url.span is not None else without_spans(fields)


def _inside_quotes(raw: str, text: str | None) -> tuple[str, bool]:
    """The text between the quotes of a plain string literal, and whether it is ``text``
    character for character (so URL parts can point at their own columns)."""
    for quote in ('"""', "'''", '"', "'"):
        if len(raw) >= 2 * len(quote) and raw.startswith(quote) and raw.endswith(quote):
            inner = raw[len(quote) : -len(quote)]
            return inner, inner == text and "\\" not in inner
    return (text if text is not None else raw), False


def without_spans(fields: UrlFields) -> UrlFields:
    """The URL's settings with no place in the file (it was written in another file)."""
    url = _placeless(fields.url)
    problems = fields.problems
    if url is not None:
        problems = tuple(UrlProblem(url, p.part, p.characters) for p in problems)
    return replace(
        fields,
        url=url,
        host=_placeless(fields.host),
        port=_placeless(fields.port),
        username=_placeless(fields.username),
        password=_placeless(fields.password),
        flags=tuple(_placed_nowhere(f) for f in fields.flags),
        problems=problems,
    )


def _placeless(setting: Setting[T] | None) -> Setting[T] | None:
    return None if setting is None else _placed_nowhere(setting)


def _placed_nowhere(setting: Setting[T]) -> Setting[T]:
    return replace(setting, origin=replace(setting.origin, span=None))
