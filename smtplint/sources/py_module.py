"""A Python settings module as the source walks it: its tree, its text and its frames.

The walk depends on the text and on the project's other modules on disk. While one file
is fixed nothing is written, so there a text of a file is parsed and walked once, however
often the fix reads it (see :mod:`read_cache`).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path, PurePath

from smtplint.model import ParseError, Span
from smtplint.records import record
from smtplint.sources.py_exec import Frame, Project, Runner, relevant_names
from smtplint.sources.py_imports import project_root
from smtplint.sources.py_text import SourceText, parse_module
from smtplint.sources.read_cache import cached

TOO_DEEP = "Python nested too deeply to read"


@record
class Module:
    tree: ast.Module
    source: SourceText
    frames: list[Frame]


def read_module(
    path: Path, text: str, environment: Mapping[str, str] | None = None
) -> Module | ParseError:
    """The module walked the way Python would run it, or why it does not parse; raises
    RecursionError for code nested too deeply to walk."""
    if environment is not None:
        return _read(path, text, environment)
    return cached(("python module", path, text), lambda: _read(path, text, None))


def module_to_edit(path: Path, text: str) -> Module | None:
    """The module as a fix reads it; None when it does not parse or cannot be walked."""
    try:
        module = read_module(path, text)
    except RecursionError:
        return None
    return module if isinstance(module, Module) else None


def _read(path: Path, text: str, environment: Mapping[str, str] | None) -> Module | ParseError:
    tree = _parse(text, path)
    if isinstance(tree, ParseError):
        return tree
    project = Project(None, environment)
    if path.is_file():
        resolved = path.resolve()
        project = Project(project_root(resolved), environment, [resolved])
    source = SourceText(path, text)
    frames = Runner(source, project, relevant_names(tree)).run_module(tree)
    return Module(tree, source, frames)


def _parse(text: str, path: PurePath) -> ast.Module | ParseError:
    try:
        return parse_module(text, str(path))
    except SyntaxError as error:
        line = max(error.lineno or 1, 1)
        column = max(error.offset or 1, 1)
        return ParseError(f"invalid Python: {error.msg}", Span.point(line, column))
    except (ValueError, MemoryError) as error:  # a NUL byte; a parser stack overflow
        message = f"invalid Python: {error}" if str(error) else TOO_DEEP
        return ParseError(message, Span.point(1))
    except RecursionError:
        return ParseError(TOO_DEEP, Span.point(1))
