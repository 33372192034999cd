"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding.

Escaping follows actions/toolkit (``packages/core/src/command.ts``): the message escapes
``%``, CR and LF; property values additionally ``:`` and ``,``. ``%`` goes first so the
escapes themselves are not escaped again.

GitHub shows at most 10 annotations of each kind per step (actions/toolkit,
``docs/problem-matchers.md``) and drops the rest without a word. So the first 10 errors,
10 warnings and 9 notices become annotations; the findings beyond that are printed as plain
log lines (unless the text report already ``listed`` them), and a last notice says how many
there are.
"""

from __future__ import annotations

from smtplint.api import CheckResult
from smtplint.model import Finding, Severity
from smtplint.report.paths import display_path
from smtplint.report.regions import visible_span
from smtplint.report.text import render_lines

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


ANNOTATIONS_PER_KIND = 10


def render(result: CheckResult, *, listed: bool = False) -> str:
    room = {
        Severity.ERROR: ANNOTATIONS_PER_KIND - min(len(result.unreadable), ANNOTATIONS_PER_KIND),
        Severity.WARNING: ANNOTATIONS_PER_KIND,
        Severity.INFO: ANNOTATIONS_PER_KIND - 1,  # one notice is kept for the count
    }
    lines = [f"::error title=smtplint::{escape_data(message)}" for message in result.unreadable]
    beyond: list[Finding] = []
    for finding in result.findings:
        if room[finding.severity] > 0:
            room[finding.severity] -= 1
            lines.append(annotation(finding))
        else:
            beyond.append(finding)
    if beyond:
        if not listed:
            lines.extend(render_lines(beyond))
        lines.append(
            f"::notice title=smtplint::{len(beyond)} more finding"
            f"{'' if len(beyond) == 1 else 's'} in the log without an annotation: "
            f"GitHub shows {ANNOTATIONS_PER_KIND} annotations of each kind per step"
        )
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
