"""Fix marks that keep their promise.

A rule states its fix in canonical terms and cannot know whether the file's syntax can say
it: a TOML table whose only word for implicit TLS is the ambiguous "tls", a flag written as
an environment placeholder, a default inside ``os.environ.get`` that only ``--unsafe-fixes``
may edit. Before a finding is reported, its file's source is asked for the edits: a fix is
shown as safe (``[*]``) only when the source writes it without ``--unsafe-fixes``, as unsafe
when it, or one of its alternatives, is written only with them, and as advice otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from smtplint.model import (
    Applicability,
    Change,
    Document,
    Edit,
    Finding,
    SmtpConfig,
    Unfixable,
)
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
    if fix.applicability is Applicability.SAFE and _writes(source, document, config, [fix.changes]):
        return finding
    if _writes(source, document, config, fix.change_sets, unsafe=True):
        applicability = Applicability.UNSAFE
    else:
        applicability = Applicability.DISPLAY_ONLY
    return finding.with_fix_marked(applicability)


def writable_edits(
    source: Source,
    document: Document,
    config: SmtpConfig,
    change_sets: Iterable[tuple[Change, ...]],
    *,
    unsafe: bool,
) -> list[Edit]:
    """The source's edits for the first change set it can write; when it can write none,
    raises Unfixable saying why it cannot write the first."""
    refusal: Unfixable | None = None
    for changes in change_sets:
        if not changes:
            continue
        try:
            return source.edits(document, config, changes, unsafe=unsafe)
        except Unfixable as why:
            refusal = refusal or why
    raise refusal or Unfixable("there is nothing to change automatically")


def _writes(
    source: Source,
    document: Document,
    config: SmtpConfig,
    change_sets: Iterable[tuple[Change, ...]],
    *,
    unsafe: bool = False,
) -> bool:
    try:
        writable_edits(source, document, config, change_sets, unsafe=unsafe)
    except (Unfixable, OSError):  # OSError: a file the edit would touch cannot be read
        return False
    return True
