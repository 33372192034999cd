"""Where a new setting goes: right after the configuration's last written setting, in the
same container and the same style.

The last setting is found by its key's span: a module-level or class-level assignment gets
a new assignment on the next line (``KEY = value``, or ``app.config["KEY"] = value`` after
an ``app.config`` statement), a keyword of ``app.config.update(...)``/``from_mapping(...)``
gets a new keyword, a key of a dict literal a new key. A new line copies the indentation of
the line it follows and the file's line end; one-line calls and dicts grow in place.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from smtplint.model import Edit, Span, Unfixable
from smtplint.records import record
from smtplint.sources.py_fix_lines import Lines
from smtplint.sources.py_text import SourceText
from smtplint.sources.py_values import ClassValue

_CONFIG_METHODS = frozenset({"update", "from_mapping", "setdefault", "from_object"})
_PLACES = (
    (ast.If, "an `if` block"),
    (ast.Try, "a `try` block"),
    ((ast.With, ast.AsyncWith), "a `with` block"),
    ((ast.For, ast.AsyncFor, ast.While), "a loop"),
    ((ast.FunctionDef, ast.AsyncFunctionDef), "a function"),
    (ast.ClassDef, "a class"),
)
_QUOTE = re.compile(r"[\"']")


@record
class Anchor:
    """The last written setting: its statement, what holds the statement, and the call or
    dict literal its key is an item of (None for a statement of its own)."""

    statement: ast.stmt
    parent: ast.AST
    container: ast.Call | ast.Dict | None
    key: ast.AST


def find_anchor(tree: ast.Module, source: SourceText, span: Span) -> Anchor | None:
    """The anchor whose key is written at ``span``."""
    best: tuple[int, Anchor] | None = None
    for node, parents in _walk(tree):
        rank = _rank(node, parents)
        if rank is None:
            continue
        found = source.span(node)
        if found is None or (found.line, found.column) != (span.line, span.column):
            continue
        anchor = _anchor(node, parents)
        if anchor is not None and (best is None or rank < best[0]):
            best = (rank, anchor)
    return best[1] if best is not None else None


def class_anchor(tree: ast.Module, source: SourceText, cls: ClassValue) -> Anchor | None:
    """The last assignment (else the last statement) of a config class's body."""
    for node, _ in _walk(tree):
        if not isinstance(node, ast.ClassDef) or node.name != cls.name:
            continue
        found = source.span(node)
        span = cls.name_span
        if span is None or found is None or not found.line <= span.line <= found.end_line:
            continue
        assignments = [s for s in node.body if isinstance(s, (ast.Assign, ast.AnnAssign))]
        last = (assignments or node.body)[-1]
        return Anchor(last, node, None, last)
    return None


def check_place(anchor: Anchor, allowed: tuple[type[ast.AST], ...], what: str, key: str) -> None:
    """Refuse to add ``key`` next to a setting that sits in a block of its own."""
    if isinstance(anchor.parent, allowed):
        return
    where = next((label for kind, label in _PLACES if isinstance(anchor.parent, kind)), None)
    line = anchor.statement.lineno
    raise Unfixable(
        f"the last {what} setting (line {line}) is inside {where or 'a nested block'}, "
        f"so there is no safe place to add {key}; add it by hand"
    )


def added_setting(
    anchor: Anchor, source: SourceText, lines: Lines, items: list[tuple[str, str]]
) -> list[Edit]:
    """Edits adding ``items`` (key, value text) after the anchor, in its own form."""
    quote = quote_of(anchor, source)
    if isinstance(anchor.container, ast.Call):
        return _grown(anchor.container, source, lines, [f"{k}={v}" for k, v in items])
    if isinstance(anchor.container, ast.Dict):
        texts = [f"{quote}{k}{quote}: {v}" for k, v in items]
        return _grown(anchor.container, source, lines, texts)
    statement = anchor.statement
    indent = lines.indentation(statement.lineno)
    receiver = _receiver(statement, source)
    if receiver is not None:
        new = [f"{indent}{receiver}[{quote}{k}{quote}] = {v}" for k, v in items]
    else:
        new = [f"{indent}{k} = {v}" for k, v in items]
    return [lines.after_line(statement.end_lineno or statement.lineno, new)]


# --- finding the anchor ----------------------------------------------------------------------


