"""Calls the evaluator understands: environment lookups (``os.environ``, django-environ,
python-decouple, dj-email-url), the casts wrapped around them, and a few ``str`` methods.

Nothing is called for real: each call is reproduced on values already known. An
environment lookup is resolved against ``--env-file`` values when given; otherwise it is
known by its default (kind ENVIRONMENT) or not at all (UNRESOLVED).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from typing import Protocol

from smtplint.model import Span, ValueKind
from smtplint.records import replace
from smtplint.sources.py_urls import DJ_EMAIL_URL_LIBRARY, ENVIRON_LIBRARY, email_url_dict
from smtplint.sources.py_values import (
    UNKNOWN,
    BoundMethod,
    DjangoEnv,
    EnvScheme,
    ModuleRef,
    PyDict,
    PySeq,
    PyValue,
    combined_kind,
    is_scalar,
    truthiness,
)
from smtplint.sources.values import django_environ_bool

Convert = Callable[[object], object]  # returns UNKNOWN when the cast would raise


class Evaluates(Protocol):
    environment: Mapping[str, str] | None

    def evaluate(self, node: ast.expr) -> PyValue: ...

    def span(self, node: ast.AST) -> Span | None: ...

    def text(self, node: ast.AST) -> str: ...

    def unknown(self, node: ast.AST, reference: str | None = None) -> PyValue: ...

    def keyword_span(self, item: ast.keyword) -> Span | None: ...


# --- casts ------------------------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?[0-9][0-9_]*")


def to_int(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value and abs(value) < 1e18:
        return int(value)
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    return UNKNOWN


def to_float(value: object) -> object:
    if isinstance(value, (bool, int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return UNKNOWN
    return UNKNOWN


def to_str(value: object) -> object:
    return str(value) if is_scalar(value) else UNKNOWN


def to_bool(value: object) -> object:
    found = truthiness(value)
    return UNKNOWN if found is None else found


def environ_bool(value: object) -> object:
    """django-environ's bool cast of environment text."""
    if isinstance(value, str):
        return django_environ_bool(value)
    return to_bool(value)


# python-decouple 3.x ``Config._cast_boolean`` (strtobool): other text raises ValueError.
_DECOUPLE_TRUE = frozenset({"y", "yes", "t", "true", "on", "1"})
_DECOUPLE_FALSE = frozenset({"n", "no", "f", "false", "off", "0"})


def decouple_bool(value: object) -> object:
    text = str(value).lower()
    if text in _DECOUPLE_TRUE:
        return True
    if text in _DECOUPLE_FALSE:
        return False
    return UNKNOWN


_CASTS: dict[str, Convert] = {"int": to_int, "float": to_float, "str": to_str, "bool": to_bool}
_ENVIRON_CASTS: dict[str, Convert] = {"int": to_int, "float": to_float, "bool": environ_bool}
_DECOUPLE_CASTS: dict[str, Convert] = {"int": to_int, "float": to_float, "bool": decouple_bool}
_STR_METHODS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "upper": str.upper,
    "strip": str.strip,
    "casefold": str.casefold,
    "title": str.title,
}


def cast(ev: Evaluates, node: ast.Call, inner: PyValue, convert: Convert) -> PyValue:
    """``int(x)`` and friends: the result keeps the span of an environment-read operand
    (its default is what to edit); a cast of text stays raw text only for ``bool``/``str``."""
    value = convert(inner.value) if inner.known else UNKNOWN
    kind = inner.kind if value is not UNKNOWN or not inner.known else ValueKind.UNRESOLVED
    keeps_text = convert in (to_bool, to_str)
    return derived(ev, node, inner, value, kind=kind, env_string=inner.env_string and keeps_text)


