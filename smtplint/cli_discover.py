"""``smtplint discover ADDRESS``: recommended submission settings, ready to paste."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smtplint.cli_defaults import DEFAULT_DNS_TIMEOUT, EXIT_FINDINGS, EXIT_USAGE
from smtplint.cli_options import (
    DnsTimeoutOption,
    FormatOption,
    NameserverOption,
    OutputFormat,
    ProfilesDirOption,
)

if TYPE_CHECKING:
    from smtplint.network.discover import Candidate, Discovery


_SECURITY_WORDS = {"tls": "implicit TLS", "starttls": "STARTTLS", "none": "no encryption"}


def register(app: typer.Typer) -> None:
    app.command("discover")(discover)


def discover(
    address: Annotated[str, typer.Argument(help="The email address to send from.")],
    nameserver: NameserverOption = None,
    dns_timeout: DnsTimeoutOption = DEFAULT_DNS_TIMEOUT,
    output_format: FormatOption = OutputFormat.text,
    profiles_dir: ProfilesDirOption = None,
) -> None:
    """Print the submission settings to use for ADDRESS (from the provider profiles, SRV
    records or MX records) and ready-to-paste lines for each format."""
    from smtplint.network import NetworkError, make_options
    from smtplint.network.discover import AddressError
    from smtplint.network.discover import discover as run_discovery
    from smtplint.profiles.index import load_index
    from smtplint.profiles.load import ProfileError

    try:
        options = make_options(nameserver, dns_timeout)
        profiles = load_index(list(profiles_dir or []))
        found = run_discovery(address, profiles, options)
    except (AddressError, NetworkError, ProfileError) as error:
        typer.echo(f"smtplint: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if output_format is OutputFormat.json:
        import json

        sys.stdout.write(json.dumps(as_json(found), indent=2) + "\n")
    else:
        sys.stdout.write(as_text(found))
    if found.recommended is None:
        raise typer.Exit(EXIT_FINDINGS)  # nothing to recommend


def _describe(candidate: Candidate) -> str:
    return f"{candidate.host}, port {candidate.port} with {_SECURITY_WORDS[candidate.security]}"


def as_text(found: Discovery) -> str:
    from smtplint.network.snippets import PASSWORD_VARIABLE, snippets

    best = found.recommended
    if best is None:
        lines = [f"{found.address}: no submission server found for {found.domain}"]
        lines += [f"  {failure}" for failure in found.failures]
        lines += [f"  {note}" for note in found.notes]
        lines.append("  (no provider profile lists it, it publishes no SRV record, and its MX")
        lines.append("  records point to no known provider)")
        return "\n".join(lines) + "\n"
    lines = [
        found.address,
        f"  submit to  {_describe(best)}",
        f"  username   {best.username}",
        f"  password   read at run time (here from ${PASSWORD_VARIABLE}); never a value in a file",
        f"  found by   {best.evidence}",
    ]
    if not best.verified:
        lines.append("  note       this host is not verified in the provider's profile")
    for other in found.candidates[1:]:
        lines.append(f"  also       {_describe(other)} ({other.evidence})")
    lines += [f"  note       {note}" for note in found.notes]
    lines += [f"  warning    {failure}" for failure in found.failures]
    settings = found.settings()
    assert settings is not None
    for snippet in snippets(settings):
        lines += ["", f"{snippet.title}:"]
        lines += [f"    {line}" if line else "" for line in snippet.text.splitlines()]
    return "\n".join(lines) + "\n"


def as_json(found: Discovery) -> dict[str, Any]:
    from smtplint.network.snippets import snippets

    settings = found.settings()
    return {
        "address": found.address,
        "domain": found.domain,
        "recommended": None if found.recommended is None else _candidate(found.recommended),
        "alternatives": [_candidate(c) for c in found.candidates[1:]],
        "snippets": {}
        if settings is None
        else {
            s.name: {"title": s.title, "filename": s.filename, "text": s.text}
            for s in snippets(settings)
        },
        "failures": found.failures,
        "notes": found.notes,
    }


def _candidate(candidate: Candidate) -> dict[str, Any]:
    return {
        "source": candidate.source,
        "evidence": candidate.evidence,
        "host": candidate.host,
        "port": candidate.port,
        "security": candidate.security,
        "username": candidate.username,
        "provider": None if candidate.provider is None else candidate.provider.id,
        "verified": candidate.verified,
    }
