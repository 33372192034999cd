"""How paths appear in reports: relative to the working directory where possible."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    shown = relative if not relative.startswith("..") else str(path)
    return Path(shown).as_posix()
