"""SARIF 2.1.0 for GitHub code scanning: every rule in the driver, one result per finding."""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from smtplint import __version__
from smtplint.api import CheckResult
from smtplint.model import Finding, Severity
from smtplint.report.paths import display_path
from smtplint.report.regions import visible_span
from smtplint.rules import all_rules
from smtplint.rules.base import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(result: CheckResult) -> str:
    rules = all_rules()
    index = {rule.code: position for position, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "smtplint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(rule) for rule in rules],
            }
        },
        "results": [_result(finding, index.get(finding.code)) for finding in result.findings],
        "invocations": [_invocation(result)],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: Rule) -> dict[str, Any]:
    docs = rule.docs
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": docs.what},
        "help": {
            "text": f"{docs.why}\n\nHow to fix it: {docs.fix}",
            "markdown": f"{docs.why}\n\n**How to fix it:** {docs.fix}",
        },
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": ["smtp", "configuration"]},
    }


def _result(finding: Finding, rule_index: int | None) -> dict[str, Any]:
    span = visible_span(finding.span)
    entry: dict[str, Any] = {"ruleId": finding.code}
    if rule_index is not None:
        entry["ruleIndex"] = rule_index
    entry.update(
        {
            "level": _LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(display_path(finding.path)),
                        "region": {
                            "startLine": span.line,
                            "startColumn": span.column,
                            "endLine": span.end_line,
                            "endColumn": span.end_column,
                        },
                    }
                }
            ],
        }
    )
    return entry


def artifact_location(shown: str) -> dict[str, str]:
    """A relative path becomes a URI under %SRCROOT%; an absolute one a file: URI."""
    path = PurePosixPath(shown)
    if path.is_absolute():
        return {"uri": "file://" + quote(shown)}
    return {"uri": quote(shown), "uriBaseId": SOURCE_ROOT}


def _invocation(result: CheckResult) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not result.unreadable}
    if result.unreadable:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": message}} for message in result.unreadable
        ]
    return invocation
