"""How smtplint read a file: each configuration, the reading applied, and every field's origin."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from smtplint.model import Document, Setting, SmtpConfig, ValueKind
from smtplint.report.paths import display_path

_FIELDS = (
    "host",
    "port",
    "security",
    "auth",
    "username",
    "password",
    "sender",
    "timeout",
    "verify_tls",
)


def render(documents: Iterable[Document]) -> str:
    blocks = [_document(document) for document in documents]
    return "\n".join(blocks) if blocks else "No files with SMTP settings found.\n"


def _document(document: Document) -> str:
    path = display_path(document.path)
    lines = []
    for error in document.errors:
        lines.append(f"{path}:{error.span.line}:{error.span.column}: cannot parse: {error.message}")
    if not document.configs:
        lines.append(f"{path}: no SMTP configuration")
    for config in document.configs:
        lines.extend(_config(path, config))
    return "\n".join(lines) + "\n"


def _config(path: str, config: SmtpConfig) -> list[str]:
    transport = "" if config.sends_over_smtp else " (does not send over SMTP)"
    lines = [
        f"{path}:{config.anchor.line}: {config.name} [{config.family}]{transport}",
        f"    reading: {config.interpretation}",
    ]
    for name in _FIELDS:
        setting = getattr(config, name)
        if setting is not None:
            lines.append(f"    {name:<10} {_describe(setting)}")
    for flag in config.security_flags:
        lines.append(f"    {'tls flag':<10} {_describe(flag)}")
    for key in config.ignored_keys:
        lines.append(f"    {'ignored':<10} {key.key}: {key.reason}")
    for ambiguity in config.ambiguities:
        lines.append(f"    {'ambiguous':<10} {ambiguity.setting.key}: {ambiguity.reason}")
    return lines


def _describe(setting: Setting[object]) -> str:
    value = setting.value
    if isinstance(value, enum.Enum):
        shown = str(value.value)
    elif value is None:
        shown = "unknown until run time" if setting.kind is not ValueKind.DEFAULT else "none"
    else:
        shown = str(value)  # a Secret prints masked
    where = "" if setting.origin.span is None else f" line {setting.origin.span.line}"
    reference = f" from {setting.origin.reference}" if setting.origin.reference else ""
    return f"{shown}  ({setting.kind.value}: {setting.key}{where}{reference})"
