"""Build canonical configurations directly, for rule tests that need no file format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from smtplint.engine import Selection, lint_config
from smtplint.model import (
    AuthMethod,
    Finding,
    Origin,
    Secret,
    Security,
    Setting,
    SmtpConfig,
    Span,
    ValueKind,
)
from smtplint.profiles.index import ProfileIndex, load_index
from smtplint.rules.base import FileFacts

TODAY = dt.date(2026, 11, 28)
_UNSET = object()


def setting(
    key: str,
    value: object,
    *,
    line: int = 1,
    kind: ValueKind = ValueKind.LITERAL,
    raw: str | None = None,
    reference: str | None = None,
) -> Setting[object]:
    """A setting written on its own line, ``KEY=value``."""
    shown = raw if raw is not None else ("********" if isinstance(value, Secret) else str(value))
    span = None if kind is ValueKind.DEFAULT else Span(line, 1, line, len(key) + 2 + len(shown))
    return Setting(value, Origin(key, span, kind, reference), shown)


def reference(key: str, variable: str, *, line: int = 1) -> Setting[object]:
    """A setting read at run time from the environment variable ``variable``: ``KEY=${VAR}``."""
    return setting(
        key, None, line=line, kind=ValueKind.REFERENCE, raw=f"${{{variable}}}", reference=variable
    )


def default(key: str, value: object, raw: str | None = None) -> Setting[object]:
    """A setting the file does not write: the reading library's default ``value`` applies."""
    return setting(key, value, kind=ValueKind.DEFAULT, raw=str(value) if raw is None else raw)


def config(
    *,
    host: str | object | None = _UNSET,
    port: int | object | None = _UNSET,
    security: Security | str | None = None,
    username: str | None = None,
    password: str | None = None,
    sender: str | None = None,
    timeout: float | object | None = _UNSET,
    family: str = "generic",
    path: str = ".env",
    **extra: object,
) -> SmtpConfig:
    """A config with ``SMTP_*``-style keys on consecutive lines; omitted fields stay None.

    Pass ``timeout=None`` for "not set, waits forever" (a DEFAULT setting).
    """
    line = iter(range(1, 100))
    cfg = SmtpConfig(
        path=Path(path),
        name="SMTP_",
        family=family,
        interpretation="test configuration",
        anchor=Span(1, 1, 1, 1),
    )
    fields: dict[str, object] = {}
    if host is not _UNSET:
        fields["host"] = None if host is None else setting("SMTP_HOST", host, line=next(line))
    if port is not _UNSET:
        fields["port"] = None if port is None else setting("SMTP_PORT", port, line=next(line))
    if security is not None:
        mode = Security(security) if isinstance(security, str) else security
        flag = setting("SMTP_SECURITY", mode, line=next(line), raw=mode.value)
        fields["security"] = flag
        fields["security_flags"] = (flag,)
    if username is not None:
        fields["username"] = setting("SMTP_USER", username, line=next(line))
    if password is not None:
        fields["password"] = setting("SMTP_PASS", Secret(password), line=next(line))
    if username is not None and password is not None:
        fields["auth"] = setting("SMTP_USER", AuthMethod.PASSWORD, line=1)
    if sender is not None:
        fields["sender"] = setting("SMTP_FROM", sender, line=next(line))
    if timeout is not _UNSET:
        fields["timeout"] = (
            setting("SMTP_TIMEOUT", None, kind=ValueKind.DEFAULT, raw="none")
            if timeout is None
            else setting("SMTP_TIMEOUT", timeout, line=next(line))
        )
    fields.update(extra)
    return cfg.with_changes(**fields)


GMAIL_APP_PASSWORD = "wxyzkqpbrmtslvne"  # the shape of a Gmail app password


def gmail(**overrides: object) -> SmtpConfig:
    """A correct Gmail configuration (implicit TLS on 465), with ``overrides`` applied."""
    fields: dict[str, object] = {
        "host": "smtp.gmail.com",
        "port": 465,
        "security": "tls",
        "username": "jane.doe@gmail.com",
        "password": GMAIL_APP_PASSWORD,
        "sender": "jane.doe@gmail.com",
        "timeout": 10.0,
    }
    fields.update(overrides)
    return config(**fields)  # type: ignore[arg-type]


def acme(**fields: object) -> SmtpConfig:
    """A remote server no profile knows, with implicit TLS on 465, plus ``fields``."""
    values: dict[str, object] = {"host": "mail.acme-corp.io", "port": 465, "security": "tls"}
    values.update(fields)
    return config(**values)  # type: ignore[arg-type]


def acme_login(password: str | None = "x-y-z-w", **fields: object) -> SmtpConfig:
    """``acme`` with a login: the user billing@acme-corp.io and ``password``."""
    return acme(username="billing@acme-corp.io", password=password, **fields)


def lint(
    cfg: SmtpConfig,
    *,
    select: tuple[str, ...] = ("ALL",),
    profiles: ProfileIndex | None = None,
    tracked: bool | None = True,
    template: bool = False,
    today: dt.date = TODAY,
) -> list[Finding]:
    index = profiles if profiles is not None else load_index()
    facts = FileFacts(cfg.path, tracked, template)
    return lint_config(cfg, index, facts, selection=Selection(select=select), today=today)


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)
