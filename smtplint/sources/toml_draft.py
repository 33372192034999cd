"""One configuration as its keys are found, before it becomes an :class:`SmtpConfig`."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from smtplint.model import (
    Ambiguity,
    AuthMethod,
    IgnoredKey,
    Secret,
    Security,
    Setting,
    SmtpConfig,
    Span,
    UrlProblem,
    ValueKind,
)
from smtplint.records import field, record

S = TypeVar("S")


def first(current: S | None, candidate: S) -> S:
    """The setting already found, else the candidate: in a table the first key found wins."""
    return candidate if current is None else current


@record(frozen=False)
class Draft:
    """The fields of one configuration as they are found; the first key found wins."""

    host: Setting[str] | None = None
    port: Setting[int] | None = None
    mode: Setting[Security] | None = None  # a key that names the mode: security = "starttls"
    flags: list[Setting[Security]] = field(default_factory=list)  # keys that asked for a mode
    unasserted_mode: Setting[Security] | None = None  # a false flag, an unreadable value
    default_mode: Setting[Security] | None = None  # the reading library's mode when none is set
    auth: Setting[AuthMethod] | None = None
    username: Setting[str] | None = None
    password: Setting[Secret] | None = None
    sender: Setting[str] | None = None
    timeout: Setting[float] | None = None
    verify_tls: Setting[bool] | None = None
    url: Setting[str] | None = None
    url_problems: list[UrlProblem] = field(default_factory=list)
    ignored: list[IgnoredKey] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)
    sends_over_smtp: bool = True

    @property
    def recognised(self) -> bool:
        """Whether the table names a host, a port, credentials or a URL."""
        found = (self.host, self.port, self.username, self.password, self.url)
        return any(setting is not None for setting in found)

    def security(self) -> Setting[Security] | None:
        if self.mode is not None and self.mode.value is not None:
            return self.mode
        if self.flags:
            return self.flags[0]
        return self.mode or self.unasserted_mode or self.default_mode

    def asserted(self) -> tuple[Setting[Security], ...]:
        named = [self.mode] if self.mode is not None and self.mode.value is not None else []
        return tuple(named + self.flags)

    def ambiguous(
        self, setting: Setting[Security], readings: tuple[tuple[str, str], ...], reason: str
    ) -> None:
        """Record that applications read ``setting`` differently; the first reading is used."""
        self.ambiguities.append(Ambiguity(setting, readings, readings[0][0], reason))

    def infer_auth(self) -> None:
        """Credentials mean password authentication, unless a key names another method."""
        if not (_given(self.username) and _given(self.password)):
            return
        if self.auth is None:
            assert self.username is not None
            self.auth = Setting(AuthMethod.PASSWORD, self.username.origin, self.username.raw)
        elif self.auth.value is None:  # "auto" and the like: a password mechanism is chosen
            self.auth = Setting(AuthMethod.PASSWORD, self.auth.origin, self.auth.raw)

    def build(
        self, path: Path, name: str, family: str, interpretation: str, anchor: Span
    ) -> SmtpConfig:
        return SmtpConfig(
            path=path,
            name=name,
            family=family,
            interpretation=interpretation,
            anchor=anchor,
            host=self.host,
            port=self.port,
            security=self.security(),
            security_flags=self.asserted(),
            auth=self.auth,
            username=self.username,
            password=self.password,
            sender=self.sender,
            timeout=self.timeout,
            verify_tls=self.verify_tls,
            url=self.url,
            url_problems=tuple(self.url_problems),
            ignored_keys=tuple(self.ignored),
            ambiguities=tuple(self.ambiguities),
            sends_over_smtp=self.sends_over_smtp,
        )


def _given(setting: Setting[object] | None) -> bool:
    if setting is None or setting.kind is ValueKind.DEFAULT:
        return False
    if setting.kind is not ValueKind.LITERAL:
        return True
    return bool(setting.value)
