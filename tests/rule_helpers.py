"""Assertions and example readers shared by the rule tests (tests/test_rules_*.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smtplint.model import (
    Applicability,
    Change,
    Finding,
    Fix,
    Secret,
    Security,
    Setting,
    SmtpConfig,
    ValueKind,
)
from smtplint.profiles import ProfileIndex
from smtplint.rules import get_rule
from smtplint.rules.base import Example, RuleDocs
from tests.builders import codes, config, default, lint, setting

PROFILE_FIXTURES = Path(__file__).parent / "data" / "profiles"
TRANSPORT_HOST_PROFILES = PROFILE_FIXTURES / "transport_host"
AUTH_SENDER_PROFILES = PROFILE_FIXTURES / "auth_sender"
ACCOUNT_PASSWORD = "Tr0ub4dor&3-secret"  # an account password, not an app password or key


def only(findings: list[Finding], code: str) -> Finding:
    """The one finding, asserting that there is exactly one and that it is ``code``'s."""
    assert codes(findings) == [code], [f.message for f in findings]
    return findings[0]


def reported(cfg: SmtpConfig, code: str, **options: Any) -> Finding:
    """The one finding of rule ``code``, run alone on ``cfg`` (options as for ``lint``)."""
    return only(lint(cfg, select=(code,), **options), code)


def assert_quiet(cfg: SmtpConfig, *select: str, **options: Any) -> None:
    """The selected rules (codes or prefixes such as ``SL1``) report nothing on ``cfg``."""
    findings = lint(cfg, select=select, **options)
    assert findings == [], [f"{f.code} {f.message}" for f in findings]


def fix_of(
    finding: Finding,
    applicability: Applicability | None = None,
    changes: tuple[Change, ...] | None = None,
) -> Fix:
    """The finding's fix, asserting its applicability and changes when they are given."""
    assert finding.fix is not None, finding.message
    if applicability is not None:
        assert finding.fix.applicability is applicability
    if changes is not None:
        assert finding.fix.changes == changes
    return finding.fix


def line_of(cfg: SmtpConfig, field: str) -> int:
    """The line of the setting behind a config field."""
    found = getattr(cfg, field)
    assert found is not None and found.origin.span is not None
    line: int = found.origin.span.line
    return line


def assert_no_leak(findings: list[Finding], *secrets: str) -> None:
    """No message or fix description shows any of ``secrets``."""
    for finding in findings:
        shown = finding.message + (finding.fix.description if finding.fix else "")
        for secret in secrets:
            assert secret not in shown


def docs_of(code: str) -> RuleDocs:
    found = get_rule(code)
    assert found is not None, code
    return found.docs


# --- documented examples as an env reader sees them ------------------------------------------


@dataclass(frozen=True)
class Default:
    """A setting the example does not write: the reading library's default applies."""

    key: str
    value: object
    raw: str


SECRET = Secret("")  # marks the password field: its raw text becomes the Secret


def example_config(
    example: Example,
    family: str,
    *,
    flags: tuple[tuple[str, Security], ...] = (),
    **fields: tuple[str, object] | Default,
) -> SmtpConfig:
    """The canonical config an env reader makes of ``example``.

    Each field names the key it comes from and its canonical value; the key's line and raw
    text are taken from the example, so a key the example does not write fails here.
    ``Default`` fields must not appear in the example. ``flags`` are the security keys, in
    order, when there is more than one.
    """
    lines = example.text.splitlines()

    def written(key: str, value: object) -> Setting[object]:
        number, raw = next(
            (i, line.split("=", 1)[1])
            for i, line in enumerate(lines, 1)
            if line.startswith(key + "=")
        )
        if raw.startswith("${") and raw.endswith("}"):
            return setting(key, None, line=number, kind=ValueKind.REFERENCE, raw="********",
                           reference=raw[2:-1])
        if isinstance(value, Secret):
            return setting(key, Secret(raw), line=number)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            assert raw == str(value), (key, raw, value)
        return setting(key, value, line=number, raw=raw)

    built: dict[str, object] = {}
    for name, spec in fields.items():
        if isinstance(spec, Default):
            assert not any(line.startswith(spec.key + "=") for line in lines), spec.key
            built[name] = default(spec.key, spec.value, spec.raw)
        else:
            built[name] = written(*spec)
    if flags:
        built["security_flags"] = tuple(written(key, mode) for key, mode in flags)
    elif "security" in built:
        built["security_flags"] = (built["security"],)
    return config(family=family).with_changes(**built)


def documented_failure(
    code: str,
    family: str,
    profiles: ProfileIndex,
    *,
    select: tuple[str, ...] = (),
    **fields: tuple[str, object] | Default,
) -> Finding:
    """The one finding on rule ``code``'s documented failing example, read as ``family``'s
    env reader reads it (see ``example_config``), with the rules ``select`` names (by
    default the rule alone) run."""
    failing = example_config(docs_of(code).fails, family, **fields)
    return only(lint(failing, select=select or (code,), profiles=profiles), code)
