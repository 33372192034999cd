"""``path:line:col: CODE message`` lines and a summary, coloured only on a terminal."""

from __future__ import annotations

from collections.abc import Iterable

from smtplint.api import CheckResult
from smtplint.model import Applicability, Finding, Severity
from smtplint.report.paths import display_path

_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"
_SEVERITY_COLOURS = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARNING: "\x1b[33m",
    Severity.INFO: "\x1b[36m",
}


def render(result: CheckResult, *, colour: bool, suggestions: bool = False) -> str:
    """The report; with ``suggestions``, each finding is followed by its fix as advice
    (what ``fix`` prints for the problems it left)."""
    lines = []
    for finding in result.findings:
        lines.append(_line(finding, colour))
        if suggestions and finding.fix is not None and finding.fix.description:
            lines.append(f"  help: {finding.fix.description}")
    lines.extend(result.unreadable)
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def _line(finding: Finding, colour: bool) -> str:
    location = f"{display_path(finding.path)}:{finding.span.line}:{finding.span.column}:"
    code = finding.code
    if colour:
        location = f"{_BOLD}{location}{_RESET}"
        code = f"{_SEVERITY_COLOURS[finding.severity]}{code}{_RESET}"
    marker = " [*]" if _safely_fixable(finding) else ""
    return f"{location} {code} {finding.message}{marker}"


def summary(result: CheckResult) -> str:
    count = len(result.findings)
    if count == 0 and not result.unreadable:
        return f"All checks passed ({_files(result.files_checked)} checked)."
    safe = sum(1 for f in result.findings if _safely_fixable(f))
    unsafe = sum(1 for f in result.findings if f.fixable) - safe
    text = f"Found {_plural(count, 'problem')} in {_files(result.files_with_findings)}"
    notes = []
    if safe:
        notes.append(f"{safe} with a safe automatic fix, marked [*]")
    if unsafe:
        notes.append(f"{unsafe} with an unsafe automatic fix")
    text += f" ({'; '.join(notes)})." if notes else "."
    if result.unreadable:
        text += f" {_plural(len(result.unreadable), 'path')} could not be read."
    return text


def _safely_fixable(finding: Finding) -> bool:
    return finding.fix is not None and finding.fix.applicability is Applicability.SAFE


def _files(count: int) -> str:
    return _plural(count, "file")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def render_lines(findings: Iterable[Finding]) -> list[str]:
    return [_line(finding, colour=False) for finding in findings]
