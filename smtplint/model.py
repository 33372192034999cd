"""The canonical vocabulary shared by sources, rules, the engine and reporters.

Sources turn file syntax into :class:`SmtpConfig` objects; rules read those and yield
findings; reporters format :class:`Finding` objects. Nothing here knows a file format.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from pathlib import Path
from typing import Generic, TypeVar

from smtplint.records import field, record, replace

T = TypeVar("T", covariant=True)


@record(order=True)
class Span:
    """A region of a file: 1-based lines and columns, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int = 1) -> Span:
        return cls(line, column, line, column)


class ValueKind(enum.Enum):
    """How a setting's value was obtained."""

    LITERAL = "literal"  # written in the file as a plain value
    INTERPOLATED = "interpolated"  # built from ${VAR} references, resolved where possible
    REFERENCE = "reference"  # read from an environment variable or a secret store at run time
    DEFAULT = "default"  # not written: the reading library's default applies
    ENVIRONMENT = "environment"  # read from the environment; known here only by its fallback
    UNRESOLVED = "unresolved"  # written, but its value cannot be known statically


class Security(enum.Enum):
    """The transport security a client will actually use."""

    NONE = "none"  # plaintext, never upgraded
    OPPORTUNISTIC = "opportunistic"  # plaintext, upgraded with STARTTLS if the server offers it
    STARTTLS = "starttls"  # plaintext greeting, STARTTLS mandatory
    TLS = "tls"  # implicit TLS from the first byte

    @property
    def encrypts(self) -> bool:
        """Whether credentials are (or may be, for opportunistic) sent inside TLS."""
        return self is not Security.NONE

    @property
    def label(self) -> str:
        return _SECURITY_LABELS[self]


_SECURITY_LABELS = {
    Security.NONE: "no encryption",
    Security.OPPORTUNISTIC: "STARTTLS if offered",
    Security.STARTTLS: "STARTTLS",
    Security.TLS: "implicit TLS",
}


