"""Command-line pieces shared by every command module: the text/json format choice and the
options several commands take, each declared once (exit codes: smtplint.cli_defaults)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "--output-format", help="Output format.")
]
SelectOption = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option(help="Rule codes or prefixes to enable (comma-separated), e.g. SL1,SL301."),
]
IgnoreOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(help="Rule codes or prefixes to disable (comma-separated)."),
]
ProfilesDirOption = Annotated[
    Optional[list[Path]],  # noqa: UP045
    typer.Option(help="A folder of extra provider profiles (repeatable)."),
]
ConfigOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--config",
        help="Use this configuration file (a pyproject.toml with [tool.smtplint], or a "
        ".smtplint.toml) instead of the one found above the first path.",
    ),
]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")]
NameserverOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--nameserver",
        metavar="HOST[:PORT]",
        help="Ask this DNS server instead of the system's resolver.",
    ),
]
DnsTimeoutOption = Annotated[
    float,
    typer.Option("--dns-timeout", metavar="SECONDS", help="Give up on a lookup after this."),
]
JobsOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--jobs",
        min=1,
        metavar="N",
        help="Work in N processes (1: in this process). Default: one per usable CPU, at most "
        "4, for trees of 400 files or more.",
    ),
]
