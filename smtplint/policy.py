"""What configuration does to findings once the rules have run: per-file ignores and
severity overrides."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from smtplint.model import Finding, Severity
from smtplint.records import record, replace


@record
class PerFileIgnore:
    """Codes (ruff-style prefixes) not reported for files matching a gitignore-style glob,
    the glob being relative to ``base`` (the directory of the configuration file)."""

    pattern: str
    codes: tuple[str, ...]
    base: Path

    def matches(self, path: Path) -> bool:
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines([self.pattern])
        for candidate in (path.absolute(), path.resolve()):
            try:
                relative = candidate.relative_to(self.base).as_posix()
            except ValueError:
                continue
            return bool(spec.match_file(relative))
        return False

    def ignores(self, code: str) -> bool:
        return any(code.startswith(prefix.strip().upper()) for prefix in self.codes)


def without_per_file_ignores(
    findings: Iterable[Finding], ignores: Sequence[PerFileIgnore]
) -> list[Finding]:
    """The findings no per-file ignore covers."""
    if not ignores:
        return list(findings)
    kept = []
    matching: dict[Path, list[PerFileIgnore]] = {}
    for finding in findings:
        if finding.path not in matching:
            matching[finding.path] = [rule for rule in ignores if rule.matches(finding.path)]
        if not any(rule.ignores(finding.code) for rule in matching[finding.path]):
            kept.append(finding)
    return kept


def with_severities(
    findings: Iterable[Finding], overrides: Mapping[str, Severity]
) -> list[Finding]:
    """The findings with the severity configuration gives their code. Keys are codes or
    ruff-style prefixes (``SL6``, ``ALL``); the longest matching key wins."""
    if not overrides:
        return list(findings)
    return [_with_severity(finding, overrides) for finding in findings]


def _with_severity(finding: Finding, overrides: Mapping[str, Severity]) -> Finding:
    matching = [key for key in overrides if key == "ALL" or finding.code.startswith(key)]
    if not matching:
        return finding
    best = max(matching, key=lambda key: 0 if key == "ALL" else len(key))
    return replace(finding, severity=overrides[best])
