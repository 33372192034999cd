"""Profiles to JSON data and back, for ``bundle.json`` and ``smtplint profiles --json``.

Decoding trusts its input (data written by ``json_data`` from a validated profile): it only
rebuilds the types, reading from the records' annotations which fields hold nested values.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from smtplint.profiles.schema import Profile
from smtplint.records import MISSING, field_types, fields, is_record

_T = TypeVar("_T")
_Convert = Callable[[Any], Any]


def json_data(value: object, *, skip_defaults: bool = False) -> Any:
    """``value`` (a profile, a part of one, or a field value) as JSON-ready data; with
    ``skip_defaults``, fields left at their default are omitted."""
    if is_record(value) and not isinstance(value, type):
        data = {}
        for field in fields(value):
            item = getattr(value, field.name)
            if not (skip_defaults and field.default is not MISSING and item == field.default):
                data[field.name] = json_data(item, skip_defaults=skip_defaults)
        return data
    if isinstance(value, tuple):
        return [json_data(item, skip_defaults=skip_defaults) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def decode_profile(data: dict[str, Any]) -> Profile:
    """The profile that ``json_data`` turned into ``data``."""
    profile: Profile = _decoder(Profile)(data)
    return profile


@cache
def _decoder(cls: type[_T]) -> Callable[[dict[str, Any]], _T]:
    hints = field_types(cls)
    converters = {
        field.name: convert
        for field in fields(cls)
        if (convert := _converter(hints[field.name])) is not None
    }

    def decode(data: dict[str, Any]) -> _T:
        values = dict(data)
        for name, convert in converters.items():
            if name in values:
                values[name] = convert(values[name])
        return cls(**values)

    return decode


def _converter(hint: Any) -> _Convert | None:
    """What turns JSON data into a value of type ``hint``; None when it already is one."""
    if get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
    if isinstance(hint, type) and is_record(hint):
        return _decoder(hint)
    if hint is dt.date:
        return dt.date.fromisoformat
    origin, args = get_origin(hint), get_args(hint)
    if origin is tuple:
        return _tuple_of(_converter(args[0]))
    if origin in (Union, types.UnionType):
        present = [arg for arg in args if arg is not type(None)]
        convert = _converter(present[0]) if len(present) == 1 else None
        return None if convert is None else _optional(convert)
    return None


def _tuple_of(convert: _Convert | None) -> _Convert:
    if convert is None:
        return tuple
    return lambda items: tuple(convert(item) for item in items)


def _optional(convert: _Convert) -> _Convert:
    return lambda value: None if value is None else convert(value)
