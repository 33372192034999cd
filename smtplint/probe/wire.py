"""SMTP commands and replies over one socket, every wait bounded by the step timeout.

Only what a probe needs: send a line, read a (multi-line) reply, start TLS on the socket.
Errors are :class:`WireError` subclasses whose text describes what the server did, in one
line; nothing the client sent ever appears in them.
"""

from __future__ import annotations

import contextlib
import re
import socket
import ssl
import time

from smtplint.records import record

_REPLY_LINE = re.compile(r"^(\d{3})(?:([ -])(.*))?$")
_ENHANCED = re.compile(r"^([245]\.\d{1,3}\.\d{1,3})\b")
_MAX_LINE = 4096
_MAX_LINES = 200


class WireError(Exception):
    """The conversation broke off; ``str()`` says how."""


class Silence(WireError):
    """Nothing (or no complete reply) arrived within the timeout."""


class Closed(WireError):
    """The server closed or reset the connection."""


class Garbled(WireError):
    """The server sent something that is not an SMTP reply."""


@record
class Reply:
    code: int
    lines: tuple[str, ...]  # the text of each line, without code and separator

    @property
    def ok(self) -> bool:
        return 200 <= self.code < 400

    @property
    def enhanced(self) -> str | None:
        """The enhanced status code (RFC 3463) at the start of the text, e.g. ``5.7.8``."""
        match = _ENHANCED.match(self.lines[0]) if self.lines else None
        return match.group(1) if match else None

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines).strip()

    def __str__(self) -> str:
        return f"{self.code} {self.text}".rstrip()


class SmtpWire:
    """One connection to an SMTP server."""

    def __init__(self, sock: socket.socket, timeout: float) -> None:
        self._sock = sock
        self._timeout = timeout
        self._buffer = b""

    @classmethod
    def connect(cls, host: str, port: int, timeout: float) -> SmtpWire:
        """Open a TCP connection; raises OSError (socket.gaierror for a name that does not
        resolve, TimeoutError, ConnectionRefusedError…)."""
        return cls(socket.create_connection((host, port), timeout=timeout), timeout)

    @property
    def peer(self) -> tuple[str, int]:
        address = self._sock.getpeername()
        return str(address[0]), int(address[1])

    @property
    def local_address(self) -> str:
        return str(self._sock.getsockname()[0])

    @property
    def tls(self) -> ssl.SSLSocket | None:
        return self._sock if isinstance(self._sock, ssl.SSLSocket) else None

    def start_tls(self, context: ssl.SSLContext, server_hostname: str) -> ssl.SSLSocket:
        """Wrap the socket in TLS; raises ssl.SSLError (ssl.SSLCertVerificationError when the
        certificate does not verify), TimeoutError or OSError."""
        self._buffer = b""  # RFC 3207: nothing read before the handshake counts after it
        self._sock.settimeout(self._timeout)
        wrapped = context.wrap_socket(self._sock, server_hostname=server_hostname)
        self._sock = wrapped
        return wrapped

    def send(self, line: str) -> None:
        self._sock.settimeout(self._timeout)
        try:
            self._sock.sendall(line.encode("utf-8") + b"\r\n")
        except TimeoutError as error:
            raise Silence(f"the server took no data within {self._timeout:g} s") from error
        except (ssl.SSLError, OSError) as error:
            raise Closed("the server closed the connection") from error

    def command(self, line: str) -> Reply:
        self.send(line)
        return self.read_reply()

    def read_reply(self) -> Reply:
        deadline = time.monotonic() + self._timeout
        code: int | None = None
        lines: list[str] = []
        while len(lines) < _MAX_LINES:
            raw = self._read_line(deadline)
            match = _REPLY_LINE.match(raw)
            if match is None or (code is not None and int(match.group(1)) != code):
                raise Garbled(f"the server sent something that is not an SMTP reply: {raw[:80]!r}")
            code = int(match.group(1))
            lines.append(match.group(3) or "")
            if match.group(2) != "-":
                return Reply(code, tuple(lines))
        raise Garbled(f"the server sent a reply of more than {_MAX_LINES} lines")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()

    def _read_line(self, deadline: float) -> str:
        while b"\n" not in self._buffer:
            if len(self._buffer) > _MAX_LINE:
                raise Garbled("the server sent a line longer than any SMTP reply")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._silence()
            self._sock.settimeout(remaining)
            try:
                chunk = self._sock.recv(_MAX_LINE)
            except TimeoutError as error:
                raise self._silence() from error
            except (ssl.SSLError, OSError) as error:
                raise Closed("the server closed the connection") from error
            if not chunk:
                if self._buffer:
                    raise Closed("the server closed the connection in the middle of a reply")
                raise Closed("the server closed the connection")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.rstrip(b"\r").decode("utf-8", errors="replace")

    def _silence(self) -> Silence:
        if self._buffer:
            return Silence(f"no complete reply within {self._timeout:g} s")
        return Silence(f"no reply within {self._timeout:g} s")
