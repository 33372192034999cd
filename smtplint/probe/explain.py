"""What a failed step means: the rule whose documentation explains it, and the fix.

The mapping follows the replies servers are known to send (see each rule's page,
``smtplint rule CODE``): a reply is matched on its code, its enhanced status code and, where
servers reuse a code for different causes (530 5.7.0), on its words.
"""

from __future__ import annotations

import enum
import ipaddress
import re
import socket

from smtplint.probe.certificate import CertificateFacts
from smtplint.probe.outcome import Diagnosis, Endpoint
from smtplint.probe.tls import HandshakeError, TlsFailure
from smtplint.probe.wire import Reply

IMPLICIT_TLS_PORTS = frozenset({465, 2465})


class LoginState(enum.Enum):
    NONE = "none"  # the configuration has no login
    NOT_TRIED = "not-tried"  # it has one, but the probe had no password for it
    DONE = "done"  # the server accepted the login


_TLS_WORDS = re.compile(r"starttls|\btls\b|encrypt|secure", re.IGNORECASE)
_AUTH_WORDS = re.compile(r"auth", re.IGNORECASE)
_RELAY_WORDS = re.compile(r"relay", re.IGNORECASE)
_OAUTH_MECHANISMS = frozenset({"XOAUTH2", "OAUTHBEARER"})
_NO_VERIFY_OFF = "do not switch certificate verification off (SL108)"

STARTTLS_FIRST = Diagnosis(
    "SL104",
    "the server accepts mail only after STARTTLS: switch STARTTLS on for this port "
    "(or use implicit TLS on port 465)",
)
LOGIN_MISSING = Diagnosis(
    "SL301",
    "the server accepts mail only after a login: configure the username and the password",
)
LOGIN_NOT_TRIED = Diagnosis(
    "SL301",
    "the server accepts mail only after a login, and the probe had no password to log in "
    "with: set the environment variable the configuration reads, or use --ask-password",
)
SENDER_REFUSED = Diagnosis(
    "SL404",
    "send as the address you log in with, or as an alias or Send As address the account is "
    "allowed to use",
)
OAUTH_ONLY = Diagnosis(
    "SL303",
    "the server no longer accepts password logins: use OAuth2 (XOAUTH2) or a sending "
    "service; app passwords do not help",
)
APP_PASSWORD = Diagnosis(
    "SL306",
    "the server refused this username and password: check both, and where the provider "
    "refuses account passwords (Gmail, Yahoo, iCloud…) use an app password or the API key "
    "it documents",
)
AUTH_NOT_OFFERED = Diagnosis(
    "SL305",
    "the server offers no login here: remove the username and password, or use the "
    "server's submission port (587 with STARTTLS, 465 with implicit TLS)",
)


def connect_failure(error: OSError, endpoint: Endpoint) -> Diagnosis:
    if isinstance(error, socket.gaierror):
        return Diagnosis(
            None, f"check the host name {endpoint.host!r}: it does not resolve from here"
        )
    if isinstance(error, ConnectionRefusedError):
        return Diagnosis(
            "SL105",
            f"nothing accepts connections on port {endpoint.port}: use the port the server "
            "offers for submission (587 with STARTTLS, 465 with implicit TLS)",
        )
    if isinstance(error, TimeoutError) and endpoint.port == 25:
        return Diagnosis(
            "SL109",
            "port 25 is often blocked on the way out: submit on 587 (STARTTLS) or 465 "
            "(implicit TLS)",
        )
    return Diagnosis(
        "SL105",
        f"port {endpoint.port} does not answer from here: a firewall may block it, or the "
        "server does not offer it",
    )


def silent_greeting(endpoint: Endpoint) -> Diagnosis:
    """No 220 greeting on a plaintext connection: the server waits for a TLS handshake."""
    port = endpoint.port
    if port in IMPLICIT_TLS_PORTS:
        why = f"port {port} expects TLS from the first byte (implicit TLS)"
    else:
        why = f"the server on port {port} says nothing until the client starts TLS"
    return Diagnosis(
        "SL102",
        f"{why}, while the configuration starts in plaintext ({endpoint.security.label}) "
        "and waits for a greeting: switch on implicit TLS for this port, or use STARTTLS "
        "on port 587",
    )


