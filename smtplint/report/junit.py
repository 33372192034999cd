"""JUnit XML for GitLab and Jenkins: a failing case per finding, a passing case per clean file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from smtplint.api import CheckResult
from smtplint.model import Finding
from smtplint.report.paths import display_path

SUITE_NAME = "smtplint"


def render(result: CheckResult) -> str:
    suites = ET.Element("testsuites", name=SUITE_NAME)
    suite = ET.SubElement(suites, "testsuite", name=SUITE_NAME)
    for finding in result.findings:
        _finding_case(suite, finding)
    with_findings = {finding.path for finding in result.findings}
    for path in result.files:
        if path not in with_findings:
            ET.SubElement(suite, "testcase", name=display_path(path), classname=display_path(path))
    for message in result.unreadable:
        case = ET.SubElement(suite, "testcase", name=message, classname=SUITE_NAME)
        ET.SubElement(case, "error", type="unreadable", message=message)
    cases = len(suite)
    failures = len(result.findings)
    errors = len(result.unreadable)
    for element in (suites, suite):
        element.set("tests", str(cases))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _finding_case(suite: ET.Element, finding: Finding) -> None:
    path = display_path(finding.path)
    location = f"{path}:{finding.span.line}:{finding.span.column}"
    case = ET.SubElement(
        suite,
        "testcase",
        name=f"{finding.code} {finding.name} at {location}",
        classname=path,
        file=path,
        line=str(finding.span.line),
    )
    failure = ET.SubElement(case, "failure", type=finding.code, message=finding.message)
    failure.text = f"{location}: {finding.code} [{finding.severity.value}] {finding.message}"
