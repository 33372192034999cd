"""Where a configuration sends mail, with the values known only at run time taken from the
environment the probe runs in (the way the application would read them)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from email.utils import parseaddr
from typing import TypeVar

from smtplint.model import Setting, SmtpConfig, ValueKind
from smtplint.probe.outcome import Endpoint
from smtplint.records import field, record

T = TypeVar("T")

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RUN_TIME = (ValueKind.REFERENCE, ValueKind.ENVIRONMENT)


@record
class Target:
    """A configuration ready to probe."""

    endpoint: Endpoint
    verify_tls: bool  # False when the configuration switches certificate checks off
    username_unknown: str | None = None  # why the login is not known, when one is configured
    sender_unknown: str | None = None  # why there is no sender to try
    notes: tuple[str, ...] = field(default=())  # values read from the environment


class Unprobeable(Exception):
    """The configuration cannot be probed; ``str()`` says why."""


def variable_of(setting: Setting[object]) -> str | None:
    """The environment variable a run-time value is read from, when it names one."""
    name = setting.origin.reference
    if setting.kind in _RUN_TIME and name is not None and _VARIABLE.match(name):
        return name
    return None


def target_of(config: SmtpConfig, environ: Mapping[str, str]) -> Target:
    """The endpoint of ``config``; raises Unprobeable when the host, port or security are
    not known."""
    if not config.sends_over_smtp:
        raise Unprobeable(f"it sends no mail over SMTP ({config.interpretation})")
    notes: list[str] = []
    host = _required(config.host, "host", environ, notes)
    port_text = _required(config.port, "port", environ, notes)
    try:
        port = int(port_text)
    except ValueError:
        raise Unprobeable(f"the port {port_text!r} is not a number") from None
    if not 0 < port < 65536:
        raise Unprobeable(f"the port {port} is not a number from 1 to 65535")
    if config.security is None or config.security.value is None:
        key = config.security.key if config.security is not None else "the security setting"
        raise Unprobeable(f"{key} is only known at run time, so the security is unknown")
    username, username_unknown = _optional(config.username, environ, notes)
    sender_text, sender_unknown = _optional(config.sender, environ, notes)
    sender = parseaddr(sender_text)[1] or sender_text if sender_text else None
    if sender is None and sender_unknown is None:
        sender_unknown = "no sender is configured (SL401)"
    verify = config.verify_tls
    return Target(
        endpoint=Endpoint(str(host), port, config.security.value, username, sender),
        verify_tls=verify is None or verify.value is not False,
        username_unknown=username_unknown,
        sender_unknown=sender_unknown,
        notes=tuple(notes),
    )


def _required(
    setting: Setting[T] | None, what: str, environ: Mapping[str, str], notes: list[str]
) -> str:
    if setting is None:
        raise Unprobeable(f"no {what} is set")
    value, unknown = _run_time(setting, environ, notes)
    if value is None:
        raise Unprobeable(unknown or f"the {what} is not known")
    return value


def _optional(
    setting: Setting[str] | None, environ: Mapping[str, str], notes: list[str]
) -> tuple[str | None, str | None]:
    if setting is None:
        return None, None
    value, unknown = _run_time(setting, environ, notes)
    if value is not None and not value.strip():
        return None, None
    return value, unknown


def _run_time(
    setting: Setting[T], environ: Mapping[str, str], notes: list[str]
) -> tuple[str | None, str | None]:
    """The value the application would see, or None and why it is unknown."""
    variable = variable_of(setting)
    if variable is not None and variable in environ:
        notes.append(f"{setting.key} from environment variable {variable}")
        return environ[variable], None
    if setting.value is not None:
        return str(setting.value), None
    unknown = f"{setting.key} is only known at run time"
    if variable is not None:
        unknown += f" (environment variable {variable} is not set)"
    return None, unknown
