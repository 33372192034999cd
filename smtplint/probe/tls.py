"""TLS contexts for a probe and what a failed handshake means."""

from __future__ import annotations

import enum
import ssl
from pathlib import Path

from smtplint.records import record

# OpenSSL's reasons when the bytes that came back are not TLS at all: the server answered
# the ClientHello with its plaintext greeting.
_PLAINTEXT_REASONS = frozenset(
    {
        "WRONG_VERSION_NUMBER",
        "UNKNOWN_PROTOCOL",
        "PACKET_LENGTH_TOO_LONG",
        "RECORD_LAYER_FAILURE",
        "HTTP_REQUEST",
        "UNEXPECTED_RECORD",
    }
)
# X509_V_ERR_* codes (openssl/x509_vfy.h)
_EXPIRED = 10
_NOT_YET_VALID = 9
_HOSTNAME_MISMATCH = 62
_IP_MISMATCH = 64


class TlsFailure(enum.Enum):
    PLAINTEXT = "plaintext"  # the server does not speak TLS on this connection
    HOSTNAME = "hostname"  # the certificate does not name the host
    EXPIRED = "expired"  # the certificate is out of its validity period
    UNTRUSTED = "untrusted"  # the chain does not lead to a trusted CA
    OTHER = "other"


@record
class HandshakeError:
    kind: TlsFailure
    message: str  # OpenSSL's words, e.g. "certificate has expired"

    @property
    def certificate(self) -> bool:
        return self.kind in (TlsFailure.HOSTNAME, TlsFailure.EXPIRED, TlsFailure.UNTRUSTED)


def verifying_context(cafile: Path | None) -> ssl.SSLContext:
    """Chain, host name and validity checked against ``cafile``, or else the system's trust
    store (OpenSSL reads ``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` for it)."""
    return ssl.create_default_context(cafile=str(cafile) if cafile is not None else None)


def inspecting_context() -> ssl.SSLContext:
    """No checks at all: only to fetch the certificate that failed verification, so the
    report can say what it names. Nothing but QUIT is sent over such a connection."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def classify(error: ssl.SSLError) -> HandshakeError:
    if isinstance(error, ssl.SSLCertVerificationError):
        message = str(error.verify_message or error.reason or error).rstrip(".")
        code = error.verify_code
        if code in (_HOSTNAME_MISMATCH, _IP_MISMATCH) or "mismatch" in message.lower():
            return HandshakeError(TlsFailure.HOSTNAME, message)
        if code in (_EXPIRED, _NOT_YET_VALID):
            return HandshakeError(TlsFailure.EXPIRED, message)
        return HandshakeError(TlsFailure.UNTRUSTED, message)
    reason = str(error.reason or "")
    if reason.upper() in _PLAINTEXT_REASONS:
        return HandshakeError(TlsFailure.PLAINTEXT, _message(error))
    return HandshakeError(TlsFailure.OTHER, _message(error))


def _message(error: ssl.SSLError) -> str:
    if error.library and error.reason:
        return f"[{error.library}: {error.reason}] {error.reason.lower().replace('_', ' ')}"
    return str(error)


def describe_session(sock: ssl.SSLSocket) -> str:
    cipher = sock.cipher()
    version = sock.version() or "TLS"
    return f"{version} ({cipher[0]})" if cipher else version
