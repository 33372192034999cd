"""New text for a Python literal, written the way the old one was.

A string stays a string with its quotes and prefix, a number stays a number (a port written
``"587"`` becomes ``"465"``), a flag becomes ``True``/``False``. Only a single plain literal
is rewritten; anything else (a name, a call, ``"a" "b"``, an f-string, bytes) is refused, as
is a new value that would need escaping.
"""

from __future__ import annotations

import ast
import re
import warnings

from smtplint.model import Unfixable

_STRING = re.compile(r"(?s)([rRuU]?)('''|\"\"\"|'|\")(.*)\2")
_UNSAFE_TEXT = re.compile(r"[\\\r\n\x00-\x1f\x7f]")

Constant = str | int | float | bool | None


def constant(text: str) -> tuple[bool, Constant]:
    """Whether ``text`` is one constant expression, and its value."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return False, None
    body = tree.body
    if not isinstance(body, ast.Constant) or not isinstance(
        body.value, (str, int, float, bool, type(None))
    ):
        return False, None
    return True, body.value


def flag_text(text: str, on: bool, key: str) -> str:
    value = _written_constant(text, key)
    if isinstance(value, str):
        raise Unfixable(
            f"{key} is written as text, which Python reads as true unless empty; edit it by hand"
        )
    return "True" if on else "False"


def port_text(text: str, port: int, key: str) -> str:
    value = _written_constant(text, key)
    if isinstance(value, str):
        return string_text(text, str(port), key)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return str(port)
    raise Unfixable(f"{key} is written in a form smtplint cannot rewrite; edit it by hand")


def seconds_text(text: str, seconds: float, key: str) -> str:
    value = _written_constant(text, key)
    if isinstance(value, str):
        return string_text(text, number(seconds), key)
    if isinstance(value, float):
        return repr(float(seconds))
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return number(seconds)
    raise Unfixable(f"{key} is written in a form smtplint cannot rewrite; edit it by hand")


def string_text(text: str, value: str, key: str) -> str:
    written = _written_constant(text, key)
    if written is None:
        return quoted(value, '"', key)
    if not isinstance(written, str):
        raise Unfixable(f"{key} is not written as text; edit it by hand")
    match = _STRING.fullmatch(text)
    if match is None or match.group(2) in match.group(3):
        raise Unfixable(f"{key} is written in a form smtplint cannot rewrite; edit it by hand")
    prefix, quote = match.group(1), match.group(2)
    return prefix + quoted(value, quote, key)


def quoted(value: str, quote: str, key: str) -> str:
    if _UNSAFE_TEXT.search(value) or quote[0] in value:
        raise Unfixable(f"the new value of {key} would need escaping; edit it by hand")
    return f"{quote}{value}{quote}"


def number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _written_constant(text: str, key: str) -> Constant:
    is_constant, value = constant(text)
    if not is_constant:
        raise Unfixable(f"{key} is computed by code; edit it by hand")
    return value
