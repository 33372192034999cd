"""Checking untrusted profile data (user profile files, edited or new shipped ones).

This is the only module that imports pydantic, and it is imported only when such data is
read: the shipped profiles come pre-checked from ``bundle.json``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, GetCoreSchemaHandler, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails, core_schema

from smtplint.profiles.schema import Check, Profile
from smtplint.records import MISSING, field_types, fields


class InvalidProfile(ValueError):
    """Profile data that does not validate; the message names every bad field."""


def validate_profile(data: object) -> Profile:
    try:
        return _profile_adapter().validate_python(data)
    except ValidationError as error:
        raise InvalidProfile(_describe(error)) from None


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        problems.append(f"field {where}: {_message(item)}")
    return "; ".join(problems)


# The profile types are validated as dataclasses, but messages keep the wording pydantic uses
# for models, which is what profile authors have always been shown.
_MODEL_WORDING = {
    "dataclass_type": "Input should be a valid dictionary or instance of {class_name}",
    "unexpected_keyword_argument": "Extra inputs are not permitted",
}


def _message(item: ErrorDetails) -> str:
    wording = _MODEL_WORDING.get(item["type"])
    return item["msg"] if wording is None else wording.format_map(item.get("ctx", {}))


_adapters: list[TypeAdapter[Profile]] = []


def _profile_adapter() -> TypeAdapter[Profile]:
    if not _adapters:
        _adapters.append(TypeAdapter(Profile))
    return _adapters[0]


def field_schema(check: Check, source: Any, handler: GetCoreSchemaHandler) -> Any:
    """The schema of a field annotated with ``check``."""
    if check.constraints:
        schema = handler(Annotated[source, Field(**check.constraints)])  # type: ignore[call-overload]
    else:
        schema = handler(source)
    if check.after is None:
        return schema
    return core_schema.no_info_after_validator_function(check.after, schema)


def checked_schema(source: Any, handler: GetCoreSchemaHandler) -> Any:
    """The schema of a profile type: its fields, then its ``check`` across them."""
    return core_schema.no_info_after_validator_function(_run_check, _record_schema(source, handler))


def _record_schema(record_type: Any, handler: GetCoreSchemaHandler) -> Any:
    """The schema of a frozen, slotted, keyword-only record type, which pydantic-core builds
    the way it builds a dataclass: it sets the validated fields on a new object."""
    hints = field_types(record_type)
    declared = fields(record_type)
    arguments = [
        core_schema.dataclass_field(
            each.name, _with_default(handler.generate_schema(hints[each.name]), each.default)
        )
        for each in declared
    ]
    return core_schema.dataclass_schema(
        record_type,
        core_schema.dataclass_args_schema(
            record_type.__name__, arguments, extra_behavior="forbid"
        ),
        [each.name for each in declared],
        frozen=True,
        slots=True,
    )


def _with_default(schema: Any, default: object) -> Any:
    if default is MISSING:
        return schema
    return core_schema.with_default_schema(schema, default=default)


def _run_check(value: Any) -> Any:
    value.check()
    return value
