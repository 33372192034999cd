"""SL0xx: problems with the file itself."""

from __future__ import annotations

from smtplint.model import Severity
from smtplint.rules.base import Example, RuleDocs, no_reports, rule

rule(
    "SL001",
    "parse-error",
    Severity.ERROR,
    "The file cannot be parsed",
    RuleDocs(
        what=(
            "Reports a file, or a line of it, that smtplint cannot parse. The rest of the "
            "file is still checked where the format allows it."
        ),
        why=(
            "If smtplint cannot read the line, neither can the library that loads it: "
            "python-dotenv skips the line with a warning, TOML loaders refuse the whole "
            "file, and the settings on it silently fall back to defaults."
        ),
        fix="Correct the syntax at the reported line (an unclosed quote, a missing '=').",
        fails=Example('SMTP_HOST=smtp.gmail.com\nSMTP_PASS="unclosed\n'),
        passes=Example('SMTP_HOST=smtp.gmail.com\nSMTP_PASS="closed"\n'),
    ),
    file_level=True,
)(no_reports)
