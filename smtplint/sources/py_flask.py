"""Flask ``MAIL_*`` settings, as Flask-Mail 0.10 or Flask-Mailman 1.1 reads them (formats.md §3).

Where the keys come from is the caller's business (module globals, a config class, an
``app.config`` mapping); this module reads one set of keys. The library is Flask-Mailman
when the file imports ``flask_mailman`` or sets ``MAIL_TIMEOUT``/``MAIL_BACKEND`` (keys only
it reads), Flask-Mail otherwise.

Flask-Mail checks no certificates (smtplib without an SSL context), but ``verify_tls`` is
left unset: every Flask-Mail application would be reported for it, and there is no setting
to change it. The interpretation says so instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from smtplint.model import SmtpConfig, Span
from smtplint.sources.common import default_setting, no_timeout
from smtplint.sources.env_python import both_flags_note
from smtplint.sources.env_settings import password_auth, security_reason
from smtplint.sources.py_keys import FLASK, ignored_keys
from smtplint.sources.py_settings import Keys, read_flags, unresolved
from smtplint.sources.py_values import Binding, truthiness

_MAILMAN_ONLY = ("MAIL_TIMEOUT", "MAIL_BACKEND")
# Keys that make a configuration (another library's spelling of one included); MAIL_DEBUG
# or an app's own MAIL_SUBJECT alone do not.
CORE_KEYS = frozenset(
    {*FLASK.keys.main, "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_DEFAULT_SENDER", *FLASK.aliases}
)


def is_mail_key(name: str) -> bool:
    return name.upper().startswith("MAIL_")


def flask_config(
    bindings: Mapping[str, Binding],
    path: Path,
    name: str,
    variant: str | None,
    *,
    imports_mailman: bool,
    anchor: Span | None = None,
) -> SmtpConfig | None:
    """The configuration the ``MAIL_*`` keys among ``bindings`` give; None unless one of
    them is a server, port, login, flag or sender key."""
    mail = {key: binding for key, binding in bindings.items() if is_mail_key(key)}
    if not any(key in CORE_KEYS for key in mail):
        return None
    keys = Keys(mail)
    mailman = imports_mailman or any(key in mail for key in _MAILMAN_ONLY)
    library = "Flask-Mailman" if mailman else "Flask-Mail"
    reading = read_flags(keys, "MAIL_USE_SSL", "MAIL_USE_TLS")
    security, flags = reading.security, reading.flags
    port = keys.port("MAIL_PORT") or default_setting("MAIL_PORT", 25, "25")
    host_default = "localhost" if mailman else "127.0.0.1"
    host = keys.text("MAIL_SERVER") or default_setting("MAIL_SERVER", host_default, host_default)
    username = keys.text("MAIL_USERNAME")
    password = keys.secret("MAIL_PASSWORD")
    sender = keys.text("MAIL_DEFAULT_SENDER")
    timeout = keys.seconds("MAIL_TIMEOUT") if mailman else None
    consequence = (
        'Flask-Mailman raises "ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive"'
        if mailman
        else "Flask-Mail sends STARTTLS inside the TLS connection and fails"
    )
    reason = both_flags_note(flags, consequence) + security_reason(security, port)
    if mailman:
        reason += "; Flask-Mailman checks certificates with MAIL_USE_SSL but not with MAIL_USE_TLS"
    else:
        reason += (
            "; Flask-Mail checks no server certificate and has no timeout setting "
            "(MAIL_TIMEOUT is Flask-Mailman's)"
        )
    sends, why_not = _sends(bindings, keys, mailman)
    if why_not:
        reason += f"; {why_not}"
    return SmtpConfig(
        library=library,
        path=path,
        name=name,
        family="flask",
        interpretation=f"{library}: {reason}",
        anchor=keys.anchor() or anchor or Span.point(1),
        host=host,
        port=port,
        security=security,
        security_flags=flags,
        auth=password_auth(username, password, "MAIL_USERNAME"),
        username=username,
        password=password,
        sender=sender,
        # Flask-Mail has no timeout at all; MAIL_TIMEOUT is the key that would set one.
        timeout=timeout or no_timeout("MAIL_TIMEOUT"),
        ignored_keys=ignored_keys(FLASK, mail.values()),
        string_flags=reading.string_flags,
        unresolved=unresolved(
            host,
            port,
            *reading.unknown,
            username,
            password,
            sender,
            timeout,
            keys.text("MAIL_BACKEND"),
        ),
        variant=variant,
        sends_over_smtp=sends,
    )


def _sends(bindings: Mapping[str, Binding], keys: Keys, mailman: bool) -> tuple[bool, str]:
    """Whether mail goes out over SMTP: not with a non-SMTP Flask-Mailman backend, nor in a
    testing configuration (Flask-Mail suppresses sending; Flask-Mailman uses locmem)."""
    backend = keys.text("MAIL_BACKEND")
    if mailman and backend is not None and backend.value is not None:
        if "smtp" not in backend.value.lower():
            return False, f"MAIL_BACKEND {backend.value} does not send over SMTP"
        return True, ""
    testing_binding = bindings.get("TESTING")
    testing = bool(testing_binding and truthiness(testing_binding.value.value))
    if mailman:
        return (
            (False, "TESTING is on, so Flask-Mailman uses the locmem backend")
            if testing
            else (True, "")
        )
    suppress = keys.get("MAIL_SUPPRESS_SEND")
    suppressed = truthiness(suppress.value.value) if suppress is not None else testing
    if suppressed:
        return False, "sending is suppressed (MAIL_SUPPRESS_SEND, or TESTING)"
    return True, ""