def _walk(tree: ast.AST) -> Iterator[tuple[ast.AST, tuple[ast.AST, ...]]]:
    stack: list[tuple[ast.AST, tuple[ast.AST, ...]]] = [(tree, ())]
    while stack:
        node, parents = stack.pop()
        yield node, parents
        inner = (*parents, node)
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))


def _rank(node: ast.AST, parents: tuple[ast.AST, ...]) -> int | None:
    """How well ``node`` names a setting's key: a keyword, a dict key, an assignment
    target, a statement (``vars().update(...)``); None for other nodes."""
    parent = parents[-1] if parents else None
    if isinstance(node, ast.keyword):
        return 0
    if isinstance(parent, ast.Dict) and any(node is key for key in parent.keys):
        return 1
    if isinstance(node, (ast.Name, ast.Subscript)) and isinstance(node.ctx, ast.Store):
        return 2
    if isinstance(node, ast.stmt):
        return 3
    return None


def _anchor(node: ast.AST, parents: tuple[ast.AST, ...]) -> Anchor | None:
    chain = (*parents, node)
    index = max((i for i, n in enumerate(chain) if isinstance(n, ast.stmt)), default=None)
    if index is None or index == 0:
        return None
    statement = chain[index]
    assert isinstance(statement, ast.stmt)
    container: ast.Call | ast.Dict | None = None
    parent = parents[-1] if parents else None
    if (isinstance(node, ast.keyword) and isinstance(parent, ast.Call)) or isinstance(
        parent, ast.Dict
    ):
        container = parent
    return Anchor(statement, chain[index - 1], container, node)


# --- writing the new setting -----------------------------------------------------------------


def _receiver(statement: ast.stmt, source: SourceText) -> str | None:
    """``app.config`` when the statement writes to a Flask config object."""
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        for target in targets:
            if isinstance(target, ast.Subscript) and _is_config(target.value):
                return source.segment(target.value)
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        function = statement.value.func
        if (
            isinstance(function, ast.Attribute)
            and function.attr in _CONFIG_METHODS
            and _is_config(function.value)
        ):
            return source.segment(function.value)
    return None


def _is_config(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "config"


def quote_of(anchor: Anchor, source: SourceText) -> str:
    """The quote the anchor's own text uses (``"`` when it has none)."""
    found = _QUOTE.search(source.segment(anchor.key)) or _QUOTE.search(
        source.segment(anchor.statement)
    )
    return found.group(0) if found else '"'


def _grown(
    container: ast.Call | ast.Dict, source: SourceText, lines: Lines, texts: list[str]
) -> list[Edit]:
    """Add items after the last item of a call or dict: on new lines when each item has a
    line of its own, else on the same line."""
    start, end = _last_item(container, source)
    end_offset = lines.offset(end[0], end[1])
    before = lines.line(start[0])[: start[1] - 1].strip()
    rest = lines.line(end[0])[end[1] - 1 :].lstrip()
    closes_later = (container.end_lineno or 0) > end[0]
    if before in ("", "**") and closes_later and (rest == "" or rest.startswith((",", "#"))):
        indent = lines.indentation(start[0])
        comma = rest.startswith(",")
        new = [f"{indent}{text}," for text in texts]
        edits = []
        if not comma:
            new[-1] = new[-1].removesuffix(",")
            edits.append(Edit(end_offset, end_offset, ","))
        edits.append(lines.after_line(end[0], new))
        return edits
    return [Edit(end_offset, end_offset, "".join(f", {text}" for text in texts))]


def _last_item(
    container: ast.Call | ast.Dict, source: SourceText
) -> tuple[tuple[int, int], tuple[int, int]]:
    """(line, column) of the start and the end of the container's last item."""
    items: list[tuple[ast.AST, ast.AST]] = []
    if isinstance(container, ast.Call):
        items = [(arg, arg) for arg in (*container.args, *container.keywords)]
    else:
        items = [
            (key or value, value)
            for key, value in zip(container.keys, container.values, strict=True)
        ]
    spans = []
    for first, last in items:
        start, end = source.span(first), source.span(last)
        if start is None or end is None:
            raise Unfixable("the settings are written in a form smtplint cannot extend")
        spans.append(((start.line, start.column), (end.end_line, end.end_column)))
    return max(spans)
