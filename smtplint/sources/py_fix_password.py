"""Moving a password out of a Python settings file: the literal becomes
``os.environ["VARIABLE"]`` with a comment saying where the password went, and ``import os``
is added when the module does not import it.

Nothing here ever puts the password into a message.
"""

from __future__ import annotations

import ast
import re

from smtplint.model import Edit, EnvironmentReference, Span, Unfixable
from smtplint.sources.py_fix_lines import Lines
from smtplint.sources.py_fix_literal import constant

MAX_LINE = 100
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CLOSERS = frozenset(",)]} \t")


def moved_password(
    lines: Lines, span: Span, reference: EnvironmentReference, key: str
) -> list[Edit]:
    """Replace the password written at ``span`` by an environment read, with
    ``reference.note`` as a comment at the end of the line or, when the line goes on after
    the value or would grow too long, on the line above."""
    start, end = lines.offsets(span)
    is_constant, value = constant(lines.text[start:end])
    if not is_constant or not isinstance(value, str):
        raise Unfixable(f"{key} is not a password written as text; move it by hand")
    if not _VARIABLE.fullmatch(reference.variable):
        raise Unfixable(f"{reference.variable!r} is not an environment variable name")
    replacement = f'os.environ["{reference.variable}"]'
    note = " ".join(reference.note.split())
    if not note:
        return [Edit(start, end, replacement)]
    line_end = lines.line_end(span.end_line)
    after = lines.text[end:line_end].rstrip()
    head = lines.line(span.line)[: span.column - 1] if span.line == span.end_line else ""
    length = len(head) + len(replacement) + len(after) + len(note) + 4
    if set(after) <= _CLOSERS and length <= MAX_LINE:
        return [Edit(start, line_end, f"{replacement}{after}  # {note}")]
    above = lines.before_line(span.line, [f"{lines.indentation(span.line)}# {note}"])
    return [above, Edit(start, end, replacement)]


def imports_os(tree: ast.Module, before_line: int) -> bool:
    """Whether a module-level ``import os`` runs before ``before_line``."""
    return any(
        isinstance(node, ast.Import)
        and node.lineno < before_line
        and any(alias.asname is None and alias.name.split(".")[0] == "os" for alias in node.names)
        for node in tree.body
    )


def import_os(tree: ast.Module, lines: Lines, before_line: int) -> Edit:
    """``import os`` after the last module-level import before ``before_line``; with none,
    after the docstring and ``from __future__`` imports, else before the first statement."""
    body = [node for node in tree.body if (node.end_lineno or node.lineno) < before_line]
    imports = [
        node
        for node in body
        if isinstance(node, (ast.Import, ast.ImportFrom)) and not _is_future(node)
    ]
    if imports:
        return lines.after_line(imports[-1].end_lineno or imports[-1].lineno, ["import os"])
    preamble = [node for node in body[:1] if _is_docstring(node)]
    preamble += [node for node in body[len(preamble) :] if _is_future(node)]
    if preamble:
        last = preamble[-1]
        return lines.after_line(last.end_lineno or last.lineno, ["", "import os"])
    first = tree.body[0].lineno if tree.body else 1
    return lines.before_line(first, ["import os", ""])


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _is_future(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"
