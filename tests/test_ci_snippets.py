"""The README's CI snippets, run here: their shell commands against a real project.

No GitHub or GitLab runner exists here, so the YAML is parsed, the steps are checked to hand
each other the file they name, and every command after ``pip install smtplint`` runs in bash
with this installation of smtplint; the reports they write are validated.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
BROKEN_ENV = "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=false\n"
INSTALL = "pip install smtplint"


def _block(after: str, language: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rest = readme.split(after, 1)[1]
    return rest.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def _run(commands: list[str], project: Path, environment: dict[str, str] | None = None) -> int:
    """Run ``commands`` as a CI job's shell would; the exit code of the first that fails."""
    assert commands[0] == INSTALL
    env = dict(environment if environment is not None else os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    for command in commands[1:]:
        done = subprocess.run(["bash", "-c", command], cwd=project, env=env, timeout=120)
        if done.returncode:
            return done.returncode
    return 0


def _project(tmp_path: Path) -> Path:
    (tmp_path / ".env").write_text(BROKEN_ENV, encoding="utf-8")
    return tmp_path


def test_github_actions_job_writes_valid_sarif_that_it_uploads(tmp_path: Path) -> None:
    workflow: dict[str, Any] = yaml.safe_load(_block("GitHub Actions, with the findings", "yaml"))
    steps = workflow["jobs"]["smtplint"]["steps"]
    commands = [step["run"] for step in steps if "run" in step]
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert upload["if"] == "always()"  # the check step fails the job when it finds something
    assert workflow["jobs"]["smtplint"]["permissions"]["security-events"] == "write"

    project = _project(tmp_path)
    assert _run(commands, project) == 1
    report = json.loads((project / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    jsonschema.validate(report, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    results = report["runs"][0]["results"]
    assert any(result["ruleId"] == "SL102" for result in results)
    location = results[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == ".env"


def test_gitlab_job_writes_the_junit_report_it_declares(tmp_path: Path) -> None:
    pipeline: dict[str, Any] = yaml.safe_load(_block("GitLab CI, with the findings", "yaml"))
    job = pipeline["smtplint"]
    project = _project(tmp_path)
    assert _run(job["script"], project) == 1
    assert job["artifacts"]["when"] == "always"
    report = ElementTree.parse(project / job["artifacts"]["reports"]["junit"]).getroot()
    failures = report.findall(".//testcase/failure")
    assert any(
        "SL102" in (failure.get("message") or "") + (failure.text or "") for failure in failures
    )


def test_plain_shell_step_fails_on_the_project_and_on_the_environment(tmp_path: Path) -> None:
    commands = [
        line for line in _block("Any other CI, as a plain shell step", "sh").splitlines() if line
    ]
    clean_environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SMTP_", "MAIL_", "EMAIL_"))
    }
    assert _run(commands, _project(tmp_path), clean_environment) == 1

    clean_project = tmp_path / "clean"
    clean_project.mkdir()
    assert _run(commands, clean_project, clean_environment) == 0

    broken_environment = dict(
        clean_environment,
        SMTP_HOST="smtp.gmail.com",
        SMTP_PORT="465",
        SMTP_SECURE="false",
        SMTP_PASS="hunter2-is-not-shown",
    )
    done = subprocess.run(
        ["bash", "-c", commands[1]],
        cwd=clean_project,
        capture_output=True,
        text=True,
        env=dict(
            broken_environment,
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        ),
        timeout=120,
    )
    assert done.returncode == 1, done.stdout
    assert "SL102" in done.stdout
    assert "hunter2-is-not-shown" not in done.stdout + done.stderr
