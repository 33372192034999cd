"""``smtplint discover ADDRESS`` through the real command line, against a loopback DNS server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smtplint.api import CheckResult, read_paths
from smtplint.model import Security
from tests.dns_server import DnsServer

ZONE = {
    # RFC 6186 / RFC 8314 SRV records, and an MX that would say otherwise
    "_submissions._tcp.srv-both.com": [("SRV", "0 1 465 mail.srv-both.com.")],
    "_submission._tcp.srv-both.com": [("SRV", "0 1 587 mail.srv-both.com.")],
    "srv-both.com": [("MX", "1 aspmx.l.google.com.")],
    # "." target: the service is not offered; the MX decides
    "_submission._tcp.srv-off.com": [("SRV", "0 0 0 .")],
    "srv-off.com": [("MX", "1 smtp.google.com.")],
    # Fastmail's recommended records: SRV to its STARTTLS port, MX at messagingengine.com
    "_submission._tcp.fm-custom.com": [("SRV", "0 1 587 smtp.fastmail.com.")],
    "fm-custom.com": [
        ("MX", "10 in1-smtp.messagingengine.com."),
        ("MX", "20 in2-smtp.messagingengine.com."),
    ],
    "zoho-eu-custom.com": [("MX", "10 mx.zoho.eu."), ("MX", "20 mx2.zoho.eu.")],
    "self-hosted.com": [("MX", "10 mx.self-hosted.com.")],
}
SECURITY = {"tls": Security.TLS, "starttls": Security.STARTTLS}


@pytest.fixture(scope="module")
def dns() -> Iterator[DnsServer]:
    with DnsServer(ZONE, silent={"silent-domain.com", "_submissions._tcp.silent-domain.com",
                                 "_submission._tcp.silent-domain.com"}) as server:  # fmt: skip
        yield server


def discover(dns: DnsServer, *args: str, timeout: str = "1") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smtplint", "discover", *args,
         "--nameserver", dns.nameserver, "--dns-timeout", timeout],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip


def as_json(dns: DnsServer, address: str) -> dict[str, Any]:
    result = discover(dns, address, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def test_known_provider_needs_no_dns(dns: DnsServer) -> None:
    before = len(dns.queries)
    result = discover(dns, "jane@gmail.com")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "jane@gmail.com\n"
        "  submit to  smtp.gmail.com, port 465 with implicit TLS\n"
        "  username   jane@gmail.com\n"
    )
    assert "found by   the Gmail / Google Workspace profile lists gmail.com" in result.stdout
    assert len(dns.queries) == before


def test_srv_records_prefer_implicit_tls(dns: DnsServer) -> None:
    found = as_json(dns, "ops@srv-both.com")
    best = found["recommended"]
    assert (best["source"], best["host"], best["port"], best["security"]) == (
        "srv",
        "mail.srv-both.com",
        465,
        "tls",
    )
    others = [(c["source"], c["host"], c["port"], c["security"]) for c in found["alternatives"]]
    assert others == [
        ("srv", "mail.srv-both.com", 587, "starttls"),
        ("mx", "smtp.gmail.com", 465, "tls"),
    ]


def test_srv_target_dot_means_not_offered(dns: DnsServer) -> None:
    found = as_json(dns, "ops@srv-off.com")
    assert found["recommended"]["source"] == "mx"
    assert found["recommended"]["host"] == "smtp.gmail.com"
    assert found["notes"] == [
        "_submission._tcp.srv-off.com says the service is not offered (target '.')"
    ]


def test_srv_to_a_provider_host_takes_its_username_rule(dns: DnsServer) -> None:
    found = as_json(dns, "me@fm-custom.com")
    best = found["recommended"]
    assert (best["host"], best["port"], best["security"], best["provider"]) == (
        "smtp.fastmail.com",
        587,
        "starttls",
        "fastmail",
    )
    assert found["alternatives"][0]["evidence"] == (
        "MX in1-smtp.messagingengine.com belongs to Fastmail"
    )


def test_mx_inference_picks_the_data_centre(dns: DnsServer) -> None:
    result = discover(dns, "Jane <jane@zoho-eu-custom.com>")
    assert result.returncode == 0, result.stderr
    assert "submit to  smtp.zoho.eu, port 465 with implicit TLS" in result.stdout
    assert "found by   MX mx.zoho.eu belongs to Zoho Mail" in result.stdout


def test_unknown_mail_host_finds_nothing(dns: DnsServer) -> None:
    result = discover(dns, "me@self-hosted.com")
    assert result.returncode == 1
    assert result.stdout.startswith("me@self-hosted.com: no submission server found")


def test_silent_domain_fails_within_the_timeout(dns: DnsServer) -> None:
    started = time.monotonic()
    result = discover(dns, "me@silent-domain.com", timeout="0.5")
    assert time.monotonic() - started < 5
    assert result.returncode == 1
    assert "the MX lookup of silent-domain.com failed: no answer within 0.5 s" in result.stdout


@pytest.mark.parametrize("address", ["not-an-address", "jane@", "@example.org"])
def test_bad_address_is_a_usage_error(address: str, dns: DnsServer) -> None:
    result = discover(dns, address)
    assert result.returncode == 2
    assert result.stderr.startswith("smtplint: ")
    assert result.stdout == ""


def test_bad_nameserver_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "smtplint", "discover", "me@acme.io", "--nameserver", "::1:x:"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("smtplint: --nameserver")


def test_snippets_read_back_as_the_recommendation(dns: DnsServer, tmp_path: Path) -> None:
    """Every snippet smtplint can read gives back the same host, port and security, and
    none holds a password value."""
    found = as_json(dns, "ops@srv-both.com")
    snippets = found["snippets"]
    assert sorted(snippets) == [
        "django", "env", "flask", "laravel", "nodemailer", "thunderbird", "toml",
    ]  # fmt: skip
    for name, snippet in snippets.items():
        assert "mail.srv-both.com" in snippet["text"]
        if name == "env":
            assert "MAIL_SUBMISSION_SECURITY=tls\n" in snippet["text"]
            continue  # library-neutral names, read by the application's own code
        folder = tmp_path / name
        folder.mkdir()
        filename = "prefs.js" if name == "thunderbird" else snippet["filename"]
        (folder / filename).write_text(snippet["text"])
        documents = list(read_paths([folder / filename], CheckResult()))
        (config,) = [c for document in documents for c in document.configs]
        assert config.host is not None and config.host.value == "mail.srv-both.com", name
        assert config.port is not None and config.port.value == 465, name
        assert config.security is not None and config.security.value is Security.TLS, name
        password = config.password
        assert password is None or password.value is None, name  # read at run time


def test_text_output_lists_every_format(dns: DnsServer) -> None:
    result = discover(dns, "ops@srv-both.com")
    assert result.returncode == 0
    for title in (
        "Django settings (settings.py):",
        "Flask config (Flask-Mail, config.py):",
        "Laravel .env:",
        "Nodemailer .env (SMTP_*):",
        "generic .env (library-neutral names):",
        "TOML ([smtp] table):",
        "Thunderbird (user.js):",
    ):
        assert f"\n{title}\n" in result.stdout
    assert "SMTP_PASS=${SMTP_PASSWORD}" in result.stdout
    assert "also       mail.srv-both.com, port 587 with STARTTLS" in result.stdout
