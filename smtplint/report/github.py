"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding.

Escaping follows actions/toolkit (``packages/core/src/command.ts``): the message escapes
``%``, CR and LF; property values additionally ``:`` and ``,``. ``%`` goes first so the
escapes themselves are not escaped again.
"""

from __future__ import annotations

from smtplint.api import CheckResult
from smtplint.model import Finding, Severity
from smtplint.report.paths import display_path
from smtplint.report.regions import visible_span

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(result: CheckResult) -> str:
    lines = [annotation(finding) for finding in result.findings]
    lines.extend(f"::error title=smtplint::{escape_data(message)}" for message in result.unreadable)
    return "".join(line + "\n" for line in lines)


def annotation(finding: Finding) -> str:
    span = visible_span(finding.span)
    properties = [("file", display_path(finding.path)), ("line", str(span.line))]
    # GitHub ignores columns on a multi-line annotation, so they are only given on one line.
    if span.end_line == span.line:
        properties.append(("col", str(span.column)))
    properties.append(("endLine", str(span.end_line)))
    if span.end_line == span.line:
        properties.append(("endColumn", str(span.end_column)))
    properties.append(("title", f"{finding.code} {finding.name}"))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{_COMMANDS[finding.severity]} {joined}::{escape_data(finding.message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
