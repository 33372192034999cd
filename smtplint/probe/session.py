"""One SMTP session per configuration, stopped before any message is sent.

connect → (implicit TLS) → greeting → EHLO → (STARTTLS → EHLO) → AUTH → MAIL FROM →
(RCPT TO) → RSET → QUIT. DATA is never sent. Each wait is bounded by the step timeout; a step
that fails stops the session, and the steps it did not reach are reported as skipped.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import ipaddress
import socket
import ssl
import time
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

from smtplint.model import Secret, Security, SmtpConfig, hide_secrets
from smtplint.probe import explain
from smtplint.probe.certificate import CertificateFacts, read_certificate
from smtplint.probe.outcome import ConfigProbe, Diagnosis, Endpoint, Status, Step, StepName
from smtplint.probe.password import NoPassword, Prompt, find_password
from smtplint.probe.target import Target, Unprobeable, target_of
from smtplint.probe.tls import (
    classify,
    describe_session,
    inspecting_context,
    verifying_context,
)
from smtplint.probe.wire import Closed, Reply, Silence, SmtpWire, WireError
from smtplint.records import field, record

_MECHANISMS = ("PLAIN", "LOGIN", "CRAM-MD5")  # the password logins the probe speaks
_SOON = dt.timedelta(days=14)
_CLOSING = (StepName.RSET, StepName.QUIT)


@record
class ProbeOptions:
    timeout: float = 10.0  # seconds per step
    cafile: Path | None = None  # trust only this CA file instead of the system store
    recipient: str | None = None  # RCPT TO is tried only with an address
    environ: Mapping[str, str] = field(default_factory=dict)
    prompt: Prompt | None = None  # asked for a password when nothing else holds one


def probe_config(config: SmtpConfig, options: ProbeOptions) -> ConfigProbe:
    probe = ConfigProbe(
        config.path, config.name, config.family, config.anchor, recipient=options.recipient
    )
    try:
        target = target_of(config, options.environ)
    except Unprobeable as error:
        probe.skipped = str(error)
        return probe
    probe.endpoint = target.endpoint
    probe.notes.extend(target.notes)
    _Session(config, target, options, probe).run()
    return probe


def plan_of(security: Security) -> tuple[StepName, ...]:
    """The steps a session runs for this security, in order."""
    opening: tuple[StepName, ...]
    if security is Security.TLS:
        opening = (StepName.CONNECT, StepName.TLS, StepName.CERTIFICATE, StepName.GREETING)
        opening += (StepName.EHLO,)
    else:
        opening = (StepName.CONNECT, StepName.GREETING, StepName.EHLO, StepName.STARTTLS)
        opening += (StepName.CERTIFICATE, StepName.EHLO_AFTER_STARTTLS)
    return (*opening, StepName.AUTH, StepName.MAIL_FROM, StepName.RCPT_TO, *_CLOSING)


class _Stop(Exception):
    """The session cannot go on; the steps not reached are skipped."""

    def __init__(self, step: StepName) -> None:
        super().__init__(f"not reached: {step.value} failed")


class _Session:
    def __init__(
        self, config: SmtpConfig, target: Target, options: ProbeOptions, probe: ConfigProbe
    ) -> None:
        self.config = config
        self.target = target
        self.endpoint: Endpoint = target.endpoint
        self.options = options
        self.probe = probe
        self.wire: SmtpWire | None = None
        self.alive = False
        self.encrypted = False
        self.login = explain.LoginState.NONE
        self.mail_sent = False
        self.extensions: dict[str, str] = {}
        self.started = 0.0

    # --- the sequence -------------------------------------------------------------------------

    def run(self) -> None:
        try:
            self._connect()
            if self.endpoint.security is Security.TLS:
                self._handshake(StepName.TLS, None)
            self._greeting()
            self._ehlo(StepName.EHLO)
            if self.endpoint.security is not Security.TLS:
                self._starttls()
            self._login()
            self._mail_from()
            self._rcpt_to()
        except _Stop as stop:
            self._skip_rest(str(stop))
        self._close()

    def _connect(self) -> None:
        self._begin()
        endpoint = self.endpoint
        try:
            self.wire = SmtpWire.connect(endpoint.host, endpoint.port, self.options.timeout)
        except OSError as error:
            self._fail(
                StepName.CONNECT,
                _connect_error(error, endpoint, self.options.timeout),
                diagnosis=explain.connect_failure(error, endpoint),
            )
        self.alive = True
        address, port = self.wire.peer
        self._ok(StepName.CONNECT, f"connected to {address} port {port}")

    def _greeting(self) -> None:
        self._begin()
        try:
            reply = self._wire().read_reply()
        except Silence as error:
            self.alive = False
            diagnosis = None
            if self.endpoint.security is not Security.TLS:
                diagnosis = explain.silent_greeting(self.endpoint)
            self._fail(StepName.GREETING, f"no 220 greeting: {error}", diagnosis=diagnosis)
        except WireError as error:
            self._broken(StepName.GREETING, error, "before its greeting")
        if reply.code != 220:
            self._fail(StepName.GREETING, "the server refuses the session", reply)
        self._ok(StepName.GREETING, "the server greeted", reply)

    def _ehlo(self, step: StepName) -> None:
        self._begin()
        name = _ehlo_name(self._wire().local_address)
        reply = self._command(step, f"EHLO {name}")
        if not reply.ok:
            self._fail(step, f"the server refused EHLO {name}", reply)
        self.extensions = _extensions(reply)
        mechanisms = _auth_mechanisms(self.extensions)
        self.probe.auth_mechanisms = mechanisms
        offered = ", ".join(
            f"{keyword} {params}".strip() for keyword, params in self.extensions.items()
        )
        first_line = Reply(reply.code, reply.lines[:1])  # the extensions are in the detail
        self._ok(step, f"offers {offered}" if offered else "offers no extensions", first_line)

    def _starttls(self) -> None:
        security = self.endpoint.security
        offered = "STARTTLS" in self.extensions
        if security is Security.NONE or (security is Security.OPPORTUNISTIC and not offered):
            if security is Security.NONE:
                why = "the configuration uses no encryption"
            else:
                why = (
                    "the server does not offer STARTTLS, so this configuration goes on "
                    "without encryption (SL110)"
                )
            self._skip(StepName.STARTTLS, why)
            self._skip(StepName.CERTIFICATE, "no TLS on this connection")
            self._skip(StepName.EHLO_AFTER_STARTTLS, "no TLS on this connection")
            return
        self._begin()
        if not offered:
            self._fail(
                StepName.STARTTLS,
                "the server does not offer STARTTLS",
                diagnosis=explain.missing_starttls(self.endpoint),
            )
        reply = self._command(StepName.STARTTLS, "STARTTLS")
        if reply.code != 220:
            self._fail(StepName.STARTTLS, "the server refused STARTTLS", reply)
        self._handshake(StepName.STARTTLS, reply)
        self._ehlo(StepName.EHLO_AFTER_STARTTLS)

    def _handshake(self, step: StepName, reply: Reply | None) -> None:
        """The TLS handshake (after STARTTLS's 220, or on connect), then the certificate."""
        if reply is None:
            self._begin()
        wire = self._wire()
        endpoint = self.endpoint
        try:
            sock = wire.start_tls(verifying_context(self.options.cafile), endpoint.host)
        except ssl.SSLError as error:
            self.alive = False
            problem = classify(error)
            if not problem.certificate:
                diagnosis = explain.handshake_failure(problem, endpoint, None, True)
                self._fail(step, f"TLS handshake failed: {problem.message}", reply, diagnosis)
            self._ok(step, "the server presented its certificate", reply)
            self._begin()
            facts = self._fetch_certificate()
            self.probe.certificate = facts
            what = facts.describe() if facts else "could not be read for a description"
            diagnosis = explain.handshake_failure(problem, endpoint, facts, self.target.verify_tls)
            self._fail(
                StepName.CERTIFICATE,
                f"{problem.message}; the certificate {what}",
                diagnosis=diagnosis,
            )
        except OSError as error:
            self.alive = False
            if isinstance(error, TimeoutError):
                detail = f"no TLS handshake within {self.options.timeout:g} s"
            else:
                detail = "the server closed the connection during the TLS handshake"
            self._fail(step, detail, reply)
        self.encrypted = True
        self._ok(step, describe_session(sock), reply)
        self._begin()
        facts = _facts(sock)
        self.probe.certificate = facts
        self._ok(StepName.CERTIFICATE, _verified(endpoint.host, facts, self.options.cafile))

    def _login(self) -> None:
        endpoint = self.endpoint
        mechanisms = self.probe.auth_mechanisms or ()
        offered = f" (the server offers {' '.join(mechanisms)})" if mechanisms else ""
        if endpoint.username is None:
            why = self.target.username_unknown or "no login is configured"
            self._skip(StepName.AUTH, why + offered)
            return
        self._begin()
        if not mechanisms:
            where = "" if self.encrypted else " on this unencrypted connection"
            self._fail(
                StepName.AUTH,
                f"the server offers no AUTH{where}",
                diagnosis=explain.auth_not_offered(self.encrypted, "STARTTLS" in self.extensions),
            )
        if not self.encrypted and not self._loopback():
            self._fail(StepName.AUTH, "no login tried", diagnosis=explain.cleartext_login())
        mechanism = next((m for m in _MECHANISMS if m in mechanisms), None)
        if mechanism is None:
            self._fail(
                StepName.AUTH,
                f"no password mechanism among {' '.join(mechanisms)}",
                diagnosis=explain.no_usable_mechanism(mechanisms),
            )
        found = find_password(
            self.config, self.options.environ, self.options.prompt, self._prompt_text()
        )
        if isinstance(found, NoPassword):
            self.login = explain.LoginState.NOT_TRIED
            self._skip(StepName.AUTH, f"no password for {endpoint.username}: {found.reason}")
            return
        self._begin()  # the prompt's wait is not the server's
        login = f"{mechanism} as {endpoint.username} (password from {found.source})"
        try:
            reply = self._authenticate(mechanism, endpoint.username, found.secret)
        except WireError as error:
            self.alive = False
            self._fail(StepName.AUTH, f"{_masked(str(error), found.secret)} during {login}")
        shown = _masked(str(reply), found.secret)
        if reply.code != 235:
            diagnosis = explain.auth_reply(reply, self.encrypted)
            self._fail(StepName.AUTH, f"{login} refused", shown, diagnosis)
        self.login = explain.LoginState.DONE
        self._ok(StepName.AUTH, login, shown)

    def _mail_from(self) -> None:
        sender = self.endpoint.sender
        if sender is None:
            self._skip(StepName.MAIL_FROM, self.target.sender_unknown or "no sender")
            raise _Stop(StepName.MAIL_FROM)
        self._begin()
        self.mail_sent = True
        reply = self._command(StepName.MAIL_FROM, f"MAIL FROM:<{sender}>")
        if reply.code != 250:
            diagnosis = explain.mail_reply(reply, self.encrypted, self.login)
            self._fail(StepName.MAIL_FROM, f"<{sender}> refused", reply, diagnosis)
        self._ok(StepName.MAIL_FROM, f"<{sender}> accepted", reply)

    def _rcpt_to(self) -> None:
        recipient = self.options.recipient
        if recipient is None:
            self._skip(StepName.RCPT_TO, "no recipient given (--to ADDRESS tries one)")
            return
        self._begin()
        reply = self._command(StepName.RCPT_TO, f"RCPT TO:<{recipient}>")
        if reply.code not in (250, 251):
            diagnosis = explain.rcpt_reply(reply, self.encrypted, self.login)
            self._fail(StepName.RCPT_TO, f"<{recipient}> refused", reply, diagnosis)
        self._ok(StepName.RCPT_TO, f"<{recipient}> accepted", reply)

    def _close(self) -> None:
        """RSET after a MAIL FROM, then QUIT, whatever happened before (errors are recorded
        but stop nothing)."""
        try:
            if not self.alive:
                self._skip(StepName.RSET, "the connection is closed")
            elif not self.mail_sent:
                self._skip(StepName.RSET, "no mail transaction was started")
            else:
                self._begin()
                reply = self._command(StepName.RSET, "RSET")
                if reply.ok:
                    self._ok(StepName.RSET, "transaction discarded", reply)
                else:
                    self._record(StepName.RSET, Status.FAILED, "the server refused RSET", reply)
        except _Stop:
            pass
        self._quit()
        if self.wire is not None:
            self.wire.close()

    def _quit(self) -> None:
        if not self.alive or self.wire is None:
            self._skip(StepName.QUIT, "the connection is closed")
            return
        self._begin()
        try:
            reply = self.wire.command("QUIT")
        except WireError:
            self._ok(StepName.QUIT, "the server closed the connection")
            return
        self._ok(StepName.QUIT, "session closed", reply)

    # --- helpers ------------------------------------------------------------------------------

    def _wire(self) -> SmtpWire:
        assert self.wire is not None
        return self.wire

    def _command(self, step: StepName, line: str) -> Reply:
        try:
            return self._wire().command(line)
        except WireError as error:
            self._broken(step, error, f"after {line.split(' ', 1)[0]}")

    def _broken(self, step: StepName, error: WireError, when: str) -> NoReturn:
        self.alive = False
        detail = f"{error} {when}" if isinstance(error, Closed) else str(error)
        self._fail(step, detail)

    def _authenticate(self, mechanism: str, username: str, secret: Secret) -> Reply:
        wire = self._wire()
        if mechanism == "PLAIN":
            token = _b64(f"\0{username}\0{secret.reveal()}")
            reply = wire.command(f"AUTH PLAIN {token}")
            return wire.command(token) if reply.code == 334 else reply
        if mechanism == "LOGIN":
            reply = wire.command("AUTH LOGIN")
            if reply.code == 334:
                reply = wire.command(_b64(username))
            if reply.code == 334:
                reply = wire.command(_b64(secret.reveal()))
            return reply
        reply = wire.command("AUTH CRAM-MD5")
        if reply.code != 334:
            return reply
        try:
            challenge = base64.b64decode(reply.text, validate=True)
        except ValueError:
            return wire.command("*")
        digest = hmac.new(secret.reveal().encode(), challenge, "md5").hexdigest()
        return wire.command(_b64(f"{username} {digest}"))

    def _fetch_certificate(self) -> CertificateFacts | None:
        """The certificate that failed verification, fetched over a second connection that
        checks nothing and sends nothing but EHLO, STARTTLS and QUIT."""
        endpoint = self.endpoint
        try:
            wire = SmtpWire.connect(endpoint.host, endpoint.port, self.options.timeout)
        except OSError:
            return None
        try:
            if endpoint.security is not Security.TLS:
                wire.read_reply()
                wire.command(f"EHLO {_ehlo_name(wire.local_address)}")
                if wire.command("STARTTLS").code != 220:
                    return None
            sock = wire.start_tls(inspecting_context(), endpoint.host)
            facts = _facts(sock)
            wire.command("QUIT")
            return facts
        except (OSError, WireError):
            return None
        finally:
            wire.close()

    def _loopback(self) -> bool:
        try:
            return ipaddress.ip_address(self._wire().peer[0]).is_loopback
        except (OSError, ValueError):
            return False

    def _prompt_text(self) -> str:
        endpoint = self.endpoint
        key = self.config.password.key if self.config.password is not None else "password"
        return (
            f"Password for {endpoint.username} at {endpoint.host}:{endpoint.port} "
            f"({self.config.path.name} {key}): "
        )

    # --- recording ----------------------------------------------------------------------------

    def _begin(self) -> None:
        self.started = time.monotonic()

    def _ok(self, name: StepName, detail: str, reply: Reply | str | None = None) -> None:
        self._record(name, Status.OK, detail, reply)

    def _skip(self, name: StepName, detail: str) -> None:
        self.probe.steps.append(Step(name, Status.SKIPPED, detail))

    def _fail(
        self,
        name: StepName,
        detail: str,
        reply: Reply | str | None = None,
        diagnosis: Diagnosis | None = None,
    ) -> NoReturn:
        self._record(name, Status.FAILED, detail, reply, diagnosis)
        raise _Stop(name)

    def _record(
        self,
        name: StepName,
        status: Status,
        detail: str,
        reply: Reply | str | None = None,
        diagnosis: Diagnosis | None = None,
    ) -> None:
        seconds = round(time.monotonic() - self.started, 3)
        shown = None if reply is None else str(reply)
        self.probe.steps.append(Step(name, status, detail, shown, diagnosis, seconds))

    def _skip_rest(self, reason: str) -> None:
        done = {step.name for step in self.probe.steps}
        for name in plan_of(self.endpoint.security):
            if name not in done and name not in _CLOSING:
                self._skip(name, reason)


def _connect_error(error: OSError, endpoint: Endpoint, timeout: float) -> str:
    if isinstance(error, socket.gaierror):
        return f"cannot resolve {endpoint.host}: {error.strerror or error}"
    if isinstance(error, ConnectionRefusedError):
        return f"connection refused on port {endpoint.port}"
    if isinstance(error, TimeoutError):
        return f"no connection within {timeout:g} s"
    return f"cannot connect: {error.strerror or error}"


def _ehlo_name(address: str) -> str:
    """An address literal (RFC 5321 4.1.3): valid, and no DNS lookup of our own name."""
    try:
        version = ipaddress.ip_address(address).version
    except ValueError:
        return "localhost"
    return f"[IPv6:{address}]" if version == 6 else f"[{address}]"


def _extensions(reply: Reply) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in reply.lines[1:]:
        keyword, _, params = line.strip().partition(" ")
        if keyword.upper().startswith("AUTH="):  # the pre-standard spelling
            keyword, params = "AUTH", keyword[5:] + " " + params
        if keyword:
            found.setdefault(keyword.upper(), params.strip())
    return found


def _auth_mechanisms(extensions: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.upper() for m in extensions.get("AUTH", "").split()))


def _facts(sock: ssl.SSLSocket) -> CertificateFacts | None:
    der = sock.getpeercert(binary_form=True)
    if not der:
        return None
    try:
        return read_certificate(der)
    except ValueError:
        return None


def _verified(host: str, facts: CertificateFacts | None, cafile: Path | None) -> str:
    trust = f"the CA in {cafile}" if cafile is not None else "the system's trust store"
    detail = f"valid for {host}, trusted through {trust}"
    if facts is None:
        return detail
    detail += f"; {facts.describe()}"
    if facts.not_after is not None:
        left = facts.not_after - dt.datetime.now(dt.timezone.utc)
        if left < _SOON:
            detail += f"; expires in {max(left.days, 0)} days"
    return detail


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _masked(shown: str, secret: Secret) -> str:
    """A reply or error as shown: a server that echoes what it was sent must not reveal the
    password through the report."""
    value = secret.reveal()
    return hide_secrets(shown, (value, _b64(value)))