class AuthMethod(enum.Enum):
    NONE = "none"
    PASSWORD = "password"  # PLAIN / LOGIN / CRAM-MD5, negotiated
    OAUTH2 = "oauth2"
    OTHER = "other"  # GSSAPI, NTLM, client certificate…
    ANY = "any"  # whatever the server offers, weakest included (Thunderbird authMethod 9)


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(enum.Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


MASK = "********"  # what every output shows in place of a password


def hide_secrets(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of each (non-empty) secret replaced by ``MASK``, the
    longest first so a password that contains another is hidden whole."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


class Secret:
    """A value that must never be printed. ``str()`` and ``repr()`` are masked."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return "Secret('********')"

    def __str__(self) -> str:
        return "********"


@record
class Origin:
    """Where a setting came from: the key as the user wrote it and its place in the file."""

    key: str
    span: Span | None
    kind: ValueKind
    reference: str | None = None  # the environment variable or secret named by a reference
    part: str | None = None  # the component of a compound value, e.g. "port" of a URL
    path: Path | None = None  # the file that holds it, when not the configuration's own file


@record
class Setting(Generic[T]):
    """A canonical value plus its origin.

    ``value`` is None when the value is unknown (a reference, or text that does not
    convert); ``raw`` is the text as written, for messages. Password settings hold a
    :class:`Secret` and a masked ``raw``.
    """

    value: T | None
    origin: Origin
    raw: str | None = None

    @property
    def key(self) -> str:
        return self.origin.key

    @property
    def kind(self) -> ValueKind:
        return self.origin.kind

    @property
    def is_literal(self) -> bool:
        return self.origin.kind is ValueKind.LITERAL

    @property
    def is_default(self) -> bool:
        return self.origin.kind is ValueKind.DEFAULT

    @property
    def known(self) -> bool:
        """True when the value is known statically (literal, resolved, or a default)."""
        return self.value is not None

    def quoted(self) -> str:
        """``KEY = value`` as it should appear in a message."""
        if self.origin.kind is ValueKind.DEFAULT:
            return f"{self.key} not set (default {self.raw})"
        if self.raw is not None:
            shown = self.raw
        elif isinstance(self.value, enum.Enum):
            shown = str(self.value.value)
        else:
            shown = str(self.value)
        if self.origin.part is not None:
            return f"{self.origin.part} {shown} in {self.key}"
        return f"{self.key}={shown}"


@record
class IgnoredKey:
    """A key in the SMTP namespace that the reading library does not read."""

    key: str
    span: Span | None
    reason: str
    replacement: str | None = None  # the key the library does read, when one exists


@record
class Ambiguity:
    """A value whose meaning depends on which library reads it."""

    setting: Setting[object]
    readings: tuple[tuple[str, str], ...]  # (library, meaning)
    chosen: str  # the library whose reading the config used
    reason: str


@record
class UrlProblem:
    """A structural problem inside an SMTP URL (credentials, encoding)."""

    setting: Setting[str]
    part: str  # "username" or "password"
    characters: str  # the reserved characters found, never the secret itself


@record
class StringFlag:
    """A TLS/SSL flag whose value is a string read from the environment and used as a
    boolean without a cast: every non-empty string, "False" included, is true."""

    setting: Setting[object]
    expression: str  # the code as written, e.g. os.environ.get("EMAIL_USE_TLS", False)


@record
class StartupError:
    """The reading library refuses this configuration when the application starts."""

    message: str  # the library's own message
    span: Span | None
    keys: tuple[str, ...]  # the settings involved


@record(frozen=False)
class SmtpConfig:
    """One SMTP configuration as the reading library will see it.

    Fields are None when the file neither sets them nor implies a library default.
    """

    path: Path
    name: str  # the prefix or table path that groups the keys, e.g. "MAIL_" or "tool.app.smtp"
    family: str  # key family, e.g. "laravel", "nodemailer", "django", "toml"
    interpretation: str  # one line: which library's reading was applied
    anchor: Span  # where to report problems that belong to no single key
    library: str | None = None  # the reading library when a family has several (Flask-Mailman)
    host: Setting[str] | None = None
    port: Setting[int] | None = None
    security: Setting[Security] | None = None
    security_flags: tuple[Setting[Security], ...] = ()  # every key that asked for a mode
    auth: Setting[AuthMethod] | None = None
    username: Setting[str] | None = None
    password: Setting[Secret] | None = None
    sender: Setting[str] | None = None
    timeout: Setting[float] | None = None  # value None with kind DEFAULT: waits forever
    verify_tls: Setting[bool] | None = None
    url: Setting[str] | None = None  # the URL the fields were parsed from, if any
    url_problems: tuple[UrlProblem, ...] = ()
    ignored_keys: tuple[IgnoredKey, ...] = ()
    ambiguities: tuple[Ambiguity, ...] = ()
    string_flags: tuple[StringFlag, ...] = ()
    startup_errors: tuple[StartupError, ...] = ()
    unresolved: tuple[Setting[object], ...] = ()  # values that cannot be known statically
    variant: str | None = None  # which branch of a conditional produced it, e.g. "if DEBUG"
    sends_over_smtp: bool = True  # False for log/console/API transports
    # Settings whose value the reading client itself deprecates and migrates away from
    # (Thunderbird's try_ssl=1 "STARTTLS, if available"): an explicit, outdated choice.
    deprecated: tuple[Setting[object], ...] = ()
    in_use_by: str | None = None  # a lock file showing the owning application may be running

    @property
    def credentials_given(self) -> bool:
        """Whether the user wrote (or referenced) both a username and a password."""
        return present(self.username) and present(self.password)

    def setting_for(self, changed: Field) -> Setting[object] | None:
        """The setting a :class:`Change` of this field rewrites (fields share their names)."""
        setting = getattr(self, changed.value)
        return setting if isinstance(setting, Setting) else None

    def settings(self) -> list[Setting[object]]:
        """Every setting the configuration holds: its fields, then each TLS flag."""
        fields = (
            self.host,
            self.port,
            self.security,
            self.auth,
            self.username,
            self.password,
            self.sender,
            self.timeout,
            self.verify_tls,
            self.url,
        )
        found: list[Setting[object]] = [s for s in fields if s is not None]
        found.extend(self.security_flags)
        return found

    def with_changes(self, **changes: object) -> SmtpConfig:
        return replace(self, **changes)


def present(setting: Setting[object] | None) -> bool:
    """Whether a setting is written or referenced with a value that is, or may be, non-empty.

    A library default is not present; a reference or an unresolved value is (its value is only
    known at run time).
    """
    if setting is None or setting.kind is ValueKind.DEFAULT:
        return False
    if setting.kind in (ValueKind.REFERENCE, ValueKind.UNRESOLVED, ValueKind.ENVIRONMENT):
        return True  # set at run time, whatever the fallback written here
    if setting.value is None:
        return True  # present, but only known at run time
    return bool(setting.value)


@record
class ParseError:
    """A file (or part of it) that could not be parsed."""

    message: str
    span: Span


@record(frozen=False)
class Document:
    """Everything a source read from one file."""

    path: Path
    text: str = field(repr=False)  # may hold secrets
    configs: list[SmtpConfig] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    # other files read with this one whose values its findings may point at (a
    # Thunderbird user.js), by path: their suppression comments apply to those findings
    companions: dict[Path, str] = field(default_factory=dict, repr=False)


class Field(enum.Enum):
    """Canonical fields a fix can change."""

    HOST = "host"
    PORT = "port"
    SECURITY = "security"
    USERNAME = "username"
    SENDER = "sender"
    TIMEOUT = "timeout"
    PASSWORD = "password"  # only ever removed or replaced by a reference, never written


@record
class Change:
    """A canonical change: set a field to a value (None removes the setting)."""

    field: Field
    value: object | None

    def describe(self, key: str | None = None) -> str:
        """The change in words, the field named by ``key`` (the file's own name for it)
        when given: ``set smtp.port to 587``."""
        named = key or self.field.value
        if self.value is None:
            return f"remove {named}"
        shown = self.value.value if isinstance(self.value, enum.Enum) else self.value
        return f"set {named} to {shown}"


@record
class Fix:
    """How to repair a finding: canonical ``changes`` that each source writes in its own
    syntax, or, for a finding about the text itself (an unused suppression comment), the
    exact ``edits``. ``alternatives`` repair the same finding another way, changing more of
    what the file chose (the port, say): with unsafe fixes on, ``fix`` writes the first of
    them a source can write when it cannot write ``changes`` (a mode word the file's
    vocabulary has no unambiguous spelling for)."""

    applicability: Applicability
    changes: tuple[Change, ...]
    description: str
    edits: tuple[Edit, ...] = ()
    alternatives: tuple[tuple[Change, ...], ...] = ()

    @property
    def change_sets(self) -> tuple[tuple[Change, ...], ...]:
        """``changes`` and then each alternative, in the order to try them."""
        return (self.changes, *self.alternatives)


@record
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    path: Path
    span: Span
    fix: Fix | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.applicability is not Applicability.DISPLAY_ONLY

    def sort_key(self) -> tuple[str, Span, str]:
        return (str(self.path), self.span, self.code)

    def with_fix_marked(self, applicability: Applicability) -> Finding:
        """The finding with its fix marked ``applicability``; unchanged without a fix."""
        if self.fix is None or self.fix.applicability is applicability:
            return self
        return replace(self, fix=replace(self.fix, applicability=applicability))


@record(order=True)
class Edit:
    """Replace ``text[start:end]`` of a file's text with ``replacement``.

    ``path`` names the file when it is not the document's own (a Thunderbird ``user.js``
    beside ``prefs.js``); offsets are into that file's text.
    """

    start: int
    end: int
    replacement: str = field(repr=False)  # may hold a value the user wrote
    path: Path | None = field(default=None, compare=False)


@record
class EnvironmentReference:
    """The value of a :class:`Change` that makes a password be read at run time.

    The source writes its own way of reading ``variable`` from the process environment
    (``${VAR}`` in an env file, ``os.environ["VAR"]`` in Python) and puts ``note`` beside
    it as a comment, so a reader knows where the password went.
    """

    variable: str
    note: str


class Unfixable(Exception):
    """A change a source cannot write without risk; ``str()`` says why, in the user's terms."""
