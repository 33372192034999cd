"""Inline suppression comments: ``# smtplint: ignore[SL102]``, and reporting unused ones (SL004).

The scan is a regular expression over the lines of a document's text, the same for every
format, so it does not know where a value ends: a marker written inside a quoted value
(``SMTP_PASS="a# smtplint: ignore"``) is taken for a comment. Such a value is improbable, and
the worst outcome is a finding hidden on that one line.

``#`` starts the comment in every format; ``//`` also does in Mozilla preference files
(``.js``), where both are comments. A comment after a setting covers its own line; a comment
alone on its line covers that line and the next one (where the setting it speaks about is).
A finding is covered when it starts on a covered line of the same file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from smtplint.model import Applicability, Document, Edit, Finding, Fix, Span
from smtplint.records import record
from smtplint.rules import all_rules, get_rule

UNUSED_SUPPRESSION = "SL004"

_MARKER = r"smtplint:\s*ignore(?:\[(?P<codes>[^\]\n]*)\])?"
_HASH = re.compile(r"#\s*" + _MARKER)
_HASH_OR_SLASHES = re.compile(r"(?:#|//)\s*" + _MARKER)


@record
class Suppression:
    """One ``smtplint: ignore`` comment."""

    span: Span  # the marker itself, from its comment sign to the closing bracket
    lines: tuple[int, ...]  # the lines whose findings it covers
    codes: tuple[str, ...] | None  # None for a bare ``ignore``: every code

    def covers(self, finding: Finding) -> bool:
        if finding.span.line not in self.lines:
            return False
        return self.codes is None or finding.code in self.codes


def find_suppressions(document: Document) -> list[Suppression]:
    marker = _HASH_OR_SLASHES if document.path.suffix == ".js" else _HASH
    found = []
    for number, line in enumerate(document.text.splitlines(), start=1):
        match = marker.search(line)
        if match is None:
            continue
        alone = not line[: match.start()].strip()
        found.append(
            Suppression(
                span=Span(number, match.start() + 1, number, match.end() + 1),
                lines=(number, number + 1) if alone else (number,),
                codes=_codes(match.group("codes")),
            )
        )
    return found


def _codes(listed: str | None) -> tuple[str, ...] | None:
    if listed is None:
        return None
    return tuple(code.strip().upper() for code in listed.split(",") if code.strip())


def apply_suppressions(
    document: Document, findings: Iterable[Finding], enabled: Callable[[str], bool]
) -> list[Finding]:
    """The findings no suppression covers, plus an SL004 finding per suppression that is
    unused or names an unknown code (when ``enabled`` runs SL004).

    A code whose rule does not run (``enabled`` is false) is not called unused: the comment
    may be needed by a run that selects it. For the same reason a bare ``ignore`` is only
    called unused when every rule runs. A comment that names SL004 itself is never reported.
    Neither is any comment in a file holding no SMTP configuration: there the marker is most
    likely text about smtplint (a docstring, a README snippet in code), not a suppression.
    """
    suppressions = find_suppressions(document)
    if not suppressions:
        return list(findings)
    kept: list[Finding] = []
    used: dict[int, set[str]] = {index: set() for index in range(len(suppressions))}
    for finding in findings:
        covering = [
            index
            for index, suppression in enumerate(suppressions)
            if finding.path == document.path and suppression.covers(finding)
        ]
        for index in covering:
            used[index].add(finding.code)
        if not covering:
            kept.append(finding)
    if enabled(UNUSED_SUPPRESSION) and (document.configs or document.errors):
        for index, suppression in enumerate(suppressions):
            problem = _problem(suppression, used[index], enabled)
            if problem is not None:
                kept.append(_unused_finding(document, suppression, problem))
    return kept


@record
class _Problem:
    text: str
    keep: tuple[str, ...]  # the codes the comment still needs; none: remove the comment


def _problem(
    suppression: Suppression, used: set[str], enabled: Callable[[str], bool]
) -> _Problem | None:
    """What is wrong with a suppression, or None when every part of it is, or may be, used."""
    if suppression.codes is None:
        if used or not _every_rule_runs(enabled):
            return None
        return _Problem(f"nothing is reported on {_lines(suppression)}; remove the comment", ())
    if not suppression.codes:
        return _Problem("the suppression names no rule code; remove the comment", ())
    if UNUSED_SUPPRESSION in suppression.codes:
        return None
    unknown = [code for code in suppression.codes if get_rule(code) is None]
    unused = [
        code
        for code in suppression.codes
        if code not in unknown and code not in used and enabled(code)
    ]
    parts = []
    if unused:
        parts.append(f"nothing is reported for {_listing(unused)} on {_lines(suppression)}")
    if unknown:
        parts.append(f"{_listing(unknown)} {'is' if len(unknown) == 1 else 'are'} not a rule code")
    if not parts:
        return None
    wasted = len(unused) + len(unknown)
    advice = (
        "remove the comment"
        if wasted == len(suppression.codes)
        else f"remove {'it' if wasted == 1 else 'them'} from the comment"
    )
    keep = tuple(code for code in suppression.codes if code not in unused + unknown)
    return _Problem(f"{'; '.join(parts)}; {advice}", keep)


def _every_rule_runs(enabled: Callable[[str], bool]) -> bool:
    return all(enabled(rule.code) for rule in all_rules())


def _lines(suppression: Suppression) -> str:
    if len(suppression.lines) == 1:
        return "this line"
    return f"line {suppression.lines[-1]}"


def _listing(codes: list[str]) -> str:
    return ", ".join(codes)


def _unused_finding(document: Document, suppression: Suppression, problem: _Problem) -> Finding:
    rule = get_rule(UNUSED_SUPPRESSION)
    assert rule is not None
    if problem.keep:
        action = f"keep only {_listing(list(problem.keep))} in the comment"
    else:
        action = "remove the comment"
    edit = _cleanup_edit(document.path, document.text, suppression, problem.keep)
    return Finding(
        rule.code,
        rule.name,
        rule.severity,
        f"unused suppression: {problem.text}",
        document.path,
        suppression.span,
        fix=Fix(Applicability.SAFE, (), action, (edit,)),
    )


def _cleanup_edit(path: Path, text: str, suppression: Suppression, keep: tuple[str, ...]) -> Edit:
    """The edit that leaves only ``keep`` in the comment, or removes it when ``keep`` is
    empty: the whole line when the comment stands alone on it, else the comment and the
    blanks before it."""
    line_start, line = _line_at(text, suppression.span.line)
    body = line.rstrip("\r\n")
    start = line_start + suppression.span.column - 1
    end = line_start + suppression.span.end_column - 1
    if keep:
        marker = text[start:end]
        opening = marker.index("[") + 1
        return Edit(start + opening, end - 1, ", ".join(keep), path)
    before = body[: suppression.span.column - 1]
    if not before.strip():
        return Edit(line_start, line_start + len(line), "", path)
    return Edit(line_start + len(before.rstrip()), line_start + len(body), "", path)


def _line_at(text: str, number: int) -> tuple[int, str]:
    """The offset and text (with its line ending) of 1-based line ``number``, counted the
    way ``find_suppressions`` counts lines."""
    offset = 0
    for index, line in enumerate(text.splitlines(keepends=True), start=1):
        if index == number:
            return offset, line
        offset += len(line)
    return len(text), ""