def handshake_failure(
    problem: HandshakeError, endpoint: Endpoint, facts: CertificateFacts | None, verify: bool
) -> Diagnosis:
    keep_checking = _NO_VERIFY_OFF
    if not verify:
        keep_checking = (
            "the configuration switches verification off, so the application would connect "
            "anyway and expose the login to anyone on the network path (SL108)"
        )
    host = endpoint.host
    if problem.kind is TlsFailure.PLAINTEXT:
        return Diagnosis(
            "SL101",
            f"port {endpoint.port} answers in plaintext and upgrades with STARTTLS: use "
            "STARTTLS on this port, or implicit TLS on port 465",
        )
    if problem.kind is TlsFailure.HOSTNAME:
        names = facts.names if facts is not None else ()
        use = (
            f"a host name the certificate lists ({', '.join(names)})"
            if names
            else ("the host name the certificate is issued for")
        )
        return Diagnosis(
            "SL207" if _is_address(host) else "SL201",
            f"connect with {use} instead of {host!r}, or have the server's certificate name "
            f"{host!r}; {keep_checking}",
        )
    if problem.kind is TlsFailure.EXPIRED:
        return Diagnosis(None, f"the server's operator must renew the certificate; {keep_checking}")
    if problem.kind is TlsFailure.UNTRUSTED:
        return Diagnosis(
            None,
            "if the server uses a private CA, pass the CA's certificate with --cafile (or "
            f"SSL_CERT_FILE); otherwise the server must present a complete chain; {keep_checking}",
        )
    return Diagnosis(None, "the TLS handshake failed: the server may not speak TLS on this port")


def missing_starttls(endpoint: Endpoint) -> Diagnosis:
    return Diagnosis(
        None,
        f"the server does not offer STARTTLS on port {endpoint.port}: use the server's "
        "submission port (587 with STARTTLS, 465 with implicit TLS)",
    )


def auth_not_offered(encrypted: bool, starttls_offered: bool) -> Diagnosis:
    if not encrypted and starttls_offered:
        return Diagnosis(
            "SL104",
            "the server offers a login only after STARTTLS: switch STARTTLS on for this port",
        )
    return AUTH_NOT_OFFERED


def no_usable_mechanism(mechanisms: tuple[str, ...]) -> Diagnosis:
    if mechanisms and set(mechanisms) <= _OAUTH_MECHANISMS:
        return OAUTH_ONLY
    return Diagnosis(
        None,
        f"the server offers only {', '.join(mechanisms)}; a password login needs PLAIN, "
        "LOGIN or CRAM-MD5",
    )


def cleartext_login() -> Diagnosis:
    return Diagnosis(
        "SL304",
        "the password would cross the network unencrypted, so it was not sent: use "
        "STARTTLS or implicit TLS",
    )


def auth_reply(reply: Reply, encrypted: bool) -> Diagnosis:
    enhanced = reply.enhanced or ""
    if enhanced == "5.7.139" or (reply.code == 550 and enhanced == "5.7.30"):
        return OAUTH_ONLY
    if enhanced in ("5.7.8", "5.7.9") or reply.code == 534:
        return APP_PASSWORD
    if reply.code in (530, 538) and (not encrypted or _TLS_WORDS.search(reply.text)):
        return STARTTLS_FIRST
    if reply.code in (502, 503, 504):
        return AUTH_NOT_OFFERED
    return Diagnosis(
        None,
        "the server refused the login: check the username (SL302 lists the forms providers "
        "expect) and the password",
    )


def mail_reply(reply: Reply, encrypted: bool, login: LoginState) -> Diagnosis:
    found = _mail_reply(reply, encrypted, login is not LoginState.DONE)
    if found is LOGIN_MISSING and login is LoginState.NOT_TRIED:
        return LOGIN_NOT_TRIED
    return found


def _mail_reply(reply: Reply, encrypted: bool, anonymous: bool) -> Diagnosis:
    enhanced = reply.enhanced or ""
    if reply.code in (530, 538):
        if _TLS_WORDS.search(reply.text):
            return STARTTLS_FIRST
        return LOGIN_MISSING if encrypted or _AUTH_WORDS.search(reply.text) else STARTTLS_FIRST
    if reply.code == 503 and anonymous:
        return LOGIN_MISSING
    if reply.code == 550 and enhanced == "5.7.30":
        return OAUTH_ONLY
    if enhanced == "5.7.57" or (reply.code == 550 and _RELAY_WORDS.search(reply.text)):
        return LOGIN_MISSING
    if reply.code in (550, 553, 554):
        return SENDER_REFUSED
    if 400 <= reply.code < 500:
        return Diagnosis(None, "a temporary refusal: try again later")
    return Diagnosis(None, "the server refused the sender")


def rcpt_reply(reply: Reply, encrypted: bool, login: LoginState) -> Diagnosis:
    if reply.code in (530, 538):
        return mail_reply(reply, encrypted, login)
    if login is not LoginState.DONE and reply.code >= 500 and _RELAY_WORDS.search(reply.text):
        return LOGIN_NOT_TRIED if login is LoginState.NOT_TRIED else LOGIN_MISSING
    if 400 <= reply.code < 500:
        return Diagnosis(None, "a temporary refusal: try again later")
    return Diagnosis(None, "the server refuses this recipient; the sender was accepted")


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
