"""Flask ``MAIL_*`` keys, as Flask-Mail or Flask-Mailman reads them.

A Flask app loads env values into its config itself, usually testing flags with
``.lower() in ("true", "on", "1")``. ``MAIL_TIMEOUT`` or ``MAIL_BACKEND`` mark Flask-Mailman,
which reads both; Flask-Mail reads neither (formats.md §3).
"""

from __future__ import annotations

from pathlib import Path

from smtplint.model import Security, Setting, SmtpConfig
from smtplint.sources.common import no_timeout
from smtplint.sources.env_python import both_flags_note, python_security
from smtplint.sources.env_settings import (
    Family,
    Group,
    ProjectHints,
    password_auth,
    security_reason,
)
from smtplint.sources.values import common_env_flag


def _build(group: Group, path: Path, hints: ProjectHints) -> SmtpConfig:
    mailman = group.get("MAIL_TIMEOUT", "MAIL_BACKEND") is not None
    library = "Flask-Mailman" if mailman else "Flask-Mail"
    flags: list[Setting[Security]] = []
    security = python_security(group, ("MAIL_USE_SSL", "MAIL_USE_TLS"), common_env_flag, flags)
    port = group.port("MAIL_PORT") or group.default("MAIL_PORT", 25, "25")
    host_default = "localhost" if mailman else "127.0.0.1"
    host = group.text("MAIL_SERVER") or group.default("MAIL_SERVER", host_default, host_default)
    username = group.text("MAIL_USERNAME")
    password = group.secret("MAIL_PASSWORD")
    # Flask-Mailman's MAIL_TIMEOUT defaults to None; Flask-Mail has no timeout at all. Either
    # way smtplib waits forever, and MAIL_TIMEOUT is the key that would change it.
    timeout = group.seconds("MAIL_TIMEOUT") or no_timeout(group.key("MAIL_TIMEOUT"))
    backend = group.get("MAIL_BACKEND")
    sends = backend is None or backend.text is None or "smtp" in backend.text.lower()
    reason = both_flags_note(flags, f"{library} fails at run time") + (
        security_reason(security, port)
    )
    if not mailman:
        reason += "; Flask-Mail has no timeout setting (MAIL_TIMEOUT is Flask-Mailman's)"
    return SmtpConfig(
        library=library,
        path=path,
        name=group.name,
        family="flask",
        interpretation=f"{library} (values read as true/on/1/yes): {reason}",
        anchor=group.anchor(),
        host=host,
        port=port,
        security=security,
        security_flags=tuple(flags),
        auth=password_auth(username, password, group.key("MAIL_USERNAME")),
        username=username,
        password=password,
        sender=group.text("MAIL_DEFAULT_SENDER"),
        timeout=timeout,
        sends_over_smtp=sends,
    )


FAMILY = Family(
    name="flask",
    label="Flask-Mail",
    namespace="MAIL",
    reads=frozenset(
        {
            "MAIL_SERVER",
            "MAIL_PORT",
            "MAIL_USE_TLS",
            "MAIL_USE_SSL",
            "MAIL_USERNAME",
            "MAIL_PASSWORD",
            "MAIL_DEFAULT_SENDER",
            "MAIL_TIMEOUT",
            "MAIL_BACKEND",
        }
    ),
    core=frozenset({"MAIL_SERVER"}),
    senders=frozenset({"MAIL_DEFAULT_SENDER"}),
    build=_build,
    markers={
        "MAIL_SERVER": 2,
        "MAIL_USE_TLS": 2,
        "MAIL_USE_SSL": 2,
        "MAIL_DEFAULT_SENDER": 2,
        "MAIL_TIMEOUT": 1,
        "MAIL_BACKEND": 1,
        "MAIL_DEBUG": 1,
        "MAIL_MAX_EMAILS": 1,
        "MAIL_SUPPRESS_SEND": 1,
    },
    aliases={
        "MAIL_HOST": ("MAIL_SERVER", True),
        "MAIL_FROM_ADDRESS": ("MAIL_DEFAULT_SENDER", True),
        "MAIL_FROM": ("MAIL_DEFAULT_SENDER", True),
        "MAIL_SCHEME": ("MAIL_USE_SSL", False),
        "MAIL_ENCRYPTION": ("MAIL_USE_TLS", False),
        "MAIL_USER": ("MAIL_USERNAME", True),
        "MAIL_PASS": ("MAIL_PASSWORD", True),
    },
)
