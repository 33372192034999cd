"""One word for how the probe of a configuration ended, shared by the reports and the CLI."""

from __future__ import annotations

import enum

from smtplint.probe.outcome import ConfigProbe


class Verdict(str, enum.Enum):
    PASSED = "passed"  # reached MAIL FROM (and RCPT TO, when asked) cleanly
    FAILED = "failed"  # a step failed
    INCOMPLETE = "incomplete"  # nothing failed, but MAIL FROM was not reached (no sender)
    SKIPPED = "skipped"  # not probed: a value the file cannot know


def verdict_of(probe: ConfigProbe) -> Verdict:
    if not probe.probed:
        return Verdict.SKIPPED
    if probe.failed:
        return Verdict.FAILED
    return Verdict.PASSED if probe.passed else Verdict.INCOMPLETE
