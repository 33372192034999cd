"""SL6xx: hygiene — no timeout, values that mean different things to different readers, and
keys the reading library ignores."""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.model import (
    Ambiguity,
    Applicability,
    Change,
    Field,
    Fix,
    Secret,
    Severity,
    StartupError,
    StringFlag,
)
from smtplint.rules._examples import GMAIL_DJANGO_STARTTLS, edited
from smtplint.rules._ports import library_name
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
    if timeout is None or not timeout.is_default or timeout.value is not None or ctx.on_local_host:
        return
    message = (
        f"{timeout.quoted()}: the library waits forever, so a server that never answers "
        "freezes the request or worker"
    )
    if library_name(config) == "Flask-Mail":
        # Flask-Mail reads no timeout at all: adding MAIL_TIMEOUT would change nothing.
        yield Report(
            f"{message}; Flask-Mail has no timeout setting",
            at=timeout,
            fix=Fix(
                Applicability.DISPLAY_ONLY,
                (),
                "switch to Flask-Mailman and set MAIL_TIMEOUT, or call "
                "socket.setdefaulttimeout() at start-up",
            ),
        )
        return
    yield Report(
        message,
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


# --- SL602 ---------------------------------------------------------------------------------

# Django settings for Gmail with STARTTLS, in Python; the flags line is what the examples vary.
_GMAIL_SETTINGS_PY = (
    "import os\n"
    "\n"
    'EMAIL_HOST = "smtp.gmail.com"\n'
    "EMAIL_PORT = 587\n"
    "EMAIL_USE_TLS = True\n"
    "{flag}\n"
    'EMAIL_HOST_USER = "jane.doe@gmail.com"\n'
    'EMAIL_HOST_PASSWORD = os.environ.get("GMAIL_APP_PASSWORD", "")\n'
    'DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"\n'
    "EMAIL_TIMEOUT = 10\n"
)


def _settings_py(flag: str) -> str:
    return _GMAIL_SETTINGS_PY.format(flag=flag)


@rule(
    "SL602",
    "string-boolean",
    Severity.ERROR,
    'A TLS/SSL flag is a string from the environment, so "False" switches it on',
    RuleDocs(
        what=(
            "Reports a TLS/SSL flag (EMAIL_USE_TLS, EMAIL_USE_SSL, MAIL_USE_TLS, MAIL_USE_SSL) "
            "assigned text read from the environment with no cast to a boolean: "
            'os.environ.get("EMAIL_USE_SSL", False), bool(os.getenv("MAIL_USE_TLS")), '
            'env("EMAIL_USE_TLS"), config("EMAIL_USE_TLS") without cast=bool.'
        ),
        why=(
            'The environment holds text, and every non-empty string is true, "False" and '
            '"0" included: the flag is on whatever the variable says. An SSL flag forced on '
            'port 587 fails with "[SSL: WRONG_VERSION_NUMBER] wrong version number"; a TLS '
            "flag forced on a plain relay (or after an SSL socket) fails with "
            '"smtplib.SMTPNotSupportedError: STARTTLS extension not supported by server."'
        ),
        fix=(
            'Cast the text: env.bool("EMAIL_USE_SSL", default=False) with django-environ, '
            'config("EMAIL_USE_SSL", default=False, cast=bool) with python-decouple, or '
            'os.environ.get("EMAIL_USE_SSL", "False") == "True" with the standard library.'
        ),
        fails=Example(
            _settings_py('EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", False)'),
            filename="settings.py",
        ),
        passes=Example(
            _settings_py('EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "False") == "True"'),
            filename="settings.py",
        ),
    ),
)
def string_boolean(ctx: RuleContext) -> Iterator[Report]:
    for flag in ctx.config.string_flags:
        key = flag.setting.key
        yield Report(
            f"{key} = {flag.expression}: text from the environment used as a boolean, so "
            '"False" (any non-empty text) switches the flag on',
            at=flag.setting,
            fix=Fix(Applicability.DISPLAY_ONLY, (), _cast_advice(flag)),
        )


def _cast_advice(flag: StringFlag) -> str:
    """How to cast in the idiom the expression already uses."""
    variable = flag.setting.origin.reference or flag.setting.key
    expression = flag.expression.replace(" ", "")
    if expression.startswith(("env(", "env.str(", "bool(env(", "bool(env.str(")):
        cast = f'env.bool("{variable}", default=False)'
    elif expression.startswith(("config(", "bool(config(")):
        cast = f'config("{variable}", default=False, cast=bool)'
    else:
        cast = f'os.environ.get("{variable}", "False") == "True"'
    return f"cast the text to a boolean: {flag.setting.key} = {cast}"


# --- SL605 ---------------------------------------------------------------------------------

_MAILERS_PY = (
    "MAILERS = {\n"
    '    "default": {\n'
    '        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",\n'
    '        "OPTIONS": {\n'
    '            "host": "smtp.gmail.com",\n'
    '            "port": 465,\n'
    '            "use_ssl": True,\n'
    '            "username": "jane.doe@gmail.com",\n'
    '            "password": os.environ.get("GMAIL_APP_PASSWORD", ""),\n'
    '            "timeout": 10,\n'
    "        },\n"
    "    },\n"
    "}\n"
)


@rule(
    "SL605",
    "rejected-at-startup",
    Severity.ERROR,
    "The library refuses this configuration when the application starts",
    RuleDocs(
        what=(
            "Reports settings that the reading library rejects as soon as the application "
            "starts, quoting its message: Django 6.1's MAILERS defined beside a deprecated "
            "EMAIL_* setting, a MAILERS alias whose OPTIONS lack 'host', or both 'use_ssl' "
            "and 'use_tls' in one alias's OPTIONS."
        ),
        why=(
            "The application does not start: Django raises the error "
            '"django.core.exceptions.ImproperlyConfigured: Deprecated email settings are not '
            'allowed when MAILERS is defined: EMAIL_HOST, EMAIL_PORT." when it loads the '
            "settings, and InvalidMailer (\"MAILERS['default']: OPTIONS must define 'host'.\") "
            "for a broken alias, as soon as it is used."
        ),
        fix=(
            "Do what the message asks: move the deprecated EMAIL_* values into the alias's "
            "OPTIONS (EMAIL_HOST becomes host, EMAIL_HOST_USER username, EMAIL_USE_TLS "
            "use_tls…) and delete them, give every SMTP alias a host, set at most one of "
            "use_ssl and use_tls."
        ),
        fails=Example(
            "import os\n\n"
            + _MAILERS_PY
            + 'EMAIL_HOST = "smtp.gmail.com"\n'
            + "EMAIL_PORT = 465\n"
            + 'DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"\n',
            filename="settings.py",
        ),
        passes=Example(
            "import os\n\n" + _MAILERS_PY + 'DEFAULT_FROM_EMAIL = "jane.doe@gmail.com"\n',
            filename="settings.py",
        ),
    ),
    smtp_only=False,
)
def rejected_at_startup(ctx: RuleContext) -> Iterator[Report]:
    for error in ctx.config.startup_errors:
        yield Report(
            f"the application will not start: {error.message}",
            span=error.span,
            fix=Fix(Applicability.DISPLAY_ONLY, (), _startup_advice(error)),
        )


def _startup_advice(error: StartupError) -> str:
    """What the library's message asks for, for Django's known start-up errors."""
    keys = [key for key in error.keys if key != "MAILERS"]
    listed = ", ".join(keys)
    if "MAILERS is defined" in error.message:
        them = "it" if len(keys) == 1 else "them"
        return f"move {listed} into the OPTIONS of a MAILERS alias and remove {them}"
    if "must define 'host'" in error.message:
        return f"add a 'host' to the OPTIONS of {listed}"
    if "are incompatible" in error.message:
        return (
            f"keep one of {listed}: use_ssl for implicit TLS (port 465), use_tls for STARTTLS "
            "(port 587)"
        )
    if listed:
        return f"change {listed} as the message asks"
    return "change the settings the message names"
