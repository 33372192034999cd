"""Django settings modules: the legacy ``EMAIL_*`` settings and Django 6.1's ``MAILERS``,
read the way Django's SMTP backend reads them (formats.md §1).

Legacy path: unset settings take ``global_settings`` defaults (host localhost, port 25 even
with TLS or SSL on, no timeout, sender webmaster@localhost); both flags on is kept as two
flags (Django raises ValueError at the first send). Third-party backends that change the
meaning: ``django_smtp_ssl.SSLEmailBackend`` (always implicit TLS, EMAIL_USE_TLS ignored),
``djcelery_email`` (sends through ``CELERY_EMAIL_BACKEND``), django-anymail and django-ses
(HTTP APIs, not SMTP).

``MAILERS``: one configuration per alias, keys named ``MAILERS['alias']['OPTIONS']['port']``;
the errors Django raises when it loads such settings are :class:`StartupError` values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from smtplint.model import (
    IgnoredKey,
    Security,
    Setting,
    SmtpConfig,
    Span,
    StartupError,
    ValueKind,
)
from smtplint.sources.common import default_setting, no_timeout
from smtplint.sources.env_python import both_flags_note
from smtplint.sources.env_settings import password_auth, security_reason
from smtplint.sources.env_url import UrlFields, smtps_ambiguity
from smtplint.sources.py_keys import DJANGO, ignored_keys
from smtplint.sources.py_settings import Keys, read_flags, unresolved
from smtplint.sources.py_urls import SMTP_BACKEND
from smtplint.sources.py_values import Binding, PyDict

# django/conf/__init__.py ``DEPRECATED_EMAIL_SETTINGS`` (6.1).
DEPRECATED = frozenset({
    "EMAIL_BACKEND", "EMAIL_FILE_PATH", "EMAIL_HOST", "EMAIL_HOST_PASSWORD", "EMAIL_HOST_USER",
    "EMAIL_PORT", "EMAIL_SSL_CERTFILE", "EMAIL_SSL_KEYFILE", "EMAIL_TIMEOUT", "EMAIL_USE_SSL",
    "EMAIL_USE_TLS",
})
# Assigning one of these at module level makes a module Django settings.
SETTINGS = DEPRECATED | {"DEFAULT_FROM_EMAIL", "SERVER_EMAIL", "MAILERS"}

T = TypeVar("T")

SSL_BACKEND = "django_smtp_ssl.SSLEmailBackend"
CELERY_BACKEND = "djcelery_email.backends.CeleryEmailBackend"
_NOT_SMTP = (
    "django.core.mail.backends.console.",
    "django.core.mail.backends.filebased.",
    "django.core.mail.backends.locmem.",
    "django.core.mail.backends.dummy.",
    "anymail.",
    "django_ses.",
)
_BOTH_FLAGS = (
    'Django raises "ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, so only '
    'set one of those settings to True." when sending'
)
# Options of the SMTP backend under MAILERS (django/core/mail/backends/smtp.py, 6.1).
_SMTP_OPTIONS = frozenset({"host", "port", "username", "password", "use_tls", "use_ssl",
                           "ssl_certfile", "ssl_keyfile", "timeout", "fail_silently"})


def is_django_settings(names: Mapping[str, Binding]) -> bool:
    """Whether the module itself assigns a Django email setting at module level."""
    return any(
        binding.key_span is not None for name, binding in names.items() if name in SETTINGS
    )


def sends_over_smtp(backend: str | None) -> bool:
    if backend is None:
        return True  # only known at run time: checked as the default SMTP backend
    if backend == SSL_BACKEND:
        return True
    if backend.startswith(_NOT_SMTP):
        return False
    return "smtp" in backend.lower()


def django_configs(
    names: Mapping[str, Binding], path: Path, variant: str | None
) -> list[SmtpConfig]:
    if "MAILERS" in names:
        return _mailers_configs(names, path, variant)
    return [_legacy_config(names, path, variant)]


# --- EMAIL_* ------------------------------------------------------------------------------------


def _email_url(keys: Keys) -> UrlFields | None:
    for name in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_BACKEND", "EMAIL_HOST_USER",
                 "EMAIL_USE_TLS", "EMAIL_USE_SSL"):
        fields = keys.url_of(name)
        if fields is not None:
            return fields
    return None


def _backend(keys: Keys) -> tuple[Setting[str], str | None, str]:
    """The EMAIL_BACKEND setting, the backend that actually sends, and a note on it."""
    written = keys.text("EMAIL_BACKEND")
    backend = written or default_setting("EMAIL_BACKEND", SMTP_BACKEND, SMTP_BACKEND)
    path = backend.value if backend.kind is not ValueKind.UNRESOLVED else None
    note = ""
    if path == CELERY_BACKEND:
        celery = keys.text("CELERY_EMAIL_BACKEND")
        path = SMTP_BACKEND if celery is None else celery.value
        note = f"; djcelery_email sends through CELERY_EMAIL_BACKEND ({path or 'unknown'})"
    elif path == SSL_BACKEND:
        note = f"; {SSL_BACKEND} always connects with implicit TLS"
    if path is not None and not sends_over_smtp(path):
        note += f"; {path} does not send over SMTP"
    return backend, path, note


def _legacy_config(names: Mapping[str, Binding], path: Path, variant: str | None) -> SmtpConfig:
    keys = Keys(names)
    url = _email_url(keys)
    backend, backend_path, note = _backend(keys)
    ignored = list(ignored_keys(DJANGO, names.values()))
    plain = url.from_scheme(Security.NONE) if url is not None and url.reading else None
    reading = read_flags(keys, "EMAIL_USE_SSL", "EMAIL_USE_TLS", plain=plain)
    security, flags = reading.security, reading.flags
    if backend_path == SSL_BACKEND:
        security = Setting(Security.TLS, backend.origin, backend.raw)
        flags = (security,)
        starttls = keys.get("EMAIL_USE_TLS")
        if starttls is not None and any(f.value is Security.STARTTLS for f in reading.flags):
            ignored.append(_ssl_backend_ignores(starttls))
    port = _legacy_port(keys, url, security)
    host = _pick(keys, url, "EMAIL_HOST", lambda u: u.host, keys.text("EMAIL_HOST"))
    if host is None or (host.value is None and host.kind is ValueKind.LITERAL):
        host = default_setting("EMAIL_HOST", "localhost", "localhost",
                               host.origin.span if host else None)
    username = _pick(keys, url, "EMAIL_HOST_USER", lambda u: u.username,
                     keys.text("EMAIL_HOST_USER"))
    password = _pick(keys, url, "EMAIL_HOST_PASSWORD", lambda u: u.password,
                     keys.secret("EMAIL_HOST_PASSWORD"))
    sender = keys.text("DEFAULT_FROM_EMAIL") or default_setting(
        "DEFAULT_FROM_EMAIL", "webmaster@localhost", "webmaster@localhost"
    )
    timeout = _legacy_timeout(keys, url)
    library = "legacy EMAIL_* settings"
    if url is not None and url.reading is not None:
        library += f", {url.reading.library} email URL"
    if backend_path is not None and not sends_over_smtp(backend_path):
        reason = note.removeprefix("; ")
    else:
        reason = both_flags_note(flags, _BOTH_FLAGS) + security_reason(security, port) + note
    return SmtpConfig(
        path=path,
        name="EMAIL_",
        family="django",
        interpretation=f"Django SMTP backend ({library}): {reason}",
        anchor=_anchor(names),
        host=host,
        port=port,
        security=security,
        security_flags=flags,
        auth=password_auth(username, password, "EMAIL_HOST_USER"),
        username=username,
        password=password,
        sender=sender,
        timeout=timeout,
        verify_tls=url.verify_tls() if url is not None else None,
        url=url.url if url is not None else None,
        url_problems=url.problems if url is not None else (),
        ignored_keys=tuple(ignored),
        ambiguities=smtps_ambiguity(url) if url is not None else (),
        string_flags=reading.string_flags,
        unresolved=unresolved(
            *([] if _from_url(keys, url, "EMAIL_BACKEND") else [backend]),
            keys.text("CELERY_EMAIL_BACKEND"), host, port, *reading.unknown, username,
            password, sender, timeout,
        ),
        variant=variant,
        sends_over_smtp=sends_over_smtp(backend_path),
    )


def _anchor(names: Mapping[str, Binding]) -> Span:
    """The first Django email setting the module writes."""
    spans = [
        binding.key_span for name, binding in names.items()
        if binding.key_span is not None and (name in SETTINGS or name.upper().startswith("EMAIL_"))
    ]
    return min(spans) if spans else Span.point(1)


def _ssl_backend_ignores(binding: Binding) -> IgnoredKey:
    return IgnoredKey(
        "EMAIL_USE_TLS",
        binding.key_span,
        f"EMAIL_USE_TLS is ignored: {SSL_BACKEND} always uses implicit TLS, never STARTTLS",
        None,
    )


def _pick(
    keys: Keys,
    url: UrlFields | None,
    name: str,
    part: Callable[[UrlFields], Setting[T] | None],
    written: Setting[T] | None,
) -> Setting[T] | None:
    """``name`` as the email URL gives it when the URL set it, else as written."""
    if url is not None and _from_url(keys, url, name):
        return _url_part(url, part(url))
    return written


def _url_part(url: UrlFields, part: Setting[T] | None) -> Setting[T] | None:
    """A part of the URL; of a URL only known at run time, an unresolved value."""
    if url.parsed is None and url.url is not None:
        return Setting(None, url.url.origin, url.url.raw)
    return part


def _from_url(keys: Keys, url: UrlFields | None, name: str) -> bool:
    binding = keys.get(name)
    return url is not None and binding is not None and binding.value.url is url


def _unset(binding: Binding | None) -> bool:
    """``EMAIL_PORT = None`` or ``0``: the backend falls back as if it were not set."""
    return binding is not None and binding.value.known and not binding.value.value


def _legacy_port(keys: Keys, url: UrlFields | None, security: Setting[Security]) -> Setting[int]:
    """EMAIL_PORT (25 when not set, whatever the security); None or 0 leaves smtplib's
    default, 465 for implicit TLS and 25 otherwise."""
    binding = keys.get("EMAIL_PORT")
    if binding is None:
        return default_setting("EMAIL_PORT", 25, "25")
    smtplib_default = 465 if security.value is Security.TLS else 25
    if url is not None and _from_url(keys, url, "EMAIL_PORT"):
        unknown = _url_part(url, url.port)
        if unknown is not None:
            return unknown
        if url.reading is not None and url.reading.default_port:
            smtplib_default = url.reading.default_port
        span = url.url.origin.span if url.url is not None else None
        return default_setting("EMAIL_PORT", smtplib_default, str(smtplib_default), span)
    if _unset(binding):
        span = binding.value.span or binding.key_span
        return default_setting("EMAIL_PORT", smtplib_default, str(smtplib_default), span)
    port = keys.port("EMAIL_PORT")
    assert port is not None
    return port


def _legacy_timeout(keys: Keys, url: UrlFields | None) -> Setting[float]:
    binding = keys.get("EMAIL_TIMEOUT")
    if binding is None:
        return no_timeout("EMAIL_TIMEOUT")
    if url is not None and url.url is not None and _from_url(keys, url, "EMAIL_TIMEOUT"):
        seconds = url.reading.timeout if url.reading is not None else None
        if seconds is not None:
            return Setting(seconds, url.url.origin, str(seconds))
        return no_timeout("EMAIL_TIMEOUT", url.url.origin.span)
    if binding.value.known and binding.value.value is None:
        return no_timeout("EMAIL_TIMEOUT", binding.value.span or binding.key_span)
    timeout = keys.seconds("EMAIL_TIMEOUT")
    assert timeout is not None
    return timeout


# --- MAILERS ------------------------------------------------------------------------------------


def _mailers_configs(
    names: Mapping[str, Binding], path: Path, variant: str | None
) -> list[SmtpConfig]:
    mailers = names["MAILERS"]
    deprecated = sorted(name for name in DEPRECATED if name in names)
    errors: list[StartupError] = []
    if deprecated:
        spans = [mailers.key_span, *(names[name].key_span for name in deprecated)]
        errors.append(StartupError(
            "Deprecated email settings are not allowed when MAILERS is defined: "
            f"{', '.join(deprecated)}.",
            next((span for span in spans if span is not None), None),
            ("MAILERS", *deprecated),
        ))
    aliases = mailers.value.value
    configs = []
    if isinstance(aliases, PyDict):
        for alias, entry in aliases.items.items():
            if isinstance(alias, str):
                span = aliases.key_spans.get(alias) or mailers.key_span
                configs.append(
                    _mailer_config(alias, Binding(alias, entry, span), names, path, variant,
                                   errors)
                )
    if not configs and errors:
        # MAILERS = {} (or not known): only the start-up error is left to report.
        configs.append(SmtpConfig(
            path=path, name="MAILERS", family="django",
            interpretation="Django 6.1 MAILERS: Django refuses these settings at start-up",
            anchor=mailers.key_span or Span.point(1), startup_errors=tuple(errors),
            variant=variant, sends_over_smtp=False,
        ))
    return _with_ignored_keys(configs, tuple(ignored_keys(DJANGO, names.values())))


def _with_ignored_keys(
    configs: list[SmtpConfig], ignored: tuple[IgnoredKey, ...]
) -> list[SmtpConfig]:
    """Module-level names Django ignores belong to no alias: report them once, with the
    first configuration that sends over SMTP (or the first one)."""
    if not ignored or not configs:
        return configs
    owner = next((c for c in configs if c.sends_over_smtp), configs[0])
    return [
        c.with_changes(ignored_keys=c.ignored_keys + ignored) if c is owner else c
        for c in configs
    ]


def _mailer_config(
    alias: str,
    entry: Binding,
    names: Mapping[str, Binding],
    path: Path,
    variant: str | None,
    errors: list[StartupError],
) -> SmtpConfig:
    name = f"MAILERS[{alias!r}]"
    mailer = entry.value.value
    items = mailer.items if isinstance(mailer, PyDict) else {}
    spans = mailer.key_spans if isinstance(mailer, PyDict) else {}
    backend_key = f"{name}['BACKEND']"
    backend_value = items.get("BACKEND")
    backend = default_setting(backend_key, SMTP_BACKEND, SMTP_BACKEND)
    if backend_value is not None:
        binding = Binding("BACKEND", backend_value, spans.get("BACKEND"))
        backend = Keys({"BACKEND": binding}, lambda _: backend_key).text("BACKEND") or backend
    backend_path = backend.value if backend.kind is not ValueKind.UNRESOLVED else None
    smtp = sends_over_smtp(backend_path)
    options_value = items.get("OPTIONS")
    options = options_value.value if options_value is not None else None
    bindings: dict[str, Binding] = {}
    if isinstance(options, PyDict):
        bindings = {
            key: Binding(key, value, options.key_spans.get(key))
            for key, value in options.items.items()
            if isinstance(key, str)
        }
    keys = Keys(bindings, lambda key: f"{name}['OPTIONS'][{key!r}]")
    own_errors = list(errors)
    anchor = entry.key_span or Span.point(1)
    host = keys.text("host")
    if host is None and smtp:
        own_errors.append(StartupError(f"{name}: OPTIONS must define 'host'.", anchor, (name,)))
    reading = read_flags(keys, "use_ssl", "use_tls")
    security, flags = reading.security, reading.flags
    if len(flags) == 2:
        own_errors.append(StartupError(
            f"{name}: The 'use_ssl' and 'use_tls' OPTIONS are incompatible. Set at most one of "
            "them to True.",
            max(f.origin.span for f in flags if f.origin.span is not None)
            if any(f.origin.span for f in flags) else anchor,
            tuple(f.key for f in flags),
        ))
        # Django refuses the alias, so no connection is attempted with either mode.
        security = Setting(None, flags[0].origin, flags[0].raw)
        flags = ()
    unknown = [key for key in bindings if key not in _SMTP_OPTIONS]
    if unknown and smtp:
        listed = ", ".join(repr(key) for key in unknown)
        own_errors.append(StartupError(
            f"{name}: Unknown options {listed}.",
            bindings[unknown[0]].key_span or anchor,
            tuple(keys.display(key) for key in unknown),
        ))
    port = keys.port("port")
    if port is None:
        asked = {f.value for f in reading.flags}
        default = 465 if Security.TLS in asked else 587 if Security.STARTTLS in asked else 25
        port = default_setting(keys.display("port"), default, str(default))
    username = keys.text("username")
    password = keys.secret("password")
    timeout = keys.seconds("timeout") or no_timeout(keys.display("timeout"))
    sender = Keys(names).text("DEFAULT_FROM_EMAIL") or default_setting(
        "DEFAULT_FROM_EMAIL", "webmaster@localhost", "webmaster@localhost"
    )
    refused = len(own_errors) > len(errors)
    if backend_path is not None and not smtp:
        reason = f"{backend_path} does not send over SMTP"
    elif refused:
        # Django raises InvalidMailer for the alias: it never connects until that is fixed.
        reason = "Django refuses this alias (InvalidMailer), so it is not checked as SMTP"
    else:
        reason = security_reason(security, port) + (
            "; with MAILERS a port not set follows the security (465 use_ssl, 587 use_tls, "
            "else 25)"
        )
    return SmtpConfig(
        path=path,
        name=name,
        family="django",
        interpretation=f"Django 6.1 {name}: {reason}",
        anchor=anchor,
        host=host,
        port=port,
        security=security,
        security_flags=flags,
        auth=password_auth(username, password, keys.display("username")),
        username=username,
        password=password,
        sender=sender,
        timeout=timeout,
        string_flags=reading.string_flags,
        startup_errors=tuple(own_errors),
        unresolved=unresolved(backend, host, port, *reading.unknown, username, password,
                              sender, timeout),
        variant=variant,
        sends_over_smtp=smtp and not refused,
    )
