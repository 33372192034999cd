"""Rule documentation for the terminal: the rules table and one rule's page."""

from __future__ import annotations

import json
import textwrap

from smtplint.rules import all_rules
from smtplint.rules.base import Rule


def rules_table() -> str:
    rules = all_rules()
    name_width = max(len(r.name) for r in rules)
    lines = [f"{'code':<6}  {'name':<{name_width}}  {'severity':<8}  fix  summary"]
    for r in rules:
        fix = "yes" if r.fixable else " - "
        lines.append(
            f"{r.code:<6}  {r.name:<{name_width}}  {r.severity.value:<8}  {fix}  {r.summary}"
        )
    return "\n".join(lines) + "\n"


def rules_json() -> str:
    entries = [
        {
            "code": r.code,
            "name": r.name,
            "severity": r.severity.value,
            "fixable": r.fixable,
            "summary": r.summary,
        }
        for r in all_rules()
    ]
    return json.dumps(entries, indent=2) + "\n"


def rule_page(rule: Rule) -> str:
    docs = rule.docs
    fixable = "sometimes fixable automatically" if rule.fixable else "not fixable automatically"
    parts = [
        f"{rule.code} {rule.name} ({rule.severity.value}, {fixable})",
        "",
        rule.summary,
        "",
        "What it does",
        _wrap(docs.what),
        "",
        "Why it matters",
        _wrap(docs.why),
        "",
        f"Example ({docs.fails.filename}{_beside(docs.fails.beside)}) that is reported",
        _block(docs.fails.text),
        "",
        f"Example ({docs.passes.filename}) that passes",
        _block(docs.passes.text),
        "",
        "How to fix it",
        _wrap(docs.fix),
    ]
    return "\n".join(parts) + "\n"


def _beside(files: tuple[str, ...]) -> str:
    return f", with {', '.join(files)} beside it" if files else ""


def _wrap(text: str) -> str:
    return "\n".join(
        textwrap.fill(paragraph, width=88, initial_indent="    ", subsequent_indent="    ")
        for paragraph in text.split("\n\n")
    )


def _block(text: str) -> str:
    return textwrap.indent(text.rstrip("\n"), "    | ", predicate=lambda _line: True)
