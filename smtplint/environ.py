"""Checking the SMTP settings a process environment holds (``smtplint check --environ``).

A CI job can validate the variables and secrets a deploy will use without writing them to a
file. The mail-related variables are laid out as an env file in memory, one per line and
sorted, and read by the env-file source, so the same key families and readings apply.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from smtplint.model import Applicability, Document

if TYPE_CHECKING:
    from smtplint.api import CheckResult

ENVIRONMENT_PATH = Path("$environment")

# Variables any env-file family may read: SMTP_*, MAIL_*, EMAIL_*, prefixed ones such as
# SENTRY_EMAIL_HOST, and Django's sender settings.
_MAIL_VARIABLE = re.compile(
    r"(^|_)(SMTP|MAIL|EMAIL|MAILER)(_|$)|^(DEFAULT_FROM_EMAIL|SERVER_EMAIL)$"
)


def mail_variables(environment: Mapping[str, str]) -> dict[str, str]:
    return {
        key: value
        for key, value in sorted(environment.items())
        if _MAIL_VARIABLE.search(key) and "\n" not in key
    }


def as_env_text(variables: Mapping[str, str]) -> str:
    """The variables as env-file lines, double-quoted with python-dotenv's escapes."""
    lines = []
    for key, value in variables.items():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        lines.append(f'{key}="{escaped}"')
    return "".join(line + "\n" for line in lines)


def read_environment(environment: Mapping[str, str]) -> Document:
    from smtplint.sources import get_source

    text = as_env_text(mail_variables(environment))
    return get_source("env").read(ENVIRONMENT_PATH, text)


def check_environment(
    environment: Mapping[str, str],
    *,
    select: Sequence[str] = ("ALL",),
    ignore: Sequence[str] = (),
    profiles_dirs: Sequence[str | Path] = (),
    today: dt.date | None = None,
) -> CheckResult:
    """Check the mail settings held by ``environment`` (e.g. ``os.environ``)."""
    from smtplint.api import CheckResult, selection_of
    from smtplint.engine import lint_document
    from smtplint.profiles.index import load_index
    from smtplint.rules.base import FileFacts

    selection = selection_of(select, ignore)
    document = read_environment(environment)
    profiles = load_index([Path(d) for d in profiles_dirs])
    facts = FileFacts(ENVIRONMENT_PATH, git_tracked=None, is_template=False)
    findings = lint_document(document, profiles, facts, selection=selection, today=today)
    # `fix` writes files, and variables live in a deploy's settings: every fix is advice
    advice = [finding.with_fix_marked(Applicability.DISPLAY_ONLY) for finding in findings]
    return CheckResult(findings=advice, files_checked=1, configs_found=len(document.configs))
