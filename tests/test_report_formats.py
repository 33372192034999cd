"""SARIF, GitHub annotations, JUnit XML and the JSON schema, checked on real output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from smtplint.api import CheckResult, check_paths
from smtplint.model import Finding, Severity, Span
from smtplint.report import github, json_report, junit, sarif
from smtplint.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
ONE_LINE_SPAN = Span(3, 5, 3, 9)
PASSWORD = "Wq7-unusual-secret-9zX"
BROKEN_ENV = (
    "SMTP_HOST=smtp.gmail.com\n"
    "SMTP_PORT=587\n"
    "SMTP_SECURE=true\n"
    "SMTP_USER=alerts@gmail.com\n"
    f"SMTP_PASS={PASSWORD}\n"
    "SMTP_FROM=alerts@gmail.com\n"
)
CLEAN_ENV = (
    "SMTP_HOST=smtp.gmail.com\n"
    "SMTP_PORT=465\n"
    "SMTP_SECURE=true\n"
    "SMTP_USER=alerts@gmail.com\n"
    "SMTP_PASS=${GMAIL_APP_PASSWORD}\n"
    "SMTP_FROM=alerts@gmail.com\n"
    "SMTP_TIMEOUT=10000\n"
)


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    skip = {"FORCE_COLOR", "GITHUB_ACTIONS"}
    environment = {key: value for key, value in os.environ.items() if key not in skip}
    environment.update({"NO_COLOR": "1", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "smtplint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


@pytest.fixture(scope="module")
def examples_result() -> Iterator[CheckResult]:
    before = Path.cwd()
    os.chdir(EXAMPLES)  # reports show paths relative to the working directory
    try:
        yield check_paths(["."])
    finally:
        os.chdir(before)


@pytest.fixture()
def in_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)


def validator_for(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def finding(
    message: str = "a message",
    path: str = "app/.env",
    span: Span = ONE_LINE_SPAN,
    severity: Severity = Severity.ERROR,
) -> Finding:
    return Finding("SL102", "starttls-on-implicit-tls-port", severity, message, Path(path), span)


# SARIF


def test_sarif_of_the_examples_validates_against_the_official_schema(
    examples_result: CheckResult, in_examples: None
) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(sarif.render(examples_result))
    validator = validator_for(schema)
    assert isinstance(validator, jsonschema.Draft4Validator)  # what the schema declares
    errors = [error.message for error in validator.iter_errors(log)]
    assert errors == []
    assert len(log["runs"][0]["results"]) == len(examples_result.findings) > 0


def test_sarif_driver_lists_every_rule_with_texts_and_level(
    examples_result: CheckResult, in_examples: None
) -> None:
    driver = json.loads(sarif.render(examples_result))["runs"][0]["tool"]["driver"]
    assert driver["name"] == "smtplint"
    rules = all_rules()
    assert [entry["id"] for entry in driver["rules"]] == [rule.code for rule in rules]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for entry, rule in zip(driver["rules"], rules, strict=True):
        assert entry["name"] == rule.name
        assert entry["shortDescription"]["text"] == rule.summary
        assert entry["fullDescription"]["text"] == rule.docs.what
        assert rule.docs.why in entry["help"]["text"]
        assert rule.docs.fix in entry["help"]["text"]
        assert entry["defaultConfiguration"]["level"] == levels[rule.severity.value]
        assert len(entry["fullDescription"]["text"]) <= 1024  # GitHub's limit


def test_sarif_results_meet_what_github_code_scanning_reads(
    examples_result: CheckResult, in_examples: None
) -> None:
    run_ = json.loads(sarif.render(examples_result))["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    for result, original in zip(run_["results"], examples_result.findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == original.code
        assert result["message"]["text"] == original.message
        assert (
            result["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[original.severity.value]
        )
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        artifact = physical["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not artifact["uri"].startswith(("/", "file:")) and "\\" not in artifact["uri"]
        assert (EXAMPLES / artifact["uri"]).is_file()
        region = physical["region"]
        assert region["startLine"] == original.span.line >= 1
        assert (region["endLine"], region["endColumn"]) > (
            region["startLine"],
            region["startColumn"],
        )


def test_sarif_point_span_becomes_one_column_and_paths_are_uri_encoded() -> None:
    result = CheckResult(findings=[finding(path="my dir/100%.env", span=Span.point(4, 1))])
    log = json.loads(sarif.render(result))
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical["region"] == {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 2}
    assert physical["artifactLocation"]["uri"] == "my%20dir/100%25.env"
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert list(validator_for(schema).iter_errors(log)) == []


def test_sarif_records_unreadable_paths_as_a_failed_invocation() -> None:
    result = CheckResult(unreadable=["secret.env: cannot read: Permission denied"])
    invocation = json.loads(sarif.render(result))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("secret.env")


# GitHub workflow commands


def test_github_annotation_has_every_property_in_order() -> None:
    line = github.annotation(finding())
    assert line == (
        "::error file=app/.env,line=3,col=5,endLine=3,endColumn=9,"
        "title=SL102 starttls-on-implicit-tls-port::a message"
    )


def test_github_escapes_commas_colons_percent_and_newlines_in_properties() -> None:
    line = github.annotation(finding(path="a,b:c/50%\nx.env"))
    assert line.startswith("::error file=a%2Cb%3Ac/50%25%0Ax.env,line=3,")
    assert "title=SL102 starttls-on-implicit-tls-port::" in line


def test_github_escapes_percent_and_newlines_in_the_message_but_not_colons() -> None:
    line = github.annotation(finding(message="100% sure,\r\nport: 465"))
    assert line.endswith("::100%25 sure,%0D%0Aport: 465")
    assert "\n" not in line and "\r" not in line


def test_github_escapes_percent_before_the_other_escapes() -> None:
    assert github.escape_property("%3A,:") == "%253A%2C%3A"
    assert github.escape_data("%0A\n") == "%250A%0A"


def test_github_uses_warning_and_notice_for_lower_severities() -> None:
    assert github.annotation(finding(severity=Severity.WARNING)).startswith("::warning file=")
    assert github.annotation(finding(severity=Severity.INFO)).startswith("::notice file=")


def test_github_omits_columns_on_a_multi_line_annotation() -> None:
    line = github.annotation(finding(span=Span(3, 5, 6, 2)))
    assert "col=" not in line and "endColumn=" not in line
    assert "line=3,endLine=6,title=" in line


def test_github_point_span_gets_one_column() -> None:
    assert ",col=7,endLine=2,endColumn=8," in github.annotation(finding(span=Span.point(2, 7)))


def test_github_reports_every_finding_of_the_examples(
    examples_result: CheckResult, in_examples: None
) -> None:
    lines = github.render(examples_result).splitlines()
    annotations = [line for line in lines if line.startswith("::") and " file=" in line]
    plain = [line for line in lines if not line.startswith("::")]
    assert len(annotations) + len(plain) == len(examples_result.findings)
    for kind in ("error", "warning", "notice"):
        assert sum(line.startswith(f"::{kind} file=") for line in annotations) <= 10


def test_github_annotates_ten_of_a_kind_then_lists_and_counts_the_rest() -> None:
    errors = [finding(f"error {n}") for n in range(12)]
    notes = [finding(f"note {n}", severity=Severity.INFO) for n in range(3)]
    result = CheckResult(findings=errors + notes)
    lines = github.render(result).splitlines()
    assert sum(line.startswith("::error file=") for line in lines) == 10
    assert sum(line.startswith("::notice file=") for line in lines) == 3
    assert [line for line in lines if not line.startswith("::")] == [
        "app/.env:3:5: SL102 error 10",
        "app/.env:3:5: SL102 error 11",
    ]
    assert lines[-1] == (
        "::notice title=smtplint::2 more findings in the log without an annotation: "
        "GitHub shows 10 annotations of each kind per step"
    )
    listed = github.render(result, listed=True).splitlines()
    assert len(listed) == 14 and listed[-1] == lines[-1]


# JUnit


def test_junit_of_the_examples_parses_with_a_case_per_finding_and_clean_file(
    examples_result: CheckResult, in_examples: None
) -> None:
    root = ET.fromstring(junit.render(examples_result))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    failing = [case for case in cases if case.find("failure") is not None]
    passing = [case for case in cases if len(case) == 0]
    findings = examples_result.findings
    clean_files = {p for p in examples_result.files} - {f.path for f in findings}
    assert len(failing) == len(findings)
    assert len(passing) == len(clean_files) > 0
    assert suite.get("tests") == root.get("tests") == str(len(cases))
    assert suite.get("failures") == str(len(findings))
    assert suite.get("errors") == "0"
    first = failing[0].find("failure")
    assert first is not None
    assert first.get("type") == findings[0].code
    assert first.get("message") == findings[0].message


def test_junit_escapes_markup_in_messages_and_reports_unreadable_paths() -> None:
    message = 'sender "<a&b>" refused ]]> here'
    result = CheckResult(
        findings=[finding(message=message)],
        files=[Path("app/.env"), Path("other/.env")],
        unreadable=["locked.env: cannot read: Permission denied"],
    )
    suite = ET.fromstring(junit.render(result)).find("testsuite")
    assert suite is not None
    failure = suite.find("testcase/failure")
    assert failure is not None and failure.get("message") == message
    assert [case.get("name") for case in suite.findall("testcase") if len(case) == 0] == [
        "other/.env"
    ]
    error = suite.find("testcase/error")
    assert error is not None and error.get("message", "").startswith("locked.env")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")


# JSON schema


def json_schema() -> dict[str, Any]:
    text = resources.files("smtplint.report").joinpath("json-schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def test_json_report_of_the_examples_validates_against_the_shipped_schema(
    examples_result: CheckResult, in_examples: None
) -> None:
    document = json.loads(json_report.render(examples_result))
    errors = [error.message for error in validator_for(json_schema()).iter_errors(document)]
    assert errors == []
    assert document["schema_version"] == json_schema()["properties"]["schema_version"]["const"]


def test_json_schema_rejects_a_finding_without_a_location(
    examples_result: CheckResult, in_examples: None
) -> None:
    document = json.loads(json_report.render(examples_result))
    del document["findings"][0]["line"]
    assert not validator_for(json_schema()).is_valid(document)


# The command line


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / ".env").write_text(BROKEN_ENV)
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / ".env").write_text(CLEAN_ENV)
    return tmp_path


def test_cli_sarif_validates_and_exits_1(project: Path) -> None:
    result = run("check", "--format", "sarif", cwd=project)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert list(validator_for(schema).iter_errors(log)) == []
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"broken/.env"}


def test_cli_github_writes_only_annotations(project: Path) -> None:
    result = run("check", "--output-format", "github", cwd=project)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    assert any(line.startswith("::error file=broken/.env,line=3,") for line in lines)


def test_cli_junit_parses(project: Path) -> None:
    result = run("check", "--format", "junit", cwd=project)
    assert result.returncode == 1, result.stderr
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite is not None
    assert [case.get("name") for case in suite.findall("testcase") if len(case) == 0] == [
        "clean/.env"
    ]


def test_cli_under_github_actions_adds_annotations_to_text(project: Path) -> None:
    result = run("check", cwd=project, env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1, result.stderr
    assert "broken/.env:3:1: SL101 " in result.stdout
    assert "\n::error file=broken/.env,line=3," in result.stdout


def test_cli_explicit_format_under_github_actions_has_no_annotations(project: Path) -> None:
    result = run("check", "--format", "text", cwd=project, env={"GITHUB_ACTIONS": "true"})
    assert "broken/.env:3:1: SL101 " in result.stdout
    assert "::error" not in result.stdout


def test_cli_without_github_actions_writes_text_only(project: Path) -> None:
    result = run("check", cwd=project)
    assert "broken/.env:3:1: SL101 " in result.stdout
    assert "::error" not in result.stdout


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "junit"])
def test_cli_never_prints_the_password(project: Path, output_format: str) -> None:
    result = run("check", "--format", output_format, cwd=project)
    assert result.returncode == 1, result.stderr
    assert "SL306" in result.stdout  # the password itself is reported on…
    assert PASSWORD not in result.stdout + result.stderr  # …but never shown


def test_cli_listing_commands_refuse_check_only_formats(tmp_path: Path) -> None:
    result = run("rules", "--format", "sarif", cwd=tmp_path)
    assert result.returncode == 2
