"""The static evaluator: the value of a Python expression, computed without running anything.

Literals, containers, names bound earlier, f-strings and ``+`` of known parts, comparisons,
``and``/``or``/``not``, conditional expressions with a known test, attribute and subscript
access on known values, and the calls :mod:`py_calls` knows. Everything else is UNKNOWN
(kind UNRESOLVED) at its own span. Results are kept small: text is capped in length and
arithmetic stays to ``+ - *`` on numbers of modest size, so no file can make the evaluator
allocate without bound.
"""

from __future__ import annotations

import ast
import itertools
import operator
from collections.abc import Callable, Mapping

from smtplint.model import Span, ValueKind
from smtplint.records import replace
from smtplint.sources.py_calls import derived, evaluate_call, os_subscript
from smtplint.sources.py_text import SourceText
from smtplint.sources.py_values import (
    UNKNOWN,
    Binding,
    BoundMethod,
    ClassValue,
    DjangoEnv,
    ModuleRef,
    PyDict,
    PySeq,
    PyValue,
    combined_kind,
    first_reference,
    is_scalar,
    truthiness,
)

MAX_TEXT = 10_000  # longest string the evaluator builds
MAX_NUMBER = 10**15

BUILTINS = frozenset({"int", "float", "str", "bool", "dict", "tuple", "list", "vars", "globals",
                      "locals"})

Lookup = Callable[[str], Binding | None]

_COMPARE: dict[type[ast.cmpop], Callable[[object, object], object]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}
_ARITHMETIC: dict[type[ast.operator], Callable[[object, object], object]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}


