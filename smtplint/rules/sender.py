"""SL4xx: the sender (From) address — missing, invalid, placeholder, or not allowed."""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.model import Applicability, Fix, Setting, Severity, SmtpConfig, ValueKind
from smtplint.rules._addresses import (
    address_problem,
    domain_of,
    is_mailgun_sandbox,
    parse_sender,
    placeholder_reason,
    same_address,
)
from smtplint.rules._examples import GMAIL_DJANGO_STARTTLS, GMAIL_IMPLICIT_TLS, edited
from smtplint.rules._ports import library_name
from smtplint.rules.base import Example, Report, RuleContext, RuleDocs, rule

# Families whose library refuses, or falls back to a placeholder, when no sender is configured,
# and the key that sets it.
_SENDER_KEYS = {
    "django": "DEFAULT_FROM_EMAIL",
    "flask": "MAIL_DEFAULT_SENDER",
    "laravel": "MAIL_FROM_ADDRESS",
}
# Families whose code usually passes the sender per message, so a missing key is only likely.
_SENDER_OFTEN_IN_CODE = frozenset({"generic", "nodemailer"})
_PYTHON_FAMILIES = frozenset({"django", "flask"})

_GMAIL_DJANGO_WITHOUT_SENDER = edited(GMAIL_DJANGO_STARTTLS, DEFAULT_FROM_EMAIL=None)
_ACME_SENDER = (
    'SMTP_HOST=smtp.acme-corp.io\nSMTP_PORT=465\nSMTP_SECURE=true\n'
    'SMTP_FROM="Acme Billing <billing@acme-corp.io>"\n'
)
_LARAVEL_GMAIL = (
    "MAIL_MAILER=smtp\nMAIL_SCHEME=smtps\nMAIL_HOST=smtp.gmail.com\nMAIL_PORT=465\n"
    "MAIL_USERNAME=jane.doe@gmail.com\nMAIL_PASSWORD=${GMAIL_APP_PASSWORD}\n"
    'MAIL_FROM_ADDRESS="jane.doe@gmail.com"\n'
)


# Text the file itself holds: a literal, or the fallback of an environment lookup.
_WRITTEN = (ValueKind.LITERAL, ValueKind.ENVIRONMENT)


def _literal(setting: Setting[str] | None) -> str | None:
    if setting is None or setting.kind not in _WRITTEN or not setting.value:
        return None
    return setting.value.strip() or None


def _literal_address(setting: Setting[str] | None) -> str | None:
    text = _literal(setting)
    return None if text is None else parse_sender(text).address


def _sender_key(config: SmtpConfig) -> str:
    key = _SENDER_KEYS.get(config.family)
    if key is not None:
        return key
    if config.name.endswith("_"):
        return f"{config.name}FROM"
    return "the sender"


def _without_sender(config: SmtpConfig) -> str:
    if config.family == "flask" and library_name(config) == "Flask-Mail":
        return (
            'Flask-Mail raises "The message does not specify a sender and a default sender has '
            'not been configured" for every message that does not set one'
        )
    return (
        "unless the code sets one on every message, the mail goes out without a usable From "
        "and servers refuse it at MAIL FROM"
    )


def _sender_fix(config: SmtpConfig) -> Fix:
    return Fix(
        Applicability.DISPLAY_ONLY,
        (),
        f"set {_sender_key(config)} to an address the account may send as",
    )


# --- SL401 ---------------------------------------------------------------------------------
# After a refused MAIL FROM the next commands get "503 5.5.1 Error: need MAIL command"
# (https://github.com/Marak/node_mailer/issues/8); a sender without a domain got
# "503 sender not yet given" (https://github.com/Marak/node_mailer/issues/31).


