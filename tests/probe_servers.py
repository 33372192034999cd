"""Real SMTP servers on loopback for the probe tests, each behaving like one kind of failure.

Listeners speak implicit TLS, STARTTLS or plaintext (aiosmtpd); certificates come from a
throw-away trustme CA whose PEM file the probe is told to trust. Every command line a server
receives is recorded (from aiosmtpd's own per-line log, which masks AUTH arguments), so a
test can assert that DATA never arrived. ``silent_port`` is a socket that accepts
connections and never says a word, like an implicit-TLS port waiting for a handshake.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import socket
import ssl
import threading
import warnings
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
PASSWORD = "Probe-Secret-7f3Kq9"
OTHER_NAME = "mail.acme-corp.io"  # the only name on the wrong-name certificate
STARTTLS_FIRST = "530 5.7.0 Must issue a STARTTLS command first"
_BIND_ATTEMPTS = 5
_LINE_LOG = "%r >> %r"  # aiosmtpd's format for each line it reads


class Listener(enum.Enum):
    IMPLICIT_TLS = "implicit-tls"
    STARTTLS = "starttls"
    PLAIN = "plain"


class Certificate(enum.Enum):
    GOOD = "good"  # names localhost and 127.0.0.1, valid now
    EXPIRED = "expired"  # names localhost, expired yesterday
    WRONG_NAME = "wrong-name"  # valid now, names only OTHER_NAME


@dataclass(frozen=True)
class Behaviour:
    """How the server answers; the default accepts any sender without a login."""

    auth_required: bool = False
    starttls_required: bool = False  # STARTTLS_FIRST for MAIL and RCPT before STARTTLS
    sender_reply: str | None = None  # the reply to every MAIL FROM, e.g. a 553 refusal
    drop_on_ehlo: bool = False  # close the connection instead of answering EHLO
    login_refused: str = "535 5.7.8 Authentication credentials invalid"  # a wrong password


@dataclass
class Received:
    """Every command line the servers read, in order (AUTH arguments masked)."""

    lines: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, line: str) -> None:
        with self._lock:
            self.lines.append(line)

    def commands(self) -> list[str]:
        with self._lock:
            return [line.split(" ", 1)[0].upper() for line in self.lines]


class _LineLog(logging.Handler):
    def __init__(self, received: Received) -> None:
        super().__init__(logging.INFO)
        self.received = received

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == _LINE_LOG and isinstance(record.args, tuple) and len(record.args) == 2:
            line = record.args[1]
            if isinstance(line, bytes):
                self.received.add(line.decode("utf-8", errors="replace"))


@dataclass
class Handler:
    """aiosmtpd hooks acting out a :class:`Behaviour`."""

    behaviour: Behaviour
    implicit_tls: bool

    async def handle_EHLO(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        if self.behaviour.drop_on_ehlo:
            assert server.transport is not None
            server.transport.close()
            return []
        session.host_name = hostname
        return responses

    async def handle_MAIL(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> str:
        if self._before_starttls(session):
            return STARTTLS_FIRST
        if self.behaviour.sender_reply is not None:
            return self.behaviour.sender_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Sender OK"

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if self._before_starttls(session):
            return STARTTLS_FIRST
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Recipient OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        return "554 5.6.0 This server takes no messages"

    def _before_starttls(self, session: Session) -> bool:
        return self.behaviour.starttls_required and not self.implicit_tls and session.ssl is None


@dataclass(frozen=True)
class Account:
    """The aiosmtpd authenticator: one login, and the behaviour's reply to any other."""

    refused: str

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object
    ) -> AuthResult:
        if isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == (
            USERNAME,
            PASSWORD,
        ):
            return AuthResult(success=True, auth_data=data)
        return AuthResult(success=False, handled=False, message=self.refused)


class _ImplicitTlsController(Controller):
    """aiosmtpd counts only STARTTLS as TLS (aio-libs/aiosmtpd#274), so AUTH inside implicit
    TLS needs ``auth_require_tls=False`` and silencing the warning it gives for it."""

    def factory(self) -> SMTP:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return SMTP(self.handler, **self.SMTP_kwargs)


@dataclass(frozen=True)
class Server:
    port: int
    ca_file: Path  # the PEM of the CA that signed the server's certificate
    received: Received


class Authority:
    """A throw-away CA, written to ``folder/ca.pem``, and the server certificates it signs."""

    def __init__(self, folder: Path) -> None:
        self._ca = trustme.CA()
        self.ca_file = folder / "ca.pem"
        self._ca.cert_pem.write_to_path(str(self.ca_file))

    def server_context(self, certificate: Certificate) -> ssl.SSLContext:
        now = dt.datetime.now(dt.timezone.utc)
        if certificate is Certificate.EXPIRED:
            leaf = self._ca.issue_cert(
                HOST,
                BIND_ADDRESS,
                not_before=now - dt.timedelta(days=90),
                not_after=now - dt.timedelta(days=1),
            )
        elif certificate is Certificate.WRONG_NAME:
            leaf = self._ca.issue_cert(OTHER_NAME, common_name=OTHER_NAME)
        else:
            leaf = self._ca.issue_cert(HOST, BIND_ADDRESS)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        leaf.configure_cert(context)
        return context


@contextmanager
def recording() -> Iterator[Received]:
    """Collect every command line any aiosmtpd server in this process reads."""
    received = Received()
    handler = _LineLog(received)
    logger = logging.getLogger("mail.log")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield received
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextmanager
def smtp_server(
    folder: Path,
    listener: Listener,
    behaviour: Behaviour = Behaviour(),
    certificate: Certificate = Certificate.GOOD,
) -> Iterator[Server]:
    """One listener on a free loopback port, stopped on exit."""
    authority = Authority(folder)
    context = authority.server_context(certificate)
    handler = Handler(behaviour, implicit_tls=listener is Listener.IMPLICIT_TLS)
    account = Account(behaviour.login_refused)

    def controller_on(port: int) -> Controller:
        implicit = listener is Listener.IMPLICIT_TLS
        starttls = listener is Listener.STARTTLS
        make = _ImplicitTlsController if implicit else Controller
        return make(
            handler,
            port=port,
            hostname=BIND_ADDRESS,
            server_hostname=HOST,
            ssl_context=context if implicit else None,
            tls_context=context if starttls else None,
            authenticator=account,
            auth_required=behaviour.auth_required,
            auth_require_tls=starttls,
        )

    with ExitStack() as stack:
        received = stack.enter_context(recording())
        port = _start(stack, controller_on)
        yield Server(port, authority.ca_file, received)


def _start(stack: ExitStack, controller_on: Callable[[int], Controller]) -> int:
    """Start a controller on a free port (retried: another process may take it first)."""
    for attempt in range(_BIND_ATTEMPTS):
        port = free_port()
        controller = controller_on(port)
        try:
            controller.start()
        except (OSError, RuntimeError):
            if attempt == _BIND_ATTEMPTS - 1:
                raise
            continue
        stack.callback(controller.stop)
        return port
    raise AssertionError("unreachable")


@contextmanager
def silent_port() -> Iterator[int]:
    """A listening socket that never sends a byte: the kernel completes each connection
    and the client waits for a greeting that never comes."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind((BIND_ADDRESS, 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((BIND_ADDRESS, 0))
        port: int = probe.getsockname()[1]
        return port
