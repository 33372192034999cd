"""Exit codes and option defaults every command shares, importable without typer (the
plain `check` path in smtplint.entry never loads the full command line)."""

from __future__ import annotations

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

DEFAULT_DNS_TIMEOUT = 3.0
