"""Sender and login addresses: splitting ``Name <address>``, validating, spotting placeholders.

The ``Name <address>`` form is split with the standard library's header parser and the address
itself is judged by email-validator; neither is reimplemented here. Both are imported where they
are used, so loading the rules stays cheap.
"""

from __future__ import annotations

import re

from smtplint.records import record

# RFC 2606 / RFC 6761 / RFC 6762 / RFC 7686 names that never carry Internet mail.
_SPECIAL_USE_SUFFIXES = ("example", "invalid", "local", "localhost", "test", "onion", "arpa")
# Addresses email-validator accepts with certainty: an ASCII dot-atom local part of at most
# 64 characters, and at least two LDH labels (no IDNA "xn--" label) under an alphabetic
# top-level label that is not special-use. Anything else goes to email-validator itself.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"(?!xn--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAINLY_VALID = re.compile(
    rf"(?=[^@]{{1,64}}@){_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+"
    r"(?!(?:" + "|".join(_SPECIAL_USE_SUFFIXES) + r")$)[A-Za-z]{2,63}",
    re.IGNORECASE,
)
_MAX_ADDRESS_LENGTH = 254
_EXAMPLE_DOMAINS = frozenset({"example.com", "example.net", "example.org"})
# Domains that only ever appear in tutorials and templates.
_TUTORIAL_DOMAINS = frozenset(
    {
        "domain.com",
        "domain.tld",
        "example.tld",
        "mydomain.com",
        "my-domain.com",
        "test.com",
        "yourcompany.com",
        "your-company.com",
        "yourdomain.com",
        "your-domain.com",
    }
)
# Local parts such as "your-email" or "yourname" that a template asks the reader to replace.
_TUTORIAL_LOCAL_PART = re.compile(
    r"you|your[-_.]?(e?-?mail|name|address|account|user(name)?|login|gmail)?", re.IGNORECASE
)
_MAILGUN_SANDBOX = re.compile(r"sandbox[a-z0-9-]*\.mailgun\.org", re.IGNORECASE)
_STAND_IN_DOMAIN = "example.com"


@record
class ParsedSender:
    """A sender value split into its parts.

    ``address`` is None when no single address can be taken from the text; ``problem`` then
    says why, in words fit for a message.
    """

    address: str | None
    display_name: str | None = None
    problem: str | None = None


def parse_sender(text: str) -> ParsedSender:
    """Split ``addr`` or ``Name <addr>`` (the form Django, Flask and Laravel accept)."""
    value = text.strip()
    if "<" not in value and '"' not in value:
        return ParsedSender(value or None, None, None if value else "it is empty")
    from email.errors import InvalidHeaderDefect
    from email.headerregistry import AddressHeader, HeaderRegistry

    unreadable = ParsedSender(None, None, "it is neither an address nor Name <address>")
    try:
        header = HeaderRegistry()("From", value)
    except Exception:  # the stdlib parser raises assorted errors on malformed input
        return unreadable
    if not isinstance(header, AddressHeader):
        return unreadable
    mailboxes = header.addresses
    if len(mailboxes) != 1:
        return ParsedSender(
            None,
            None,
            f"it reads as {len(mailboxes)} addresses; quote a display name that contains a comma",
        )
    defects = [d for d in header.defects if isinstance(d, InvalidHeaderDefect)]
    if defects:
        return ParsedSender(None, None, f"it is not of the form Name <address> ({defects[0]})")
    mailbox = mailboxes[0]
    return ParsedSender(mailbox.addr_spec, mailbox.display_name or None, None)


def domain_of(address: str) -> str | None:
    if "@" not in address:
        return None
    domain = address.rsplit("@", 1)[1].strip().rstrip(".").lower()
    return domain or None


def placeholder_reason(address: str) -> str | None:
    """Why an address is a placeholder nobody can send from, or None if it is not one."""
    domain = domain_of(address)
    if domain is None:
        return None
    if domain in _EXAMPLE_DOMAINS or domain.endswith(tuple("." + d for d in _EXAMPLE_DOMAINS)):
        return f"{domain} is a reserved example domain"
    label = domain.rsplit(".", 1)[-1]
    if label in _SPECIAL_USE_SUFFIXES:
        return f"{domain} is a special-use name that no Internet mail server accepts"
    if domain in _TUTORIAL_DOMAINS:
        return f"{domain} is a tutorial placeholder domain"
    local = address.rsplit("@", 1)[0]
    if _TUTORIAL_LOCAL_PART.fullmatch(local):
        return f"{address} is a tutorial placeholder address"
    return None


def address_problem(address: str, *, local_relay: bool = False) -> str | None:
    """What email-validator finds wrong with an address, or None when it is valid.

    Placeholder and special-use domains are judged by :func:`placeholder_reason`, not here:
    such a domain is swapped for a neutral one so only the rest of the address is checked.
    A local development relay accepts single-label domains such as ``app@mailpit``.
    """
    candidate = address
    domain = domain_of(address)
    if domain is not None and placeholder_reason(f"x@{domain}") is not None:
        candidate = address.rsplit("@", 1)[0] + "@" + _STAND_IN_DOMAIN
    if _PLAINLY_VALID.fullmatch(candidate) and len(candidate) <= _MAX_ADDRESS_LENGTH:
        return None  # email-validator accepts these too; its import costs a third of a run
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(
            candidate,
            check_deliverability=False,
            allow_display_name=False,
            globally_deliverable=not local_relay,
        )
    except EmailNotValidError as error:
        return str(error)
    return None


def is_mailgun_sandbox(domain: str) -> bool:
    return _MAILGUN_SANDBOX.fullmatch(domain) is not None


def same_address(a: str, b: str) -> bool:
    return a.strip().lower() == b.strip().lower()
