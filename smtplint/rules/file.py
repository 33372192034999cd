"""SL0xx: problems with the file itself."""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.model import Secret, Setting, Severity, SmtpConfig, Span, ValueKind
from smtplint.rules._examples import GMAIL_IMPLICIT_TLS, THUNDERBIRD_GMAIL, edited
from smtplint.rules.base import Example, Report, RuleContext, RuleDocs, no_reports, rule

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
            'python-dotenv logs "python-dotenv could not parse statement starting at line '
            'N" and skips it, TOML loaders refuse the whole file with a decode error, and '
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


# --- SL002 ---------------------------------------------------------------------------------

_ACME_NODEMAILER = (
    "SMTP_HOST=smtp.${MAIL_DOMAIN}\n"
    "SMTP_PORT=465\n"
    "SMTP_SECURE=true\n"
    "SMTP_USER=alerts@acme-corp.io\n"
    "SMTP_PASS=${SMTP_PASSWORD}\n"
    "SMTP_FROM=alerts@acme-corp.io\n"
)


@rule(
    "SL002",
    "unresolved-value",
    Severity.INFO,
    "A value is only known at run time, so it is not checked",
    RuleDocs(
        what=(
            "Reports a setting whose value smtplint cannot know without running the "
            "application: an environment lookup with no default in Python settings "
            '(os.environ["EMAIL_HOST"], env("EMAIL_PORT")), or text built from a '
            "variable the file does not define (SMTP_HOST=smtp.${MAIL_DOMAIN}). A password "
            "taken whole from one variable (SMTP_PASS=${SMTP_PASSWORD}, "
            'EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]) is the normal way to '
            "keep secrets out of files and is not reported."
        ),
        why=(
            "The rules that need the value skip it, so a wrong host, port or flag there is "
            "only found when mail is sent, as the server's or the client's own error: "
            '"[SSL: WRONG_VERSION_NUMBER] wrong version number", "535 5.7.8 Username and '
            'Password not accepted", or a connection refused.'
        ),
        fix=(
            "Nothing is wrong with the file. To have the value checked, define the variable "
            "(in the same env file, or with --env-file for Python settings, which reads the "
            "environment the application runs with), or write the value itself."
        ),
        fails=Example(_ACME_NODEMAILER),
        passes=Example("MAIL_DOMAIN=acme-corp.io\n" + _ACME_NODEMAILER),
    ),
)
def unresolved_value(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    for setting in _unresolved_settings(config):
        yield Report(_unresolved_message(setting, config), at=setting)


def _unresolved_settings(config: SmtpConfig) -> list[Setting[object]]:
    """``config.unresolved``, then every field whose value is unresolved text, each once."""
    fields: tuple[Setting[object] | None, ...] = (
        config.url,
        config.host,
        config.port,
        config.security,
        *config.security_flags,
        config.auth,
        config.username,
        config.password,
        config.sender,
        config.timeout,
        config.verify_tls,
    )
    found: list[Setting[object]] = list(config.unresolved)
    found += [s for s in fields if s is not None and s.kind is ValueKind.UNRESOLVED]
    unique: dict[tuple[str, Span | None], Setting[object]] = {}
    for setting in found:
        unique.setdefault((setting.key, setting.origin.span), setting)
    return list(unique.values())


def _unresolved_message(setting: Setting[object], config: SmtpConfig) -> str:
    # A password's text is never shown, not even the known part of an expression.
    is_password = isinstance(setting.value, Secret) or (
        config.password is not None and config.password.origin == setting.origin
    )
    shown = setting.key if is_password or setting.raw is None else setting.quoted()
    variable = setting.origin.reference
    if variable:
        return f"{shown}: depends on {variable}, only known at run time; not checked"
    return f"{shown}: the value is only known at run time; not checked"


@rule(
    "SL003",
    "profile-in-use",
    Severity.INFO,
    "The application that owns the file may be running and may overwrite it",
    RuleDocs(
        what=(
            "Reports a Thunderbird profile whose lock file (.parentlock, parent.lock or lock) "
            "is present: Thunderbird may be running with this profile."
        ),
        why=(
            "Thunderbird keeps its preferences in memory and rewrites prefs.js when it exits: "
            "an edit made while it runs is silently lost, and the send keeps failing with the "
            "same error dialog. On Unix a stale .parentlock can outlive a clean exit, so the "
            "profile may also just have been closed."
        ),
        fix=(
            "Close Thunderbird before editing prefs.js, or put the corrected preference in "
            "user.js, which Thunderbird applies over prefs.js at every start."
        ),
        fails=Example(THUNDERBIRD_GMAIL, "prefs.js", beside=(".parentlock",)),
        passes=Example(THUNDERBIRD_GMAIL, "prefs.js"),
    ),
    smtp_only=False,
)
def profile_in_use(ctx: RuleContext) -> Iterator[Report]:
    lock = ctx.config.in_use_by
    if lock is None:
        return
    # One report per file: every server of the profile shares this span and message.
    yield Report(
        f"{lock} is present: Thunderbird may be running and would overwrite changes to this "
        "file when it exits",
        span=Span.point(1),
    )


# A transposed code (SL120 for SL102) suppresses nothing under any --select.
_TRANSPOSED_CODE = "# smtplint: ignore[SL120]"
_STARTTLS_ON_465 = "# smtplint: ignore[SL102]"

rule(
    "SL004",
    "unused-suppression",
    Severity.WARNING,
    "A suppression comment suppresses nothing or names an unknown rule code",
    RuleDocs(
        what=(
            "Reports a `# smtplint: ignore[...]` comment (`//` also in prefs.js and user.js) "
            "when nothing it covers is reported, and a code in it that is not a rule code. A "
            "code whose rule is not selected (--select, --ignore) is not reported, since a run "
            "that selects the rule may need it; a bare `ignore` is reported only when every "
            "rule runs. A comment that names SL004 itself is left alone."
        ),
        why=(
            "A stale suppression stays in the file after the setting it excused was corrected "
            "or moved, and silently hides the next mistake on that line: a wrong port or TLS "
            'flag there reaches production as "[SSL: WRONG_VERSION_NUMBER] wrong version '
            'number" or a connection that hangs. A misspelt code suppresses nothing at all.'
        ),
        fix=(
            "Remove the comment, or the unused codes from it; correct a misspelt code "
            "(`smtplint rules` lists them). `smtplint fix` does the removal (a safe fix)."
        ),
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_SECURE=f"true  {_TRANSPOSED_CODE}")),
        passes=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_SECURE=f"false  {_STARTTLS_ON_465}")),
    ),
    fixable=True,
    file_level=True,
)(no_reports)
