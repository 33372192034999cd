"""Every rule's documentation is complete, and its examples really fail and pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smtplint.api import check_paths, check_text
from smtplint.model import Finding
from smtplint.rules import all_rules
from smtplint.rules.base import Example, Rule
from smtplint.rules.network import NETWORK_CODES
from tests.builders import TODAY

RULES = all_rules()
# Network rules need DNS answers: tests/test_network_dns.py runs their examples online.
OFFLINE_RULES = [rule for rule in RULES if rule.code not in NETWORK_CODES]
REPLY_CODE = re.compile(
    r"\b[2345]\d\d[ -]\d\.\d+\.\d+\b|\b[2345]\d\d\b|Error|error|Exception|refused|hangs?|closed"
)


def lint_example(
    example: Example, folder: Path, select: tuple[str, ...] = ("ALL",)
) -> list[Finding]:
    """An example is linted as text, or on disk when files must sit beside it."""
    if not example.beside:
        return check_text(
            example.text, example.filename, select=select, git_tracked=True, today=TODAY
        )
    (folder / example.filename).write_text(example.text)
    for name in example.beside:
        (folder / name).write_text("")
    return check_paths([folder / example.filename], select=select, today=TODAY).findings


def _id(rule: Rule) -> str:
    return rule.code


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_docs_are_complete(rule: Rule) -> None:
    assert re.fullmatch(r"SL\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary and not rule.summary.endswith(".")
    for part in (rule.docs.what, rule.docs.why, rule.docs.fix):
        assert len(part) > 20
    assert REPLY_CODE.search(rule.docs.why), "the why names the reply or error the user sees"


def test_names_and_codes_are_unique() -> None:
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", OFFLINE_RULES, ids=_id)
def test_failing_example_is_reported(rule: Rule, tmp_path: Path) -> None:
    example = rule.docs.fails
    findings = lint_example(example, tmp_path, select=(rule.code,))
    assert rule.code in {f.code for f in findings}, example.text


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_passing_example_is_clean(rule: Rule, tmp_path: Path) -> None:
    example = rule.docs.passes
    findings = lint_example(example, tmp_path)
    assert [f for f in findings if f.code == rule.code] == [], example.text


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_passing_example_is_clean_under_every_rule(rule: Rule, tmp_path: Path) -> None:
    """A documented correct configuration should not trip any other rule either."""
    example = rule.docs.passes
    findings = lint_example(example, tmp_path)
    assert [f"{f.code} {f.message}" for f in findings] == []
