"""Lint live email settings (a mapping of setting names to values), without Django.

The values are written out as a small Python settings module and read by the Python
settings source, so the running project's settings get the same reading as a settings.py
file, Django's defaults for what is not set included.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

from smtplint.engine import Selection, lint_document
from smtplint.model import Document, Finding, Span, hide_secrets
from smtplint.profiles.index import ProfileIndex, load_index
from smtplint.records import record, replace
from smtplint.rules import get_rule
from smtplint.rules.base import FileFacts
from smtplint.sources import get_source

# The live values are known, so nothing is unresolved (SL002), and they are not a file that
# could leak a password (SL5xx).
LIVE_SELECTION = Selection(select=("ALL",), ignore=("SL002", "SL5"))

# Not a file: the Python source then follows no import relative to the working directory.
LIVE_PATH = Path("<django.conf.settings>")

_OTHER_SETTINGS = frozenset(
    {"DEFAULT_FROM_EMAIL", "SERVER_EMAIL", "MAILERS", "CELERY_EMAIL_BACKEND"}
)
_MIN_MASKED = 6


def is_email_setting(name: str) -> bool:
    return name.startswith("EMAIL_") or name in _OTHER_SETTINGS


@record
class LiveFinding:
    finding: Finding
    setting: str | None  # the setting the finding points at; None for the whole configuration
    hint: str  # how to repair it


def lint_settings(
    values: Mapping[str, object],
    *,
    profiles: ProfileIndex | None = None,
    today: dt.date | None = None,
) -> list[LiveFinding]:
    """smtplint's findings on the settings ``values``; no message shows a password."""
    path = LIVE_PATH
    document = get_source("python").read(path, render_settings(values))
    facts = FileFacts(path, git_tracked=None, is_template=False)
    findings = lint_document(
        document, profiles or load_index(), facts, selection=LIVE_SELECTION, today=today
    )
    keys = _keys_by_span(document)
    secrets = _passwords(values)
    return [
        LiveFinding(
            _masked(finding, secrets), keys.get(finding.span), hide_secrets(_hint(finding), secrets)
        )
        for finding in findings
    ]


def render_settings(values: Mapping[str, object]) -> str:
    """A Python settings module assigning each value as a literal, one setting a line."""
    return "".join(f"{name} = {python_literal(value)}\n" for name, value in values.items())


def python_literal(value: object) -> str:
    """``value`` as Python source; objects with no literal form are written as their text."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        return repr(float(value))
    if isinstance(value, str):
        return repr(str(value))  # a str subclass (a lazy translation) as plain text
    if isinstance(value, os.PathLike):
        return repr(os.fsdecode(os.fspath(value)))
    if isinstance(value, tuple):
        items = [python_literal(item) for item in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    if isinstance(value, list):
        return f"[{', '.join(python_literal(item) for item in value)}]"
    if isinstance(value, Mapping):
        pairs = (f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    return repr(str(value))


def _keys_by_span(document: Document) -> dict[Span, str]:
    """The setting each place in the rendered module belongs to."""
    keys: dict[Span, str] = {}
    for config in document.configs:
        settings = [
            *config.settings(),
            *config.unresolved,
            *(flag.setting for flag in config.string_flags),
        ]
        for setting in settings:
            if setting is not None and setting.origin.span is not None:
                keys.setdefault(setting.origin.span, setting.key)
        for ignored in config.ignored_keys:
            if ignored.span is not None:
                keys.setdefault(ignored.span, ignored.key)
        for error in config.startup_errors:
            if error.span is not None and error.keys:
                keys.setdefault(error.span, error.keys[0])
    return keys


def _hint(finding: Finding) -> str:
    rule = get_rule(finding.code)
    return rule.docs.fix if rule is not None else ""


def _passwords(values: Mapping[str, object]) -> list[str]:
    found = [values.get("EMAIL_HOST_PASSWORD")]
    mailers = values.get("MAILERS")
    if isinstance(mailers, Mapping):
        for mailer in mailers.values():
            options = mailer.get("OPTIONS") if isinstance(mailer, Mapping) else None
            if isinstance(options, Mapping):
                found.append(options.get("password"))
    # Masking a very short password would garble ordinary words in the messages.
    return [str(text) for text in found if isinstance(text, str) and len(text) >= _MIN_MASKED]


def _masked(finding: Finding, secrets: list[str]) -> Finding:
    """The rules never print a password; this keeps the promise if one ever did."""
    message = hide_secrets(finding.message, secrets)
    if message == finding.message:
        return finding
    return replace(finding, message=message)
