"""Walk a module's statements the way Python would run them, without running them.

The result is one :class:`Frame` per configuration the module can produce: a module-level
``if``/``elif``/``else`` whose branches bind mail settings differently forks the frames (a
branch never sees another branch's values; code after the ``if`` applies to every frame).
Inside class and function bodies, and when forking would make more than
:data:`MAX_WORLDS` frames, branches are merged instead: a setting that differs between them
becomes unresolved.

Followed: assignments (plain, annotated, augmented, tuple unpacking, ``X["k"] = v``),
``import``/``from … import`` (``from .base import *`` reads the other module of the
project), ``class`` bodies (Flask config classes), ``vars().update(…)``, Flask's
``app.config[…] = …``, ``app.config.update(…)``, ``.from_mapping(…)``, ``.from_object(Cls)``
and ``.setdefault(…)`` at module level and inside module-level functions (app factories),
``try`` bodies and ``with`` bodies. Not followed: loops, ``except`` handlers, ``match``.
"""

from __future__ import annotations

import ast
import re
from collections import ChainMap, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from smtplint.model import Span, ValueKind
from smtplint.records import field, record, replace
from smtplint.sources.py_eval import Evaluator
from smtplint.sources.py_imports import MAX_IMPORT_DEPTH, module_file, read_module
from smtplint.sources.py_text import SourceText, descendants, parse_module
from smtplint.sources.py_values import (
    UNKNOWN,
    Binding,
    ClassValue,
    ModuleRef,
    PyDict,
    PyValue,
)

MAX_WORLDS = 8
MAX_MODULES = 16  # other modules of the project read for one file, at most

# Names whose values can change a mail configuration; with the names they are computed from
# (see :func:`relevant_names`) they decide whether two branches differ.
MAIL_NAME = re.compile(
    r"(?i)^(e?mail_|default_from_email$|server_email$|mailers$|celery_email_backend$|testing$)"
)
_NAMESPACE_CALLS = frozenset({"vars", "globals", "locals"})
_CONFIG_METHODS = frozenset({"update", "from_mapping", "from_object", "setdefault"})

Configs = dict[str, dict[str, Binding]]  # "app.config" → key → binding


@record(frozen=False)
class Frame:
    """The names a module (or a class body) has bound along one path through it."""

    names: dict[str, Binding] = field(default_factory=dict)
    configs: Configs = field(default_factory=dict)  # Flask ``app.config`` contents
    label: tuple[str, ...] = ()  # the branches taken, e.g. ("if DEBUG",)

    def copy(self, label: str | None = None) -> Frame:
        return Frame(
            dict(self.names),
            {receiver: dict(keys) for receiver, keys in self.configs.items()},
            self.label if label is None else (*self.label, label),
        )


@record(frozen=False)
class Project:
    """What every module read for one file shares: the project, the environment, and the
    modules being read (to stop import cycles) or already read.

    Only ``from … import *`` and imports of names a mail setting uses are followed, so a
    settings module that imports half a framework does not make the framework read.
    """

    root: Path | None
    environment: Mapping[str, str] | None
    reading: list[Path] = field(default_factory=list)
    cache: dict[Path, list[Frame] | None] = field(default_factory=dict)


