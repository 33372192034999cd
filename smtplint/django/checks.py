"""smtplint's findings on the live ``django.conf.settings`` as Django system checks."""

from __future__ import annotations

from typing import Any

from django.conf import settings  # type: ignore[import-untyped]
from django.core import checks  # type: ignore[import-untyped]

from smtplint.django.live import LiveFinding, is_email_setting, lint_settings
from smtplint.model import Severity

TAG = "email"

_LEVELS = {
    Severity.ERROR: checks.Error,
    Severity.WARNING: checks.Warning,
    Severity.INFO: checks.Info,
}


def register() -> None:
    """A regular check, so ``check`` and ``check --deploy`` both run it. Registering it as a
    deployment check as well would run it twice under ``--deploy``."""
    checks.register(check_email_settings, TAG)


def check_email_settings(app_configs: object = None, **kwargs: object) -> list[Any]:
    return [_message(found) for found in lint_settings(live_email_settings())]


def live_email_settings() -> dict[str, object]:
    """The email settings the project sets itself; Django's defaults are left to the reader."""
    values: dict[str, object] = {}
    for name in sorted(set(dir(settings))):
        if not is_email_setting(name) or not settings.is_overridden(name):
            continue
        try:
            values[name] = getattr(settings, name)
        except AttributeError:  # Django 6.1 hides deprecated settings when MAILERS is defined
            continue
    return values


def _message(found: LiveFinding) -> Any:
    level = _LEVELS[found.finding.severity]
    return level(
        found.finding.message,
        hint=found.hint,
        obj=found.setting or "settings",
        id=f"smtplint.{found.finding.code}",
    )
