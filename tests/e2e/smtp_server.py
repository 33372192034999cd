"""A real SMTP submission server on loopback, the way a mail provider runs one.

Two listeners share one mailbox account and one recorder: implicit TLS from the first byte,
and plaintext that must be upgraded with STARTTLS before anything else. Both require a
login, and the sender must be the logged-in account (a provider's "login" sender policy).
Certificates come from a throw-away trustme CA whose PEM file clients are told to trust.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

HOST = "localhost"
BIND_ADDRESS = "127.0.0.1"
USERNAME = "alerts@acme-corp.io"
PASSWORD = "correct-horse-battery-staple"
_BIND_ATTEMPTS = 5


@dataclass(frozen=True)
class Delivered:
    """One message the server accepted."""

    sender: str
    recipients: tuple[str, ...]
    login: str | None
    content: bytes


@dataclass
class Recorder:
    """The handler: enforces the sender policy and records every accepted message."""

    delivered: list[Delivered] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_MAIL(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> str:
        login = _login(session)
        if login is None or address.lower() != login.lower():
            return "553 5.7.1 Sender address rejected: not owned by the authenticated user"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert envelope.mail_from is not None
        content = envelope.original_content or b""
        message = Delivered(envelope.mail_from, tuple(envelope.rcpt_tos), _login(session), content)
        with self._lock:
            self.delivered.append(message)
        return "250 2.0.0 Message accepted for delivery"

    def messages(self) -> list[Delivered]:
        with self._lock:
            return list(self.delivered)

    def clear(self) -> None:
        with self._lock:
            self.delivered.clear()


def _login(session: Session) -> str | None:
    credentials = session.auth_data
    return credentials.login.decode() if isinstance(credentials, LoginPassword) else None


@dataclass(frozen=True)
class Account:
    """The one login the server accepts."""

    username: str
    password: str = field(repr=False)

    def __call__(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        mechanism: str,
        auth_data: object,
    ) -> AuthResult:
        if isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (self.username, self.password):
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)


@dataclass(frozen=True)
class MailServer:
    """Where the running server listens and what it has received."""

    host: str
    implicit_tls_port: int
    starttls_port: int
    ca_file: Path  # the PEM of the CA that signed the server certificate
    account: Account
    recorder: Recorder

    def messages(self) -> list[Delivered]:
        return self.recorder.messages()


class _ImplicitTlsController(Controller):
    """The implicit-TLS listener.

    aiosmtpd 1.4 counts only a STARTTLS upgrade as TLS, so with ``auth_require_tls`` it
    would refuse AUTH inside an implicit-TLS connection (aio-libs/aiosmtpd#274, #281).
    Every byte of this listener is encrypted, so each session drops that check; switching
    it off through the constructor instead would warn that AUTH may travel in plaintext.
    """

    def factory(self) -> SMTP:
        session = SMTP(self.handler, **self.SMTP_kwargs)
        session._auth_require_tls = False
        return session


@contextmanager
def running_mail_server(folder: Path) -> Iterator[MailServer]:
    """Start both listeners on free loopback ports; stop them on exit."""
    ca = trustme.CA()
    certificate = ca.issue_cert(HOST, BIND_ADDRESS)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(context)
    ca_file = folder / "e2e-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    account = Account(USERNAME, PASSWORD)
    recorder = Recorder()
    with ExitStack() as stack:
        implicit = _start(
            stack,
            lambda port: _ImplicitTlsController(
                recorder,
                hostname=BIND_ADDRESS,
                port=port,
                server_hostname=HOST,
                ssl_context=context,
                authenticator=account,
                auth_required=True,
            ),
        )
        starttls = _start(
            stack,
            lambda port: Controller(
                recorder,
                hostname=BIND_ADDRESS,
                port=port,
                server_hostname=HOST,
                tls_context=context,
                require_starttls=True,
                authenticator=account,
                auth_required=True,
                auth_require_tls=True,
            ),
        )
        yield MailServer(HOST, implicit, starttls, ca_file, account, recorder)


def _start(stack: ExitStack, make: Callable[[int], Controller]) -> int:
    """Start a controller on a free port (retried: another process may take it first)."""
    for attempt in range(_BIND_ATTEMPTS):
        port = free_port()
        controller = make(port)
        try:
            controller.start()
        except (OSError, RuntimeError):
            if attempt == _BIND_ATTEMPTS - 1:
                raise
            continue
        stack.callback(controller.stop)
        return port
    raise AssertionError("unreachable")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((BIND_ADDRESS, 0))
        port: int = probe.getsockname()[1]
        return port
