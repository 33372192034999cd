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
            "python-dotenv logs \"python-dotenv could not parse statement starting at line "
            "N\" and skips it, TOML loaders refuse the whole file with a decode error, and "
            "the settings on it silently fall back to defaults."
        ),
        fix="Correct the syntax at the reported line (an unclosed quote, a missing '=').",
        fails=Example(
            "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=true\n"
            'SMTP_USER=alerts@gmail.com\nSMTP_PASS="${GMAIL_APP_PASSWORD}\n'
            "SMTP_FROM=alerts@gmail.com\n"
        ),
        passes=Example(
            "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=465\nSMTP_SECURE=true\n"
            'SMTP_USER=alerts@gmail.com\nSMTP_PASS="${GMAIL_APP_PASSWORD}"\n'
            "SMTP_FROM=alerts@gmail.com\n"
        ),
    ),
    file_level=True,
)(no_reports)
