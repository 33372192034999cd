"""Facts about host names and ports that hold for every provider."""

from __future__ import annotations

import ipaddress

# Ports whose servers speak plaintext first and upgrade with STARTTLS.
STARTTLS_PORTS = frozenset({25, 587, 2525, 2587, 8025, 1025, 26, 588})
# Ports whose servers expect TLS from the first byte.
IMPLICIT_TLS_PORTS = frozenset({465, 2465, 8465, 443})
# Ports a mail client submits on; 25 is for server-to-server relay.
SUBMISSION_PORTS = frozenset({465, 587})

DEV_RELAY_NAMES = frozenset(
    {"localhost", "mailpit", "mailhog", "smtp4dev", "maildev", "mailcatcher", "mailtrap-local"}
)
# Mail catchers that advertise AUTH and accept any user name and password, so credentials
# configured for them are harmless. MailHog offers AUTH PLAIN and accepts every attempt
# (github.com/mailhog/MailHog-Server, smtp/session.go). Mailpit and MailDev are not among
# them: by default neither offers AUTH. Mailpit accepts any login only when started with
# --smtp-auth-accept-any (github.com/axllent/mailpit/issues/691); MailDev offers AUTH only
# with --incoming-user and --incoming-pass, and then checks them (github.com/maildev/maildev,
# lib/mailserver.js).
ANY_LOGIN_CATCHERS = frozenset({"mailhog"})


def normalise(host: str) -> str:
    return host.strip().rstrip(".").lower()


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(normalise(host).strip("[]"))
    except ValueError:
        return None


def is_local(host: str) -> bool:
    """Loopback, a development mail catcher, or a single-label name (a compose service).

    Traffic to such hosts never leaves the machine or the private container network, so
    missing TLS there is not a risk worth reporting.
    """
    name = normalise(host)
    address = ip_literal(name)
    if address is not None:
        return address.is_loopback or address.is_unspecified
    return name in DEV_RELAY_NAMES or name.endswith(".localhost") or "." not in name


def accepts_any_login(host: str) -> bool:
    """Whether the host is a mail catcher that takes any login (see ANY_LOGIN_CATCHERS)."""
    return normalise(host) in ANY_LOGIN_CATCHERS


def expected_security(port: int) -> str | None:
    """The security a standard port implies: "tls", "starttls", or None if not standard."""
    if port in IMPLICIT_TLS_PORTS:
        return "tls"
    if port in STARTTLS_PORTS:
        return "starttls"
    return None