def derived(
    ev: Evaluates,
    node: ast.AST,
    inner: PyValue,
    value: object,
    *,
    kind: ValueKind | None = None,
    env_string: bool = False,
) -> PyValue:
    """A value computed from ``inner`` alone; an environment read keeps its place."""
    from_environment = inner.reference is not None
    raw = ev.text(node)
    if from_environment:
        # The place to edit is the default; what it amounts to is the computed value.
        computed = value is not UNKNOWN and not isinstance(value, str) and is_scalar(value)
        raw = str(value) if computed else inner.raw
    return PyValue(
        value,
        inner.kind if kind is None else kind,
        inner.span if from_environment else ev.span(node),
        raw,
        reference=inner.reference,
        env_string=env_string,
    )


# --- environment lookups ----------------------------------------------------------------------


def _argument(node: ast.Call, index: int, keyword: str) -> ast.expr | None:
    for item in node.keywords:
        if item.arg == keyword:
            return item.value
    if index < len(node.args) and not isinstance(node.args[index], ast.Starred):
        return node.args[index]
    return None


def _known_text(ev: Evaluates, node: ast.expr | None) -> str | None:
    if node is None:
        return None
    value = ev.evaluate(node)
    return value.value if isinstance(value.value, str) else None


def lookup(
    ev: Evaluates,
    call: ast.Call,
    variable: str,
    default: ast.expr | PyValue | None,
    *,
    convert: Convert | None = None,
    raw_text: bool,
    cast_default: bool = False,
) -> PyValue:
    """Read ``variable`` from the environment: its value when ``--env-file`` defines it,
    else the default (kind ENVIRONMENT), else nothing (UNRESOLVED).

    ``raw_text``: the result is the environment's text itself (no cast), so as a flag any
    non-empty value is true.
    """
    environment = ev.environment
    fallback = default if isinstance(default, PyValue) or default is None else ev.evaluate(default)
    if environment is not None and variable in environment:
        text = environment[variable]
        value = convert(text) if convert is not None else text
        kind = ValueKind.ENVIRONMENT if value is not UNKNOWN else ValueKind.UNRESOLVED
        span = fallback.span if fallback is not None else ev.span(call)
        return PyValue(value, kind, span, text, reference=variable, env_string=raw_text)
    if fallback is not None:
        value = fallback.value
        if cast_default and convert is not None and fallback.known:
            value = convert(value)
        kind = combined_kind((ValueKind.ENVIRONMENT, fallback.kind))
        return PyValue(
            value, kind, fallback.span, fallback.raw, reference=variable, env_string=raw_text
        )
    return replace(ev.unknown(call, variable), env_string=raw_text)


def _os_lookup(ev: Evaluates, node: ast.Call) -> PyValue:
    variable = _known_text(ev, _argument(node, 0, "key"))
    if variable is None:
        return ev.unknown(node)
    return lookup(ev, node, variable, _argument(node, 1, "default"), raw_text=True)


def os_subscript(ev: Evaluates, node: ast.Subscript) -> PyValue:
    """``os.environ["X"]``: no default, so unresolved unless the environment defines it."""
    variable = _known_text(ev, node.slice)
    if variable is None:
        return ev.unknown(node)
    call = ast.Call(func=node.value, args=[node.slice], keywords=[])
    ast.copy_location(call, node)
    call.end_lineno, call.end_col_offset = node.end_lineno, node.end_col_offset
    return lookup(ev, call, variable, None, raw_text=True)


def _cast_name(ev: Evaluates, node: ast.expr | None) -> str | None:
    """``bool``, ``int`` … named as a cast argument; ``""`` for a cast not modelled."""
    if node is None:
        return None
    value = ev.evaluate(node).value
    if isinstance(value, ModuleRef) and value.path.startswith("builtins."):
        return value.path.removeprefix("builtins.")
    return ""