@rule(
    "SL401",
    "missing-sender",
    Severity.ERROR,
    "No usable sender address is configured",
    RuleDocs(
        what=(
            "Reports an SMTP configuration with no sender (From) address, or one that relies on "
            "a library default that is a placeholder: Django's DEFAULT_FROM_EMAIL defaults to "
            "webmaster@localhost, Laravel's MAIL_FROM_ADDRESS to hello@example.com. For "
            "generic SMTP_* keys, where code often passes the sender with each message, it is "
            "a warning."
        ),
        why=(
            "Flask-Mail refuses to send ('The message does not specify a sender and a default "
            "sender has not been configured'); Django sends from webmaster@localhost, which "
            "servers refuse (\"SMTPSenderRefused: (530, …, 'webmaster@localhost')\"). Once "
            "MAIL FROM is refused every later command fails too, e.g. "
            "'503 5.5.1 Error: need MAIL command' (no proper sender: one of the three usual "
            "causes of a 503 reply)."
        ),
        fix="Set the sender key to an address the SMTP account is allowed to send as.",
        fails=Example(_GMAIL_DJANGO_WITHOUT_SENDER),
        passes=Example(
            edited(_GMAIL_DJANGO_WITHOUT_SENDER, DEFAULT_FROM_EMAIL="jane.doe@gmail.com")
        ),
    ),
)
def missing_sender(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    sender = config.sender
    if sender is None or _sender_missing(sender):
        yield from _missing_sender(config, sender)
        return
    if sender.kind is not ValueKind.DEFAULT or not sender.value:
        return
    address = parse_sender(sender.value).address
    reason = None if address is None else placeholder_reason(address)
    if reason is None or ctx.on_local_host:
        return
    python = config.family in _PYTHON_FAMILIES
    refusal = f" (\"SMTPSenderRefused: (530, …, '{address}')\")" if python else ""
    yield Report(
        f"{sender.quoted()}: {reason}, so servers refuse it as a sender{refusal}",
        at=sender,
        fix=_sender_fix(config),
    )


def _sender_missing(sender: Setting[str]) -> bool:
    """A library default of nothing, or written empty (not merely unknown). An environment
    lookup is set at run time, whatever its fallback (as ``model.present`` has it)."""
    if sender.kind is ValueKind.DEFAULT:
        return not sender.value
    return sender.value == "" and sender.kind is not ValueKind.ENVIRONMENT


def _missing_sender(config: SmtpConfig, sender: Setting[str] | None) -> Iterator[Report]:
    modelled_default = sender is not None and sender.kind is ValueKind.DEFAULT
    if config.family in _SENDER_OFTEN_IN_CODE:
        severity: Severity | None = Severity.WARNING
    elif config.family in _SENDER_KEYS or modelled_default:
        severity = None
    else:
        return  # a family whose need for a configured sender is not known
    if sender is None:
        what = (
            f"{_sender_key(config)} is not set"
            if config.family in _SENDER_KEYS
            else "no sender address is set"
        )
    elif modelled_default:
        what = sender.quoted()
    else:
        what = f"{sender.key} is empty"
    yield Report(
        f"{what}: {_without_sender(config)}",
        at=sender or config.host,
        fix=_sender_fix(config),
        severity=severity,
    )


# --- SL402 ---------------------------------------------------------------------------------


@rule(
    "SL402",
    "invalid-sender",
    Severity.ERROR,
    "The sender is not a valid address or Name <address>",
    RuleDocs(
        what=(
            "Checks a sender written in the file, either a bare address or the "
            "'Display Name <address>' form, with email-validator and the standard library's "
            "header parser. Reserved and placeholder domains are left to SL403."
        ),
        why=(
            "The client puts the address into MAIL FROM; a malformed one is refused ('555 5.5.4 "
            "Unsupported option', '503 sender not yet given') and every later command fails "
            "with '503 5.5.1 Error: need MAIL command'. An unquoted comma in the display name "
            "splits the header into two addresses, which libraries reject before sending."
        ),
        fix=(
            "Write a single address, or 'Display Name <address>' with the display name in "
            "double quotes when it contains a comma or other special characters."
        ),
        fails=Example(edited(_ACME_SENDER, SMTP_FROM='"Acme, Inc. <billing@acme-corp.io>"')),
        passes=Example(_ACME_SENDER),
    ),
)
def invalid_sender(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    sender = config.sender
    text = _literal(sender)
    if sender is None or text is None:
        return
    parsed = parse_sender(text)
    problem = parsed.problem
    if parsed.address is not None:
        problem = address_problem(parsed.address, local_relay=ctx.on_local_host)
    if problem is None:
        return
    yield Report(
        f"{sender.quoted()} is not a valid sender: {_sentence(problem)}",
        at=sender,
        fix=Fix(Applicability.DISPLAY_ONLY, (), 'write a valid address or "Name" <address>'),
    )


def _sentence(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


# --- SL403 ---------------------------------------------------------------------------------


@rule(
    "SL403",
    "placeholder-sender",
    Severity.ERROR,
    "The sender is a placeholder or reserved address",
    RuleDocs(
        what=(
            "Reports a sender written in the file at a reserved or special-use domain "
            "(example.com/.net/.org, localhost, *.local, *.test, *.invalid, *.example) or a "
            "tutorial value (test@test.com, you@yourdomain.com, your-email@gmail.com). Skipped "
            "for local development relays such as Mailpit, where any sender is fine."
        ),
        why=(
            "No server will accept mail from a domain that cannot exist: the server refuses "
            "MAIL FROM (\"SMTPSenderRefused: (530, …, 'webmaster@localhost')\") and sending "
            "services reject an unverified identity ('550 The from address does not match a "
            "verified Sender Identity')."
        ),
        fix="Replace it with a real address the account may send as.",
        fails=Example(edited(_LARAVEL_GMAIL, MAIL_FROM_ADDRESS='"hello@example.com"')),
        passes=Example(_LARAVEL_GMAIL),
    ),
)
def placeholder_sender(ctx: RuleContext) -> Iterator[Report]:
    config = ctx.config
    sender = config.sender
    address = _literal_address(sender)
    if sender is None or address is None:
        return
    reason = placeholder_reason(address)
    if reason is None or ctx.on_local_host:
        return
    yield Report(
        f"{sender.quoted()}: {reason}; servers and sending services refuse it as a sender",
        at=sender,
        fix=_sender_fix(config),
    )


# --- SL404 ---------------------------------------------------------------------------------


@rule(
    "SL404",
    "sender-not-permitted",
    Severity.WARNING,
    "The provider will refuse or rewrite this sender",
    RuleDocs(
        what=(
            "Compares the sender with the login when the provider lets an account send only "
            "as itself or its aliases (Exchange Online, Zoho, Yandex; Gmail rewrites instead "
            "of refusing, reported as info). Also reports a Mailgun sandbox sender domain. "
            "Aliases and Send As rights are invisible to a linter: suppress the finding when "
            "the sender is one."
        ),
        why=(
            "Exchange Online answers '554 5.2.252 SendAsDenied', Postfix-based servers '553 "
            "5.7.1 Sender address rejected: not owned by user', Zoho '553 Relaying disallowed'; "
            "Gmail silently replaces the From with the login. A Mailgun sandbox domain delivers "
            "only to authorized recipients ('Sandbox subdomains are for test purposes only')."
        ),
        fix=(
            "Send as the login address, or grant the login the right to send as the sender "
            "(a verified alias, Send As permission) and suppress this finding."
        ),
        fails=Example(edited(GMAIL_IMPLICIT_TLS, SMTP_FROM="billing@acme-corp.io")),
        passes=Example(GMAIL_IMPLICIT_TLS),
    ),
)
def sender_not_permitted(ctx: RuleContext) -> Iterator[Report]:
    config, profile = ctx.config, ctx.profile
    sender = config.sender
    address = _literal_address(sender)
    if sender is None or address is None:
        return
    domain = domain_of(address)
    if ctx.on_local_host or placeholder_reason(address) is not None:
        return  # a placeholder is SL403's to report
    if domain is not None and is_mailgun_sandbox(domain):
        yield Report(
            f"{sender.quoted()}: {domain} is a Mailgun sandbox domain, which delivers only to "
            'authorized recipients ("Sandbox subdomains are for test purposes only")',
            at=sender,
            fix=Fix(Applicability.DISPLAY_ONLY, (), "send from a domain you verified in Mailgun"),
        )
        return
    login = _literal(config.username)
    if (
        profile is None
        or not profile.sender.verified
        or profile.sender.policy not in ("login", "alias")
        or login is None
        or "@" not in login
        or same_address(address, login)
    ):
        return
    fix = Fix(
        Applicability.DISPLAY_ONLY,
        (),
        f"send as {login}, or make {address} an alias the account may send as",
    )
    if profile.sender.rewrites:
        yield Report(
            f"{sender.quoted()} differs from the login {login}: {profile.name} rewrites the From "
            "to the login unless it is a verified Send mail as alias",
            at=sender,
            fix=fix,
            severity=Severity.INFO,
        )
        return
    reply = ""
    if profile.sender.reply:  # the status and its first clause identify it; the rest is detail
        reply = f' ("{profile.sender.reply.split("; ", 1)[0]}")'
    yield Report(
        f"{sender.quoted()} differs from the login {login}: {profile.name} refuses a sender "
        f"the account does not own{reply}",
        at=sender,
        fix=fix,
    )
