"""The probe report as text or JSON. Reporters format; they decide nothing.

The JSON document (``json-schema.json`` beside this module describes it)::

    {
      "schema_version": 1,
      "tool": {"name": "smtplint", "version": "…"},
      "summary": {"configurations": 2, "passed": 1, "failed": 1, "incomplete": 0,
                  "skipped": 0},
      "errors": ["files that could not be read"],
      "configurations": [
        {
          "path": ".env", "line": 1, "name": "SMTP_", "family": "nodemailer",
          "status": "passed" | "failed" | "incomplete" | "skipped",
          "skipped_reason": null,
          "endpoint": {"host": "smtp.example.com", "port": 587, "security": "starttls",
                       "username": "me@example.com", "sender": "me@example.com"},
          "values_from_environment": ["SMTP_HOST from environment variable MAIL_HOST"],
          "recipient": null,
          "auth_mechanisms": ["LOGIN", "PLAIN"],
          "certificate": {"subject": "…", "names": ["…"], "issuer": "…",
                          "not_before": "2025-01-01T00:00:00+00:00", "not_after": "…"},
          "steps": [
            {"step": "mail-from", "status": "failed", "detail": "<me@example.com> refused",
             "reply": "553 5.7.1 Sender address rejected", "rule": "SL404",
             "rule_name": "sender-not-permitted", "fix": "send as …", "seconds": 0.004}
          ]
        }
      ]
    }

Steps appear in the order the session ran them; ``status`` is ``ok``, ``failed`` or
``skipped``; ``reply`` is the server's reply (multi-line replies joined by spaces; for EHLO only the
first line, the extensions being listed in ``detail``);
``rule`` names the rule whose page (``smtplint rule CODE``) explains a failure, when one does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from smtplint import __version__
from smtplint.probe.certificate import CertificateFacts
from smtplint.probe.outcome import ConfigProbe, Status, Step
from smtplint.probe.verdict import Verdict, verdict_of
from smtplint.report.paths import display_path

SCHEMA_VERSION = 1
_MARKS = {Status.OK: "ok", Status.FAILED: "FAILED", Status.SKIPPED: "skipped"}
_STEP_WIDTH = 20


def summary_of(probes: Sequence[ConfigProbe]) -> dict[str, int]:
    verdicts = [verdict_of(probe) for probe in probes]
    counts = {"configurations": len(probes)}
    counts.update({verdict.value: verdicts.count(verdict) for verdict in Verdict})
    return counts


# --- text ---------------------------------------------------------------------------------------


def render_text(probes: Sequence[ConfigProbe]) -> str:
    if not probes:
        return "No SMTP configuration found.\n"
    blocks = ["\n".join(_text_block(probe)) + "\n" for probe in probes]
    return "\n".join(blocks) + "\n" + _text_summary(probes) + "\n"


def _text_block(probe: ConfigProbe) -> list[str]:
    head = f"{display_path(probe.path)}:{probe.anchor.line}: {probe.name} [{probe.family}]"
    if probe.skipped is not None:
        return [f"{head}: skipped: {probe.skipped}"]
    endpoint = probe.endpoint
    assert endpoint is not None
    login = f", login {endpoint.username}" if endpoint.username else ", no login"
    lines = [f"{head}: {endpoint.host}:{endpoint.port}, {endpoint.security.label}{login}"]
    lines.extend(f"    {note}" for note in probe.notes)
    for run in _runs(probe.steps):
        lines.extend(_text_step(run[0], run[-1].name.value if len(run) > 1 else None))
    lines.append(f"  => {_text_verdict(probe)}")
    return lines


def _runs(steps: Sequence[Step]) -> list[list[Step]]:
    """Steps skipped for the same reason one after the other, shown as one line."""
    runs: list[list[Step]] = []
    for step in steps:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and step.status is Status.SKIPPED
            and last.status is Status.SKIPPED
            and step.detail == last.detail
        ):
            runs[-1].append(step)
        else:
            runs.append([step])
    return runs


def _text_step(step: Step, through: str | None = None) -> list[str]:
    detail = step.detail if step.reply is None else f"{step.detail}: {step.reply}"
    name = step.name.value if through is None else f"{step.name.value}..{through}"
    lines = [f"  {_MARKS[step.status]:<8} {name:<{_STEP_WIDTH}} {detail}"]
    diagnosis = step.diagnosis
    if diagnosis is not None:
        pad = " " * (2 + 8 + 1 + _STEP_WIDTH + 1)
        if diagnosis.rule is not None:
            lines.append(f"{pad}{diagnosis.rule} {_rule_name(diagnosis.rule)}")
        lines.append(f"{pad}fix: {diagnosis.fix}")
    return lines


def _text_verdict(probe: ConfigProbe) -> str:
    verdict = verdict_of(probe)
    if verdict is Verdict.PASSED:
        reached = "RCPT TO" if probe.recipient else "MAIL FROM"
        return f"passed: the server accepted the session up to {reached}; no mail was sent"
    failed = next((s for s in probe.steps if s.status is Status.FAILED), None)
    if failed is not None:
        return f"failed at {failed.name.value}"
    return "incomplete: MAIL FROM was not tried"


def _text_summary(probes: Sequence[ConfigProbe]) -> str:
    counts = summary_of(probes)
    total = counts["configurations"]
    parts = [f"{counts[v.value]} {v.value}" for v in Verdict if counts[v.value]]
    noun = "configuration" if total == 1 else "configurations"
    return f"{total} {noun}: {', '.join(parts)}"


def _rule_name(code: str) -> str:
    from smtplint.rules import get_rule

    rule = get_rule(code)
    return rule.name if rule is not None else ""


# --- JSON ---------------------------------------------------------------------------------------


def render_json(probes: Sequence[ConfigProbe], errors: Sequence[str] = ()) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "smtplint", "version": __version__},
        "summary": summary_of(probes),
        "errors": list(errors),
        "configurations": [_json_probe(probe) for probe in probes],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _json_probe(probe: ConfigProbe) -> dict[str, Any]:
    endpoint = probe.endpoint
    return {
        "path": display_path(probe.path),
        "line": probe.anchor.line,
        "name": probe.name,
        "family": probe.family,
        "status": verdict_of(probe).value,
        "skipped_reason": probe.skipped,
        "endpoint": None
        if endpoint is None
        else {
            "host": endpoint.host,
            "port": endpoint.port,
            "security": endpoint.security.value,
            "username": endpoint.username,
            "sender": endpoint.sender,
        },
        "values_from_environment": list(probe.notes),
        "recipient": probe.recipient,
        "auth_mechanisms": None if probe.auth_mechanisms is None else list(probe.auth_mechanisms),
        "certificate": _json_certificate(probe.certificate),
        "steps": [_json_step(step) for step in probe.steps],
    }


def _json_certificate(facts: CertificateFacts | None) -> dict[str, Any] | None:
    if facts is None:
        return None
    return {
        "subject": facts.subject,
        "names": list(facts.names),
        "issuer": facts.issuer,
        "not_before": facts.not_before.isoformat() if facts.not_before else None,
        "not_after": facts.not_after.isoformat() if facts.not_after else None,
    }


def _json_step(step: Step) -> dict[str, Any]:
    diagnosis = step.diagnosis
    rule = diagnosis.rule if diagnosis is not None else None
    return {
        "step": step.name.value,
        "status": step.status.value,
        "detail": step.detail,
        "reply": step.reply,
        "rule": rule,
        "rule_name": _rule_name(rule) if rule is not None else None,
        "fix": diagnosis.fix if diagnosis is not None else None,
        "seconds": step.seconds,
    }
