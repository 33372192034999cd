"""Every rule's documentation is complete, and its examples really fail and pass."""

from __future__ import annotations

import re

import pytest

from smtplint.api import check_text
from smtplint.rules import all_rules
from smtplint.rules.base import Rule
from tests.builders import TODAY

RULES = all_rules()
REPLY_CODE = re.compile(
    r"\b[2345]\d\d[ -]\d\.\d+\.\d+\b|\b[2345]\d\d\b|Error|error|Exception|refused|hangs?|closed"
)


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


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_failing_example_is_reported(rule: Rule) -> None:
    example = rule.docs.fails
    findings = check_text(
        example.text, example.filename, select=(rule.code,), git_tracked=True, today=TODAY
    )
    assert rule.code in {f.code for f in findings}, example.text


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_passing_example_is_clean(rule: Rule) -> None:
    example = rule.docs.passes
    findings = check_text(example.text, example.filename, git_tracked=True, today=TODAY)
    assert [f for f in findings if f.code == rule.code] == [], example.text


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_passing_example_is_clean_under_every_rule(rule: Rule) -> None:
    """A documented correct configuration should not trip any other rule either."""
    example = rule.docs.passes
    findings = check_text(example.text, example.filename, git_tracked=True, today=TODAY)
    assert [f"{f.code} {f.message}" for f in findings] == []
