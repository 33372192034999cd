"""SL6xx: hygiene — no timeout, values that mean different things to different readers, and
keys the reading library ignores."""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.model import Ambiguity, Applicability, Change, Field, Fix, Secret, Severity
from smtplint.rules._examples import GMAIL_DJANGO_STARTTLS, edited
from smtplint.rules._secret_shapes import redact_url
from smtplint.rules.base import Example, Report, RuleContext, RuleDocs, rule

DEFAULT_TIMEOUT_SECONDS = 10

_ACME_URL = (
    "EMAIL_URL=smtp+ssl://smtp.acme-corp.io:465\n"
    "DEFAULT_FROM_EMAIL=billing@acme-corp.io\nEMAIL_TIMEOUT=10\n"
)

# --- SL601 ---------------------------------------------------------------------------------


@rule(
    "SL601",
    "no-timeout",
    Severity.WARNING,
    "No timeout is set and the library waits forever",
    RuleDocs(
        what=(
            "Reports an SMTP configuration that leaves the timeout at a library default of "
            "'wait forever': Django EMAIL_TIMEOUT, Flask-Mailman MAIL_TIMEOUT, Flask-Mail (no "
            "timeout setting at all). Not reported for local development relays."
        ),
        why=(
            "With no timeout, a server that accepts the connection and never answers (a "
            "STARTTLS client on the implicit-TLS port 465, a firewall that drops port 25) "
            "blocks the request or worker until the operating system gives up, minutes to "
            "hours later; the user sees a page that never loads, not an error."
        ),
        fix=(
            f"Set a timeout, e.g. EMAIL_TIMEOUT={DEFAULT_TIMEOUT_SECONDS}. Offered as an "
            "unsafe fix: it changes how a slow server fails."
        ),
        fails=Example(edited(GMAIL_DJANGO_STARTTLS, EMAIL_TIMEOUT=None)),
        passes=Example(GMAIL_DJANGO_STARTTLS),
    ),
    fixable=True,
)
def no_timeout(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    timeout = config.timeout
    if (
        timeout is None
        or not timeout.is_default
        or timeout.value is not None
        or ctx.on_local_host
    ):
        return
    yield Report(
        f"{timeout.quoted()}: the library waits forever, so a server that never answers "
        "freezes the request or worker",
        at=timeout,
        fix=Fix(
            Applicability.UNSAFE,
            (Change(Field.TIMEOUT, DEFAULT_TIMEOUT_SECONDS),),
            f"set a timeout of {DEFAULT_TIMEOUT_SECONDS} seconds",
        ),
    )


# --- SL603 ---------------------------------------------------------------------------------


@rule(
    "SL603",
    "ambiguous-url-scheme",
    Severity.WARNING,
    "A value means different things to different libraries",
    RuleDocs(
        what=(
            "Reports a value whose meaning depends on the library that reads it, naming the "
            "reading smtplint applied and the others. The common case is EMAIL_URL=smtps://…: "
            "django-environ and dj-email-url turn it into STARTTLS (EMAIL_USE_TLS), while "
            "Nodemailer, Symfony/Laravel, curl and mutt use implicit TLS."
        ),
        why=(
            "Copying such a URL between stacks silently flips the TLS mode: STARTTLS on port "
            "465 hangs until 'SMTPServerDisconnected: Connection unexpectedly closed' or "
            "'Greeting never received'; implicit TLS on 587 fails with "
            "'[SSL: WRONG_VERSION_NUMBER] wrong version number'."
        ),
        fix=(
            "Write the form only one reading allows: under django-environ smtp+ssl:// for "
            "implicit TLS (port 465) and smtp+tls:// for STARTTLS (port 587)."
        ),
        fails=Example(edited(_ACME_URL, EMAIL_URL="smtps://smtp.acme-corp.io:465")),
        passes=Example(_ACME_URL),
    ),
)
def ambiguous_url_scheme(ctx: RuleContext) -> Iterator[Report]:
    for ambiguity in ctx.config.ambiguities:
        yield Report(
            _ambiguity_message(ambiguity),
            at=ambiguity.setting,
            fix=Fix(Applicability.DISPLAY_ONLY, (), _unambiguous_form(ambiguity)),
        )


def _shown_value(ambiguity: Ambiguity) -> str:
    setting = ambiguity.setting
    if isinstance(setting.value, Secret):
        return "********"
    text = setting.raw if setting.raw is not None else str(setting.value)
    return redact_url(text)


def _ambiguity_message(ambiguity: Ambiguity) -> str:
    """``KEY=value means A to x (the reading used here) and y, but B to z``."""
    by_meaning: dict[str, list[str]] = {}
    for library, meaning in ambiguity.readings:
        by_meaning.setdefault(meaning, []).append(library)
    used = dict(ambiguity.readings).get(ambiguity.chosen)
    if used is None:
        head = f"is read by {ambiguity.chosen} (the reading used here)"
    else:
        agreeing = [lib for lib in by_meaning.pop(used) if lib != ambiguity.chosen]
        head = (
            f"means {used} to {_joined([f'{ambiguity.chosen} (the reading used here)', *agreeing])}"
        )
    others = [f"{meaning} to {_joined(libraries)}" for meaning, libraries in by_meaning.items()]
    text = f"{ambiguity.setting.key}={_shown_value(ambiguity)} {head}"
    if others:
        text += f", but {'; '.join(others)}"
    if ambiguity.setting.key not in ambiguity.reason:  # a reason that is not a restatement
        text += f": {ambiguity.reason}"
    return text


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _unambiguous_form(ambiguity: Ambiguity) -> str:
    text = (ambiguity.setting.raw or "").strip().lower()
    if text.startswith("smtps://"):
        return (
            "write smtp+ssl:// for implicit TLS (port 465) or smtp+tls:// for STARTTLS "
            "(port 587), which django-environ and dj-email-url read one way only"
        )
    return (
        f"write {ambiguity.setting.key} in a form that {ambiguity.chosen} and every other "
        "reader agree on"
    )


# --- SL604 ---------------------------------------------------------------------------------


@rule(
    "SL604",
    "ignored-key",
    Severity.WARNING,
    "A key in the mail settings is not read by the library",
    RuleDocs(
        what=(
            "Reports a key in the SMTP namespace that the reading library does not read: a "
            "misspelling (EMAIL_USE_TSL), a key from another library (MAIL_HOST for "
            "Flask-Mail, which reads MAIL_SERVER) or a retired one (MAIL_ENCRYPTION, ignored "
            "by Laravel 11.35 and later, which reads MAIL_SCHEME)."
        ),
        why=(
            "Nothing fails at start-up: the library uses its default instead, and the mail "
            "then fails with the default's error, e.g. no STARTTLS and '530 5.7.0 Must issue "
            "a STARTTLS command first', or the default port with '[SSL: WRONG_VERSION_NUMBER] "
            "wrong version number'."
        ),
        fix="Rename the key to the one the library reads, or remove it.",
        fails=Example(
            "EMAIL_HOST=smtp.gmail.com\nEMAIL_PORT=587\nEMAIL_USE_TSL=True\n"
            "EMAIL_HOST_USER=jane.doe@gmail.com\nEMAIL_HOST_PASSWORD=${GMAIL_APP_PASSWORD}\n"
        ),
        passes=Example(GMAIL_DJANGO_STARTTLS),
    ),
)
def ignored_key(ctx: RuleContext) -> Iterator[Report]:
    for ignored in ctx.config.ignored_keys:
        text = ignored.reason
        if ignored.key not in text:
            text = f"{ignored.key}: {text}"
        if ignored.replacement and ignored.replacement not in text:
            text += f" (did you mean {ignored.replacement}?)"
        action = (
            f"rename {ignored.key} to {ignored.replacement}"
            if ignored.replacement
            else f"remove {ignored.key}"
        )
        yield Report(
            text,
            span=ignored.span,
            fix=Fix(Applicability.DISPLAY_ONLY, (), action),
        )
