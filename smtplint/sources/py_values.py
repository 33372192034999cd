"""What the static evaluator knows about a Python value, and where the user would edit it.

A :class:`PyValue` is a value (or :data:`UNKNOWN`) plus its provenance: how it was obtained
(a literal, an environment lookup known by its fallback, or not knowable), the span of the
expression to edit (for ``int(os.environ.get("EMAIL_PORT", 465))`` the default ``465``), and
whether it is raw text from the environment (so ``"False"`` would be true).
Containers hold PyValues, so a setting inside ``MAILERS`` keeps its own span.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from smtplint.model import Span, ValueKind
from smtplint.records import field, record, replace
from smtplint.sources.env_url import UrlFields


class Unknown:
    """The value of an expression the evaluator cannot compute."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = Unknown()


@record
class ModuleRef:
    """An imported module or one of its attributes, by dotted name (``os.environ.get``)."""

    path: str

    def attribute(self, name: str) -> ModuleRef:
        return ModuleRef(f"{self.path}.{name}")


@record
class EnvScheme:
    """The cast and default ``environ.Env(NAME=(cast, default))`` declares for a variable."""

    cast: str | None
    default: PyValue | None


@record
class DjangoEnv:
    """An ``environ.Env(...)`` instance (django-environ)."""

    scheme: Mapping[str, EnvScheme] = field(default_factory=dict)


@record
class BoundMethod:
    """``owner.name`` about to be called: a django-environ method or a ``str`` method."""

    owner: object
    name: str


@record
class PyDict:
    items: Mapping[object, PyValue]
    key_spans: Mapping[object, Span | None]


@record
class PySeq:
    items: tuple[PyValue, ...]
    is_tuple: bool


@record
class Binding:
    """A name (or a config key) bound to a value."""

    key: str  # as written: EMAIL_PORT, MAIL_SERVER
    value: PyValue
    key_span: Span | None  # where the name is written; None when bound in another file


@record(frozen=False, eq=False)
class ClassValue:
    """A class statement: its own attributes and its bases, for Flask config classes."""

    name: str
    bases: tuple[ClassValue, ...]
    attrs: dict[str, Binding]
    name_span: Span | None

    def resolved(self) -> dict[str, Binding]:
        """Attributes as an instance sees them: its own, then each base's, left to right."""
        found: dict[str, Binding] = {}
        for cls in reversed(self.linearised()):
            found.update(cls.attrs)
        return found

    def linearised(self) -> list[ClassValue]:
        """A method resolution order good enough for config classes (depth-first, once)."""
        order: list[ClassValue] = []

        def visit(cls: ClassValue, depth: int) -> None:
            if cls in order or depth > 50:
                return
            order.append(cls)
            for base in cls.bases:
                visit(base, depth + 1)

        visit(self, 0)
        return order


@record
class PyValue:
    value: object  # a scalar, PyDict, PySeq, ModuleRef, DjangoEnv, ClassValue … or UNKNOWN
    kind: ValueKind = ValueKind.LITERAL
    span: Span | None = None  # the expression to edit
    raw: str = ""  # its text
    expression: str = ""  # the whole expression the value came from
    reference: str | None = None  # the environment variable read, if any
    env_string: bool = False  # raw environment text used as it is (no cast)
    url: UrlFields | None = None  # the email URL this value was read from
    part: str | None = None  # which part of ``url``: host, port, username, password, flag …

    @property
    def known(self) -> bool:
        return self.value is not UNKNOWN

    def moved(self, span: Span | None, raw: str | None = None) -> PyValue:
        return replace(self, span=span, raw=self.raw if raw is None else raw)


def combined_kind(kinds: Iterable[ValueKind]) -> ValueKind:
    """Unresolved if any part is; from the environment if any part is; else literal."""
    found = set(kinds)
    if ValueKind.UNRESOLVED in found:
        return ValueKind.UNRESOLVED
    if ValueKind.ENVIRONMENT in found:
        return ValueKind.ENVIRONMENT
    return ValueKind.LITERAL


def first_reference(values: Iterable[PyValue]) -> str | None:
    return next((v.reference for v in values if v.reference is not None), None)


def is_data(value: object) -> bool:
    """A value a setting can hold (not a module, a function or a class)."""
    return is_scalar(value) or isinstance(value, (PySeq, PyDict))


def is_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def truthiness(value: object) -> bool | None:
    """``bool(value)`` as Python computes it; None when the value is not known."""
    if is_scalar(value):
        return bool(value)
    if isinstance(value, PySeq):
        return bool(value.items)
    if isinstance(value, PyDict):
        return bool(value.items)
    return None
