"""Value classes: what ``dataclasses`` gives, without its cost at start-up.

Every data type in smtplint is a record: a class whose annotated attributes are its fields,
with the ``__init__``, equality, hash and repr a dataclass would have. ``dataclasses``
compiles each of those methods from source text when the class is defined, about 1 ms per
frozen class, and ``smtplint check`` defines some sixty of them before it reads one file.
A record compiles only its ``__init__``, the one method whose speed per object matters, and
only when the first object of its type is made; the others are shared functions that read
the field names the class keeps.

Type checkers see ``record`` as ``dataclasses.dataclass`` (PEP 681); records are frozen
unless declared ``frozen=False``. What is left out: ``__post_init__``, ``InitVar``,
``unsafe_hash`` and ``match_args=False``; no smtplint type needs them.
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[Any], Any]:
        return lambda decorator: decorator


_R = TypeVar("_R")


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""A field's ``default`` or ``default_factory`` when it has none."""


class FrozenRecordError(AttributeError):
    """An assignment to (or deletion of) a field of a frozen record."""


class Field:
    """One field of a record, as ``fields`` lists them."""

    __slots__ = (
        "annotation",
        "compare",
        "default",
        "default_factory",
        "kw_only",
        "name",
        "owner",
        "repr",
    )

    def __init__(
        self,
        default: Any = MISSING,
        default_factory: Any = MISSING,
        repr: bool = True,
        compare: bool = True,
    ) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("a field cannot have both a default and a default_factory")
        self.name = ""
        self.annotation: Any = None  # as written: a string where annotations are deferred
        self.owner: type = object  # the record type that declares the field
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare
        self.kw_only = False

    @property
    def required(self) -> bool:
        return self.default is MISSING and self.default_factory is MISSING

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r})"


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] = MISSING,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field with a default made anew for each object, or left out of ``repr`` or of
    comparison: the counterpart of ``dataclasses.field``."""
    return Field(default, default_factory, repr, compare)


@overload
def record(cls: type[_R], /) -> type[_R]: ...


@overload
def record(
    *,
    frozen: bool = True,
    eq: bool = True,
    order: bool = False,
    kw_only: bool = False,
    slots: bool = False,
) -> Callable[[type[_R]], type[_R]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(
    cls: type[_R] | None = None,
    /,
    *,
    frozen: bool = True,
    eq: bool = True,
    order: bool = False,
    kw_only: bool = False,
    slots: bool = False,
) -> type[_R] | Callable[[type[_R]], type[_R]]:
    """Make ``cls`` a record; ``@record`` or ``@record(frozen=False, ...)``."""

    def make(cls: type[_R]) -> type[_R]:
        return _build(cls, frozen=frozen, eq=eq, order=order, kw_only=kw_only, slots=slots)

    return make if cls is None else make(cls)


def fields(record_or_type: object) -> tuple[Field, ...]:
    """The fields of a record (or record type), inherited ones first."""
    found: tuple[Field, ...] | None = getattr(record_or_type, "__record_fields__", None)
    if found is None:
        raise TypeError(f"not a record: {record_or_type!r}")
    return found


def field_types(record_type: type) -> dict[str, Any]:
    """Each field's annotation, evaluated where its class was written, ``Annotated`` kept:
    what ``typing.get_type_hints(record_type, include_extras=True)`` gives for the fields, at
    a third of its cost, since the annotations are evaluated without typing's checks."""
    return {each.name: _evaluated(each) for each in fields(record_type)}


def _evaluated(each: Field) -> Any:
    if not isinstance(each.annotation, str):
        return each.annotation
    module = vars(sys.modules[each.owner.__module__])
    return eval(each.annotation, module, dict(vars(each.owner)))


def is_record(value: object) -> bool:
    """Whether ``value`` is a record type or a record."""
    return hasattr(value, "__record_fields__")


def values(item: object) -> tuple[Any, ...]:
    """The field values of a record, in field order (not copied, not recursed into)."""
    return tuple(getattr(item, each.name) for each in fields(item))


def replace(item: _R, /, **changes: Any) -> _R:
    """A copy of the record ``item`` with the fields in ``changes`` set anew."""
    kept = {each.name: getattr(item, each.name) for each in fields(item)}
    return type(item)(**{**kept, **changes})


# The methods every record shares. Each reads what it needs from the record's class.


def _record_hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _record_repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
    return f"{self.__class__.__qualname__}({shown})"


def _comparison(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            key = self.__record_key__
            return compare(key(self), key(other))
        return NotImplemented

    return method


_record_eq = _comparison(operator.eq)
_ORDER_METHODS = {
    "__lt__": _comparison(operator.lt),
    "__le__": _comparison(operator.le),
    "__gt__": _comparison(operator.gt),
    "__ge__": _comparison(operator.ge),
}


def _frozen_setattr(self: Any, name: str, value: object) -> None:
    raise FrozenRecordError(f"cannot assign to {name!r}: {type(self).__name__} is frozen")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenRecordError(f"cannot delete {name!r}: {type(self).__name__} is frozen")


def _slots_getstate(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, each.name) for each in self.__record_fields__)


def _slots_setstate(self: Any, state: tuple[Any, ...]) -> None:
    for each, value in zip(self.__record_fields__, state, strict=True):
        object.__setattr__(self, each.name, value)