def _environ_method(ev: Evaluates, env: DjangoEnv, method: str, node: ast.Call) -> PyValue:
    """``env(…)``, ``env.bool(…)`` … on a django-environ ``Env``."""
    if method in ("email_url", "email"):
        return _email_url(ev, node, ENVIRON_LIBRARY, var_keyword="var")
    if method == "email_url_config":
        url = _argument(node, 0, "url")
        backend = _argument(node, 1, "backend")
        return email_url_dict(
            ev.evaluate(url) if url is not None else ev.unknown(node), None, ENVIRON_LIBRARY,
            ev.evaluate(backend) if backend is not None else None,
        )
    if method not in ("__call__", "get_value", "str", "bool", "int", "float"):
        return ev.unknown(node)
    variable = _known_text(ev, _argument(node, 0, "var"))
    if variable is None:
        return ev.unknown(node)
    scheme = env.scheme.get(variable, EnvScheme(None, None))
    if method in ("__call__", "get_value"):
        cast_name = _cast_name(ev, _argument(node, 1, "cast"))
        default_node = _argument(node, 2, "default")
        cast_name = scheme.cast if cast_name is None else cast_name
    else:
        cast_name = None if method == "str" else method
        default_node = _argument(node, 1, "default")
    default: ast.expr | PyValue | None = default_node if default_node is not None else (
        scheme.default
    )
    convert = _ENVIRON_CASTS.get(cast_name) if cast_name else None
    raw_text = cast_name in (None, "str")
    if cast_name and convert is None:
        return replace(lookup(ev, node, variable, default, raw_text=False), value=UNKNOWN)
    return lookup(ev, node, variable, default, convert=convert, raw_text=raw_text)


def _environ_scheme(ev: Evaluates, node: ast.Call) -> DjangoEnv:
    """``environ.Env(DEBUG=(bool, False), EMAIL_PORT=int)``: casts and defaults by name."""
    scheme: dict[str, EnvScheme] = {}
    for item in node.keywords:
        if item.arg is None:
            continue
        spec = item.value
        if isinstance(spec, ast.Tuple) and spec.elts:
            cast_name = _cast_name(ev, spec.elts[0])
            default = ev.evaluate(spec.elts[1]) if len(spec.elts) > 1 else None
            scheme[item.arg] = EnvScheme(cast_name, default)
        else:
            scheme[item.arg] = EnvScheme(_cast_name(ev, spec), None)
    return DjangoEnv(scheme)


def _decouple(ev: Evaluates, node: ast.Call) -> PyValue:
    """python-decouple ``config("X", default=…, cast=bool)``; the default is cast too."""
    variable = _known_text(ev, _argument(node, 0, "option"))
    if variable is None:
        return ev.unknown(node)
    cast_name = _cast_name(ev, _argument(node, 2, "cast"))
    default = _argument(node, 1, "default")
    if cast_name in (None, "str"):
        return lookup(ev, node, variable, default, raw_text=True)
    convert = _DECOUPLE_CASTS.get(cast_name or "")
    if convert is None:  # Csv(), a function of the project's own: the result is not modelled
        return replace(lookup(ev, node, variable, default, raw_text=False), value=UNKNOWN)
    return lookup(ev, node, variable, default, convert=convert, raw_text=False, cast_default=True)


def _email_url(ev: Evaluates, node: ast.Call, library: str, *, var_keyword: str) -> PyValue:
    """``env.email_url("EMAIL_URL", default=…)`` / ``dj_email_url.config(env=…, default=…)``."""
    variable_node = _argument(node, 0, var_keyword)
    variable = "EMAIL_URL" if variable_node is None else _known_text(ev, variable_node)
    default = _argument(node, 1, "default")
    backend_node = _argument(node, 2, "backend")
    backend = ev.evaluate(backend_node) if backend_node is not None else None
    if variable is None:
        return email_url_dict(ev.unknown(node), None, library, backend)
    url = lookup(ev, node, variable, default, raw_text=False)
    return email_url_dict(url, variable, library, backend)


# --- dispatch ---------------------------------------------------------------------------------


def evaluate_call(ev: Evaluates, node: ast.Call) -> PyValue:
    function = ev.evaluate(node.func).value
    if isinstance(function, DjangoEnv):
        return _environ_method(ev, function, "__call__", node)
    if isinstance(function, BoundMethod):
        return _method(ev, function, node)
    if isinstance(function, ModuleRef):
        return _module_function(ev, function.path, node)
    return ev.unknown(node)


