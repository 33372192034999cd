"""``smtplint explain REPLY [PATH]``: what a server reply or client error means, and which
settings cause it. The explain package is imported only when the command runs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from smtplint.cli_defaults import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE
from smtplint.cli_options import FormatOption, OutputFormat


def register(app: typer.Typer) -> None:
    @app.command("explain")
    def explain(
        reply: Annotated[
            str,
            typer.Argument(
                metavar="REPLY",
                help="The server reply or client error as you saw it (quote it; a multi-line "
                "paste is fine). '-' reads it from standard input.",
                show_default=False,
            ),
        ],
        path: Annotated[
            Optional[Path],  # noqa: UP045 - typer needs Optional on Python 3.10
            typer.Argument(
                metavar="PATH",
                help="Your configuration file (or folder): the answer names your keys and "
                "values and says which cause applies to them.",
                show_default=False,
            ),
        ] = None,
        output_format: FormatOption = OutputFormat.text,
    ) -> None:
        """Explain an SMTP reply or client error: likely causes, settings and rules."""
        from smtplint.discover import PathError
        from smtplint.explain import explain as explain_reply
        from smtplint.explain import load_user_config
        from smtplint.explain.render import render_json, render_text

        text = sys.stdin.read() if reply == "-" else reply
        if not text.strip():
            _fail("give the reply or error text to explain (or '-' to read it from stdin)")
        config = None
        if path is not None:
            try:
                config, unreadable = load_user_config(path)
            except PathError as error:
                _fail(str(error))
            if unreadable:
                _fail("; ".join(unreadable))
        answer = explain_reply(text, config)
        render = render_json if output_format is OutputFormat.json else render_text
        sys.stdout.write(render(answer))
        raise typer.Exit(EXIT_CLEAN if answer.recognised else EXIT_FINDINGS)


def _fail(message: str) -> NoReturn:
    typer.echo(f"smtplint: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)
