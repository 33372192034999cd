"""``smtplint fix``: apply rule fixes to files, verified by re-reading, written atomically.

Env files are fixed; other formats get their fixes listed as suggestions only.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from smtplint.api import CheckResult, read_candidate, selection_of
from smtplint.discover import Candidate, GitTracking, candidates
from smtplint.engine import PARSE_ERROR, Selection, lint_config, lint_document
from smtplint.exclude import BUILT_IN_EXCLUDES, Excludes
from smtplint.model import Applicability, Document, Edit, Finding, Severity, SmtpConfig
from smtplint.policy import PerFileIgnore, with_severities, without_per_file_ignores
from smtplint.profiles.index import ProfileIndex, load_index
from smtplint.rules.base import FileFacts
from smtplint.sources import get_source, is_template
from smtplint.sources.env_source import EnvSource

MAX_PASSES = 5
_BOM = b"\xef\xbb\xbf"
_MASK = "********"
_PASSWORD_KEY = re.compile(r"(?i)pass|secret|token|api_?key")
_ASSIGNMENT = re.compile(r"^(\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=).*$", re.DOTALL)


@dataclass
class FixResult:
    check: CheckResult = field(default_factory=CheckResult)
    changed: list[Path] = field(default_factory=list)  # files written (or, with diff, to write)
    fixes_applied: int = 0
    diffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # suggestions and refused fixes


def fix_paths(
    paths: Sequence[str | Path],
    *,
    unsafe: bool = False,
    diff: bool = False,
    select: Sequence[str] = ("ALL",),
    ignore: Sequence[str] = (),
    profiles_dirs: Sequence[str | Path] = (),
    excludes: Excludes = BUILT_IN_EXCLUDES,
    per_file_ignores: Sequence[PerFileIgnore] = (),
    severity: Mapping[str, Severity] | None = None,
) -> FixResult:
    """Fix every file under ``paths``; with ``diff`` nothing is written. Raises PathError
    for a missing path and SelectionError for an unknown rule code."""
    selection = selection_of(select, ignore)
    profiles = load_index([Path(d) for d in profiles_dirs])
    tracking = GitTracking()
    result = FixResult()
    for candidate in candidates([Path(p) for p in paths], excludes):
        facts = FileFacts(
            candidate.path, tracking.is_tracked(candidate.path), is_template(candidate.path)
        )
        linter = _Linter(profiles, facts, selection, per_file_ignores, severity or {})
        _fix_file(candidate, linter, unsafe, diff, result)
    result.check.findings.sort(key=Finding.sort_key)
    return result


@dataclass
class _Linter:
    profiles: ProfileIndex
    facts: FileFacts
    selection: Selection
    per_file_ignores: Sequence[PerFileIgnore] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)

    def read(self, candidate: Candidate, text: str) -> Document:
        return get_source(candidate.source).read(candidate.path, text)

    def lint(self, document: Document) -> list[Finding]:
        """The findings configuration leaves: what `check` would report for this text."""
        findings = lint_document(document, self.profiles, self.facts, selection=self.selection)
        kept = without_per_file_ignores(findings, self.per_file_ignores)
        return with_severities(kept, self.severity)

    def config_of(self, document: Document, finding: Finding) -> SmtpConfig | None:
        """The configuration whose own lint produced ``finding``."""
        wanted = (finding.code, finding.span, finding.message)
        for config in document.configs:
            found = lint_config(config, self.profiles, self.facts, selection=self.selection)
            if any((f.code, f.span, f.message) == wanted for f in found):
                return config
        return None


def _fix_file(
    candidate: Candidate, linter: _Linter, unsafe: bool, diff: bool, result: FixResult
) -> None:
    path = candidate.path
    try:
        data = path.read_bytes()
    except OSError as error:
        result.check.unreadable.append(f"{path}: cannot read: {error.strerror or error}")
        return
    document = read_candidate(candidate, result.check)
    if document is None:
        return
    findings = linter.lint(document)
    source = get_source(candidate.source)
    wanted = _wanted(findings, unsafe)
    if not isinstance(source, EnvSource):
        if wanted:
            result.notes.append(
                f"{path}: automatic fixes for {candidate.source} files are not available yet"
            )
            result.notes.extend(_suggestion(f) for f in wanted)
        _record(result, document, findings)
        return
    if any(f.code == PARSE_ERROR for f in findings):
        _record(result, document, findings)  # a file with a parse error is never rewritten
        return
    fixed, final, applied = _fix_text(candidate, linter, source, document, unsafe, result)
    result.fixes_applied += applied
    _record(result, final, linter.lint(final))
    if fixed == document.text:
        return
    result.changed.append(path)
    if diff:
        result.diffs.append(_diff(path, document.text, fixed))
        return
    bom = _BOM if data.startswith(_BOM) else b""
    _write_atomically(path, bom + fixed.encode("utf-8"), data)


def _fix_text(
    candidate: Candidate,
    linter: _Linter,
    source: EnvSource,
    document: Document,
    unsafe: bool,
    result: FixResult,
) -> tuple[str, Document, int]:
    text = document.text
    refused: set[tuple[str, str]] = set()
    applied = 0
    for _ in range(MAX_PASSES):
        findings = linter.lint(document)
        planned = _plan(linter, source, document, findings, unsafe, refused)
        if not planned:
            break
        candidate_text = _apply(text, [edit for _, edits in planned for edit in edits])
        checked = _verified(candidate, linter, candidate_text, findings)
        if checked is not None:
            text, document, applied = candidate_text, checked, applied + len(planned)
            continue
        # together they fail: keep each fix that passes on its own
        for finding, edits in planned:
            single = _apply(text, edits)
            checked = _verified(candidate, linter, single, linter.lint(document))
            if checked is None:
                refused.add(_identity(finding))
                result.notes.append(
                    f"{candidate.path}: fix for {finding.code} not applied: the result "
                    "would not parse or would add a new finding"
                )
            else:
                text, document, applied = single, checked, applied + 1
    return text, document, applied


def _plan(
    linter: _Linter,
    source: EnvSource,
    document: Document,
    findings: list[Finding],
    unsafe: bool,
    refused: set[tuple[str, str]],
) -> list[tuple[Finding, list[Edit]]]:
    """Non-overlapping edits of the wanted fixes; overlapping ones wait for a later pass."""
    planned: list[tuple[Finding, list[Edit]]] = []
    taken: list[Edit] = []
    for finding in _wanted(findings, unsafe):
        assert finding.fix is not None
        if _identity(finding) in refused or not finding.fix.changes:
            continue
        config = linter.config_of(document, finding)
        edits = None
        if config is not None:
            edits = source.edits(document, config, finding.fix.changes)
        if not edits:
            refused.add(_identity(finding))
            continue
        if any(_overlap(edit, other) for edit in edits for other in taken):
            continue
        taken.extend(edits)
        planned.append((finding, edits))
    return planned


def _identity(finding: Finding) -> tuple[str, str]:
    assert finding.fix is not None
    return finding.code, finding.fix.description


def _wanted(findings: list[Finding], unsafe: bool) -> list[Finding]:
    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    return [f for f in findings if f.fix is not None and f.fix.applicability in allowed]


def _overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:
        return True  # two insertions at one place: order would be arbitrary
    return a.start < b.end and b.start < a.end


def _apply(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def _verified(
    candidate: Candidate, linter: _Linter, text: str, before: list[Finding]
) -> Document | None:
    """The re-read document, or None when it no longer parses or gains a finding code."""
    document = linter.read(candidate, text)
    after = linter.lint(document)
    if document.errors or any(f.code == PARSE_ERROR for f in after):
        return None
    if {f.code for f in after} - {f.code for f in before}:
        return None
    return document


def _record(result: FixResult, document: Document, findings: list[Finding]) -> None:
    result.check.files_checked += 1
    result.check.files.append(document.path)
    result.check.configs_found += len(document.configs)
    result.check.findings.extend(findings)


def _suggestion(finding: Finding) -> str:
    assert finding.fix is not None
    return f"  {finding.code} ({finding.fix.applicability.value}): {finding.fix.description}"


def _diff(path: Path, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        [_masked(line) for line in before.splitlines(keepends=True)],
        [_masked(line) for line in after.splitlines(keepends=True)],
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _masked(line: str) -> str:
    match = _ASSIGNMENT.match(line)
    if match is None or not _PASSWORD_KEY.search(match.group(2)):
        return line
    ending = line[len(line.rstrip("\r\n")) :]
    return f"{match.group(1)}{_MASK}{ending}"


class FileChangedError(OSError):
    """The file changed on disk between reading and writing."""


def _write_atomically(path: Path, data: bytes, original: bytes) -> None:
    if path.read_bytes() != original:
        raise FileChangedError(f"{path}: changed on disk while fixing; not written")
    mode = stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
