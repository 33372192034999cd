"""SL5xx: secrets — passwords written into shared files, and credentials inside URLs."""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.model import Applicability, Fix, Secret, Setting, Severity, SmtpConfig
from smtplint.rules._examples import edited
from smtplint.rules._secret_shapes import (
    is_placeholder,
    literal_secret,
    percent_encodings,
    quoted_characters,
)
from smtplint.rules.base import Example, FileFacts, Report, RuleContext, RuleDocs, rule

# A template as it should be committed: the password is a stand-in.
_ACME_TEMPLATE = (
    "SMTP_HOST=smtp.acme-corp.io\nSMTP_PORT=465\nSMTP_SECURE=true\n"
    "SMTP_USER=billing@acme-corp.io\nSMTP_PASS=your-password\n"
    "SMTP_FROM=billing@acme-corp.io\n"
)


def _move_it(file: FileFacts) -> Fix:
    if file.git_tracked:
        then = "it is in git history, so rotate it"
    else:
        then = "leave a stand-in such as <password> in the template, and rotate it if it was shared"
    return Fix(
        Applicability.DISPLAY_ONLY,
        (),
        f"move the password to the environment or a secret store and reference it; {then}",
    )


def _real_literal_password(setting: Setting[Secret] | None) -> bool:
    """A password written in the file that is not empty or a template stand-in."""
    text = literal_secret(setting)
    return text is not None and not is_placeholder(text)


def _from_url(config: SmtpConfig) -> bool:
    return (
        config.url is not None
        and config.password is not None
        and config.password.key == config.url.key
    )


def _where(file: FileFacts) -> str | None:
    """How the file is shared, or None when it is private to the machine."""
    if file.is_template:
        return f"the template {file.path.name}, which is meant to be committed and shared"
    if file.git_tracked:
        return "a file git tracks"
    return None


# --- SL501 ---------------------------------------------------------------------------------


@rule(
    "SL501",
    "plaintext-password",
    Severity.ERROR,
    "A real password is written in a file that git tracks or in a template",
    RuleDocs(
        what=(
            "Reports a password written as a literal value (not an environment reference, not "
            "empty, not a stand-in such as 'changeme' or '<password>') in a file git tracks "
            "(error) or in a template such as .env.example (warning, tracked or not). An "
            "untracked local .env is fine. Passwords for local development relays are ignored."
        ),
        why=(
            "Everyone who can read the repository, its forks and its history can send mail as "
            "the account. Leaked SMTP credentials are abused for spam, and once the provider "
            "locks the account the application's own mail is refused too."
        ),
        fix=(
            "Move the password to the environment or a secret store and reference it; because "
            "it stays in git history, rotate it (create a new app password or key)."
        ),
        fails=Example(
            edited(_ACME_TEMPLATE, SMTP_PASS="Tr0ub4dor-and-3"), filename=".env.example"
        ),
        passes=Example(_ACME_TEMPLATE, filename=".env.example"),
    ),
    smtp_only=False,
)
def plaintext_password(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    password = config.password
    where = _where(ctx.file)
    if (
        where is None
        or password is None
        or not _real_literal_password(password)
        or _from_url(config)
        or ctx.on_local_host
    ):
        return
    yield Report(
        f"{password.key} holds a literal password in {where}: anyone who can read it can send "
        "mail as this account",
        at=password,
        fix=_move_it(ctx.file),
        severity=Severity.WARNING if ctx.file.is_template else None,
    )


# --- SL502 ---------------------------------------------------------------------------------


@rule(
    "SL502",
    "credentials-in-url",
    Severity.ERROR,
    "Credentials inside an SMTP URL are leaked or not percent-encoded",
    RuleDocs(
        what=(
            "Reports each username or password inside an SMTP URL (EMAIL_URL, MAIL_URL, "
            "SMTP_URL, a DSN) that contains reserved characters not written as %XX (error), "
            "and a literal password inside such a URL in a file git tracks or in a template "
            "(warning). Messages name the characters, never the secret."
        ),
        why=(
            "An unencoded '@', '/', ':', '?' or '#' moves where the parser thinks the host or "
            "the port starts: Node fails with 'getaddrinfo ENOTFOUND <part of the user>' or "
            "'URIError: URI malformed', Python with \"invalid literal for int() with base 10\"."
        ),
        fix=(
            "Percent-encode the username and the password ('/' as %2F, '@' as %40, ':' as %3A, "
            "'%' as %25), or move them out of the URL into separate settings read from the "
            "environment."
        ),
        fails=Example(
            "EMAIL_URL=smtp+ssl://billing@acme-corp.io:Ab/cd-ef@smtp.acme-corp.io:465\n"
            "DEFAULT_FROM_EMAIL=billing@acme-corp.io\nEMAIL_TIMEOUT=10\n"
        ),
        passes=Example(
            "EMAIL_URL=smtp+ssl://smtp.acme-corp.io:465\nEMAIL_HOST_USER=billing@acme-corp.io\n"
            "EMAIL_HOST_PASSWORD=${SMTP_PASSWORD}\n"
            "DEFAULT_FROM_EMAIL=billing@acme-corp.io\nEMAIL_TIMEOUT=10\n"
        ),
    ),
    smtp_only=False,
)
def credentials_in_url(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    for problem in config.url_problems:
        yield Report(
            f"the {problem.part} in {problem.setting.key} contains "
            f"{quoted_characters(problem.characters)} not percent-encoded, so the URL is split "
            'in the wrong place ("getaddrinfo ENOTFOUND", "invalid literal for int()")',
            at=problem.setting,
            fix=Fix(
                Applicability.DISPLAY_ONLY,
                (),
                f"percent-encode the {problem.part}: write {percent_encodings(problem.characters)}",
            ),
        )
    where = _where(ctx.file)
    if (
        where is None
        or config.url is None
        or not _from_url(config)
        or not _real_literal_password(config.password)
        or ctx.on_local_host
    ):
        return
    yield Report(
        f"{config.url.key} carries a literal password in {where}: anyone who can read it can "
        "send mail as this account",
        at=config.url,
        fix=_move_it(ctx.file),
        severity=Severity.WARNING,
    )
