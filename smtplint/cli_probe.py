"""``smtplint probe``: connect to the server of each configuration and stop before DATA."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from smtplint.cli_defaults import EXIT_FINDINGS, EXIT_USAGE
from smtplint.cli_options import FormatOption, OutputFormat

_DEFAULT_TIMEOUT = 10.0


def register(app: typer.Typer) -> None:
    def fail(message: str) -> NoReturn:
        typer.echo(f"smtplint: {message}", err=True)
        raise typer.Exit(EXIT_USAGE)

    @app.command()
    def probe(
        paths: Annotated[
            Optional[list[Path]],  # noqa: UP045 - typer needs Optional on Python 3.10
            typer.Argument(help="Files or directories (default: the current directory)."),
        ] = None,
        timeout: Annotated[
            float,
            typer.Option(help="Seconds to wait at each step (connect, TLS, every reply)."),
        ] = _DEFAULT_TIMEOUT,
        cafile: Annotated[
            Optional[Path],  # noqa: UP045
            typer.Option(
                "--cafile",
                help="Trust only the CA certificates in this PEM file (default: the system's "
                "trust store; SSL_CERT_FILE is honoured).",
            ),
        ] = None,
        to: Annotated[
            Optional[str],  # noqa: UP045
            typer.Option(
                "--to",
                metavar="ADDRESS",
                help="Also try RCPT TO with this address (no mail is sent).",
            ),
        ] = None,
        ask_password: Annotated[
            bool,
            typer.Option(
                "--ask-password",
                help="Prompt for a password when neither the environment nor the keyring "
                "holds one.",
            ),
        ] = False,
        output_format: FormatOption = OutputFormat.text,
    ) -> None:
        """Open a real SMTP session for each configuration: connect, greeting, EHLO,
        STARTTLS, certificate, AUTH, MAIL FROM (RCPT TO with --to), then RSET and QUIT.
        DATA is never sent. Exit 0 when every probed configuration reached MAIL FROM (and
        RCPT TO) cleanly, 1 when a step failed or nothing could be probed, 2 on usage
        errors."""
        from smtplint.api import CheckResult, read_paths
        from smtplint.discover import PathError
        from smtplint.probe.render import render_json, render_text
        from smtplint.probe.session import ProbeOptions, probe_config
        from smtplint.probe.verdict import Verdict, verdict_of

        if not timeout > 0:
            fail("--timeout must be a number of seconds above 0")
        if cafile is not None and not cafile.is_file():
            fail(f"{cafile}: no such CA file")
        if to is not None and ("@" not in to or any(c in to for c in "<>\r\n ")):
            fail(f"--to {to!r} is not an email address")
        options = ProbeOptions(
            timeout=timeout,
            cafile=cafile,
            recipient=to,
            environ=dict(os.environ),
            prompt=_getpass if ask_password else None,
        )
        result = CheckResult()
        try:
            documents = list(read_paths(paths or [Path(".")], result))
        except PathError as error:
            fail(str(error))
        probes = [probe_config(config, options) for doc in documents for config in doc.configs]
        if output_format is OutputFormat.json:
            sys.stdout.write(render_json(probes, result.unreadable))
        else:
            sys.stdout.write(render_text(probes))
        for message in result.unreadable:
            typer.echo(message, err=True)
        if result.unreadable:
            raise typer.Exit(EXIT_USAGE)
        verdicts = [verdict_of(probe) for probe in probes]
        if any(v in (Verdict.FAILED, Verdict.INCOMPLETE) for v in verdicts) or not any(
            v is Verdict.PASSED for v in verdicts
        ):
            raise typer.Exit(EXIT_FINDINGS)


def _getpass(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)
