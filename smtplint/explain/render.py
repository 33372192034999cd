"""``smtplint explain`` output: text for people, JSON (schema_version 1) for scripts."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from smtplint.explain.answer import Answer, CauseAnswer
from smtplint.explain.replies import Signature
from smtplint.explain.user_config import Status, UserConfig
from smtplint.model import Finding

SCHEMA_VERSION = 1
_WIDTH = 92
_SHOWN_INPUT = 300  # characters of the paste echoed back


def render_text(answer: Answer) -> str:
    lines = [_shorten(answer.paste.shown), ""]
    if answer.match is None:
        lines += _unknown_text(answer)
        return "\n".join(lines) + "\n"
    signature = answer.match.signature
    reply = answer.paste.reply
    code = f" ({reply.label()})" if reply is not None and reply.label() else ""
    lines.append(f"{signature.title}{code}")
    lines += _wrap(signature.meaning, "")
    if not answer.match.on_text:
        lines.append("(recognised by its reply code alone: the words are not in the catalogue)")
    if answer.failure_modes:
        lines.append(f"Failure modes: {', '.join(answer.failure_modes)}")
    if answer.config is not None:
        lines += ["", *_config_text(answer.config)]
    lines += ["", "Likely causes, most likely first:"]
    for number, cause in enumerate(answer.causes, 1):
        lines += ["", *_cause_text(number, cause, answer.config)]
    if answer.also:
        lines += ["", "The text also matches: " + "; ".join(s.title for s in answer.also)]
    unrelated = answer.unrelated_findings
    if unrelated and answer.config is not None:
        codes = ", ".join(dict.fromkeys(f.code for f in unrelated))
        lines += [
            "",
            f"Other problems in {answer.config.path}: {codes} (smtplint check "
            f"{answer.config.path} shows them)",
        ]
    return "\n".join(lines) + "\n"


def render_json(answer: Answer) -> str:
    match = answer.match
    reply = answer.paste.reply
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "recognised": answer.recognised,
        "input": _shorten(answer.paste.shown),
        "reply": None if reply is None else {"code": reply.code, "enhanced": reply.enhanced},
        "match": None
        if match is None
        else {
            "id": match.signature.id,
            "title": match.signature.title,
            "meaning": match.signature.meaning,
            "matched_on": "text" if match.on_text else "reply code",
        },
        "failure_modes": list(answer.failure_modes),
        "causes": [_cause_json(cause) for cause in answer.causes],
        "also_matches": [s.id for s in answer.also],
        "closest": [_signature_json(s) for s in answer.closest],
        "config": None if answer.config is None else _config_json(answer),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _unknown_text(answer: Answer) -> list[str]:
    lines = [
        "smtplint does not recognise this reply or error.",
        "",
        "Closest known replies:",
    ]
    for signature in answer.closest:
        lines.append(f"  - {signature.title}")
        lines.append(f"    e.g. {_shorten(signature.examples[0], 100)}")
    lines += ["", "Paste the whole reply, with its code (e.g. 535 5.7.8) if it has one."]
    return lines


def _config_text(config: UserConfig) -> list[str]:
    if not config.configs:
        return [f"No SMTP settings found in {config.path}; the answer is not narrowed."]
    lines = [f"Your settings ({config.path}):"]
    for smtp in config.configs:
        lines += _wrap(f"{smtp.name} [{smtp.family}]: {smtp.interpretation}", "  ")
    return lines


def _cause_text(number: int, answer: CauseAnswer, config: UserConfig | None) -> list[str]:
    cause = answer.cause
    modes = f"  [{', '.join(cause.modes)}]" if cause.modes else ""
    indent = "   "
    lines = _wrap(f"{number}. {cause.title}{modes}", "", indent)
    lines += _wrap(cause.explanation, indent)
    lines += _wrap(f"Fix: {cause.fix}", indent, indent + "     ")
    for rule in answer.rules:
        lines += _wrap(f"Caught by {rule.code} {rule.name}: {rule.summary}", indent, indent + "  ")
    if not answer.rules:
        lines.append(f"{indent}No rule can see this in a file.")
    verdict = answer.verdict
    if config is None or verdict is None or not config.configs:
        for fmt, keys in answer.settings:
            lines += _wrap(f"{fmt.label}: {', '.join(keys)}", indent, indent + "  ")
        return lines
    yours = f" ({'; '.join(verdict.settings)})" if verdict.settings else ""
    if verdict.status is Status.APPLIES:
        lines += _wrap(f"In {config.path}: {verdict.statement}", indent, indent + "  ")
        for finding in verdict.findings:
            lines += _wrap(_finding_line(finding), indent + "  ", indent + "    ")
    else:
        lines += _wrap(f"In {config.path}: {verdict.statement}{yours}", indent, indent + "  ")
    return lines


def _finding_line(finding: Finding) -> str:
    return f"{finding.path}:{finding.span.line}: {finding.code} {finding.message}"


def _cause_json(answer: CauseAnswer) -> dict[str, Any]:
    cause = answer.cause
    verdict = answer.verdict
    return {
        "id": cause.id,
        "title": cause.title,
        "explanation": cause.explanation,
        "fix": cause.fix,
        "failure_modes": list(cause.modes),
        "rules": [
            {"code": rule.code, "name": rule.name, "summary": rule.summary} for rule in answer.rules
        ],
        "settings": {fmt.id: list(keys) for fmt, keys in answer.settings},
        "in_config": None
        if verdict is None
        else {
            "status": verdict.status.value,
            "statement": verdict.statement,
            "settings": list(verdict.settings),
            "findings": [_finding_json(f) for f in verdict.findings],
        },
    }


def _config_json(answer: Answer) -> dict[str, Any]:
    assert answer.config is not None
    return {
        "path": str(answer.config.path),
        "configurations": [
            {
                "path": str(c.path),
                "name": c.name,
                "family": c.family,
                "reading": c.interpretation,
            }
            for c in answer.config.configs
        ],
        "other_findings": [_finding_json(f) for f in answer.unrelated_findings],
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "message": finding.message,
        "path": str(finding.path),
        "line": finding.span.line,
    }


def _signature_json(signature: Signature) -> dict[str, Any]:
    return {"id": signature.id, "title": signature.title, "example": signature.examples[0]}


def _wrap(text: str, indent: str, subsequent: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        _WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _shorten(text: str, limit: int = _SHOWN_INPUT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