def relevant_names(tree: ast.Module) -> frozenset[str]:
    """Mail setting names, classes that set them, and every name they are computed from."""
    depends: defaultdict[str, set[str]] = defaultdict(set)
    seeds: set[str] = set()
    for node in descendants(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            loaded = _loaded_names(node.value) if node.value is not None else set()
            for target in targets:
                if isinstance(target, ast.Subscript):
                    seeds |= loaded
                for name in _loaded_names(target):
                    depends[name] |= loaded
                    if MAIL_NAME.match(name):
                        seeds.add(name)
        elif isinstance(node, ast.ClassDef):
            depends[node.name] |= {n for base in node.bases for n in _loaded_names(base)}
            if any(MAIL_NAME.match(n) for n in _stored_names(node)):
                seeds.add(node.name)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            seeds |= _loaded_names(node.value)
    found: set[str] = set()
    pending = list(seeds)
    while pending:
        name = pending.pop()
        if name not in found:
            found.add(name)
            pending.extend(depends.get(name, ()))
    return frozenset(found)


def _loaded_names(node: ast.AST) -> set[str]:
    """Every name in ``node`` (stored ones too, for assignment targets)."""
    return {n.id for n in descendants(node) if isinstance(n, ast.Name)}


def _stored_names(node: ast.AST) -> set[str]:
    return {
        n.id for n in descendants(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }


class Runner:
    def __init__(self, source: SourceText, project: Project, relevant: frozenset[str]) -> None:
        self.source = source
        self.project = project
        self.relevant = relevant

    # --- whole modules ----------------------------------------------------------------------

    def run_module(self, tree: ast.Module) -> list[Frame]:
        frames = self._block(tree.body, [Frame()], None)
        return self._distinct(frames, drop_labels=True)

    def _block(
        self, body: Iterable[ast.stmt], frames: list[Frame], outer: Mapping[str, Binding] | None
    ) -> list[Frame]:
        for statement in body:
            if isinstance(statement, ast.If):
                frames = self._if(statement, frames, outer)
                continue
            following: list[Frame] = []
            for frame in frames:
                following.extend(self._statement(statement, frame, outer))
            frames = following
        return frames

    def _statement(
        self, node: ast.stmt, frame: Frame, outer: Mapping[str, Binding] | None
    ) -> list[Frame]:
        if self._irrelevant(node):
            return [frame]
        if isinstance(node, ast.Assign):
            value = self._evaluator(frame, outer).evaluate(node.value)
            for target in node.targets:
                self._assign(target, value, frame, outer)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            value = self._evaluator(frame, outer).evaluate(node.value)
            self._assign(node.target, value, frame, outer)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            combined = ast.BinOp(
                left=ast.Name(id=node.target.id, ctx=ast.Load()), op=node.op, right=node.value
            )
            ast.copy_location(combined, node.value)
            combined.end_lineno, combined.end_col_offset = node.end_lineno, node.end_col_offset
            ast.copy_location(combined.left, node.target)
            value = self._evaluator(frame, outer).evaluate(combined)
            self._assign(node.target, value, frame, outer)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            return self._import(node, frame, outer is None)
        elif isinstance(node, ast.ClassDef):
            self._class(node, frame, outer)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function(node, frame, outer)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self._call_statement(node.value, frame, outer)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            body = [
                *getattr(node, "body", []),
                *getattr(node, "orelse", []),
                *getattr(node, "finalbody", []),
            ]
            return self._block(body, [frame], outer)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            return self._block(node.body, [frame], outer)
        return [frame]

    def _irrelevant(self, node: ast.stmt) -> bool:
        """An assignment no mail setting of this file depends on (never skipped in a module
        read for another, whose names the other may use)."""
        if self.source.foreign:
            return False
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        else:
            return False
        return all(isinstance(t, ast.Name) and t.id not in self.relevant for t in targets)

    def _evaluator(self, frame: Frame, outer: Mapping[str, Binding] | None) -> Evaluator:
        names = frame.names

        def lookup(name: str) -> Binding | None:
            found = names.get(name)
            if found is None and outer is not None:
                found = outer.get(name)
            return found

        return Evaluator(self.source, lookup, self.project.environment)

    # --- assignments ------------------------------------------------------------------------

    def _assign(
        self, target: ast.expr, value: PyValue, frame: Frame, outer: Mapping[str, Binding] | None
    ) -> None:
        if isinstance(target, ast.Name):
            frame.names[target.id] = Binding(target.id, value, self.source.span(target))
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = getattr(value.value, "items", None)
            if isinstance(items, tuple) and len(items) == len(target.elts):
                for element, item in zip(target.elts, items, strict=True):
                    self._assign(element, item, frame, outer)
                return
            for element in target.elts:
                self._assign(element, _unknown_like(value), frame, outer)
        elif isinstance(target, ast.Subscript):
            self._assign_item(target, value, frame, outer)

    def _assign_item(
        self,
        target: ast.Subscript,
        value: PyValue,
        frame: Frame,
        outer: Mapping[str, Binding] | None,
    ) -> None:
        evaluator = self._evaluator(frame, outer)
        key = evaluator.evaluate(target.slice).value
        if not isinstance(key, str):
            return
        receiver = target.value
        if isinstance(receiver, ast.Attribute) and receiver.attr == "config":
            keys = frame.configs.setdefault(self.source.segment(receiver), {})
            keys[key] = Binding(key, value, self.source.span(target))
            return
        # NAME["a"]["b"] = value: rebuild the dicts on the way down.
        path: list[str] = [key]
        node: ast.expr = receiver
        while isinstance(node, ast.Subscript):
            inner = evaluator.evaluate(node.slice).value
            if not isinstance(inner, str):
                return
            path.insert(0, inner)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in frame.names:
            return
        binding = frame.names[node.id]
        updated = _with_item(binding.value, path, value, self.source.span(target.slice))
        if updated is not None:
            frame.names[node.id] = replace(binding, value=updated)

    # --- imports ----------------------------------------------------------------------------

    def _import(self, node: ast.Import | ast.ImportFrom, frame: Frame, top: bool) -> list[Frame]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    reference = ModuleRef(alias.name)
                    frame.names[alias.asname] = _module_binding(alias.asname, reference)
                else:
                    first = alias.name.split(".")[0]
                    frame.names[first] = _module_binding(first, ModuleRef(first))
            return [frame]
        wanted = any(
            alias.name == "*" or (alias.asname or alias.name) in self.relevant
            for alias in node.names
        )
        loaded = self._load(node.module, node.level) if top and wanted else None
        if loaded is None:
            for alias in node.names:
                if alias.name != "*":
                    bound = alias.asname or alias.name
                    dotted = f"{node.module}.{alias.name}" if node.module else alias.name
                    # a module of the project that was not read is not a library of that name
                    reference = ModuleRef("." * node.level + dotted)
                    frame.names[bound] = _module_binding(bound, reference)
            return [frame]
        if len(loaded) > MAX_WORLDS // 2:
            loaded = [_merge(Frame(), loaded, "another module")]
        result = []
        for other in loaded:
            combined = frame.copy()
            combined.label = (*frame.label, *other.label)
            for alias in node.names:
                if alias.name == "*":
                    combined.names.update(
                        (name, binding)
                        for name, binding in other.names.items()
                        if not name.startswith("_")
                    )
                elif alias.name in other.names:
                    combined.names[alias.asname or alias.name] = other.names[alias.name]
            result.append(combined)
        return result

    def _load(self, module: str | None, level: int) -> list[Frame] | None:
        project = self.project
        if project.root is None or not project.reading:
            return None
        origin = project.reading[-1]
        target = module_file(origin, module, level, project.root)
        if target is None or target in project.reading:
            return None
        if target in project.cache:
            return project.cache[target]
        if len(project.reading) > MAX_IMPORT_DEPTH or len(project.cache) >= MAX_MODULES:
            return None
        text = read_module(target)
        frames = None
        if text is not None:
            try:
                tree = parse_module(text, str(target))
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                tree = None
            if tree is not None:
                project.reading.append(target)
                try:
                    source = SourceText(target, text, foreign=True)
                    frames = Runner(source, project, relevant_names(tree)).run_module(tree)
                except RecursionError:
                    frames = None
                finally:
                    project.reading.pop()
        project.cache[target] = frames
        return frames

    # --- classes and functions --------------------------------------------------------------

    def _class(self, node: ast.ClassDef, frame: Frame, outer: Mapping[str, Binding] | None) -> None:
        evaluator = self._evaluator(frame, outer)
        bases: list[ClassValue] = []
        for base in node.bases:
            found = evaluator.evaluate(base).value
            if isinstance(found, ClassValue):
                bases.append(found)
        scope: Mapping[str, Binding] = ChainMap(frame.names, dict(outer or {}))
        (body,) = self._merged_block(node.body, Frame(), scope)
        name_span = self._name_span(node, "class")
        cls = ClassValue(node.name, tuple(bases), body.names, name_span)
        frame.names[node.name] = Binding(node.name, PyValue(cls, span=name_span), name_span)

    def _function(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        frame: Frame,
        outer: Mapping[str, Binding] | None,
    ) -> None:
        name_span = self._name_span(node, "def")
        frame.names[node.name] = Binding(
            node.name, PyValue(UNKNOWN, ValueKind.UNRESOLVED, name_span), name_span
        )
        if outer is not None or ".config" not in self.source.segment(node):
            return
        # An application factory: app.config set inside it is a configuration too.
        local = Frame()
        arguments = node.args
        for argument in (
            *arguments.posonlyargs,
            *arguments.args,
            *arguments.kwonlyargs,
            arguments.vararg,
            arguments.kwarg,
        ):
            if argument is not None:
                local.names[argument.arg] = Binding(
                    argument.arg, PyValue(UNKNOWN, ValueKind.UNRESOLVED), None
                )
        (body,) = self._merged_block(node.body, local, frame.names)
        for receiver, keys in body.configs.items():
            frame.configs[f"{receiver} in {node.name}()"] = keys

    def _merged_block(
        self, body: list[ast.stmt], frame: Frame, outer: Mapping[str, Binding]
    ) -> list[Frame]:
        frames = self._block(body, [frame], outer)
        return frames if len(frames) == 1 else [_merge(frame, frames, "a condition")]

    def _name_span(
        self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef, keyword: str
    ) -> Span | None:
        """Where the name follows ``class``/``def`` (the node itself starts at a decorator's
        line on older Pythons)."""
        if self.source.foreign:
            return None
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
            found = re.search(rf"\b{keyword}\s+({re.escape(node.name)})\b", self.source.line(line))
            if found:
                return Span(line, found.start(1) + 1, line, found.end(1) + 1)
        return self.source.span(node)

    # --- calls as statements ----------------------------------------------------------------

    def _call_statement(
        self, call: ast.Call, frame: Frame, outer: Mapping[str, Binding] | None
    ) -> None:
        function = call.func
        if not isinstance(function, ast.Attribute):
            return
        owner = function.value
        if (
            function.attr == "update"
            and isinstance(owner, ast.Call)
            and isinstance(owner.func, ast.Name)
            and owner.func.id in _NAMESPACE_CALLS
            and not owner.args
        ):
            for key, binding in self._call_items(call, frame, outer):
                frame.names[key] = binding
        elif (
            function.attr in _CONFIG_METHODS
            and isinstance(owner, ast.Attribute)
            and owner.attr == "config"
        ):
            keys = frame.configs.setdefault(self.source.segment(owner), {})
            if function.attr == "from_object":
                keys.update(self._object_items(call, frame, outer))
            elif function.attr == "setdefault":
                for key, binding in self._setdefault_item(call, frame, outer):
                    keys.setdefault(key, binding)
            else:
                keys.update(self._call_items(call, frame, outer))

    def _call_items(
        self, call: ast.Call, frame: Frame, outer: Mapping[str, Binding] | None
    ) -> list[tuple[str, Binding]]:
        """The keys a mapping argument and keyword arguments give, in order."""
        evaluator = self._evaluator(frame, outer)
        found: list[tuple[str, Binding]] = []
        statement_span = self.source.span(call)
        for argument in call.args:
            mapping = evaluator.evaluate(argument).value
            if isinstance(mapping, PyDict):
                for key, value in mapping.items.items():
                    if isinstance(key, str):
                        span = mapping.key_spans.get(key) or statement_span
                        found.append((key, Binding(key, value, span)))
        for item in call.keywords:
            if item.arg is None:
                mapping = evaluator.evaluate(item.value).value
                if isinstance(mapping, PyDict):
                    found.extend(
                        (key, Binding(key, value, mapping.key_spans.get(key) or statement_span))
                        for key, value in mapping.items.items()
                        if isinstance(key, str)
                    )
                continue
            value = evaluator.evaluate(item.value)
            found.append((item.arg, Binding(item.arg, value, self.source.keyword_span(item))))
        return found

    def _object_items(
        self, call: ast.Call, frame: Frame, outer: Mapping[str, Binding] | None
    ) -> dict[str, Binding]:
        """``app.config.from_object(Config)``: the class's upper-case attributes."""
        if len(call.args) != 1:
            return {}
        evaluator = self._evaluator(frame, outer)
        target = evaluator.evaluate(call.args[0]).value
        if isinstance(target, str):  # "config.ProductionConfig": a class of this module
            found = frame.names.get(target.rsplit(".", 1)[-1])
            target = found.value.value if found is not None else None
        if not isinstance(target, ClassValue):
            return {}
        return {key: binding for key, binding in target.resolved().items() if key.isupper()}

    def _setdefault_item(
        self, call: ast.Call, frame: Frame, outer: Mapping[str, Binding] | None
    ) -> list[tuple[str, Binding]]:
        if len(call.args) != 2:
            return []
        evaluator = self._evaluator(frame, outer)
        key = evaluator.evaluate(call.args[0]).value
        if not isinstance(key, str):
            return []
        return [
            (key, Binding(key, evaluator.evaluate(call.args[1]), self.source.span(call.args[0])))
        ]

    # --- conditionals -----------------------------------------------------------------------

    def _if(
        self, node: ast.If, frames: list[Frame], outer: Mapping[str, Binding] | None
    ) -> list[Frame]:
        branches = _branches(self.source, node)
        constant = _constant_test(node.test)
        if constant is not None:
            body = node.body if constant else node.orelse
            return self._block(body, frames, outer)
        outcomes: list[tuple[Frame, list[Frame]]] = []
        for frame in frames:
            results: list[Frame] = []
            for label, body in branches:
                results.extend(self._block(body, [frame.copy(label)], outer))
            outcomes.append((frame, results))
        if outer is None:
            forked = [self._distinct(results, parent=frame) for frame, results in outcomes]
            if sum(len(found) for found in forked) <= MAX_WORLDS:
                return [frame for found in forked for frame in found]
        why = _test_text(self.source, node.test)
        return [_merge(frame, results, why) for frame, results in outcomes]

    def _signature(self, frame: Frame) -> tuple[object, ...]:
        names = tuple(
            (name, frame.names[name]) for name in sorted(self.relevant) if name in frame.names
        )
        return names, sorted(frame.configs.items())

    def _distinct(
        self, frames: list[Frame], parent: Frame | None = None, drop_labels: bool = False
    ) -> list[Frame]:
        """Frames that differ in what matters for mail; equal ones are kept once."""
        unique: list[tuple[tuple[object, ...], Frame]] = []
        for frame in frames:
            signature = self._signature(frame)
            if all(signature != seen for seen, _ in unique):
                unique.append((signature, frame))
        kept = [frame for _, frame in unique]
        if len(kept) == 1 and (parent is not None or drop_labels):
            kept[0].label = parent.label if parent is not None else ()
        return kept


def _branches(source: SourceText, node: ast.If) -> list[tuple[str, list[ast.stmt]]]:
    """``if``/``elif``/``else`` as (label, body) pairs; a missing ``else`` is an empty one."""
    branches = [(f"if {_test_text(source, node.test)}", node.body)]
    rest = node.orelse
    while len(rest) == 1 and isinstance(rest[0], ast.If):
        branches.append((f"elif {_test_text(source, rest[0].test)}", rest[0].body))
        rest = rest[0].orelse
    if rest:
        branches.append(("else", rest))
    elif len(branches) == 1:
        branches.append((f"if not {_test_text(source, node.test)}", []))
    else:
        branches.append(("else", []))
    return branches


def _test_text(source: SourceText, test: ast.expr) -> str:
    text = " ".join(source.segment(test).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _constant_test(test: ast.expr) -> bool | None:
    if isinstance(test, ast.Constant):
        return bool(test.value)
    return None


def _merge(parent: Frame, results: list[Frame], why: str) -> Frame:
    """One frame for several branches: a name bound differently becomes unresolved."""
    merged = parent.copy()
    names: set[str] = set().union(*(r.names for r in results)) if results else set()
    for name in names:
        merged.names[name] = _agreed([r.names.get(name) for r in results], why)
    receivers: set[str] = set().union(*(r.configs for r in results)) if results else set()
    for receiver in receivers:
        keys: set[str] = set().union(*(r.configs.get(receiver, {}) for r in results))
        merged.configs[receiver] = {
            key: _agreed([r.configs.get(receiver, {}).get(key) for r in results], why)
            for key in keys
        }
    return merged


def _agreed(bindings: list[Binding | None], why: str) -> Binding:
    present = [b for b in bindings if b is not None]
    first = present[0]
    if all(b is first for b in bindings):
        return first
    value = PyValue(
        UNKNOWN,
        ValueKind.UNRESOLVED,
        first.value.span,
        first.value.raw,
        expression=f"depends on {why}",
        reference=first.value.reference,
    )
    return Binding(first.key, value, first.key_span)


def _unknown_like(value: PyValue) -> PyValue:
    return PyValue(
        UNKNOWN, ValueKind.UNRESOLVED, value.span, value.raw, value.expression, value.reference
    )


def _module_binding(name: str, reference: ModuleRef) -> Binding:
    return Binding(name, PyValue(reference, raw=name), None)


def _with_item(
    container: PyValue, path: list[str], value: PyValue, key_span: Span | None
) -> PyValue | None:
    """``container`` with ``value`` stored under the keys of ``path``."""
    mapping = container.value
    if not isinstance(mapping, PyDict):
        return None
    head, rest = path[0], path[1:]
    if rest:
        inner = mapping.items.get(head)
        if inner is None:
            return None
        stored = _with_item(inner, rest, value, key_span)
        if stored is None:
            return None
        items = {**mapping.items, head: stored}
        return replace(container, value=PyDict(items, mapping.key_spans))
    items = {**mapping.items, head: value}
    spans = {**mapping.key_spans, head: key_span}
    return replace(container, value=PyDict(items, spans))
