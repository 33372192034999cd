"""Fix marks that keep their promise.

A rule states its fix in canonical terms and cannot know whether the file's syntax can say
it: a TOML table whose only word for implicit TLS is the ambiguous "tls", a flag written as
an environment placeholder, a default inside ``os.environ.get`` that only ``--unsafe-fixes``
may edit. Before a finding is reported, its file's source is asked for the edits: a fix is
shown as safe (``[*]``) only when the source writes it without ``--unsafe-fixes``, as unsafe
when it, or one of its alternatives, is written only with them, and as advice otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from smtplint.model import Applicability, Change, Document, Finding, SmtpConfig, Unfixable
from smtplint.sources import Source


def with_writable_marks(
    document: Document,
    findings: list[Finding],
    source: Source,
    config_of: Callable[[Finding], SmtpConfig | None],
) -> list[Finding]:
    """``findings`` with each fix's applicability lowered to what ``source`` can write."""
    return [_settled(document, finding, source, config_of) for finding in findings]


def _settled(
    document: Document,
    finding: Finding,
    source: Source,
    config_of: Callable[[Finding], SmtpConfig | None],
) -> Finding:
    fix = finding.fix
    if fix is None or fix.edits or fix.applicability is Applicability.DISPLAY_ONLY:
        return finding  # advice only, or exact text edits that need no source
    config = config_of(finding)
    if config is None:
        return finding
    if fix.applicability is Applicability.SAFE and _writes(source, document, config, fix.changes):
        return finding
    if any(_writes(source, document, config, c, unsafe=True) for c in fix.change_sets):
        applicability = Applicability.UNSAFE
    else:
        applicability = Applicability.DISPLAY_ONLY
    if applicability is fix.applicability:
        return finding
    return replace(finding, fix=replace(fix, applicability=applicability))


def _writes(
    source: Source,
    document: Document,
    config: SmtpConfig,
    changes: tuple[Change, ...],
    *,
    unsafe: bool = False,
) -> bool:
    if not changes:
        return False
    try:
        source.edits(document, config, changes, unsafe=unsafe)
    except (Unfixable, OSError):  # OSError: a file the edit would touch cannot be read
        return False
    return True
