"""Rules, one module per family. Importing this package registers every rule."""

from __future__ import annotations

from smtplint.rules import auth, file, host, hygiene, network, secrets, sender, transport
from smtplint.rules.base import REGISTRY, Report, Rule, RuleContext

__all__ = ["REGISTRY", "Report", "Rule", "RuleContext", "all_rules", "get_rule"]

_FAMILIES = (file, transport, host, auth, sender, secrets, hygiene, network)


def all_rules() -> list[Rule]:
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def get_rule(code: str) -> Rule | None:
    return REGISTRY.get(code.upper())
