"""The JSON report: a versioned object whose ``findings`` list holds one entry per finding."""

from __future__ import annotations

import json
from typing import Any

from smtplint import __version__
from smtplint.api import CheckResult
from smtplint.model import Finding
from smtplint.report.paths import display_path

SCHEMA_VERSION = 1


def render(result: CheckResult) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "smtplint", "version": __version__},
        "summary": {
            "findings": len(result.findings),
            "fixable": sum(1 for f in result.findings if f.fixable),
            "files_checked": result.files_checked,
            "files_with_findings": result.files_with_findings,
            "configurations": result.configs_found,
        },
        "errors": list(result.unreadable),
        "findings": [finding_to_dict(f) for f in result.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    fix = finding.fix
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "path": display_path(finding.path),
        "line": finding.span.line,
        "column": finding.span.column,
        "end_line": finding.span.end_line,
        "end_column": finding.span.end_column,
        "fixable": finding.fixable,
        "fix_applicability": None
        if fix is None or not finding.fixable
        else fix.applicability.value,
        "fix_description": None if fix is None else fix.description,
    }
