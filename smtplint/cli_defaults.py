"""Exit codes and option defaults every command shares, importable without typer (the
plain `check` path in smtplint.entry never loads the full command line)."""

from __future__ import annotations

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
# The output's reader stopped reading (`| head`): what click ends its commands with then, so
# every command answers alike.
EXIT_BROKEN_PIPE = 1

DEFAULT_DNS_TIMEOUT = 3.0
