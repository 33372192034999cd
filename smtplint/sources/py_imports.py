"""Which file of the project a ``from … import`` names, so settings split across modules
(``from .base import *``) are read together.

Only files inside the project are followed: the directory that holds the file's top-level
package (the highest directory with an ``__init__.py`` above the file), or the file's own
directory when it is not in a package. Installed libraries and anything outside are never
read.
"""

from __future__ import annotations

from pathlib import Path

MAX_IMPORT_DEPTH = 8  # settings chains deeper than this are not followed
MAX_MODULE_BYTES = 2 * 1024 * 1024


def project_root(path: Path) -> Path:
    """The directory holding the top-level package of ``path``."""
    directory = path.parent
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        directory = directory.parent
    return directory


def module_file(origin: Path, module: str | None, level: int, root: Path) -> Path | None:
    """The file ``from <level dots><module> import …`` in ``origin`` reads, if it is a
    module inside ``root``."""
    if level > 0:
        base = origin.parent
        for _ in range(level - 1):
            base = base.parent
    else:
        base = root
    if not _inside(base, root):
        return None
    parts = module.split(".") if module else []
    if not parts:
        candidates = [base / "__init__.py"]
    else:
        target = base.joinpath(*parts)
        candidates = [target.with_name(target.name + ".py"), target / "__init__.py"]
    for candidate in candidates:
        if candidate.is_file() and _inside(candidate, root):
            return candidate
    return None


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def read_module(path: Path) -> str | None:
    """The text of a module to follow; None when it cannot be read as UTF-8 text."""
    try:
        if path.stat().st_size > MAX_MODULE_BYTES:
            return None
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