def _method(ev: Evaluates, method: BoundMethod, node: ast.Call) -> PyValue:
    owner = method.owner
    if isinstance(owner, DjangoEnv):
        return _environ_method(ev, owner, method.name, node)
    if isinstance(owner, PyValue) and method.name in _STR_METHODS:
        if node.args or node.keywords:
            return ev.unknown(node)
        text = owner.value
        value = _STR_METHODS[method.name](text) if isinstance(text, str) else UNKNOWN
        kind = owner.kind if owner.known else ValueKind.UNRESOLVED
        return derived(ev, node, owner, value, kind=kind, env_string=owner.env_string)
    if isinstance(owner, PyValue) and method.name == "get" and isinstance(owner.value, PyDict):
        key = _argument(node, 0, "key")
        found = owner.value.items.get(ev.evaluate(key).value) if key is not None else None
        if found is not None:
            return found
        fallback = _argument(node, 1, "default")
        return ev.evaluate(fallback) if fallback is not None else PyValue(None, span=ev.span(node))
    return ev.unknown(node)


def _module_function(ev: Evaluates, path: str, node: ast.Call) -> PyValue:
    if path in ("os.environ.get", "os.getenv", "os.environ.setdefault"):
        return _os_lookup(ev, node)
    if path in ("environ.Env", "environ.environ.Env"):
        return PyValue(_environ_scheme(ev, node), span=ev.span(node))
    if path in ("environ.Env.email_url_config", "environ.environ.Env.email_url_config"):
        url = _argument(node, 0, "url")
        return email_url_dict(
            ev.evaluate(url) if url is not None else ev.unknown(node), None, ENVIRON_LIBRARY, None
        )
    if path == "decouple.config":
        return _decouple(ev, node)
    if path in ("decouple.AutoConfig", "decouple.Config"):
        return PyValue(ModuleRef("decouple.config"), span=ev.span(node))
    if path == "dj_email_url.config":
        return _email_url(ev, node, DJ_EMAIL_URL_LIBRARY, var_keyword="env")
    if path == "dj_email_url.parse":
        url = _argument(node, 0, "url")
        url_value = ev.evaluate(url) if url is not None else ev.unknown(node)
        return email_url_dict(url_value, None, DJ_EMAIL_URL_LIBRARY, None)
    if path.startswith("builtins."):
        return _builtin(ev, path.removeprefix("builtins."), node)
    return ev.unknown(node)


def _builtin(ev: Evaluates, name: str, node: ast.Call) -> PyValue:
    if name in _CASTS:
        if len(node.args) != 1 or node.keywords:
            return ev.unknown(node)
        return cast(ev, node, ev.evaluate(node.args[0]), _CASTS[name])
    if name == "dict":
        return _dict_call(ev, node)
    if name in ("tuple", "list") and len(node.args) == 1:
        inner = ev.evaluate(node.args[0])
        if isinstance(inner.value, PySeq):
            return PyValue(PySeq(inner.value.items, name == "tuple"), inner.kind, ev.span(node),
                           ev.text(node))
    return ev.unknown(node)


def _dict_call(ev: Evaluates, node: ast.Call) -> PyValue:
    items: dict[object, PyValue] = {}
    spans: dict[object, Span | None] = {}
    if node.args:
        first = ev.evaluate(node.args[0])
        if len(node.args) > 1 or not isinstance(first.value, PyDict):
            return ev.unknown(node)
        items.update(first.value.items)
        spans.update(first.value.key_spans)
    for item in node.keywords:
        if item.arg is None:
            continue
        items[item.arg] = ev.evaluate(item.value)
        spans[item.arg] = ev.keyword_span(item)
    return PyValue(PyDict(items, spans), span=ev.span(node), raw=ev.text(node))