def _build(
    cls: type[_R], *, frozen: bool, eq: bool, order: bool, kw_only: bool, slots: bool
) -> type[_R]:
    bases = cls.__mro__[-1:0:-1]
    inherited = [each for base in bases for each in base.__dict__.get("__record_fields__", ())]
    own = _own_fields(cls, kw_only)
    by_name = {each.name: each for each in inherited}
    by_name.update((each.name, each) for each in own)
    all_fields = tuple(by_name.values())
    if slots:
        cls = _with_slots(cls, own)
    for each in own:
        each.owner = cls
    cls.__record_fields__ = all_fields  # type: ignore[attr-defined]
    compared = tuple(each.name for each in all_fields if each.compare)
    cls.__record_key__ = _key_of(compared)  # type: ignore[attr-defined]
    cls.__record_repr__ = tuple(each.name for each in all_fields if each.repr)  # type: ignore[attr-defined]
    cls.__match_args__ = tuple(each.name for each in all_fields if not each.kw_only)  # type: ignore[attr-defined,misc]
    _check_order(cls, [each for each in all_fields if not each.kw_only])
    _define(cls, "__init__", _compiled_on_first_call(cls, all_fields, frozen=frozen, slots=slots))
    _define(cls, "__repr__", _record_repr)
    if eq:
        _define(cls, "__eq__", _record_eq)
        if "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
            cls.__hash__ = _record_hash if frozen else None  # type: ignore[assignment]
    if order:
        for name, method in _ORDER_METHODS.items():
            _define(cls, name, method)
    if frozen:
        cls.__setattr__ = _frozen_setattr  # type: ignore[method-assign]
        cls.__delattr__ = _frozen_delattr  # type: ignore[method-assign]
        if slots:
            cls.__getstate__ = _slots_getstate  # type: ignore[attr-defined]
            cls.__setstate__ = _slots_setstate  # type: ignore[attr-defined]
    return cls


def _own_fields(cls: type, kw_only: bool) -> list[Field]:
    own = []
    # The class's own annotations only: inherited fields come from the bases' records, and
    # inspect (which get_annotations needs) is a costly import at start-up.
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    for name, annotation in annotations.items():
        if _is_class_var(annotation):
            continue
        declared = cls.__dict__.get(name, MISSING)
        spec = declared if isinstance(declared, Field) else Field(default=declared)
        if spec.default is not MISSING and type(spec.default).__hash__ is None:
            raise ValueError(f"{cls.__name__}.{name}: a mutable default needs default_factory")
        spec.name = name
        spec.annotation = annotation
        spec.kw_only = kw_only
        if isinstance(declared, Field):
            if spec.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
        own.append(spec)
    return own


def _is_class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _with_slots(cls: type[_R], own: list[Field]) -> type[_R]:
    """A copy of ``cls`` whose own fields are slots (slots can only be set when a class is
    made)."""
    namespace = dict(cls.__dict__)
    for each in own:
        namespace.pop(each.name, None)
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    namespace["__slots__"] = tuple(each.name for each in own)
    metaclass: type = type(cls)
    made: type[_R] = metaclass(cls.__name__, cls.__bases__, namespace)
    return made


def _key_of(names: tuple[str, ...]) -> staticmethod[[Any], Any]:
    """What a record is compared and hashed by (one value, or a tuple of several)."""
    return staticmethod(attrgetter(*names) if names else _no_key)


def _no_key(_: object) -> tuple[()]:
    return ()


def _define(cls: type, name: str, method: Callable[..., Any]) -> None:
    """Set a method unless the class body wrote its own."""
    if name not in cls.__dict__:
        setattr(cls, name, method)


def _compiled_on_first_call(
    cls: type, all_fields: tuple[Field, ...], *, frozen: bool, slots: bool
) -> Callable[..., None]:
    """An ``__init__`` that compiles the real one, puts it in its place and runs it: a run
    creates objects of fewer than half the types it imports."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _compile_init(cls, all_fields, frozen=frozen, slots=slots)
        cls.__init__ = init  # type: ignore[misc]
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _compile_init(
    cls: type, all_fields: tuple[Field, ...], *, frozen: bool, slots: bool
) -> Callable[..., None]:
    namespace: dict[str, Any] = {"_record_missing": MISSING, "_record_setattr": object.__setattr__}
    parameters: list[str] = []
    keyword_only: list[str] = []
    body = ["    _record_values = self.__dict__"] if frozen and not slots else []
    for each in all_fields:
        name = each.name
        if each.default_factory is not MISSING:
            namespace[f"_record_factory_{name}"] = each.default_factory
            parameter = f"{name}=_record_missing"
            body.append(f"    if {name} is _record_missing: {name} = _record_factory_{name}()")
        elif each.default is not MISSING:
            namespace[f"_record_default_{name}"] = each.default
            parameter = f"{name}=_record_default_{name}"
        else:
            parameter = name
        (keyword_only if each.kw_only else parameters).append(parameter)
        if not frozen:
            body.append(f"    self.{name} = {name}")
        elif slots:
            body.append(f"    _record_setattr(self, {name!r}, {name})")
        else:
            body.append(f"    _record_values[{name!r}] = {name}")
    signature = ", ".join(["self", *parameters, *(["*", *keyword_only] if keyword_only else [])])
    source = f"def __init__({signature}):\n" + "\n".join(body or ["    pass"])
    exec(source, namespace)
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _check_order(cls: type, positional: list[Field]) -> None:
    defaulted = False
    for each in positional:
        if not each.required:
            defaulted = True
        elif defaulted:
            raise TypeError(f"{cls.__name__}.{each.name}: no default, after a field with one")