class Evaluator:
    def __init__(
        self, source: SourceText, lookup: Lookup, environment: Mapping[str, str] | None
    ) -> None:
        self.source = source
        self.lookup = lookup
        self.environment = environment

    # --- positions ------------------------------------------------------------------------

    def span(self, node: ast.AST) -> Span | None:
        return self.source.span(node)

    def text(self, node: ast.AST) -> str:
        return self.source.segment(node)

    def keyword_span(self, item: ast.keyword) -> Span | None:
        return self.source.keyword_span(item)

    def unknown(self, node: ast.AST, reference: str | None = None) -> PyValue:
        return PyValue(UNKNOWN, ValueKind.UNRESOLVED, self.span(node), self.text(node),
                       reference=reference)

    # --- expressions ----------------------------------------------------------------------

    def evaluate(self, node: ast.expr) -> PyValue:
        result = self._evaluate(node)
        if not result.expression:
            result = replace(result, expression=self.text(node))
        return result

    def _evaluate(self, node: ast.expr) -> PyValue:
        if isinstance(node, ast.Constant):
            return PyValue(node.value, ValueKind.LITERAL, self.span(node), self.text(node))
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Call):
            return evaluate_call(self, node)
        if isinstance(node, ast.JoinedStr):
            return self._f_string(node)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return self._sequence(node)
        if isinstance(node, ast.Dict):
            return self._dict(node)
        if isinstance(node, ast.BinOp):
            return self._binary(node)
        if isinstance(node, ast.UnaryOp):
            return self._unary(node)
        if isinstance(node, ast.BoolOp):
            return self._boolean(node)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.IfExp):
            return self._conditional(node)
        return self.unknown(node)

    def _name(self, node: ast.Name) -> PyValue:
        binding = self.lookup(node.id)
        if binding is None:
            if node.id in BUILTINS:
                return PyValue(ModuleRef(f"builtins.{node.id}"), span=self.span(node))
            return self.unknown(node)
        value = binding.value
        # The name is what to edit here; the value and its provenance come with it.
        return value.moved(self.span(node), None if value.known else node.id)

    def _attribute(self, node: ast.Attribute) -> PyValue:
        owner = self.evaluate(node.value)
        found = owner.value
        if isinstance(found, ModuleRef):
            return PyValue(found.attribute(node.attr), span=self.span(node))
        if isinstance(found, DjangoEnv):
            return PyValue(BoundMethod(found, node.attr), span=self.span(node))
        if isinstance(found, ClassValue):
            binding = found.resolved().get(node.attr)
            return binding.value if binding is not None else self.unknown(node)
        if isinstance(found, (str, PyDict)):
            return PyValue(BoundMethod(owner, node.attr), owner.kind, self.span(node))
        return self.unknown(node)

    def _subscript(self, node: ast.Subscript) -> PyValue:
        owner = self.evaluate(node.value)
        if isinstance(owner.value, ModuleRef) and owner.value.path == "os.environ":
            return os_subscript(self, node)
        if isinstance(node.slice, ast.Slice):
            return self.unknown(node)
        key = self.evaluate(node.slice)
        container = owner.value
        if isinstance(container, PyDict) and key.known and _hashable(key.value):
            found = container.items.get(key.value)
            if found is not None:
                return found
        if (
            isinstance(container, PySeq)
            and isinstance(key.value, int)
            and -len(container.items) <= key.value < len(container.items)
        ):
            return container.items[key.value]
        return self.unknown(node, owner.reference)

    def _f_string(self, node: ast.JoinedStr) -> PyValue:
        parts: list[str] = []
        values: list[PyValue] = []
        for piece in node.values:
            if isinstance(piece, ast.Constant) and isinstance(piece.value, str):
                parts.append(piece.value)
                continue
            if not isinstance(piece, ast.FormattedValue):
                return self.unknown(node)
            inner = self.evaluate(piece.value)
            values.append(inner)
            if piece.format_spec is not None or not is_scalar(inner.value):
                parts = []
                break
            converted = repr(inner.value) if piece.conversion == ord("r") else str(inner.value)
            parts.append(converted)
        kind = combined_kind(v.kind for v in values)
        known = all(v.known and is_scalar(v.value) for v in values)
        text = "".join(parts)
        if not known or len(text) > MAX_TEXT:
            kind = ValueKind.UNRESOLVED
        return PyValue(text if kind is not ValueKind.UNRESOLVED else UNKNOWN, kind,
                       self.span(node), self.text(node), reference=first_reference(values))

    def _sequence(self, node: ast.Tuple | ast.List | ast.Set) -> PyValue:
        items = tuple(self.evaluate(element) for element in node.elts
                      if not isinstance(element, ast.Starred))
        if len(items) != len(node.elts):
            return self.unknown(node)
        kind = combined_kind(item.kind for item in items)
        return PyValue(PySeq(items, isinstance(node, ast.Tuple)), kind, self.span(node),
                       self.text(node))

    def _dict(self, node: ast.Dict) -> PyValue:
        items: dict[object, PyValue] = {}
        spans: dict[object, Span | None] = {}
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            value = self.evaluate(value_node)
            if key_node is None:  # {**other}
                if isinstance(value.value, PyDict):
                    items.update(value.value.items)
                    spans.update(value.value.key_spans)
                continue
            key = self.evaluate(key_node)
            if key.known and _hashable(key.value):
                items[key.value] = value
                spans[key.value] = self.span(key_node)
        return PyValue(PyDict(items, spans), ValueKind.LITERAL, self.span(node), self.text(node))

    def _binary(self, node: ast.BinOp) -> PyValue:
        left, right = self.evaluate(node.left), self.evaluate(node.right)
        kind = combined_kind((left.kind, right.kind))
        reference = first_reference((left, right))
        function = _ARITHMETIC.get(type(node.op))
        value = UNKNOWN if function is None else _arithmetic(function, left.value, right.value)
        if value is UNKNOWN:
            kind = ValueKind.UNRESOLVED
        return PyValue(value, kind, self.span(node), self.text(node), reference=reference)

    def _unary(self, node: ast.UnaryOp) -> PyValue:
        inner = self.evaluate(node.operand)
        value: object = UNKNOWN
        if isinstance(node.op, ast.Not):
            found = truthiness(inner.value) if inner.known else None
            value = UNKNOWN if found is None else not found
        elif isinstance(node.op, ast.USub) and _number(inner.value):
            value = -inner.value  # type: ignore[operator]
        elif isinstance(node.op, ast.UAdd) and _number(inner.value):
            value = inner.value
        if value is UNKNOWN:
            return derived(self, node, inner, UNKNOWN, kind=ValueKind.UNRESOLVED)
        if isinstance(node.op, ast.Not):
            return derived(self, node, inner, value)
        return PyValue(value, inner.kind, self.span(node), self.text(node))

    def _boolean(self, node: ast.BoolOp) -> PyValue:
        """``a or b`` / ``a and b``: the operand Python would return. ``os.getenv("X") or
        "fallback"`` is an environment read whose fallback is the right operand."""
        is_or = isinstance(node.op, ast.Or)
        result = self.evaluate(node.values[0])
        for operand in node.values[1:]:
            truth = truthiness(result.value) if result.known else None
            if truth is None:
                if not is_or or result.reference is None:
                    return self.unknown(node, result.reference)
                fallback = self.evaluate(operand)
                result = replace(
                    fallback,
                    kind=combined_kind((ValueKind.ENVIRONMENT, fallback.kind)),
                    reference=result.reference,
                    env_string=result.env_string or fallback.env_string,
                )
                continue
            if truth is is_or:
                return result
            result = self.evaluate(operand)
        return result

    def _compare(self, node: ast.Compare) -> PyValue:
        left = self.evaluate(node.left)
        operands = [left, *(self.evaluate(c) for c in node.comparators)]
        value: object = True
        for op, (a, b) in zip(node.ops, itertools.pairwise(operands), strict=True):
            outcome = _compare(op, a.value, b.value) if a.known and b.known else UNKNOWN
            if outcome is UNKNOWN:
                value = UNKNOWN
                break
            if not outcome:
                value = False
                break
        kind = combined_kind(o.kind for o in operands)
        source = next((o for o in operands if o.reference is not None), left)
        if value is UNKNOWN:
            return derived(self, node, source, UNKNOWN, kind=ValueKind.UNRESOLVED)
        return derived(self, node, source, value, kind=kind)

    def _conditional(self, node: ast.IfExp) -> PyValue:
        test = self.evaluate(node.test)
        truth = truthiness(test.value) if test.known else None
        if truth is None:
            return self.unknown(node, test.reference)
        chosen = self.evaluate(node.body if truth else node.orelse)
        return replace(chosen, kind=combined_kind((test.kind, chosen.kind)))


def _hashable(value: object) -> bool:
    return is_scalar(value)


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _arithmetic(function: Callable[[object, object], object], a: object, b: object) -> object:
    if _number(a) and _number(b):
        result = function(a, b)
        return result if _number(result) and abs(result) <= MAX_NUMBER else UNKNOWN  # type: ignore[arg-type]
    if function is operator.add and isinstance(a, str) and isinstance(b, str):
        return a + b if len(a) + len(b) <= MAX_TEXT else UNKNOWN
    if function is operator.add and isinstance(a, PySeq) and isinstance(b, PySeq):
        return PySeq(a.items + b.items, a.is_tuple)
    return UNKNOWN


def _compare(op: ast.cmpop, a: object, b: object) -> object:
    if isinstance(op, (ast.In, ast.NotIn)):
        if isinstance(b, PySeq):
            members = [item.value for item in b.items]
            if any(member is UNKNOWN for member in members):
                return UNKNOWN
            found = a in members
        elif isinstance(a, str) and isinstance(b, str):
            found = a in b
        else:
            return UNKNOWN
        return found if isinstance(op, ast.In) else not found
    function = _COMPARE.get(type(op))
    if function is None or not (is_scalar(a) and is_scalar(b)):
        return UNKNOWN
    return function(a, b)
