"""Django ``EMAIL_*`` keys and ``EMAIL_URL``, as Django's SMTP backend reads them.

The values go through django-environ (``env.bool()``, ``env.email_url()``) or dj-email-url;
which URL library an app uses is read from its dependency files, else guessed from spellings
only dj-email-url understands (formats.md §1 and §2).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from smtplint.model import Security, Setting, SmtpConfig
from smtplint.sources.common import no_timeout
from smtplint.sources.env_python import both_flags_note, python_security
from smtplint.sources.env_settings import (
    EnvEntry,
    Family,
    Group,
    ProjectHints,
    first,
    password_auth,
    security_reason,
)
from smtplint.sources.env_url import UrlFields, smtps_ambiguity, url_fields
from smtplint.sources.smtp_url import (
    DJ_EMAIL_URL,
    DJANGO_ENVIRON,
    SmtpUrl,
    UrlReading,
    parse_smtp_url,
    read_dj_email_url,
    read_django_environ,
)
from smtplint.sources.values import django_environ_bool


def _email_url_reader(
    entry: EnvEntry | None, hints: ProjectHints
) -> Callable[[SmtpUrl], UrlReading]:
    if hints.email_url_library == DJ_EMAIL_URL:
        return read_dj_email_url
    if hints.email_url_library == DJANGO_ENVIRON or entry is None or entry.text is None:
        return read_django_environ
    parsed = parse_smtp_url(entry.text)
    if parsed is not None and (
        parsed.scheme in ("submission", "submit")
        or any(key in ("ssl", "tls", "timeout") for key, _ in parsed.query)
    ):
        return read_dj_email_url  # spellings only dj-email-url understands
    return read_django_environ


def _build(group: Group, path: Path, hints: ProjectHints) -> SmtpConfig:
    url_entry = group.get("EMAIL_URL")
    url = url_fields(url_entry, _email_url_reader(url_entry, hints))
    reading = url.reading
    flags = list(url.flags)
    # a scheme the library rejects leaves the mode unknown
    url_plain = url.from_scheme(Security.NONE if reading is None or reading.security else None)
    security = python_security(
        group, ("EMAIL_USE_SSL", "EMAIL_USE_TLS"), django_environ_bool, flags, url_plain
    )
    port = first(url.port, group.port("EMAIL_PORT"))
    if port is None:
        default_port = reading.default_port if reading and reading.default_port else 25
        port = group.default("EMAIL_PORT", default_port, str(default_port))
    host = first(url.host, group.text("EMAIL_HOST")) or group.default(
        "EMAIL_HOST", "localhost", "localhost"
    )
    username = first(url.username, group.text("EMAIL_HOST_USER"))
    password = first(url.password, group.secret("EMAIL_HOST_PASSWORD"))
    sender = group.text("DEFAULT_FROM_EMAIL") or group.default(
        "DEFAULT_FROM_EMAIL", "webmaster@localhost", "webmaster@localhost"
    )
    reason = both_flags_note(flags, "Django raises ValueError when sending") + (
        security_reason(security, port)
    )
    if reading is not None and reading.note:
        reason += f"; {reading.note}"
    library = reading.library if reading else "django-environ env.bool()"
    return SmtpConfig(
        path=path,
        name=group.name,
        family="django",
        interpretation=f"Django SMTP backend ({library}): {reason}",
        anchor=group.anchor(),
        host=host,
        port=port,
        security=security,
        security_flags=tuple(flags),
        auth=password_auth(username, password, group.key("EMAIL_HOST_USER")),
        username=username,
        password=password,
        sender=sender,
        timeout=_timeout(group, url),
        verify_tls=url.verify_tls(),
        url=url.url,
        url_problems=url.problems,
        ambiguities=smtps_ambiguity(url),
        sends_over_smtp=_sends_over_smtp(group, url),
    )


def _timeout(group: Group, url: UrlFields) -> Setting[float]:
    """``EMAIL_TIMEOUT``, else a ``?timeout=`` in the URL, else none: Django waits forever."""
    timeout = group.seconds("EMAIL_TIMEOUT")
    if timeout is not None:
        return timeout
    if url.url is not None and url.reading is not None and url.reading.timeout is not None:
        return Setting(url.reading.timeout, url.url.origin, str(url.reading.timeout))
    return no_timeout(group.key("EMAIL_TIMEOUT"))


def _sends_over_smtp(group: Group, url: UrlFields) -> bool:
    backend = group.get("EMAIL_BACKEND")
    if backend is not None and backend.text is not None:
        return "smtp" in backend.text.lower()
    return url.reading is None or url.reading.sends_over_smtp


FAMILY = Family(
    name="django",
    label="Django",
    namespace="EMAIL",
    reads=frozenset(
        {
            "EMAIL_HOST",
            "EMAIL_PORT",
            "EMAIL_HOST_USER",
            "EMAIL_HOST_PASSWORD",
            "EMAIL_USE_TLS",
            "EMAIL_USE_SSL",
            "EMAIL_TIMEOUT",
            "EMAIL_BACKEND",
            "DEFAULT_FROM_EMAIL",
            "SERVER_EMAIL",
            "EMAIL_URL",
        }
    ),
    core=frozenset({"EMAIL_HOST", "EMAIL_URL", "EMAIL_BACKEND"}),
    senders=frozenset({"DEFAULT_FROM_EMAIL", "SERVER_EMAIL"}),
    build=_build,
    markers={
        "EMAIL_HOST_USER": 2,
        "EMAIL_HOST_PASSWORD": 2,
        "EMAIL_USE_TLS": 3,
        "EMAIL_USE_SSL": 3,
        "EMAIL_BACKEND": 2,
        "DEFAULT_FROM_EMAIL": 2,
        "EMAIL_URL": 2,
        "EMAIL_TIMEOUT": 1,
        "SERVER_EMAIL": 1,
    },
    aliases={
        "EMAIL_USER": ("EMAIL_HOST_USER", True),
        "EMAIL_USERNAME": ("EMAIL_HOST_USER", True),
        "EMAIL_PASS": ("EMAIL_HOST_PASSWORD", True),
        "EMAIL_PASSWORD": ("EMAIL_HOST_PASSWORD", True),
        "EMAIL_SECURE": ("EMAIL_USE_SSL", False),
        "EMAIL_FROM": ("DEFAULT_FROM_EMAIL", True),
        "EMAIL_SERVER": ("EMAIL_HOST", True),
    },
)
