"""What a probe found: one :class:`Step` per stage of the SMTP session, per configuration."""

from __future__ import annotations

import enum
from pathlib import Path

from smtplint.model import Security, Span
from smtplint.probe.certificate import CertificateFacts
from smtplint.records import field, record


class Status(enum.Enum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


class StepName(str, enum.Enum):
    """The stages of a probe, in the order a session runs them."""

    CONNECT = "connect"
    TLS = "tls"  # the handshake of implicit TLS
    GREETING = "greeting"
    EHLO = "ehlo"
    STARTTLS = "starttls"  # the command and the handshake it starts
    CERTIFICATE = "certificate"
    EHLO_AFTER_STARTTLS = "ehlo-after-starttls"
    AUTH = "auth"
    MAIL_FROM = "mail-from"
    RCPT_TO = "rcpt-to"
    RSET = "rset"
    QUIT = "quit"


@record
class Diagnosis:
    """Why a step failed in smtplint's terms: the rule that explains it (if one does) and
    what to change."""

    rule: str | None
    fix: str


@record
class Step:
    name: StepName
    status: Status
    detail: str  # what happened, or why the step was skipped; never holds a password
    reply: str | None = None  # the server's reply, as sent (multi-line replies joined)
    diagnosis: Diagnosis | None = None
    seconds: float | None = None  # how long the step took, when it ran


@record
class Endpoint:
    """Where and how the probe connects, as the configuration (or the environment) says."""

    host: str
    port: int
    security: Security
    username: str | None
    sender: str | None


@record(frozen=False)
class ConfigProbe:
    """The probe of one configuration: skipped with a reason, or the steps it ran."""

    path: Path
    name: str
    family: str
    anchor: Span
    endpoint: Endpoint | None = None
    skipped: str | None = None  # why the configuration was not probed
    steps: list[Step] = field(default_factory=list)
    auth_mechanisms: tuple[str, ...] | None = None  # None when EHLO was never answered
    certificate: CertificateFacts | None = None
    notes: list[str] = field(default_factory=list)  # where values were read from
    recipient: str | None = None  # the --to address, when RCPT TO was asked for

    @property
    def probed(self) -> bool:
        return self.skipped is None

    @property
    def failed(self) -> bool:
        return any(step.status is Status.FAILED for step in self.steps)

    @property
    def passed(self) -> bool:
        """Whether the session reached MAIL FROM (and RCPT TO, when asked) cleanly."""
        if not self.probed or self.failed:
            return False
        wanted = (StepName.MAIL_FROM, StepName.RCPT_TO) if self.recipient else (StepName.MAIL_FROM,)
        return all(self._status(name) is Status.OK for name in wanted)

    def _status(self, name: StepName) -> Status | None:
        found = self.step(name)
        return None if found is None else found.status

    def step(self, name: StepName) -> Step | None:
        return next((step for step in self.steps if step.name is name), None)
