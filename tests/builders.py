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
